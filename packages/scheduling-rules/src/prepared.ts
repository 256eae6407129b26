/**
 * The roster indexed once per call: shifts grouped by person and sorted by start, windows grouped
 * by person and sorted, lookups by id. Every rule works on this so a full check is O(n log n).
 */

import { DayCache } from './dates.js';
import type {
  AvailabilityWindow,
  Position,
  RosterEmployee,
  RosterInput,
  RosterShift,
  ShiftTypeInfo,
  TimeOffBlock,
  WorkRules,
} from './model.js';

/** A shift with its local date as a day number. */
export interface PShift {
  shift: RosterShift;
  /** the (possibly re-assigned) person */
  employeeId: string;
  day: number;
  context: boolean;
}

export interface Prepared {
  input: RosterInput;
  days: DayCache;
  fromDay: number;
  toDay: number;
  weekStartsOn: number;
  employees: Map<string, RosterEmployee>;
  shiftTypes: Map<string, ShiftTypeInfo>;
  positions: Map<string, Position>;
  /** assigned shifts per person, sorted by start, end, id */
  byEmployee: Map<string, PShift[]>;
  /** 'unavailable' windows per person, sorted by start */
  unavailable: Map<string, AvailabilityWindow[]>;
  /** approved time off per person, sorted by start */
  timeOff: Map<string, TimeOffBlock[]>;
}

/** Rules of a person who is not in `input.employees`: nothing but overlaps and windows apply. */
export const NO_RULES: WorkRules = {
  maxMinutesPerWeek: null,
  minShiftsPerPeriod: null,
  maxShiftsPerPeriod: null,
  maxConsecutiveDays: null,
  minConsecutiveDaysOff: null,
  minRestMinutes: null,
  maxWeekendsPerPeriod: null,
  maxShiftsOfType: [],
  overtimeAfterMinutesPerWeek: null,
  overtimeAfterMinutesPerDay: null,
  overtimeMultiplier: 1,
  allowSplitShifts: true,
};

export function compareShifts(a: PShift, b: PShift): number {
  return (
    a.shift.start - b.shift.start ||
    a.shift.end - b.shift.end ||
    (a.shift.id < b.shift.id ? -1 : a.shift.id > b.shift.id ? 1 : 0)
  );
}

function byStart<T extends { start: number; end: number }>(a: T, b: T): number {
  return a.start - b.start || a.end - b.end;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export interface PrepareOptions {
  /** only these people's shifts and windows are indexed (null = everybody) */
  employeeIds?: ReadonlySet<string> | null;
  /** treat this shift as assigned to this person (for `assignmentFindings`) */
  assign?: { shiftId: string; employeeId: string } | null;
}

export function prepare(input: RosterInput, options: PrepareOptions = {}): Prepared {
  const only = options.employeeIds ?? null;
  const assign = options.assign ?? null;
  const days = new DayCache();
  const employees = new Map<string, RosterEmployee>();
  for (const e of input.employees) employees.set(e.id, e);
  const shiftTypes = new Map<string, ShiftTypeInfo>();
  for (const t of input.shiftTypes) shiftTypes.set(t.id, t);
  const positions = new Map<string, Position>();
  for (const p of input.positions) positions.set(p.id, p);

  const byEmployee = new Map<string, PShift[]>();
  for (const shift of input.shifts) {
    const employeeId = assign && shift.id === assign.shiftId ? assign.employeeId : shift.employeeId;
    if (employeeId === null || (only && !only.has(employeeId))) continue;
    push(byEmployee, employeeId, {
      shift,
      employeeId,
      day: days.day(shift.date),
      context: shift.context === true,
    });
  }
  for (const list of byEmployee.values()) list.sort(compareShifts);

  const unavailable = new Map<string, AvailabilityWindow[]>();
  for (const w of input.availability) {
    if (w.kind !== 'unavailable' || (only && !only.has(w.employeeId))) continue;
    push(unavailable, w.employeeId, w);
  }
  for (const list of unavailable.values()) list.sort(byStart);
  const timeOff = new Map<string, TimeOffBlock[]>();
  for (const b of input.timeOff) {
    if (only && !only.has(b.employeeId)) continue;
    push(timeOff, b.employeeId, b);
  }
  for (const list of timeOff.values()) list.sort(byStart);

  return {
    input,
    days,
    fromDay: days.day(input.period.from),
    toDay: days.day(input.period.to),
    weekStartsOn: input.period.weekStartsOn,
    employees,
    shiftTypes,
    positions,
    byEmployee,
    unavailable,
    timeOff,
  };
}

export function rulesOf(pr: Prepared, employeeId: string): WorkRules {
  return pr.employees.get(employeeId)?.rules ?? NO_RULES;
}
