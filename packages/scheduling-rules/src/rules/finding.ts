import type { Finding, LocalDate, RuleCode } from '../model.js';
import type { PShift } from '../prepared.js';

export function finding(
  rule: RuleCode,
  employeeIds: string[],
  shifts: readonly PShift[],
  date: LocalDate | null,
  message: string,
  details: Finding['details'],
): Finding {
  return { rule, employeeIds, shiftIds: shifts.map((s) => s.shift.id), date, message, details };
}

/** The date of the first of the shifts that is inside the period (the first one if none is). */
export function firstPeriodDate(shifts: readonly PShift[]): LocalDate | null {
  for (const s of shifts) if (!s.context) return s.shift.date;
  return shifts[0]?.shift.date ?? null;
}
