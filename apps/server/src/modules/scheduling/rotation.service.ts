import type { scheduling as contract } from '@keel/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit.service.js';
import { type Actor, canSeeSite } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { invalid, notFound } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import { employeeSummaries } from '../people/index.js';
import {
  addDays,
  daysBetween,
  nowIso,
  requireSite,
  type ShiftTypeRow,
  setupEvent,
  siteShiftTypes,
} from './coverage.service.js';
import './scheduling.tables.js';
import { type DraftShift, insertDraftShifts } from './shift.write.js';

type RotationRow = Selectable<DB['rotation_patterns']>;
type RotationBody = z.output<typeof contract.rotationBody>;
type ApplyBody = z.output<NonNullable<typeof contract.applyRotation.body>>;

/** Longest date range a rotation is applied over at once, in days. */
export const MAX_APPLY_DAYS = 366;
/** Most shifts one apply may create. */
export const MAX_APPLY_SHIFTS = 20_000;

const parseDays = (json: string): (string | null)[] => {
  const v = JSON.parse(json) as unknown;
  return Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : null)) : [];
};

const toRotation = (r: RotationRow) => ({
  id: r.id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  siteId: r.site_id,
  name: r.name,
  description: r.description,
  days: parseDays(r.days),
});

const snapshot = (r: RotationRow) => ({
  siteId: r.site_id,
  name: r.name,
  description: r.description,
  days: parseDays(r.days),
});

/**
 * The shift type of cycle day `index` for a person starting the cycle at `offset`, on the date
 * `dayNumber` days after the first date of the range (null = day off).
 */
export function rotationDay<T>(days: readonly T[], dayIndex: number, offset: number): T {
  const n = days.length;
  return days[(((dayIndex + offset) % n) + n) % n] as T;
}

/** Each day must be null or an active shift type of the site (400 naming `days[i]`). */
function checkDays(days: readonly (string | null)[], types: Map<string, ShiftTypeRow>) {
  days.forEach((d, i) => {
    if (d === null) return;
    const t = types.get(d);
    if (!t) throw invalid('SHIFT_TYPE_NOT_FOUND', `days[${i}]`, 'is not a shift type of this site');
    if (t.archived_at) throw invalid('SHIFT_TYPE_ARCHIVED', `days[${i}]`, 'is archived');
  });
}

async function loadRotation(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await db
    .selectFrom('rotation_patterns')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || !canSeeSite(actor, row.site_id)) throw notFound('rotation');
  return row;
}

export async function listRotations(deps: Deps, actor: Actor, siteId: string) {
  await requireSite(deps.db, actor, siteId);
  const rows = await deps.db
    .selectFrom('rotation_patterns')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('site_id', '=', siteId)
    .orderBy('name')
    .orderBy('id')
    .execute();
  return { items: rows.map(toRotation) };
}

export async function createRotation(deps: Deps, actor: Actor, input: RotationBody) {
  const site = await requireSite(deps.db, actor, input.siteId);
  const at = nowIso(deps);
  const row = await deps.db.transaction().execute(async (trx) => {
    checkDays(input.days, await siteShiftTypes(trx, actor.orgId, site.id));
    const r: RotationRow = {
      id: newId(),
      org_id: actor.orgId,
      site_id: site.id,
      name: input.name,
      description: input.description ?? null,
      days: JSON.stringify(input.days),
      created_at: at,
      created_by: actor.userId,
      updated_at: at,
      updated_by: actor.userId,
    };
    await trx.insertInto('rotation_patterns').values(r).execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'create',
      entityType: 'rotation_pattern',
      entityId: r.id,
      entityLabel: r.name,
      after: snapshot(r),
      at,
    });
    await setupEvent(trx, deps, actor, {
      type: 'scheduling.rotation_created',
      entityType: 'rotation_pattern',
      entityId: r.id,
      siteId: site.id,
    });
    return r;
  });
  afterCommit(deps);
  return toRotation(row);
}

export async function updateRotation(
  deps: Deps,
  actor: Actor,
  id: string,
  input: Partial<Omit<RotationBody, 'siteId'>>,
) {
  await loadRotation(deps.db, actor, id);
  const at = nowIso(deps);
  const row = await deps.db.transaction().execute(async (trx) => {
    const before = await loadRotation(trx, actor, id);
    if (input.days) checkDays(input.days, await siteShiftTypes(trx, actor.orgId, before.site_id));
    const after: RotationRow = {
      ...before,
      name: input.name ?? before.name,
      description: input.description === undefined ? before.description : input.description,
      days: input.days ? JSON.stringify(input.days) : before.days,
      updated_at: at,
      updated_by: actor.userId,
    };
    await trx.updateTable('rotation_patterns').set(after).where('id', '=', id).execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'update',
      entityType: 'rotation_pattern',
      entityId: id,
      entityLabel: after.name,
      before: snapshot(before),
      after: snapshot(after),
      at,
    });
    await setupEvent(trx, deps, actor, {
      type: 'scheduling.rotation_updated',
      entityType: 'rotation_pattern',
      entityId: id,
      siteId: after.site_id,
    });
    return after;
  });
  afterCommit(deps);
  return toRotation(row);
}

