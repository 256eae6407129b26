import {
  type AttendanceEntry,
  type AttendanceView,
  attendance as contract,
  type ScheduledShift,
} from '@keel/contracts';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit.service.js';
import { type Actor, canSeeSite } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import { userIdsByEmployee } from '../accounts/index.js';
import { entrySnapshot, matchShift } from './attendance.clock.service.js';
import {
  addDays,
  attendanceRow,
  dayStart,
  daysBetween,
  type EntryTimes,
  localDate,
} from './attendance.compute.js';
import {
  breaksOf,
  type EntryRow,
  entryTimes,
  people,
  presentEntries,
  presentShifts,
  publishedShifts,
  type ShiftRow,
  type Site,
  visibleSite,
} from './attendance.read.js';
import { loadSchedulingSettings } from './settings.service.js';

// Managers: actual versus scheduled for a site and date range, corrections, manual entries.

const iso = (ms: number) => new Date(ms).toISOString();

export interface RangeData {
  shifts: ShiftRow[];
  entries: EntryRow[];
}

/**
 * Published shifts of the site on local dates [from, to] and the entries that belong to them or
 * that clocked in at the site on those dates without a shift.
 */
export async function loadRange(
  db: Kysely<DB>,
  orgId: string,
  site: Site,
  from: string,
  to: string,
  employeeIds?: readonly string[],
): Promise<RangeData> {
  let sq = publishedShifts(db, orgId)
    .where('site_id', '=', site.id)
    .where('date', '>=', from)
    .where('date', '<=', to);
  if (employeeIds) sq = sq.where('employee_id', 'in', [...employeeIds]);
  const shifts = employeeIds?.length === 0 ? [] : await sq.orderBy('starts_at').execute();
  const start = dayStart(from, site.timeZone);
  const end = dayStart(addDays(to, 1), site.timeZone);
  let eq = db
    .selectFrom('attendance_entries')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('site_id', '=', site.id)
    .where('clock_in_at', '>=', iso(start - 86_400_000))
    .where('clock_in_at', '<', iso(end + 86_400_000));
  if (employeeIds) eq = eq.where('employee_id', 'in', [...employeeIds]);
  const near = employeeIds?.length === 0 ? [] : await eq.execute();
  const shiftIds = shifts.map((s) => s.id);
  const known = new Set(near.map((e) => e.id));
  const linked = shiftIds.length
    ? (
        await db
          .selectFrom('attendance_entries')
          .selectAll()
          .where('org_id', '=', orgId)
          .where('shift_id', 'in', shiftIds)
          .execute()
      ).filter((e) => !known.has(e.id))
    : [];
  const ids = new Set(shiftIds);
  const entries = [...near, ...linked].filter((e) => {
    if (e.shift_id && ids.has(e.shift_id)) return true;
    const t = Date.parse(e.clock_in_at);
    return t >= start && t < end;
  });
  entries.sort((a, b) => a.clock_in_at.localeCompare(b.clock_in_at) || a.id.localeCompare(b.id));
  return { shifts, entries };
}

export interface ComputedRow {
  key: string;
  date: string;
  employeeId: string;
  shift: ShiftRow | null;
  entries: EntryRow[];
  result: ReturnType<typeof attendanceRow>;
}

/** One row per published shift (with its entries) and per entry that matched none. */
export function computeRows(
  data: RangeData,
  times: Map<string, EntryTimes>,
  timeZone: string,
  now: number,
  grace: number,
): ComputedRow[] {
  const byShift = new Map<string, EntryRow[]>();
  const shiftIds = new Set(data.shifts.map((s) => s.id));
  const unscheduled: EntryRow[] = [];
  for (const e of data.entries) {
    if (e.shift_id && shiftIds.has(e.shift_id)) {
      const list = byShift.get(e.shift_id) ?? [];
      list.push(e);
      byShift.set(e.shift_id, list);
    } else unscheduled.push(e);
  }
  const rows: ComputedRow[] = [];
  for (const s of data.shifts) {
    const entries = byShift.get(s.id) ?? [];
    rows.push({
      key: s.id,
      date: s.date,
      employeeId: s.employee_id!,
      shift: s,
      entries,
      result: attendanceRow(
        {
          start: Date.parse(s.starts_at),
          end: Date.parse(s.ends_at),
          paidMinutes: Number(s.paid_minutes),
        },
        entries.map((e) => times.get(e.id)!),
        now,
        grace,
      ),
    });
  }
  for (const e of unscheduled) {
    const t = times.get(e.id)!;
    rows.push({
      key: `entry:${e.id}`,
      date: localDate(t.start, timeZone),
      employeeId: e.employee_id,
      shift: null,
      entries: [e],
      result: attendanceRow(null, [t], now, grace),
    });
  }
  return rows;
}

