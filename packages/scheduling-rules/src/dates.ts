/**
 * Calendar arithmetic on local dates `YYYY-MM-DD` (no time zone involved: a local date is a day
 * number). Internally the engine works with day numbers (days since 1970-01-01).
 */

import type { LocalDate } from './model.js';

const MS_PER_DAY = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for a `YYYY-MM-DD` date. Throws on anything else. */
export function dayNumber(date: LocalDate): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new Error(`Not a local date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY;
}

/** `YYYY-MM-DD` of a day number. */
export function dateOfDay(day: number): LocalDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The date `n` days after (negative: before) `date`. */
export function addDays(date: LocalDate, n: number): LocalDate {
  return dateOfDay(dayNumber(date) + n);
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOfDay(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  return weekdayOfDay(dayNumber(date));
}

/** Day number of the first day of the week containing `day`, weeks starting on `weekStartsOn`. */
export function weekStartDay(day: number, weekStartsOn: number): number {
  return day - ((weekdayOfDay(day) - weekStartsOn + 7) % 7);
}

/** First date of the week containing `date`; `weekStartsOn` 1 = Monday … 7 = Sunday. */
export function weekStart(date: LocalDate, weekStartsOn: number): LocalDate {
  if (!Number.isInteger(weekStartsOn) || weekStartsOn < 1 || weekStartsOn > 7) {
    throw new Error(`weekStartsOn must be 1–7, got ${weekStartsOn}`);
  }
  return dateOfDay(weekStartDay(dayNumber(date), weekStartsOn));
}

/** Every date from `from` to `to`, both included (empty when `to` is before `from`). */
export function datesBetween(from: LocalDate, to: LocalDate): LocalDate[] {
  const a = dayNumber(from);
  const b = dayNumber(to);
  const out: LocalDate[] = [];
  for (let d = a; d <= b; d++) out.push(dateOfDay(d));
  return out;
}

/**
 * A per-call cache of date ↔ day number conversions: a roster has thousands of shifts but only a
 * few dozen distinct dates.
 */
export class DayCache {
  private readonly toDay = new Map<string, number>();
  private readonly toDate = new Map<number, string>();

  day(date: LocalDate): number {
    let d = this.toDay.get(date);
    if (d === undefined) {
      d = dayNumber(date);
      this.toDay.set(date, d);
      this.toDate.set(d, date);
    }
    return d;
  }

  date(day: number): LocalDate {
    let s = this.toDate.get(day);
    if (s === undefined) {
      s = dateOfDay(day);
      this.toDate.set(day, s);
      this.toDay.set(s, day);
    }
    return s;
  }
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return dayNumber(to) - dayNumber(from);
}
