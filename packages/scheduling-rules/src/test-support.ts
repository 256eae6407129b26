/** Builders for the engine's tests (not exported by the package). */

import type {
  RosterEmployee,
  RosterInput,
  RosterShift,
  ShiftTypeInfo,
  WorkRules,
} from './model.js';

export const HOUR = 3_600_000;
export const MINUTE = 60_000;

/** Epoch ms of `date` + `hours` (UTC stands in for the site's zone: instants are given). */
export function at(date: string, hours: number): number {
  return Date.parse(`${date}T00:00:00Z`) + hours * HOUR;
}

export function noRules(overrides: Partial<WorkRules> = {}): WorkRules {
  return {
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
    overtimeMultiplier: 1.5,
    allowSplitShifts: true,
    ...overrides,
  };
}

export function employee(
  id: string,
  name: string,
  overrides: Partial<Omit<RosterEmployee, 'id' | 'name'>> = {},
): RosterEmployee {
  return { id, name, qualifications: [], rules: noRules(), hourlyRateMinor: 2000, ...overrides };
}

/** E 06–14, L 14–22, N 22–06 (next day). */
export const SHIFT_TYPES: ShiftTypeInfo[] = [
  { id: 'E', code: 'E', name: 'Early' },
  { id: 'L', code: 'L', name: 'Late' },
  { id: 'N', code: 'N', name: 'Night' },
];
const TIMES: Record<string, [number, number]> = { E: [6, 14], L: [14, 22], N: [22, 30] };

export function typedShift(
  id: string,
  employeeId: string | null,
  date: string,
  type: 'E' | 'L' | 'N',
  extra: Partial<RosterShift> = {},
): RosterShift {
  const [from, to] = TIMES[type]!;
  return {
    id,
    employeeId,
    siteId: 'site',
    date,
    start: at(date, from),
    end: at(date, to),
    paidMinutes: (to - from) * 60,
    shiftTypeId: type,
    positionId: null,
    ...extra,
  };
}

export function customShift(
  id: string,
  employeeId: string | null,
  date: string,
  fromHour: number,
  toHour: number,
  extra: Partial<RosterShift> = {},
): RosterShift {
  return {
    id,
    employeeId,
    siteId: 'site',
    date,
    start: at(date, fromHour),
    end: at(date, toHour),
    paidMinutes: Math.round((toHour - fromHour) * 60),
    shiftTypeId: null,
    positionId: null,
    ...extra,
  };
}

export function roster(overrides: Partial<RosterInput> = {}): RosterInput {
  return {
    period: { from: '2026-11-23', to: '2026-12-06', weekStartsOn: 1 },
    employees: [],
    positions: [],
    shiftTypes: SHIFT_TYPES,
    shifts: [],
    availability: [],
    timeOff: [],
    coverage: [],
    preferences: [],
    ...overrides,
  };
}
