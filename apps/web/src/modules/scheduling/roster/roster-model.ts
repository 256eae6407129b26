/**
 * Pure helpers of the roster page: dates of the shown period, the shift indexes the grid reads
 * (person × date), local edits applied on top of the server's roster, and the live re-check with
 * the rule engine (the same one the server runs) after each local edit.
 */
import { type scheduling, zonedTime } from '@keel/contracts';
import {
  checkRoster,
  coverageCells,
  laborSummary,
  type RosterInput,
  type RosterShift,
  type RuleSeverities,
  withSeverity,
} from '@keel/scheduling-rules';
import { addDays, isoWeekday, todayIn, weekStart } from '../dates';

export { addDays, isoWeekday, todayIn, weekStart };

export type Roster = scheduling.Roster;
export type Shift = scheduling.Shift;
export type RFinding = scheduling.Finding;
export type CoverageCell = Roster['coverage'][number];
export type Labor = NonNullable<Roster['labor']>;

/** The row key of open (unassigned) shifts. */
export const OPEN = '__open__';

export function datesFrom(from: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addDays(from, i));
}

export const isWeekend = (date: string) => isoWeekday(date) >= 6;

export function minutesOf(time: string): number {
  const [h, m] = time.split(':');
  return Number(h) * 60 + Number(m);
}

/** Start and end instants (epoch ms) of a local date and times in a zone; end ≤ start = next day. */
export function shiftInstants(
  date: string,
  startTime: string,
  endTime: string,
  timeZone: string,
): { start: number; end: number } {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const s = minutesOf(startTime);
  let e = minutesOf(endTime);
  if (e <= s) e += 24 * 60;
  const startWall = Date.UTC(y, mo - 1, d, 0, s);
  const endWall = Date.UTC(y, mo - 1, d, 0, e);
  return {
    start: zonedTime.zonedInstant(startWall, timeZone),
    end: zonedTime.zonedInstant(endWall, timeZone),
  };
}

/** What a local edit changes on a shift; the same fields the API takes. */
export interface ShiftFields {
  date: string;
  startTime: string;
  endTime: string;
  breakMinutes: number;
  shiftTypeId: string | null;
  positionId: string | null;
  employeeId: string | null;
  notes: string | null;
}

/**
 * The shift as it will look after an edit, computed in the browser (times in the site's zone) so
 * the grid, the findings and the coverage follow at once; the server's answer replaces it.
 */
export function localShift(
  roster: Roster,
  base: Shift | null,
  fields: ShiftFields,
  id: string,
): Shift {
  const tz = roster.site.timeZone;
  const { start, end } = shiftInstants(fields.date, fields.startTime, fields.endTime, tz);
  const type = roster.shiftTypes.find((s) => s.id === fields.shiftTypeId) ?? null;
  const position = roster.positions.find((p) => p.id === fields.positionId) ?? null;
  const employee = roster.employees.find((e) => e.id === fields.employeeId) ?? null;
  const now = new Date().toISOString();
  const published = base?.status === 'published';
  return {
    id,
    createdAt: base?.createdAt ?? now,
    updatedAt: now,
    siteId: roster.site.id,
    timeZone: tz,
    date: fields.date,
    startTime: fields.startTime,
    endTime: fields.endTime,
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    breakMinutes: fields.breakMinutes,
    paidMinutes: Math.max(0, Math.round((end - start) / 60_000) - fields.breakMinutes),
    shiftType: type ? { id: type.id, code: type.code, name: type.name, color: type.color } : null,
    position: position ? { id: position.id, name: position.name } : null,
    employee: fields.employeeId
      ? { id: fields.employeeId, name: employee?.name ?? base?.employee?.name ?? '' }
      : null,
    notes: fields.notes,
    status: base?.status ?? 'draft',
    changedSincePublish: published ? true : (base?.changedSincePublish ?? false),
    publishedVersion: base?.publishedVersion ?? null,
  } as Shift;
}