/** Entry times of rows, read with their breaks (for computing without presenting). */
export async function timesOf(db: Kysely<DB>, entries: readonly EntryRow[]) {
  const breaks = await breaksOf(
    db,
    entries.map((e) => e.id),
  );
  return new Map(entries.map((e) => [e.id, entryTimes(e, breaks.get(e.id) ?? [])]));
}

export async function listAttendance(
  deps: Deps,
  actor: Actor,
  query: z.output<typeof contract.attendanceQuery>,
): Promise<AttendanceView> {
  const db = deps.db;
  const now = deps.clock.now().getTime();
  const site = await visibleSite(db, actor, query.siteId);
  const from = query.from ?? localDate(now, site.timeZone);
  const to = query.to ?? from;
  if (to < from) throw invalid('INVALID_RANGE', 'to', 'must not be before from');
  if (daysBetween(from, to) >= contract.MAX_RANGE_DAYS)
    throw invalid('RANGE_TOO_LONG', 'to', `must be within ${contract.MAX_RANGE_DAYS} days of from`);
  const settings = await loadSchedulingSettings(db, actor.orgId);
  const data = await loadRange(db, actor.orgId, site, from, to);
  const zones = new Map([[site.id, site.timeZone]]);
  const [{ entries, times }, shiftViews, persons] = await Promise.all([
    presentEntries(db, actor.orgId, data.entries, zones, now),
    presentShifts(db, actor.orgId, data.shifts),
    people(db, actor.orgId, [
      ...data.shifts.map((s) => s.employee_id!),
      ...data.entries.map((e) => e.employee_id),
    ]),
  ]);
  const entryViews = new Map(entries.map((e) => [e.id, e]));
  const rows = computeRows(data, times, site.timeZone, now, settings.lateGraceMinutes);
  rows.sort(
    (a, b) =>
      a.date.localeCompare(b.date) ||
      (a.shift?.starts_at ?? a.entries[0]!.clock_in_at).localeCompare(
        b.shift?.starts_at ?? b.entries[0]!.clock_in_at,
      ) ||
      (persons.get(a.employeeId)?.name ?? '').localeCompare(persons.get(b.employeeId)?.name ?? ''),
  );
  return {
    site,
    from,
    to,
    now: iso(now),
    lateGraceMinutes: settings.lateGraceMinutes,
    rows: rows.map((r) => {
      const p = persons.get(r.employeeId);
      return {
        key: r.key,
        date: r.date,
        employee: {
          id: r.employeeId,
          name: p?.name ?? 'Unknown employee',
          employeeNumber: p?.employeeNumber ?? null,
        },
        shift: r.shift ? (shiftViews.get(r.shift.id) as ScheduledShift) : null,
        entries: r.entries.map((e) => entryViews.get(e.id)!),
        actualIn: r.result.actualIn === null ? null : iso(r.result.actualIn),
        actualOut: r.result.actualOut === null ? null : iso(r.result.actualOut),
        scheduledMinutes: r.result.scheduledMinutes,
        breakMinutes: r.result.breakMinutes,
        workedMinutes: r.result.workedMinutes,
        lateMinutes: r.result.lateMinutes,
        earlyMinutes: r.result.earlyMinutes,
        extraMinutes: r.result.extraMinutes,
        flags: r.result.flags,
      };
    }),
  };
}

// ── Corrections and manual entries ───────────────────────────────────────────

type BreakInput = { startedAt: string; endedAt: string };

/** Checks an entry's times: in < out, nothing in the future, breaks inside and apart. */
function checkTimes(
  clockIn: number,
  clockOut: number | null,
  breaks: readonly BreakInput[],
  now: number,
) {
  if (clockIn > now) throw invalid('IN_FUTURE', 'clockInAt', 'must not be in the future');
  if (clockOut !== null) {
    if (clockOut > now) throw invalid('IN_FUTURE', 'clockOutAt', 'must not be in the future');
    if (clockOut <= clockIn)
      throw invalid('INVALID_RANGE', 'clockOutAt', 'must be after clockInAt');
    if (clockOut - clockIn > 24 * 3_600_000)
      throw invalid('ENTRY_TOO_LONG', 'clockOutAt', 'must be within 24 hours of clockInAt');
  }
  const sorted = breaks
    .map((b, i) => ({ i, s: Date.parse(b.startedAt), e: Date.parse(b.endedAt) }))
    .sort((a, b) => a.s - b.s);
  let prevEnd = -Infinity;
  for (const b of sorted) {
    const field = `breaks[${b.i}]`;
    if (b.e <= b.s) throw invalid('INVALID_BREAK', `${field}.endedAt`, 'must be after startedAt');
    if (b.s < clockIn || b.e > (clockOut ?? now))
      throw invalid('INVALID_BREAK', `${field}.startedAt`, 'must lie within the entry');
    if (b.s < prevEnd)
      throw invalid('INVALID_BREAK', `${field}.startedAt`, 'overlaps another break');
    prevEnd = b.e;
  }
}

