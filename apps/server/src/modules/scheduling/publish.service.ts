import type { Publication } from '@keel/contracts';
import { checkRoster, type RuleSeverities, withSeverity } from '@keel/scheduling-rules';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import { lockOrganization } from '../../platform/db/locks.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { invalid, KeelError } from '../../platform/errors.js';
import type { StoredEvent } from '../../platform/events/event-bus.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import { userIdsByEmployee, userNames } from '../accounts/index.js';
import { notify } from '../notifications/index.js';
import { addDays, daysBetween } from './coverage.service.js';
import { notifyOpenShifts } from './open-shift.service.js';
import { checkPeriod } from './roster.service.js';
import { loadRosterData, type ShiftRow } from './roster-input.js';
import { shiftTypeLabels } from './shift.read.js';
import { dayLabel } from './shift.service.js';
import { type DraftShift, insertDraftShifts } from './shift.write.js';
import { visibleSite } from './shift-type.service.js';
import './scheduling.tables.js';

type PublicationRow = DB['roster_publications'];

interface SnapshotShift {
  id: string;
  employeeId: string | null;
  date: string;
  start: string;
  end: string;
  positionId: string | null;
  shiftTypeId: string | null;
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

async function toPublications(
  db: Kysely<DB>,
  rows: readonly PublicationRow[],
): Promise<Publication[]> {
  const names = await userNames(
    db,
    rows.flatMap((r) => (r.created_by ? [r.created_by] : [])),
  );
  return rows.map((r) => {
    const s = parseJson<Partial<Publication['summary']>>(r.summary, {});
    return {
      id: r.id,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      siteId: r.site_id,
      from: r.period_from,
      to: r.period_to,
      version: Number(r.version),
      shiftCount: Number(r.shift_count),
      notifiedCount: Number(r.notified_count),
      summary: { added: s.added ?? 0, changed: s.changed ?? 0, removed: s.removed ?? 0 },
      publishedBy: r.created_by ? { id: r.created_by, name: names.get(r.created_by) ?? '—' } : null,
    };
  });
}

/** "23–29 Nov" / "30 Nov – 6 Dec" for a period of local dates. */
export function periodLabel(from: string, to: string): string {
  const d = (x: string, opts: Intl.DateTimeFormatOptions) =>
    new Date(`${x}T00:00:00Z`).toLocaleDateString('en-GB', { timeZone: 'UTC', ...opts });
  if (from === to) return d(from, { day: 'numeric', month: 'short' });
  if (from.slice(0, 7) === to.slice(0, 7))
    return `${d(from, { day: 'numeric' })}–${d(to, { day: 'numeric', month: 'short' })}`;
  return `${d(from, { day: 'numeric', month: 'short' })} – ${d(to, { day: 'numeric', month: 'short' })}`;
}

const chunks = <T>(xs: readonly T[], n: number) => {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
};

/**
 * Publishes the drafts and changed shifts of a site in [from, to]: refused (409
 * ROSTER_HAS_BLOCKING_FINDINGS) while a rule set to 'error' is broken; otherwise, in one
 * transaction, a new version of the period with its snapshot and summary, the shifts marked
 * published, and each affected person told once of their shifts in the period.
 */
export async function publishRoster(
  deps: Deps,
  actor: Actor,
  body: { siteId: string; from: string; to: string; message?: string | null | undefined },
): Promise<Publication> {
  const site = await visibleSite(deps.db, actor, body.siteId);
  checkPeriod(body.from, body.to);
  const at = deps.clock.now().toISOString();
  const row = await deps.db.transaction().execute(async (trx) => {
    // One publisher at a time per organization: versions and flags stay consistent.
    await lockOrganization(trx, deps.dialect, actor.orgId);
    const data = await loadRosterData(trx, {
      orgId: actor.orgId,
      siteId: body.siteId,
      from: body.from,
      to: body.to,
      includeDrafts: true,
      contextDrafts: false,
      includePay: false,
    });
    const blocking = withSeverity(
      checkRoster(data.input),
      data.settings.severities as RuleSeverities,
    ).filter((f) => f.severity === 'error');
    if (blocking.length > 0)
      throw new KeelError(
        'conflict',
        'ROSTER_HAS_BLOCKING_FINDINGS',
        `The roster breaks ${blocking.length} rule${blocking.length === 1 ? '' : 's'} that block publishing`,
        { fields: blocking.map((f) => ({ field: f.rule, message: f.message })) },
      );

    const shifts = data.siteShifts;
    const drafts = shifts.filter((s) => !s.published_at);
    const changed = shifts.filter((s) => s.published_at && Boolean(s.changed_since_publish));
    const previous = await trx
      .selectFrom('roster_publications')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .where('site_id', '=', body.siteId)
      .where('period_from', '=', body.from)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    const version = previous ? Number(previous.version) + 1 : 1;
    const stillThere = new Set(shifts.map((s) => s.id));
    let removed = 0;
    if (previous) {
      const before = parseJson<SnapshotShift[]>(previous.snapshot, []);
      const gone = before.filter((s) => !stillThere.has(s.id)).map((s) => s.id);
      // A shift moved out of the period still exists: only deleted ones count as removed.
      const existing = new Set<string>();
      for (const part of chunks(gone, 500))
        for (const r of await trx
          .selectFrom('shifts')
          .select('id')
          .where('org_id', '=', actor.orgId)
          .where('id', 'in', part)
          .execute())
          existing.add(r.id);
      removed = gone.filter((id) => !existing.has(id)).length;
    }

    for (const part of chunks(
      drafts.map((s) => s.id),
      500,
    ))
      await trx
        .updateTable('shifts')
        .set({
          published_at: at,
          published_version: version,
          changed_since_publish: false,
          updated_at: at,
          updated_by: actor.userId,
        })
        .where('org_id', '=', actor.orgId)
        .where('id', 'in', part)
        .execute();
    for (const part of chunks(
      changed.map((s) => s.id),
      500,
    ))
      await trx
        .updateTable('shifts')
        .set({
          published_version: version,
          changed_since_publish: false,
          updated_at: at,
          updated_by: actor.userId,
        })
        .where('org_id', '=', actor.orgId)
        .where('id', 'in', part)
        .execute();

    // Each person whose shifts were added or changed hears once, with all their shifts here.
    const touched = new Set<string>();
    for (const s of [...drafts, ...changed]) if (s.employee_id) touched.add(s.employee_id);
    const users = await userIdsByEmployee(trx, actor.orgId, [...touched]);
    const types = await shiftTypeLabels(
      trx,
      actor.orgId,
      shifts.flatMap((s) => (s.shift_type_id ? [s.shift_type_id] : [])),
    );
    const byPerson = new Map<string, ShiftRow[]>();
    for (const s of shifts) {
      if (!s.employee_id || !touched.has(s.employee_id)) continue;
      const list = byPerson.get(s.employee_id) ?? [];
      list.push(s);
      byPerson.set(s.employee_id, list);
    }
    const period = periodLabel(body.from, body.to);
    let notified = 0;
    for (const [employeeId, list] of byPerson) {
      const userId = users.get(employeeId);
      if (!userId) continue;
      const items = list
        .sort((a, b) => a.starts_at.localeCompare(b.starts_at))
        .map((s) => {
          const t = s.shift_type_id ? types.get(s.shift_type_id) : undefined;
          return `${dayLabel(s.date).split(' ')[0]} ${t ? `${t.code} ` : ''}${s.start_time}–${s.end_time}`;
        });
      await notify(trx, deps, {
        orgId: actor.orgId,
        type: 'shift_published',
        recipients: [userId],
        actorUserId: actor.userId,
        entity: { entityType: 'roster', entityId: body.siteId },
        siteId: body.siteId,
        title: `Your shifts for ${period}: ${items.join(', ')}`,
        body: body.message ?? null,
        href: '/my-shifts',
      });
      if (userId !== actor.userId) notified++;
    }

    const snapshot: SnapshotShift[] = shifts.map((s) => ({
      id: s.id,
      employeeId: s.employee_id,
      date: s.date,
      start: s.starts_at,
      end: s.ends_at,
      positionId: s.position_id,
      shiftTypeId: s.shift_type_id,
    }));
    const summary = { added: drafts.length, changed: changed.length, removed };
    const pub: PublicationRow = {
      id: newId(),
      org_id: actor.orgId,
      site_id: body.siteId,
      period_from: body.from,
      period_to: body.to,
      version,
      shift_count: shifts.length,
      notified_count: notified,
      summary: JSON.stringify(summary),
      snapshot: JSON.stringify(snapshot),
      created_at: at,
      created_by: actor.userId,
      updated_at: at,
      updated_by: actor.userId,
    };
    await trx.insertInto('roster_publications').values(pub).execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'publish',
      entityType: 'roster',
      entityId: body.siteId,
      entityLabel: `${site.name} ${periodLabel(body.from, body.to)} v${version}`,
      after: { from: body.from, to: body.to, version, ...summary, notified },
      at,
    });
    await deps.events.record(trx, {
      orgId: actor.orgId,
      type: 'roster.published',
      entityType: 'roster',
      entityId: body.siteId,
      siteId: body.siteId,
      permission: 'scheduling.read',
      topics: ['scheduling'],
      actorUserId: actor.userId,
      data: {
        from: body.from,
        to: body.to,
        version,
        // Open shifts going out for the first time; `announceOpenShifts` tells eligible staff.
        openShiftIds: drafts.filter((s) => s.employee_id === null).map((s) => s.id),
      },
    });
    return pub;
  });
  afterCommit(deps);
  return (await toPublications(deps.db, [row]))[0]!;
}