export function fieldsOf(shift: Shift): ShiftFields {
  return {
    date: shift.date,
    startTime: shift.startTime,
    endTime: shift.endTime,
    breakMinutes: shift.breakMinutes,
    shiftTypeId: shift.shiftType?.id ?? null,
    positionId: shift.position?.id ?? null,
    employeeId: shift.employee?.id ?? null,
    notes: shift.notes,
  };
}

export function toEngineShift(shift: Shift): RosterShift {
  return {
    id: shift.id,
    employeeId: shift.employee?.id ?? null,
    siteId: shift.siteId,
    date: shift.date,
    start: Date.parse(shift.start),
    end: Date.parse(shift.end),
    paidMinutes: shift.paidMinutes,
    shiftTypeId: shift.shiftType?.id ?? null,
    positionId: shift.position?.id ?? null,
  };
}

const engineInputs = new WeakMap<Roster, RosterInput>();

/**
 * The rule engine's full input for a roster: the server sends each shift once (in `shifts`) and
 * only the context shifts in `input.shifts`, so the period's engine shifts are rebuilt here (same
 * instants, paid minutes and ids as the server's). Computed once per roster.
 */
export function engineInput(roster: Roster): RosterInput {
  let input = engineInputs.get(roster);
  if (!input) {
    input = {
      ...roster.input,
      shifts: [
        ...roster.shifts.map(toEngineShift),
        ...roster.input.shifts.filter((s) => s.context),
      ],
    };
    engineInputs.set(roster, input);
  }
  return input;
}

// ── Local edits ────────────────────────────────────────────────────────────

/** A change made in the browser and not yet confirmed by a fresh roster from the server. */
export type Edit =
  | { seq: number; kind: 'put'; shift: Shift; replaces: string | null; doneAt: number | null }
  | { seq: number; kind: 'delete'; shiftId: string; doneAt: number | null };

export interface Derived {
  shifts: Shift[];
  findings: (RFinding & { severity: 'error' | 'warning' })[];
  coverage: CoverageCell[];
  /** the server's labor; with local edits, `laborInput` is what to recompute it from */
  labor: Roster['labor'];
  laborInput: RosterInput | null;
  /** false when the engine failed in the browser (the server's findings are shown) */
  live: boolean;
}

const COVERAGE_RULES = new Set(['under_coverage', 'over_coverage']);

/**
 * The roster with the local edits applied, and its findings, coverage and labor. Without edits it
 * is the server's answer; with edits the engine re-checks the people and days they touch (the
 * other findings stay), and coverage and labor are recomputed.
 */
export function derive(roster: Roster, edits: readonly Edit[]): Derived {
  if (edits.length === 0) {
    return {
      shifts: roster.shifts,
      findings: roster.findings,
      coverage: roster.coverage,
      labor: roster.labor,
      laborInput: null,
      live: true,
    };
  }
  const byId = new Map(roster.shifts.map((s) => [s.id, s]));
  const full = engineInput(roster);
  const engineById = new Map(full.shifts.map((s) => [s.id, s]));
  const employees = new Set<string>();
  const dates = new Set<string>();
  const touch = (s: Shift | RosterShift | undefined) => {
    if (!s) return;
    const emp = 'employee' in s ? (s.employee?.id ?? null) : s.employeeId;
    if (emp) employees.add(emp);
    dates.add(s.date);
  };
  for (const edit of edits) {
    if (edit.kind === 'put') {
      const old = byId.get(edit.shift.id) ?? (edit.replaces ? byId.get(edit.replaces) : undefined);
      touch(old);
      touch(engineById.get(edit.shift.id));
      touch(edit.shift);
      if (edit.replaces) {
        byId.delete(edit.replaces);
        engineById.delete(edit.replaces);
      }
      byId.set(edit.shift.id, edit.shift);
      engineById.set(edit.shift.id, toEngineShift(edit.shift));
    } else {
      touch(byId.get(edit.shiftId));
      touch(engineById.get(edit.shiftId));
      byId.delete(edit.shiftId);
      engineById.delete(edit.shiftId);
    }
  }
  const shifts = [...byId.values()];
  const input = { ...full, shifts: [...engineById.values()] };
  try {
    const rechecked = withSeverity(
      checkRoster(input, { employeeIds: [...employees], dates: [...dates] }),
      roster.severities as RuleSeverities,
    );
    const kept = roster.findings.filter(
      (f) =>
        !f.employeeIds.some((e) => employees.has(e)) &&
        !(COVERAGE_RULES.has(f.rule) && f.date !== null && dates.has(f.date)),
    );
    return {
      shifts,
      findings: [...kept, ...rechecked],
      coverage: coverageCells(input),
      labor: roster.labor,
      laborInput: roster.labor ? input : null,
      live: true,
    };
  } catch {
    return {
      shifts,
      findings: roster.findings,
      coverage: roster.coverage,
      labor: roster.labor,
      laborInput: null,
      live: false,
    };
  }
}