/** Another entry of the person overlapping [in, out) → 409. */
async function checkNoOverlap(
  trx: Kysely<DB>,
  orgId: string,
  employeeId: string,
  clockIn: number,
  clockOut: number | null,
  exceptId: string | null,
) {
  let q = trx
    .selectFrom('attendance_entries')
    .select(['id', 'clock_in_at', 'clock_out_at'])
    .where('org_id', '=', orgId)
    .where('employee_id', '=', employeeId)
    .where((eb) => eb.or([eb('clock_out_at', 'is', null), eb('clock_out_at', '>', iso(clockIn))]));
  if (clockOut !== null) q = q.where('clock_in_at', '<', iso(clockOut));
  if (exceptId) q = q.where('id', '!=', exceptId);
  const other = await q.executeTakeFirst();
  if (other)
    throw conflict(
      'ENTRY_OVERLAP',
      `These times overlap another entry of the same person (clocked in ${other.clock_in_at}).`,
      [{ field: 'clockInAt', message: 'overlaps another entry' }],
    );
}

async function replaceBreaks(
  trx: Kysely<DB>,
  actor: Actor,
  entryId: string,
  breaks: readonly BreakInput[],
  at: string,
) {
  await trx.deleteFrom('attendance_breaks').where('entry_id', '=', entryId).execute();
  if (breaks.length === 0) return;
  await trx
    .insertInto('attendance_breaks')
    .values(
      breaks.map((b) => ({
        id: newId(),
        org_id: actor.orgId,
        created_at: at,
        created_by: actor.userId,
        updated_at: at,
        updated_by: actor.userId,
        entry_id: entryId,
        started_at: iso(Date.parse(b.startedAt)),
        ended_at: iso(Date.parse(b.endedAt)),
      })),
    )
    .execute();
}

async function announceChange(
  trx: Kysely<DB>,
  deps: Deps,
  actor: Actor,
  entry: Pick<EntryRow, 'id' | 'org_id' | 'site_id' | 'employee_id'>,
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
  const user = (await userIdsByEmployee(trx, entry.org_id, [entry.employee_id])).get(
    entry.employee_id,
  );
  if (user)
    await deps.events.record(trx, {
      orgId: entry.org_id,
      type,
      entityType: 'attendance_entry',
      entityId: entry.id,
      userIds: [user],
      topics: ['scheduling'],
      actorUserId: actor.userId,
    });
}

async function presentOne(deps: Deps, actor: Actor, id: string): Promise<AttendanceEntry> {
  const row = await deps.db
    .selectFrom('attendance_entries')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const site = await visibleSite(deps.db, actor, row.site_id);
  const { entries } = await presentEntries(
    deps.db,
    actor.orgId,
    [row],
    new Map([[site.id, site.timeZone]]),
    deps.clock.now().getTime(),
  );
  return entries[0]!;
}

const openConflict = () =>
  conflict('ALREADY_CLOCKED_IN', 'This person already has an open entry; close it first.', [
    { field: 'clockOutAt', message: 'another entry of this person is still open' },
  ]);

