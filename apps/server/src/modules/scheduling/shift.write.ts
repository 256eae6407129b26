import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { employeeSummaries, lockEmployeeRows, siteSummaries } from '../people/index.js';
import type { ShiftRow } from './roster-input.js';
import { shiftInstants } from './shift-time.js';
import './scheduling.tables.js';

export interface DraftShift {
  date: string;
  shiftTypeId: string | null;
  startTime: string;
  endTime: string;
  breakMinutes: number;
  positionId: string | null;
  employeeId: string | null;
  notes?: string | null;
}

/**
 * Serialises writes that check a person's shifts (overlap) before writing: the people module
 * locks their employee rows on PostgreSQL; SQLite runs write transactions one at a time.
 */
export async function lockEmployees(
  trx: Kysely<DB>,
  deps: Pick<Deps, 'dialect'>,
  orgId: string,
  employeeIds: readonly (string | null)[],
): Promise<void> {
  await lockEmployeeRows(
    trx,
    deps.dialect,
    orgId,
    employeeIds.filter((x): x is string => !!x),
  );
}

/** Existing shifts (any site, draft or published) of these people that touch [start, end). */
export async function shiftsOverlapping(
  db: Kysely<DB>,
  orgId: string,
  employeeIds: readonly string[],
  startsAt: string,
  endsAt: string,
): Promise<ShiftRow[]> {
  const ids = [...new Set(employeeIds)];
  if (ids.length === 0) return [];
  const out: ShiftRow[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    out.push(
      ...(await db
        .selectFrom('shifts')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('employee_id', 'in', ids.slice(i, i + 1000))
        .where('starts_at', '<', endsAt)
        .where('ends_at', '>', startsAt)
        .execute()),
    );
  }
  return out;
}

/** The 409 for a shift that would overlap another shift of the same person. */
export function overlapError(other: Pick<ShiftRow, 'id' | 'date' | 'start_time' | 'end_time'>) {
  return conflict(
    'SHIFT_OVERLAP',
    `Overlaps another shift of the same person (${other.date} ${other.start_time}–${other.end_time})`,
    [{ field: 'employeeId', message: `overlaps shift ${other.id}` }],
  );
}

/** Event for a roster change, seen by those who may see the roster (drafts: planners only). */
export async function shiftsEvent(
  trx: Kysely<DB>,
  deps: Deps,
  input: {
    orgId: string;
    siteId: string;
    type: string;
    entityId: string;
    published: boolean;
    actorUserId: string | null;
    data?: Record<string, unknown>;
  },
) {
  await deps.events.record(trx, {
    orgId: input.orgId,
    type: input.type,
    entityType: 'shift',
    entityId: input.entityId,
    siteId: input.siteId,
    permission: input.published ? 'scheduling.read' : 'scheduling.manage',
    topics: ['scheduling'],
    actorUserId: input.actorUserId,
    ...(input.data ? { data: input.data } : {}),
  });
}

/**
 * Inserts draft shifts of one site in the caller's transaction, with audit and a live event.
 * A shift that would overlap another shift of its person (existing or earlier in the list) is
 * skipped and reported when `skipOverlaps`, else the whole call fails with 409 SHIFT_OVERLAP.
 * People who are not active employees of the organization, shift types of another site and
 * end = start are refused (400) — or skipped and reported when `skipOverlaps`.
 */