// ── Indexes for the grid ───────────────────────────────────────────────────

export interface Badge {
  errors: number;
  warnings: number;
}

/** Shifts by row (employee id or OPEN) and date, sorted by start. */
export function indexShifts(shifts: readonly Shift[]): Map<string, Map<string, Shift[]>> {
  const rows = new Map<string, Map<string, Shift[]>>();
  for (const s of shifts) {
    const key = s.employee?.id ?? OPEN;
    let row = rows.get(key);
    if (!row) {
      row = new Map();
      rows.set(key, row);
    }
    const cell = row.get(s.date);
    if (cell) cell.push(s);
    else row.set(s.date, [s]);
  }
  for (const row of rows.values()) {
    for (const cell of row.values()) cell.sort((a, b) => a.start.localeCompare(b.start));
  }
  return rows;
}

/** Error and warning counts per shift id. */
export function badgesByShift(findings: Derived['findings']): Map<string, Badge> {
  const out = new Map<string, Badge>();
  for (const f of findings) {
    for (const id of f.shiftIds) {
      const b = out.get(id) ?? { errors: 0, warnings: 0 };
      if (f.severity === 'error') b.errors++;
      else b.warnings++;
      out.set(id, b);
    }
  }
  return out;
}

/** A short signature of a row's content: equal signatures render the same row. */
export function rowSignature(
  row: Map<string, Shift[]> | undefined,
  badges: Map<string, Badge>,
): string {
  if (!row) return '';
  const parts: string[] = [];
  for (const [date, cell] of row) {
    for (const s of cell) {
      const b = badges.get(s.id);
      parts.push(
        `${date}|${s.id}|${s.startTime}|${s.endTime}|${s.status}|${s.changedSincePublish}|${s.shiftType?.id}|${s.position?.id}|${s.updatedAt}|${b ? `${b.errors}.${b.warnings}` : ''}`,
      );
    }
  }
  return parts.join(';');
}

/** Paid minutes per person and week start. */
export function weeklyMinutes(
  shifts: readonly Shift[],
  from: string,
  weekStartsOn: number,
): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const s of shifts) {
    if (!s.employee || s.date < from) continue;
    const week = weekStart(s.date, weekStartsOn);
    let m = out.get(s.employee.id);
    if (!m) {
      m = new Map();
      out.set(s.employee.id, m);
    }
    m.set(week, (m.get(week) ?? 0) + s.paidMinutes);
  }
  return out;
}

export type CoverageState = 'under' | 'ok' | 'over';
export function coverageState(c: { scheduled: number; min: number; ideal: number }): CoverageState {
  if (c.scheduled < c.min) return 'under';
  if (c.scheduled > Math.max(c.ideal, c.min)) return 'over';
  return 'ok';
}

export const hours = (minutes: number) => Math.round((minutes / 60) * 10) / 10;

/**
 * Labor of the roster as shown: the server's, or recomputed from the edited input. The grid
 * computes it at a lower priority (deferred) so a move is not held up by the cost totals.
 */
export function laborOf(labor: Roster['labor'], laborInput: RosterInput | null): Roster['labor'] {
  if (!labor || !laborInput) return labor;
  try {
    return laborSummary(laborInput);
  } catch {
    return labor;
  }
}
