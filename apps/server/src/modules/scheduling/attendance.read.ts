import type { AttendanceEntry, ScheduledShift } from '@keel/contracts';
import type { Kysely, Selectable } from 'kysely';
import { type Actor, canSeeSite } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/db/types.js';
import { notFound } from '../../platform/errors.js';
import { userNames } from '../accounts/index.js';
import {
  employeeNumbers,
  employeeSummaries,
  positionSummaries,
  siteSummaries,
} from '../people/index.js';
import { breakMs, type EntryTimes, localDate, toMinutes, workedMs } from './attendance.compute.js';
import './attendance.tables.js';
import './scheduling.tables.js';

// Reading attendance: entries with their breaks, published shifts, people and sites.

export type EntryRow = Selectable<DB['attendance_entries']>;
export type BreakRow = Selectable<DB['attendance_breaks']>;
export type ShiftRow = Selectable<DB['shifts']>;
export interface Site {
  id: string;
  name: string;
  timeZone: string;
}
export interface Person {
  id: string;
  name: string;
  employeeNumber: string | null;
  siteId: string | null;
}

/** A site of the organization inside the actor's site access, else 404. */
export async function visibleSite(db: Kysely<DB>, actor: Actor, siteId: string): Promise<Site> {
  const site = (await siteSummaries(db, actor.orgId, [siteId])).get(siteId);
  if (!site || !canSeeSite(actor, siteId)) throw notFound('site');
  return { id: site.id, name: site.name, timeZone: site.timeZone };
}

export async function sitesById(db: Kysely<DB>, orgId: string, ids: readonly string[]) {
  const m = await siteSummaries(db, orgId, ids);
  return new Map<string, Site>(
    [...m.values()].map((s) => [s.id, { id: s.id, name: s.name, timeZone: s.timeZone }]),
  );
}

export async function people(
  db: Kysely<DB>,
  orgId: string,
  ids: readonly string[],
): Promise<Map<string, Person>> {
  const [summaries, numbers] = await Promise.all([
    employeeSummaries(db, orgId, ids),
    employeeNumbers(db, orgId, ids),
  ]);
  return new Map(
    [...summaries.values()].map((e) => [
      e.id,
      { id: e.id, name: e.name, employeeNumber: numbers.get(e.id) ?? null, siteId: e.siteId },
    ]),
  );
}

/** Breaks of the given entries, by entry id, in time order. */
export async function breaksOf(db: Kysely<DB>, entryIds: readonly string[]) {
  const out = new Map<string, BreakRow[]>();
  if (entryIds.length === 0) return out;
  const rows = await db
    .selectFrom('attendance_breaks')
    .selectAll()
    .where('entry_id', 'in', [...new Set(entryIds)])
    .orderBy('started_at')
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const list = out.get(r.entry_id) ?? [];
    list.push(r);
    out.set(r.entry_id, list);
  }
  return out;
}

export const entryTimes = (e: EntryRow, breaks: readonly BreakRow[]): EntryTimes => ({
  start: Date.parse(e.clock_in_at),
  end: e.clock_out_at ? Date.parse(e.clock_out_at) : null,
  breaks: breaks.map((b) => ({
    start: Date.parse(b.started_at),
    end: b.ended_at ? Date.parse(b.ended_at) : null,
  })),
});

/** Entries with their breaks, people and correctors, as the API shows them. */
export async function presentEntries(
  db: Kysely<DB>,
  orgId: string,
  rows: readonly EntryRow[],
  timeZones: Map<string, string>,
  now: number,
): Promise<{ entries: AttendanceEntry[]; times: Map<string, EntryTimes> }> {
  const [breaks, persons, correctors] = await Promise.all([
    breaksOf(
      db,
      rows.map((r) => r.id),
    ),
    people(
      db,
      orgId,
      rows.map((r) => r.employee_id),
    ),
    userNames(
      db,
      rows.flatMap((r) => (r.corrected_by ? [r.corrected_by] : [])),
    ),
  ]);
  const times = new Map<string, EntryTimes>();
  const entries = rows.map((r): AttendanceEntry => {
    const bs = breaks.get(r.id) ?? [];
    const t = entryTimes(r, bs);
    times.set(r.id, t);
    const p = persons.get(r.employee_id);
    return {
      id: r.id,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      employee: {
        id: r.employee_id,
        name: p?.name ?? 'Unknown employee',
        employeeNumber: p?.employeeNumber ?? null,
      },
      siteId: r.site_id,
      shiftId: r.shift_id,
      date: localDate(t.start, timeZones.get(r.site_id) ?? 'UTC'),
      clockInAt: r.clock_in_at,
      clockOutAt: r.clock_out_at,
      source: r.source as AttendanceEntry['source'],
      note: r.note,
      breaks: bs.map((b) => ({
        id: b.id,
        startedAt: b.started_at,
        endedAt: b.ended_at,
        minutes: toMinutes(
          breakMs({ start: t.start, end: t.end, breaks: [entryTimes(r, [b]).breaks[0]!] }, now),
        ),
      })),
      breakMinutes: toMinutes(breakMs(t, now)),
      workedMinutes: toMinutes(workedMs(t, now)),
      corrected:
        r.corrected_at && r.correction_reason
          ? {
              by: r.corrected_by
                ? { id: r.corrected_by, name: correctors.get(r.corrected_by) ?? 'Unknown user' }
                : null,
              at: r.corrected_at,
              reason: r.correction_reason,
            }
          : null,
    };
  });
  return { entries, times };
}

/** Published, assigned shifts, as the API shows them. */
export async function presentShifts(
  db: Kysely<DB>,
  orgId: string,
  rows: readonly ShiftRow[],
): Promise<Map<string, ScheduledShift>> {
  const typeIds = [...new Set(rows.flatMap((r) => (r.shift_type_id ? [r.shift_type_id] : [])))];
  const [positions, types] = await Promise.all([
    positionSummaries(
      db,
      orgId,
      rows.flatMap((r) => (r.position_id ? [r.position_id] : [])),
    ),
    typeIds.length
      ? db
          .selectFrom('shift_types')
          .select(['id', 'code'])
          .where('org_id', '=', orgId)
          .where('id', 'in', typeIds)
          .execute()
      : Promise.resolve([]),
  ]);
  const codes = new Map(types.map((t) => [t.id, t.code]));
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        siteId: r.site_id,
        date: r.date,
        startTime: r.start_time,
        endTime: r.end_time,
        startsAt: r.starts_at,
        endsAt: r.ends_at,
        breakMinutes: Number(r.break_minutes),
        paidMinutes: Number(r.paid_minutes),
        positionName: r.position_id ? (positions.get(r.position_id)?.name ?? null) : null,
        shiftTypeCode: r.shift_type_id ? (codes.get(r.shift_type_id) ?? null) : null,
      },
    ]),
  );
}

/** Published shifts with someone assigned (what attendance is measured against). */
export const publishedShifts = (db: Kysely<DB>, orgId: string) =>
  db
    .selectFrom('shifts')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('published_at', 'is not', null)
    .where('employee_id', 'is not', null);