/** Corrects an entry's clock-in, clock-out or breaks; the reason is kept and audited. */
export async function correctEntry(
  deps: Deps,
  actor: Actor,
  id: string,
  input: z.output<typeof contract.correctEntryBody>,
): Promise<AttendanceEntry> {
  const now = deps.clock.now().getTime();
  const at = iso(now);
  try {
    await deps.db.transaction().execute(async (trx) => {
      let q = trx
        .selectFrom('attendance_entries')
        .selectAll()
        .where('org_id', '=', actor.orgId)
        .where('id', '=', id);
      if (deps.dialect === 'postgres') q = q.forUpdate();
      const before = await q.executeTakeFirst();
      if (!before || !canSeeSite(actor, before.site_id)) throw notFound('attendance entry');
      const beforeBreaks = (await breaksOf(trx, [id])).get(id) ?? [];
      const clockIn = input.clockInAt
        ? Date.parse(input.clockInAt)
        : Date.parse(before.clock_in_at);
      const clockOut =
        input.clockOutAt === undefined
          ? before.clock_out_at
            ? Date.parse(before.clock_out_at)
            : null
          : input.clockOutAt === null
            ? null
            : Date.parse(input.clockOutAt);
      const breaks: BreakInput[] =
        input.breaks ??
        beforeBreaks.map((b) => ({ startedAt: b.started_at, endedAt: b.ended_at ?? '' }));
      if (input.breaks === undefined) {
        // Unchanged breaks must still fit the corrected times (a running break stays running).
        const closed = breaks.filter((b) => b.endedAt !== '');
        checkTimes(clockIn, clockOut, closed, now);
        if (clockOut !== null && beforeBreaks.some((b) => b.ended_at === null))
          throw invalid('BREAK_RUNNING', 'breaks', 'end the running break or give the breaks');
      } else checkTimes(clockIn, clockOut, breaks, now);
      await checkNoOverlap(trx, actor.orgId, before.employee_id, clockIn, clockOut, id);
      const after: EntryRow = {
        ...before,
        clock_in_at: iso(clockIn),
        clock_out_at: clockOut === null ? null : iso(clockOut),
        corrected_by: actor.userId,
        corrected_at: at,
        correction_reason: input.reason,
        updated_at: at,
        updated_by: actor.userId,
      };
      await trx
        .updateTable('attendance_entries')
        .set({
          clock_in_at: after.clock_in_at,
          clock_out_at: after.clock_out_at,
          corrected_by: after.corrected_by,
          corrected_at: after.corrected_at,
          correction_reason: after.correction_reason,
          updated_at: at,
          updated_by: actor.userId,
        })
        .where('id', '=', id)
        .execute();
      if (input.breaks !== undefined) await replaceBreaks(trx, actor, id, input.breaks, at);
      const afterBreaks = (await breaksOf(trx, [id])).get(id) ?? [];
      await recordAudit(trx, {
        actor,
        orgId: actor.orgId,
        action: 'correct',
        entityType: 'attendance_entry',
        entityId: id,
        entityLabel: `Attendance ${before.clock_in_at}`,
        before: { ...entrySnapshot(before, beforeBreaks), reason: before.correction_reason },
        after: { ...entrySnapshot(after, afterBreaks), reason: input.reason },
        at,
      });
      await announceChange(trx, deps, actor, before, 'attendance.corrected');
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw openConflict();
    throw err;
  }
  afterCommit(deps);
  return presentOne(deps, actor, id);
}

/** Adds an entry for someone who forgot to clock; matched to their shift unless told otherwise. */
export async function createEntry(
  deps: Deps,
  actor: Actor,
  input: z.output<typeof contract.createEntryBody>,
): Promise<AttendanceEntry> {
  const now = deps.clock.now().getTime();
  const at = iso(now);
  const site = await visibleSite(deps.db, actor, input.siteId).catch(() => {
    throw invalid('SITE_NOT_FOUND', 'siteId', 'is not a site you can see');
  });
  const person = (await people(deps.db, actor.orgId, [input.employeeId])).get(input.employeeId);
  if (!person) throw invalid('EMPLOYEE_NOT_FOUND', 'employeeId', 'is not an employee here');
  const clockIn = Date.parse(input.clockInAt);
  const clockOut = input.clockOutAt ? Date.parse(input.clockOutAt) : null;
  const breaks = input.breaks ?? [];
  checkTimes(clockIn, clockOut, breaks, now);
  const id = newId();
  try {
    await deps.db.transaction().execute(async (trx) => {
      let shiftId: string | null = null;
      if (input.shiftId) {
        const shift = await publishedShifts(trx, actor.orgId)
          .where('id', '=', input.shiftId)
          .executeTakeFirst();
        if (!shift || shift.employee_id !== person.id || shift.site_id !== site.id)
          throw invalid(
            'SHIFT_NOT_FOUND',
            'shiftId',
            'is not a published shift of this person at this site',
          );
        shiftId = shift.id;
      } else if (input.shiftId === undefined) {
        shiftId = (await matchShift(trx, actor.orgId, person.id, clockIn, site.id))?.id ?? null;
      }
      await checkNoOverlap(trx, actor.orgId, person.id, clockIn, clockOut, null);
      const row: EntryRow = {
        id,
        org_id: actor.orgId,
        created_at: at,
        created_by: actor.userId,
        updated_at: at,
        updated_by: actor.userId,
        employee_id: person.id,
        site_id: site.id,
        shift_id: shiftId,
        clock_in_at: iso(clockIn),
        clock_out_at: clockOut === null ? null : iso(clockOut),
        source: 'manager',
        note: input.note ?? null,
        corrected_by: actor.userId,
        corrected_at: at,
        correction_reason: input.reason,
      };
      await trx.insertInto('attendance_entries').values(row).execute();
      await replaceBreaks(trx, actor, id, breaks, at);
      const afterBreaks = (await breaksOf(trx, [id])).get(id) ?? [];
      await recordAudit(trx, {
        actor,
        orgId: actor.orgId,
        action: 'create',
        entityType: 'attendance_entry',
        entityId: id,
        entityLabel: `Attendance of ${person.name} ${row.clock_in_at}`,
        after: { ...entrySnapshot(row, afterBreaks), reason: input.reason },
        at,
      });
      await announceChange(trx, deps, actor, row, 'attendance.created');
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw openConflict();
    throw err;
  }
  afterCommit(deps);
  return presentOne(deps, actor, id);
}
