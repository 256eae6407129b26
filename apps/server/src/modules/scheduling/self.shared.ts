import type { EligibilityReason, ShiftSummary, SwapKind, SwapStatus } from '@keel/contracts';
import {
  addDays,
  assignmentFindings,
  daysBetween,
  type RosterInput,
  type RosterShift,
  weekStart,
} from '@keel/scheduling-rules';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/types.js';
import { KeelError } from '../../platform/errors.js';
import { positionSummaries, siteSummaries } from '../people/index.js';
import { buildRosterInput } from './roster-input.js';
import { loadSchedulingSettings } from './settings.service.js';
import './scheduling.tables.js';
import './self.tables.js';

/** Local-date arithmetic: the engine's, one implementation for the whole module. */
export { addDays, daysBetween, weekStart };

// Shared by my shifts, open shifts and swaps: shaping shifts for staff, and who may take a shift.

export type ShiftRow = DB['shifts'];
export type SwapRow = DB['shift_swaps'];

/** Swap statuses that still hold the shift (no second request, no claim of it). */
export const OPEN_SWAP_STATUSES: SwapStatus[] = ['pending_colleague', 'pending_approval'];
export const SWAP_APPROVAL = 'shift.swap';
export const SWAP_ENTITY = 'shift_swap';
/** The web page of the self-service area. */
export const SELF_HREF = '/my-shifts';

/** Rules about the roster as a whole, never about the person taking a shift. */
const ROSTER_RULES = new Set(['under_coverage', 'over_coverage']);

const rangeFormat = new Map<string, Intl.DateTimeFormat>();
/** "Wed, Nov 25, 06:00 – 14:00" in the site's time zone, for titles and messages. */
export function formatShift(s: Pick<ShiftRow, 'starts_at' | 'ends_at'>, timeZone: string): string {
  let f = rangeFormat.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    rangeFormat.set(timeZone, f);
  }
  return f.formatRange(new Date(s.starts_at), new Date(s.ends_at));
}

/** Shifts shaped for staff: site, zone, shift type and position resolved in a few queries. */
export async function summarizeShifts(
  db: Kysely<DB>,
  orgId: string,
  rows: readonly ShiftRow[],
): Promise<Map<string, ShiftSummary>> {
  const out = new Map<string, ShiftSummary>();
  if (rows.length === 0) return out;
  const typeIds = [...new Set(rows.flatMap((r) => (r.shift_type_id ? [r.shift_type_id] : [])))];
  const [sites, positions, types] = await Promise.all([
    siteSummaries(
      db,
      orgId,
      rows.map((r) => r.site_id),
    ),
    positionSummaries(
      db,
      orgId,
      rows.flatMap((r) => (r.position_id ? [r.position_id] : [])),
    ),
    typeIds.length
      ? db
          .selectFrom('shift_types')
          .select(['id', 'code', 'name', 'color'])
          .where('org_id', '=', orgId)
          .where('id', 'in', typeIds)
          .execute()
      : Promise.resolve([]),
  ]);
  const typeById = new Map(types.map((t) => [t.id, t]));
  for (const r of rows) {
    const site = sites.get(r.site_id);
    const type = r.shift_type_id ? typeById.get(r.shift_type_id) : undefined;
    const position = r.position_id ? positions.get(r.position_id) : undefined;
    out.set(r.id, {
      id: r.id,
      site: { id: r.site_id, name: site?.name ?? '—' },
      timeZone: site?.timeZone ?? 'UTC',
      date: r.date,
      startTime: r.start_time,
      endTime: r.end_time,
      start: r.starts_at,
      end: r.ends_at,
      breakMinutes: r.break_minutes,
      paidMinutes: r.paid_minutes,
      shiftType: type ? { id: type.id, code: type.code, name: type.name, color: type.color } : null,
      position: position ? { id: position.id, name: position.name } : null,
      notes: r.notes,
    });
  }
  return out;
}

/** A short name for a shift in messages: "Early (Machine Operator)". */
export function shiftLabel(s: ShiftSummary): string {
  const what = s.shiftType?.name ?? `${s.startTime}–${s.endTime}`;
  return s.position ? `${what} shift (${s.position.name})` : `${what} shift`;
}

const toRosterShift = (r: ShiftRow): RosterShift => ({
  id: r.id,
  employeeId: r.employee_id,
  siteId: r.site_id,
  date: r.date,
  start: Date.parse(r.starts_at),
  end: Date.parse(r.ends_at),
  paidMinutes: r.paid_minutes,
  shiftTypeId: r.shift_type_id,
  positionId: r.position_id,
});

/** One question: may `employeeId` take `shiftId`? */
export interface EligibilityCheck {
  shiftId: string;
  employeeId: string;
}

export interface EligibilityResult {
  eligible: boolean;
  /** every finding (blocking ones first), with the organization's severity */
  reasons: EligibilityReason[];
}

