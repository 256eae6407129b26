import { attendance as contract, type MyAttendance } from '@keel/contracts';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { conflict } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import { organizationTimeZone } from '../accounts/index.js';
import {
  addDays,
  dayStart,
  localDate,
  MINUTE,
  payPeriodOf,
  toMinutes,
  workedMs,
} from './attendance.compute.js';
import {
  breaksOf,
  type EntryRow,
  people,
  presentEntries,
  presentShifts,
  publishedShifts,
  type ShiftRow,
  sitesById,
} from './attendance.read.js';
import { loadSchedulingSettings } from './settings.service.js';

// The staff clock: one's own state, clocking in and out, breaks. Times come from deps.clock.

const iso = (ms: number) => new Date(ms).toISOString();

function ownEmployee(actor: Actor): string {
  if (!actor.employeeId)
    throw conflict(
      'EMPLOYEE_NOT_LINKED',
      'Your account is not linked to an employee record; ask a coordinator to link it.',
    );
  return actor.employeeId;
}

async function openEntryOf(db: Kysely<DB>, orgId: string, employeeId: string, lock: boolean) {
  let q = db
    .selectFrom('attendance_entries')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('employee_id', '=', employeeId)
    .where('clock_out_at', 'is', null);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

/**
 * The published shift a clock-in at `now` belongs to: one of the person's shifts that is under
 * way or starts within SHIFT_MATCH_MINUTES from now (a shift started up to SHIFT_MATCH_MINUTES
 * ago is under way unless it has ended), the nearest start first.
 */
export async function matchShift(
  db: Kysely<DB>,
  orgId: string,
  employeeId: string,
  now: number,
  siteId?: string,
): Promise<ShiftRow | undefined> {
  const window = contract.SHIFT_MATCH_MINUTES * MINUTE;
  let q = publishedShifts(db, orgId)
    .where('employee_id', '=', employeeId)
    .where('starts_at', '<=', iso(now + window))
    .where('ends_at', '>', iso(now));
  if (siteId) q = q.where('site_id', '=', siteId);
  const rows = await q.execute();
  return rows.sort(
    (a, b) =>
      Math.abs(Date.parse(a.starts_at) - now) - Math.abs(Date.parse(b.starts_at) - now) ||
      a.id.localeCompare(b.id),
  )[0];
}

/** The caller's clock state, shifts of today and next, today's entries, this period's hours. */
export async function myAttendance(deps: Deps, actor: Actor): Promise<MyAttendance> {
  const db = deps.db;
  const now = deps.clock.now().getTime();
  const settings = await loadSchedulingSettings(db, actor.orgId);
  const employeeId = actor.employeeId;
  const orgZone = (await organizationTimeZone(db, actor.orgId)) ?? 'UTC';
  const empty = (tz: string): MyAttendance => {
    const p = payPeriodOf(localDate(now, tz), settings.payPeriodDays, settings.payPeriodAnchor);
    return {
      employee: null,
      state: 'clocked_out',
      now: iso(now),
      site: null,
      openEntry: null,
      todayShifts: [],
      nextShift: null,
      matchingShift: null,
      todayEntries: [],
      period: { ...p, workedMinutes: 0, scheduledMinutes: 0 },
    };
  };
  if (!employeeId) return empty(orgZone);
  const person = (await people(db, actor.orgId, [employeeId])).get(employeeId);
  if (!person) return empty(orgZone);

  const open = await openEntryOf(db, actor.orgId, employeeId, false);
  const matching = open ? undefined : await matchShift(db, actor.orgId, employeeId, now);
  const nearby = await publishedShifts(db, actor.orgId)
    .where('employee_id', '=', employeeId)
    .where('ends_at', '>', iso(now - 36 * 60 * MINUTE))
    .where('starts_at', '<', iso(now + 45 * 24 * 60 * MINUTE))
    .orderBy('starts_at')
    .limit(200)
    .execute();
  const siteId =
    open?.site_id ??
    matching?.site_id ??
    nearby.find((s) => Date.parse(s.ends_at) > now)?.site_id ??
    person.siteId;
  const sites = await sitesById(db, actor.orgId, siteId ? [siteId] : []);
  const site = siteId ? (sites.get(siteId) ?? null) : null;
  const tz = site?.timeZone ?? orgZone;
  const today = localDate(now, tz);
  const todayStart = dayStart(today, tz);
  const tomorrowStart = dayStart(addDays(today, 1), tz);
  const period = payPeriodOf(today, settings.payPeriodDays, settings.payPeriodAnchor);
  const periodStart = dayStart(period.from, tz);
  const periodEnd = dayStart(addDays(period.to, 1), tz);

  const todayShiftRows = nearby.filter(
    (s) => Date.parse(s.starts_at) < tomorrowStart && Date.parse(s.ends_at) > todayStart,
  );
  const nextRow = nearby.find((s) => Date.parse(s.starts_at) > now);
  const periodShifts = await publishedShifts(db, actor.orgId)
    .where('employee_id', '=', employeeId)
    .where('date', '>=', period.from)
    .where('date', '<=', period.to)
    .execute();
  const shiftViews = await presentShifts(db, actor.orgId, [
    ...todayShiftRows,
    ...(nextRow ? [nextRow] : []),
    ...(matching ? [matching] : []),
  ]);

  const periodEntryRows = await db
    .selectFrom('attendance_entries')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('employee_id', '=', employeeId)
    .where('clock_in_at', '>=', iso(Math.min(periodStart, todayStart)))
    .where('clock_in_at', '<', iso(Math.max(periodEnd, tomorrowStart)))
    .orderBy('clock_in_at')
    .execute();
  const rows = [...periodEntryRows];
  if (open && !rows.some((r) => r.id === open.id)) rows.push(open);
  const zones = new Map([...sites.values()].map((s) => [s.id, s.timeZone]));
  const { entries, times } = await presentEntries(db, actor.orgId, rows, zones, now);
  const worked = rows
    .filter((r) => {
      const t = Date.parse(r.clock_in_at);
      return t >= periodStart && t < periodEnd;
    })
    .reduce((sum, r) => sum + workedMs(times.get(r.id)!, now), 0);
  const openView = open ? (entries.find((e) => e.id === open.id) ?? null) : null;
  const onBreak = !!openView?.breaks.some((b) => b.endedAt === null);
  return {
    employee: { id: person.id, name: person.name, employeeNumber: person.employeeNumber },
    state: !openView ? 'clocked_out' : onBreak ? 'on_break' : 'clocked_in',
    now: iso(now),
    site,
    openEntry: openView,
    todayShifts: todayShiftRows.map((s) => shiftViews.get(s.id)!),
    nextShift: nextRow ? shiftViews.get(nextRow.id)! : null,
    matchingShift: matching ? shiftViews.get(matching.id)! : null,
    todayEntries: entries.filter(
      (e) => e.clockOutAt === null || Date.parse(e.clockInAt) >= todayStart,
    ),
    period: {
      ...period,
      workedMinutes: toMinutes(worked),
      scheduledMinutes: periodShifts.reduce((s, r) => s + Number(r.paid_minutes), 0),
    },
  };
}

async function announce(
  trx: Kysely<DB>,
  deps: Deps,
  actor: Actor,
  entry: Pick<EntryRow, 'id' | 'org_id' | 'site_id'>,
  type: string,
) {
  await deps.events.record(trx, {
    orgId: entry.org_id,
    type,
    entityType: 'attendance_entry',
    entityId: entry.id,
    siteId: entry.site_id,
    permission: 'scheduling.manage',
    topics: ['scheduling'],
    actorUserId: actor.userId,
  });
  await deps.events.record(trx, {
    orgId: entry.org_id,
    type,
    entityType: 'attendance_entry',
    entityId: entry.id,
    userIds: [actor.userId],
    topics: ['scheduling'],
    actorUserId: actor.userId,
  });
}

export const entrySnapshot = (
  e: EntryRow,
  breaks: { started_at: string; ended_at: string | null }[],
) => ({
  employeeId: e.employee_id,
  siteId: e.site_id,
  shiftId: e.shift_id,
  clockInAt: e.clock_in_at,
  clockOutAt: e.clock_out_at,
  source: e.source,
  note: e.note,
  breaks: breaks.map((b) => ({ startedAt: b.started_at, endedAt: b.ended_at })),
});

const alreadyIn = () =>
  conflict('ALREADY_CLOCKED_IN', 'You are already clocked in; clock out first.');

/** Clocks the caller in now, matched to their published shift when one is near. */
export async function clockIn(
  deps: Deps,
  actor: Actor,
  input: { note?: string | null | undefined; source?: 'phone' | 'web' | undefined },
): Promise<MyAttendance> {
  const employeeId = ownEmployee(actor);
  const now = deps.clock.now().getTime();
  const at = iso(now);
  try {
    await deps.db.transaction().execute(async (trx) => {
      if (await openEntryOf(trx, actor.orgId, employeeId, deps.dialect === 'postgres'))
        throw alreadyIn();
      const shift = await matchShift(trx, actor.orgId, employeeId, now);
      const siteId =
        shift?.site_id ?? (await people(trx, actor.orgId, [employeeId])).get(employeeId)?.siteId;
      if (!siteId)
        throw conflict(
          'NO_SITE',
          'You have no shift now and no home site, so there is nowhere to clock in to.',
        );
      const row: EntryRow = {
        id: newId(),
        org_id: actor.orgId,
        created_at: at,
        created_by: actor.userId,
        updated_at: at,
        updated_by: actor.userId,
        employee_id: employeeId,
        site_id: siteId,
        shift_id: shift?.id ?? null,
        clock_in_at: at,
        clock_out_at: null,
        source: input.source ?? 'phone',
        note: input.note ?? null,
        corrected_by: null,
        corrected_at: null,
        correction_reason: null,
      };
      await trx.insertInto('attendance_entries').values(row).execute();
      await recordAudit(trx, {
        actor,
        orgId: actor.orgId,
        action: 'clock_in',
        entityType: 'attendance_entry',
        entityId: row.id,
        entityLabel: `Clock-in ${at}`,
        after: entrySnapshot(row, []),
        at,
      });
      await announce(trx, deps, actor, row, 'attendance.clocked_in');
    });
  } catch (err) {
    // Two taps at once: the one-open-entry index lets exactly one through.
    if (isUniqueViolation(err)) throw alreadyIn();
    throw err;
  }
  afterCommit(deps);
  return myAttendance(deps, actor);
}

const notIn = () => conflict('NOT_CLOCKED_IN', 'You are not clocked in.');

/** One step on the caller's open entry, under its row lock. */
async function onOpenEntry(
  deps: Deps,
  actor: Actor,
  step: (
    trx: Kysely<DB>,
    entry: EntryRow,
    openBreak: { id: string; started_at: string } | undefined,
    at: string,
  ) => Promise<{ action: string; event: string }>,
): Promise<MyAttendance> {
  const employeeId = ownEmployee(actor);
  const at = iso(deps.clock.now().getTime());
  try {
    await deps.db.transaction().execute(async (trx) => {
      const entry = await openEntryOf(trx, actor.orgId, employeeId, deps.dialect === 'postgres');
      if (!entry) throw notIn();
      const before = (await breaksOf(trx, [entry.id])).get(entry.id) ?? [];
      const openBreak = before.find((b) => b.ended_at === null);
      const { action, event } = await step(trx, entry, openBreak, at);
      const after = await trx
        .selectFrom('attendance_entries')
        .selectAll()
        .where('id', '=', entry.id)
        .executeTakeFirstOrThrow();
      const afterBreaks = (await breaksOf(trx, [entry.id])).get(entry.id) ?? [];
      await recordAudit(trx, {
        actor,
        orgId: actor.orgId,
        action,
        entityType: 'attendance_entry',
        entityId: entry.id,
        entityLabel: `Clock-in ${entry.clock_in_at}`,
        before: entrySnapshot(entry, before),
        after: entrySnapshot(after, afterBreaks),
        at,
      });
      await announce(trx, deps, actor, entry, event);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('ALREADY_ON_BREAK', 'You are already on a break.');
    throw err;
  }
  afterCommit(deps);
  return myAttendance(deps, actor);
}

/** Clocks the caller out now; a running break ends with it. */
export function clockOut(deps: Deps, actor: Actor, input: { note?: string | null | undefined }) {
  return onOpenEntry(deps, actor, async (trx, entry, openBreak, at) => {
    if (openBreak)
      await trx
        .updateTable('attendance_breaks')
        .set({ ended_at: at, updated_at: at, updated_by: actor.userId })
        .where('id', '=', openBreak.id)
        .execute();
    const note = input.note
      ? entry.note
        ? `${entry.note}\n${input.note}`
        : input.note
      : entry.note;
    const done = await trx
      .updateTable('attendance_entries')
      .set({ clock_out_at: at, note, updated_at: at, updated_by: actor.userId })
      .where('id', '=', entry.id)
      .where('clock_out_at', 'is', null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw notIn();
    return { action: 'clock_out', event: 'attendance.clocked_out' };
  });
}

export function startBreak(deps: Deps, actor: Actor) {
  return onOpenEntry(deps, actor, async (trx, entry, openBreak, at) => {
    if (openBreak) throw conflict('ALREADY_ON_BREAK', 'You are already on a break.');
    await trx
      .insertInto('attendance_breaks')
      .values({
        id: newId(),
        org_id: actor.orgId,
        created_at: at,
        created_by: actor.userId,
        updated_at: at,
        updated_by: actor.userId,
        entry_id: entry.id,
        started_at: at,
        ended_at: null,
      })
      .execute();
    return { action: 'break_start', event: 'attendance.break_started' };
  });
}

export function endBreak(deps: Deps, actor: Actor) {
  return onOpenEntry(deps, actor, async (trx, _entry, openBreak, at) => {
    if (!openBreak) throw conflict('NOT_ON_BREAK', 'You are not on a break.');
    await trx
      .updateTable('attendance_breaks')
      .set({ ended_at: at, updated_at: at, updated_by: actor.userId })
      .where('id', '=', openBreak.id)
      .where('ended_at', 'is', null)
      .execute();
    return { action: 'break_end', event: 'attendance.break_ended' };
  });
}