export async function listPublications(
  deps: Deps,
  actor: Actor,
  query: { siteId: string; from?: string | undefined; to?: string | undefined },
) {
  await visibleSite(deps.db, actor, query.siteId);
  let q = deps.db
    .selectFrom('roster_publications')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('site_id', '=', query.siteId);
  if (query.to) q = q.where('period_from', '<=', query.to);
  if (query.from) q = q.where('period_to', '>=', query.from);
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('version', 'desc')
    .limit(200)
    .execute();
  return { items: await toPublications(deps.db, rows) };
}

/**
 * Copies a week's shifts of a site (drafts and published) into another week as drafts, with or
 * without their assignees. Shifts of archived types and overlaps are skipped and listed.
 */
export async function copyWeek(
  deps: Deps,
  actor: Actor,
  body: { siteId: string; fromWeek: string; toWeek: string; includeAssignees: boolean },
) {
  await visibleSite(deps.db, actor, body.siteId);
  const shift = daysBetween(body.fromWeek, body.toWeek);
  if (shift === 0) throw invalid('SAME_WEEK', 'toWeek', 'must differ from fromWeek');
  if (Math.abs(shift) < 7)
    throw invalid('WEEKS_OVERLAP', 'toWeek', 'must be at least 7 days from fromWeek');
  const rows = await deps.db
    .selectFrom('shifts as s')
    .leftJoin('shift_types as t', 't.id', 's.shift_type_id')
    .selectAll('s')
    .select('t.archived_at as type_archived_at')
    .where('s.org_id', '=', actor.orgId)
    .where('s.site_id', '=', body.siteId)
    .where('s.date', '>=', body.fromWeek)
    .where('s.date', '<=', addDays(body.fromWeek, 6))
    .orderBy('s.starts_at')
    .orderBy('s.id')
    .execute();
  const skipped: { date: string; reason: string }[] = [];
  const drafts: DraftShift[] = [];
  for (const r of rows) {
    const date = addDays(r.date, shift);
    if (r.type_archived_at) {
      skipped.push({ date, reason: 'Its shift type is archived' });
      continue;
    }
    drafts.push({
      date,
      shiftTypeId: r.shift_type_id,
      startTime: r.start_time,
      endTime: r.end_time,
      breakMinutes: Number(r.break_minutes),
      positionId: r.position_id,
      employeeId: body.includeAssignees ? r.employee_id : null,
      notes: r.notes,
    });
  }
  const result = await deps.db
    .transaction()
    .execute((trx) =>
      insertDraftShifts(trx, deps, actor, body.siteId, drafts, { skipOverlaps: true }),
    );
  afterCommit(deps);
  return { created: result.createdIds.length, skipped: [...skipped, ...result.skipped] };
}

/**
 * After a publication commits (outbox subscriber): tells the staff who may claim them about the
 * open shifts it published. Out of the publishing transaction because checking every eligible
 * person against every open shift costs as much as the publication itself; the outbox delivers
 * the event once, also after a crash.
 */
export async function announceOpenShifts(deps: Deps, event: StoredEvent): Promise<void> {
  if (event.type !== 'roster.published') return;
  const ids = (event.data?.openShiftIds as string[] | undefined) ?? [];
  if (ids.length === 0) return;
  await deps.db
    .transaction()
    .execute((trx) =>
      notifyOpenShifts(trx, deps, { orgId: event.orgId, userId: event.actorUserId ?? '' }, ids),
    );
  afterCommit(deps);
}
