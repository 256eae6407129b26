import type { MyShift, SwapKind, SwapStatus } from '@keel/contracts';
import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { invalid } from '../../platform/errors.js';
import type { CalendarItem } from '../../platform/registry.js';
import { employeeSummaries } from '../people/index.js';
import {
  addDays,
  daysBetween,
  OPEN_SWAP_STATUSES,
  SELF_HREF,
  type ShiftRow,
  shiftLabel,
  summarizeShifts,
} from './self.shared.js';

// My shifts: the caller's published shifts at any site, with colleagues and swap state.

const MAX_RANGE_DAYS = 92;

/** Checks a from/to range of local dates (inclusive). */
export function checkDateRange(from: string, to: string) {
  if (to < from) throw invalid('RANGE_INVALID', 'to', 'must not be before from');
  if (daysBetween(from, to) > MAX_RANGE_DAYS)
    throw invalid('RANGE_TOO_LONG', 'to', `must be at most ${MAX_RANGE_DAYS} days after from`);
}

/** Published shifts of one employee whose local date is in [from, to] (a day early for nights). */
const ownPublished = (db: Kysely<DB>, orgId: string, employeeId: string) =>
  db
    .selectFrom('shifts')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('employee_id', '=', employeeId)
    .where('published_at', 'is not', null);

/** The open swap requests touching the given shifts, by shift id. */
export async function openSwapsByShift(
  db: Kysely<DB>,
  orgId: string,
  shiftIds: readonly string[],
): Promise<Map<string, { id: string; status: SwapStatus; kind: SwapKind }>> {
  const out = new Map<string, { id: string; status: SwapStatus; kind: SwapKind }>();
  if (shiftIds.length === 0) return out;
  const ids = [...shiftIds];
  const rows = await db
    .selectFrom('shift_swaps')
    .select(['id', 'status', 'kind', 'shift_id', 'target_shift_id'])
    .where('org_id', '=', orgId)
    .where('status', 'in', OPEN_SWAP_STATUSES)
    .where((eb) => eb.or([eb('shift_id', 'in', ids), eb('target_shift_id', 'in', ids)]))
    .execute();
  for (const r of rows) {
    const v = { id: r.id, status: r.status as SwapStatus, kind: r.kind as SwapKind };
    out.set(r.shift_id, v);
    if (r.target_shift_id) out.set(r.target_shift_id, v);
  }
  return out;
}

/** Others on the same published shift type and date at the site (same times when untyped). */
async function colleaguesOf(db: Kysely<DB>, orgId: string, rows: readonly ShiftRow[]) {
  const out = new Map<string, { id: string; name: string }[]>();
  if (rows.length === 0) return out;
  const others = await db
    .selectFrom('shifts')
    .select(['id', 'site_id', 'date', 'shift_type_id', 'start_time', 'end_time', 'employee_id'])
    .where('org_id', '=', orgId)
    .where('site_id', 'in', [...new Set(rows.map((r) => r.site_id))])
    .where('date', 'in', [...new Set(rows.map((r) => r.date))])
    .where('published_at', 'is not', null)
    .where('employee_id', 'is not', null)
    .execute();
  const key = (
    s: Pick<ShiftRow, 'site_id' | 'shift_type_id' | 'start_time' | 'end_time'> & { date: string },
  ) =>
    `${s.site_id}|${String(s.date).slice(0, 10)}|${s.shift_type_id ?? `${s.start_time}-${s.end_time}`}`;
  const groups = new Map<string, string[]>();
  for (const o of others) {
    const k = key(o);
    groups.set(k, [...(groups.get(k) ?? []), o.employee_id!]);
  }
  const names = await employeeSummaries(
    db,
    orgId,
    others.map((o) => o.employee_id!),
  );
  for (const r of rows) {
    const ids = [...new Set(groups.get(key(r)) ?? [])].filter((id) => id !== r.employee_id);
    out.set(
      r.id,
      ids
        .map((id) => ({ id, name: names.get(id)?.name ?? '—' }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
  }
  return out;
}

/** Shapes own shifts for the API. */
export async function toMyShifts(
  deps: Deps,
  db: Kysely<DB>,
  orgId: string,
  rows: readonly ShiftRow[],
): Promise<MyShift[]> {
  const [summaries, colleagues, swaps] = await Promise.all([
    summarizeShifts(db, orgId, rows),
    colleaguesOf(db, orgId, rows),
    openSwapsByShift(
      db,
      orgId,
      rows.map((r) => r.id),
    ),
  ]);
  const now = deps.clock.now().toISOString();
  return rows.map((r) => ({
    ...summaries.get(r.id)!,
    colleagues: colleagues.get(r.id) ?? [],
    swap: swaps.get(r.id) ?? null,
    past: r.starts_at <= now,
  }));
}

/** The caller's published shifts whose local date is in [from, to], in start order. */
export async function listMyShifts(
  deps: Deps,
  actor: Actor,
  query: { from: string; to: string },
): Promise<{ hasEmployee: boolean; items: MyShift[] }> {
  checkDateRange(query.from, query.to);
  if (!actor.employeeId) return { hasEmployee: false, items: [] };
  const rows = await ownPublished(deps.db, actor.orgId, actor.employeeId)
    .where('date', '>=', query.from)
    .where('date', '<=', query.to)
    .orderBy('starts_at')
    .orderBy('id')
    .limit(1000)
    .execute();
  return { hasEmployee: true, items: await toMyShifts(deps, deps.db, actor.orgId, rows) };
}

/**
 * Calendar source: the actor's own published shifts (in the calendar page and the member's iCal
 * feed). The site's whole roster is not listed even for readers: a 24/7 site has hundreds of
 * shifts a day, which belong in the roster view, not a personal calendar.
 */
export async function calendarShifts(
  deps: Deps,
  actor: Actor,
  range: { from: string; to: string; mine: boolean; limit: number },
): Promise<CalendarItem[]> {
  if (!actor.employeeId) return [];
  const from = new Date(Date.parse(range.from)).toISOString();
  const to = new Date(Date.parse(range.to)).toISOString();
  const rows = await ownPublished(deps.db, actor.orgId, actor.employeeId)
    // The local date is within a day of the instants: bounding it lets the index scan the range.
    .where('date', '>=', addDays(from.slice(0, 10), -2))
    .where('date', '<=', addDays(to.slice(0, 10), 1))
    .where('starts_at', '<', to)
    .where('ends_at', '>', from)
    .orderBy('starts_at')
    .orderBy('id')
    .limit(range.limit)
    .execute();
  const summaries = await summarizeShifts(deps.db, actor.orgId, rows);
  return rows.map((r) => {
    const s = summaries.get(r.id)!;
    return {
      uid: `shift:${r.id}`,
      kind: 'shift',
      title: `${shiftLabel(s)} · ${s.site.name}`,
      start: r.starts_at,
      end: r.ends_at,
      allDay: false,
      href: SELF_HREF,
      siteId: r.site_id,
      status: 'published',
      color: s.shiftType?.color ?? null,
    };
  });
}
