/** Plain-English pieces of finding messages. */

import type { Prepared, PShift } from './prepared.js';

/** The person's name, or their id when they are not in `input.employees`. */
export function personName(pr: Prepared, employeeId: string): string {
  return pr.employees.get(employeeId)?.name ?? employeeId;
}

/** `N` (the shift type code), or null for a shift without a known type. */
export function typeCode(pr: Prepared, shiftTypeId: string | null): string | null {
  if (shiftTypeId === null) return null;
  return pr.shiftTypes.get(shiftTypeId)?.code ?? null;
}

/** "the N shift on 2026-11-24" (or "the shift on 2026-11-24" without a known type). */
export function shiftLabel(pr: Prepared, s: PShift): string {
  const code = typeCode(pr, s.shift.shiftTypeId);
  return code ? `the ${code} shift on ${s.shift.date}` : `the shift on ${s.shift.date}`;
}

/** "8 h 0 min" — an actual figure. */
export function duration(minutes: number): string {
  const m = Math.round(minutes);
  const sign = m < 0 ? '-' : '';
  const a = Math.abs(m);
  return `${sign}${Math.floor(a / 60)} h ${a % 60} min`;
}

/** "11 h" or "7 h 30 min" — a limit. */
export function limit(minutes: number): string {
  const m = Math.round(minutes);
  return m % 60 === 0 ? `${m / 60} h` : duration(m);
}

/** "1 day", "3 days". */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** "2026-11-25" or "2026-11-25 to 2026-11-27". */
export function dateRange(from: string, to: string): string {
  return from === to ? from : `${from} to ${to}`;
}