export async function deleteRotation(deps: Deps, actor: Actor, id: string) {
  await loadRotation(deps.db, actor, id);
  const at = nowIso(deps);
  await deps.db.transaction().execute(async (trx) => {
    const row = await loadRotation(trx, actor, id);
    await trx.deleteFrom('rotation_patterns').where('id', '=', id).execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'delete',
      entityType: 'rotation_pattern',
      entityId: id,
      entityLabel: row.name,
      before: snapshot(row),
      at,
    });
    await setupEvent(trx, deps, actor, {
      type: 'scheduling.rotation_deleted',
      entityType: 'rotation_pattern',
      entityId: id,
      siteId: row.site_id,
    });
  });
  afterCommit(deps);
  return { ok: true as const };
}

/**
 * Applies a rotation to a team over [from, to] as draft shifts, in one transaction. Member m on
 * date d works cycle day (days since `from` + m.offset) mod cycle length; a day off makes no
 * shift. Shifts that would overlap one the person already has are skipped and listed, as are
 * days whose shift type has been archived since the pattern was saved.
 */
export async function applyRotation(deps: Deps, actor: Actor, id: string, input: ApplyBody) {
  await loadRotation(deps.db, actor, id);
  const span = daysBetween(input.from, input.to);
  if (span < 0) throw invalid('RANGE_REVERSED', 'to', 'must not be before from');
  if (span + 1 > MAX_APPLY_DAYS)
    throw invalid('RANGE_TOO_LONG', 'to', `must be at most ${MAX_APPLY_DAYS} days after from`);
  const seen = new Set<string>();
  input.members.forEach((m, i) => {
    if (seen.has(m.employeeId))
      throw invalid('DUPLICATE_MEMBER', `members[${i}].employeeId`, 'is listed twice');
    seen.add(m.employeeId);
  });

  const result = await deps.db.transaction().execute(async (trx) => {
    const rotation = await loadRotation(trx, actor, id);
    const days = parseDays(rotation.days);
    const types = await siteShiftTypes(trx, actor.orgId, rotation.site_id);
    const people = await employeeSummaries(
      trx,
      actor.orgId,
      input.members.map((m) => m.employeeId),
    );
    input.members.forEach((m, i) => {
      const p = people.get(m.employeeId);
      if (!p || !canSeeSite(actor, p.siteId))
        throw invalid(
          'EMPLOYEE_NOT_FOUND',
          `members[${i}].employeeId`,
          'is not a person you can schedule',
        );
      if (p.archived) throw invalid('EMPLOYEE_ARCHIVED', `members[${i}].employeeId`, 'is archived');
    });
    const drafts: DraftShift[] = [];
    const skipped: { date: string; reason: string }[] = [];
    for (const m of input.members) {
      const person = people.get(m.employeeId)!;
      for (let d = 0; d <= span; d++) {
        const typeId = rotationDay(days, d, m.offset);
        if (typeId === null) continue;
        const date = addDays(input.from, d);
        const type = types.get(typeId);
        if (!type || type.archived_at) {
          skipped.push({
            date,
            reason: type
              ? `${person.name}: shift type ${type.code} is archived`
              : `${person.name}: the shift type no longer exists`,
          });
          continue;
        }
        drafts.push({
          date,
          shiftTypeId: type.id,
          startTime: type.start_time,
          endTime: type.end_time,
          breakMinutes: Number(type.break_minutes),
          positionId: type.position_id ?? person.positionId,
          employeeId: person.id,
        });
      }
    }
    if (drafts.length > MAX_APPLY_SHIFTS)
      throw invalid(
        'TOO_MANY_SHIFTS',
        'members',
        `would create ${drafts.length} shifts; at most ${MAX_APPLY_SHIFTS} at once`,
      );
    drafts.sort((a, b) => a.date.localeCompare(b.date));
    const inserted = await insertDraftShifts(trx, deps, actor, rotation.site_id, drafts, {
      skipOverlaps: true,
    });
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'apply',
      entityType: 'rotation_pattern',
      entityId: rotation.id,
      entityLabel: rotation.name,
      after: {
        from: input.from,
        to: input.to,
        members: input.members.map((m) => `${m.employeeId}+${m.offset}`),
        created: inserted.createdIds.length,
        skipped: skipped.length + inserted.skipped.length,
      },
      at: nowIso(deps),
    });
    return {
      created: inserted.createdIds.length,
      skipped: [...skipped, ...inserted.skipped].sort((a, b) => a.date.localeCompare(b.date)),
    };
  });
  afterCommit(deps);
  return result;
}