/**
 * Whether people may take shifts of one site, under the organization's rules: the engine's
 * `assignmentFindings` on the published roster of the weeks concerned, with `release` shifts
 * taken away from their current holder first (a swap: both give their shift up, then each
 * takes the other's — checked in order with `sequential`, so the second check sees the first
 * move; otherwise each check is on its own). Findings of
 * rules set to "error" block, and so does any overlap — also with a published shift of the person
 * at another site, which the site's roster does not hold.
 */
export async function checkEligibility(
  db: Kysely<DB>,
  orgId: string,
  input: {
    siteId: string;
    /** every shift involved (released or checked) */
    shifts: readonly ShiftRow[];
    /** shifts their current holder gives up before the checks */
    release: readonly string[];
    checks: readonly EligibilityCheck[];
    /** each check sees the assignments of the checks before it (a swap's two legs) */
    sequential?: boolean;
  },
): Promise<EligibilityResult[]> {
  if (input.checks.length === 0) return [];
  const settings = await loadSchedulingSettings(db, orgId);
  const dates = input.shifts.map((s) => s.date).sort();
  const from = weekStart(dates[0]!, settings.weekStartsOn);
  const to = addDays(weekStart(dates.at(-1)!, settings.weekStartsOn), 6);
  const employeeIds = [
    ...new Set([
      ...input.checks.map((c) => c.employeeId),
      ...input.shifts.flatMap((s) => (s.employee_id ? [s.employee_id] : [])),
    ]),
  ];
  const roster = await buildRosterInput(db, {
    orgId,
    siteId: input.siteId,
    from,
    to,
    employeeIds,
    includeDrafts: false,
    includePay: false,
  });
  const shifts = new Map(roster.shifts.map((s) => [s.id, { ...s }]));
  for (const row of input.shifts) if (!shifts.has(row.id)) shifts.set(row.id, toRosterShift(row));
  for (const id of input.release) {
    const s = shifts.get(id);
    if (s) s.employeeId = null;
  }
  const working: RosterInput = { ...roster, shifts: [...shifts.values()] };
  const severity = settings.severities as Record<string, string>;
  const results: EligibilityResult[] = [];
  for (const check of input.checks) {
    const reasons: EligibilityReason[] = [];
    for (const f of assignmentFindings(working, check.shiftId, check.employeeId)) {
      if (ROSTER_RULES.has(f.rule)) continue;
      const level = f.rule === 'overlap' ? 'error' : (severity[f.rule] ?? 'warning');
      if (level === 'off') continue;
      reasons.push({
        rule: f.rule,
        severity: level === 'error' ? 'error' : 'warning',
        message: f.message,
      });
    }
    const target = shifts.get(check.shiftId);
    if (target && !reasons.some((r) => r.rule === 'overlap')) {
      const clash = await overlappingShift(db, orgId, {
        employeeId: check.employeeId,
        start: new Date(target.start).toISOString(),
        end: new Date(target.end).toISOString(),
        except: [check.shiftId, ...input.release],
      });
      if (clash)
        reasons.push({
          rule: 'overlap',
          severity: 'error',
          message: `Overlaps another shift of the same person (${clash})`,
        });
    }
    reasons.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
    results.push({ eligible: !reasons.some((r) => r.severity === 'error'), reasons });
    // Later checks see this assignment (a swap's second leg).
    const s = shifts.get(check.shiftId);
    if (s && input.sequential) s.employeeId = check.employeeId;
  }
  return results;
}

/** A shift of the person (any site, draft or published) overlapping [start, end), as "Site, Wed …". */
async function overlappingShift(
  db: Kysely<DB>,
  orgId: string,
  q: { employeeId: string; start: string; end: string; except: readonly string[] },
): Promise<string | null> {
  const row = await db
    .selectFrom('shifts')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('employee_id', '=', q.employeeId)
    .where('starts_at', '<', q.end)
    .where('ends_at', '>', q.start)
    .where('id', 'not in', q.except.length ? [...q.except] : ['-'])
    .executeTakeFirst();
  if (!row) return null;
  const site = (await siteSummaries(db, orgId, [row.site_id])).get(row.site_id);
  return `${site?.name ?? 'another site'}, ${formatShift(row, site?.timeZone ?? 'UTC')}`;
}

/** Blocking reasons as field errors of the given field. */
export const reasonFields = (field: string, reasons: readonly EligibilityReason[]) =>
  reasons.filter((r) => r.severity === 'error').map((r) => ({ field, message: r.message }));

export type { SwapKind, SwapStatus };

/** 422: the member has no employee record, so there are no shifts of theirs to act on. */
export const noEmployee = () =>
  new KeelError(
    'unprocessable',
    'NO_EMPLOYEE_RECORD',
    'Your account is not linked to an employee record. Ask your coordinator to link it.',
  );
