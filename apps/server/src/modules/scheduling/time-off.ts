import { addDays, daysInclusive, isoWeekday, minutesOf } from './constraints.time.js';

/**
 * Time-off arithmetic (pure). An all-day request costs the person's contract day for each
 * weekday (Monday–Friday) it covers: contract hours per week / 5, or 8 hours without a contract;
 * a part-day request costs its own length.
 */

export const DEFAULT_WORKDAY_MINUTES = 8 * 60;

export function minutesPerWorkday(contractHoursPerWeek: number | null): number {
  if (!contractHoursPerWeek || contractHoursPerWeek <= 0) return DEFAULT_WORKDAY_MINUTES;
  return Math.round((contractHoursPerWeek * 60) / 5);
}

/** Monday–Friday dates from `from` to `to`, both included. */
export function workdayCount(from: string, to: string): number {
  const days = daysInclusive(from, to);
  let n = Math.floor(days / 7) * 5;
  for (let i = Math.floor(days / 7) * 7; i < days; i++) {
    if (isoWeekday(addDays(from, i)) <= 5) n++;
  }
  return n;
}

export interface TimeOffSpan {
  startDate: string;
  endDate: string;
  allDay: boolean;
  startTime: string | null;
  endTime: string | null;
}

export function requestMinutes(span: TimeOffSpan, perWorkday: number): number {
  if (!span.allDay && span.startTime && span.endTime)
    return Math.max(0, minutesOf(span.endTime) - minutesOf(span.startTime));
  return workdayCount(span.startDate, span.endDate) * perWorkday;
}

/**
 * The part of a request's minutes that falls in `year` (a request across New Year counts in
 * both, in proportion to its weekdays in each).
 */
export function minutesInYear(span: TimeOffSpan & { minutes: number }, year: number): number {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  const from = span.startDate > first ? span.startDate : first;
  const to = span.endDate < last ? span.endDate : last;
  if (from > to) return 0;
  if (from === span.startDate && to === span.endDate) return span.minutes;
  const total = workdayCount(span.startDate, span.endDate);
  if (total === 0) return 0;
  return Math.round((span.minutes * workdayCount(from, to)) / total);
}

/** Whether two requests take the same time (dates overlap; two part days must overlap in time). */
export function spansOverlap(a: TimeOffSpan, b: TimeOffSpan): boolean {
  if (a.startDate > b.endDate || b.startDate > a.endDate) return false;
  if (a.allDay || b.allDay || !a.startTime || !a.endTime || !b.startTime || !b.endTime) return true;
  return a.startTime < b.endTime && b.startTime < a.endTime;
}

/** Years a request touches. */
export function yearsOf(span: TimeOffSpan): number[] {
  const out: number[] = [];
  for (let y = Number(span.startDate.slice(0, 4)); y <= Number(span.endDate.slice(0, 4)); y++)
    out.push(y);
  return out;
}