export async function insertDraftShifts(
  trx: Kysely<DB>,
  deps: Deps,
  actor: Actor,
  siteId: string,
  shifts: readonly DraftShift[],
  options: { skipOverlaps: boolean },
): Promise<{ createdIds: string[]; skipped: { date: string; reason: string }[] }> {
  const orgId = actor.orgId;
  const site = (await siteSummaries(trx, orgId, [siteId])).get(siteId);
  if (!site) throw notFound('site');
  const skipped: { date: string; reason: string }[] = [];
  if (shifts.length === 0) return { createdIds: [], skipped };

  const employeeIds = [...new Set(shifts.flatMap((s) => (s.employeeId ? [s.employeeId] : [])))];
  await lockEmployees(trx, deps, orgId, employeeIds);
  const [people, types] = await Promise.all([
    employeeSummaries(trx, orgId, employeeIds),
    (async () => {
      const ids = [...new Set(shifts.flatMap((s) => (s.shiftTypeId ? [s.shiftTypeId] : [])))];
      if (ids.length === 0) return new Map<string, string>();
      const rows = await trx
        .selectFrom('shift_types')
        .select(['id', 'site_id'])
        .where('org_id', '=', orgId)
        .where('id', 'in', ids)
        .execute();
      return new Map(rows.map((r) => [r.id, r.site_id]));
    })(),
  ]);

  const refuse = (s: DraftShift, field: string, reason: string) => {
    if (options.skipOverlaps) skipped.push({ date: s.date, reason });
    else throw invalid('INVALID_SHIFT', field, reason);
  };

  const at = deps.clock.now().toISOString();
  const candidates: ShiftRow[] = [];
  for (const s of shifts) {
    if (s.shiftTypeId && types.get(s.shiftTypeId) !== siteId) {
      refuse(s, 'shiftTypeId', 'must be a shift type of the site');
      continue;
    }
    if (s.startTime === s.endTime) {
      refuse(s, 'endTime', 'must differ from the start time');
      continue;
    }
    if (s.employeeId) {
      const p = people.get(s.employeeId);
      if (!p || p.archived) {
        refuse(s, 'employeeId', 'must be an active employee of the organization');
        continue;
      }
    }
    const t = shiftInstants(s.date, s.startTime, s.endTime, s.breakMinutes, site.timeZone);
    candidates.push({
      id: newId(),
      org_id: orgId,
      site_id: siteId,
      date: s.date,
      start_time: s.startTime,
      end_time: s.endTime,
      starts_at: t.startsAt,
      ends_at: t.endsAt,
      break_minutes: s.breakMinutes,
      paid_minutes: t.paidMinutes,
      shift_type_id: s.shiftTypeId,
      position_id: s.positionId,
      employee_id: s.employeeId,
      notes: s.notes ?? null,
      published_at: null,
      published_version: null,
      changed_since_publish: false,
      created_at: at,
      created_by: actor.userId,
      updated_at: at,
      updated_by: actor.userId,
    });
  }

  // One read of everything the assigned candidates could overlap, then an in-memory sweep.
  const assigned = candidates.filter((c) => c.employee_id);
  const byPerson = new Map<string, ShiftRow[]>();
  if (assigned.length > 0) {
    const minStart = assigned.map((c) => c.starts_at).sort()[0]!;
    const maxEnd = assigned
      .map((c) => c.ends_at)
      .sort()
      .at(-1)!;
    for (const r of await shiftsOverlapping(trx, orgId, employeeIds, minStart, maxEnd)) {
      if (!r.employee_id) continue;
      const list = byPerson.get(r.employee_id) ?? [];
      list.push(r);
      byPerson.set(r.employee_id, list);
    }
  }
  const rows: ShiftRow[] = [];
  for (const c of candidates) {
    if (c.employee_id) {
      const list = byPerson.get(c.employee_id) ?? [];
      const hit = list.find((o) => o.starts_at < c.ends_at && o.ends_at > c.starts_at);
      if (hit) {
        if (!options.skipOverlaps) throw overlapError(hit);
        const name = people.get(c.employee_id)?.name ?? 'The person';
        skipped.push({
          date: c.date,
          reason: `${name} already works ${hit.date} ${hit.start_time}–${hit.end_time}`,
        });
        continue;
      }
      list.push(c);
      byPerson.set(c.employee_id, list);
    }
    rows.push(c);
  }

  for (let i = 0; i < rows.length; i += 200)
    await trx
      .insertInto('shifts')
      .values(rows.slice(i, i + 200))
      .execute();
  if (rows.length > 0) {
    const dates = rows.map((r) => r.date).sort();
    await recordAudit(trx, {
      actor,
      orgId,
      action: 'add_shifts',
      entityType: 'roster',
      entityId: siteId,
      entityLabel: `${site.name}: ${rows.length} draft shift${rows.length === 1 ? '' : 's'}`,
      after: {
        count: rows.length,
        from: dates[0]!,
        to: dates[dates.length - 1]!,
        skipped: skipped.length,
      },
      at,
    });
    await shiftsEvent(trx, deps, {
      orgId,
      siteId,
      type: 'shift.created',
      entityId: rows.length === 1 ? rows[0]!.id : siteId,
      published: false,
      actorUserId: actor.userId,
      data: { count: rows.length },
    });
  }
  return { createdIds: rows.map((r) => r.id), skipped };
}
