import { zonedTime } from '@keel/contracts';
import { RRule } from '../../platform/rrule.js';

/**
 * Pure date logic of tasks: due instants in a time zone, "today" per time zone, and recurrence
 * (RRULE) occurrences. Dates are calendar dates (YYYY-MM-DD); recurrence works on floating dates
 * (UTC midnight stands for the date), so DST never shifts an occurrence to another day.
 */

const DAY_MS = 86_400_000;

/** The calendar date of `instant` in `tz`. */
export function localDate(instant: Date | number, tz: string): string {
  const wall = zonedTime.wallClock(typeof instant === 'number' ? instant : instant.getTime(), tz);
  return new Date(wall).toISOString().slice(0, 10);
}

/**
 * The instant a local date and time in `tz` names (contracts' `zonedTime`: a time skipped by a
 * DST change moves forward by the gap, as clocks do; an ambiguous one takes the earlier instant).
 */
export function zonedInstant(date: string, time: string, tz: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return new Date(zonedTime.zonedInstant(Date.UTC(y, m - 1, d, hh, mm), tz));
}

/** Adds `days` to a calendar date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday of a date: 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
  const wd = new Date(`${date}T00:00:00Z`).getUTCDay();
  return wd === 0 ? 7 : wd;
}

/**
 * When a task is due: its due time on its due date, or — date only — the last millisecond of the
 * due date in the task's time zone. null without a due date.
 */
export function dueInstant(
  dueDate: string | null,
  dueTime: string | null,
  tz: string,
): string | null {
  if (!dueDate) return null;
  if (dueTime) return zonedInstant(dueDate, dueTime, tz).toISOString();
  return new Date(zonedInstant(addDays(dueDate, 1), '00:00', tz).getTime() - 1).toISOString();
}

export type MyWorkBucket = 'overdue' | 'today' | 'upcoming' | 'noDate' | 'later';

/**
 * Where an open task goes in My work at `now`: overdue once its due instant has passed, today
 * when its due date is today in its own time zone, upcoming within the next 7 days.
 */
export function myWorkBucket(
  task: { dueDate: string | null; dueAt: string | null; timeZone: string },
  now: Date,
): MyWorkBucket {
  if (!task.dueDate || !task.dueAt) return 'noDate';
  if (Date.parse(task.dueAt) < now.getTime()) return 'overdue';
  const today = localDate(now, task.timeZone);
  if (task.dueDate <= today) return 'today';
  if (task.dueDate <= addDays(today, 7)) return 'upcoming';
  return 'later';
}

// ── Recurrence ───────────────────────────────────────────────────────────────

const NUM_LIST = (min: number, max: number) => (v: string) =>
  v.split(',').every((n) => {
    const k = Number(n);
    return /^[+-]?\d{1,3}$/.test(n) && k !== 0 && k >= min && k <= max;
  });

const RULE_PARTS: Record<string, (v: string) => boolean> = {
  FREQ: (v) => ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'].includes(v),
  INTERVAL: (v) => /^\d{1,3}$/.test(v) && Number(v) >= 1 && Number(v) <= 366,
  COUNT: (v) => /^\d{1,4}$/.test(v) && Number(v) >= 1 && Number(v) <= 5000,
  UNTIL: (v) =>
    /^\d{8}(T\d{6}Z?)?$/.test(v) &&
    !Number.isNaN(Date.parse(`${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}T00:00:00Z`)),
  BYDAY: (v) => v.split(',').every((d) => /^([+-]?[1-5]?\d)?(MO|TU|WE|TH|FR|SA|SU)$/.test(d)),
  BYMONTHDAY: NUM_LIST(-31, 31),
  BYMONTH: NUM_LIST(1, 12),
  BYSETPOS: NUM_LIST(-366, 366),
  BYYEARDAY: NUM_LIST(-366, 366),
  BYWEEKNO: NUM_LIST(-53, 53),
  WKST: (v) => ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'].includes(v),
};

export class RecurrenceError extends Error {}

/**
 * Checks an RRULE (RFC 5545, date-based frequencies only) and returns it normalised (upper case,
 * no `RRULE:` prefix). Throws RecurrenceError with a reason people can act on. The grammar is
 * checked here before the `rrule` package sees it: that package accepts some junk silently and
 * can loop on a malformed INTERVAL.
 */
export function normaliseRrule(input: string): string {
  const raw = input
    .trim()
    .replace(/^RRULE:/i, '')
    .toUpperCase();
  if (!raw) throw new RecurrenceError('must not be empty');
  const seen = new Set<string>();
  for (const part of raw.split(';')) {
    const [key, value, extra] = part.split('=');
    if (!key || value === undefined || extra !== undefined)
      throw new RecurrenceError(`"${part}" is not NAME=VALUE`);
    const check = RULE_PARTS[key];
    if (!check)
      throw new RecurrenceError(
        `${key} is not supported (use FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY, BYMONTH, BYSETPOS, WKST)`,
      );
    if (seen.has(key)) throw new RecurrenceError(`${key} appears twice`);
    seen.add(key);
    if (!check(value)) throw new RecurrenceError(`${key}=${value} is not valid`);
  }
  if (!seen.has('FREQ')) throw new RecurrenceError('needs FREQ (DAILY, WEEKLY, MONTHLY or YEARLY)');
  if (seen.has('COUNT') && seen.has('UNTIL'))
    throw new RecurrenceError('COUNT and UNTIL cannot both be set');
  try {
    RRule.parseString(raw);
  } catch (err) {
    throw new RecurrenceError(err instanceof Error ? err.message : 'is not a valid RRULE');
  }
  return raw;
}

const asDate = (d: string) => new Date(`${d}T00:00:00Z`);

function ruleFor(rule: string, dtstart: string) {
  return new RRule({ ...RRule.parseString(rule), dtstart: asDate(dtstart), tzid: null });
}

/**
 * The first occurrence of the series (started on `dtstart`) strictly after `after` and on or after
 * `notBefore`; null when the series has ended.
 */
export function nextOccurrence(
  rule: string,
  dtstart: string,
  after: string,
  notBefore: string | null = null,
): string | null {
  const r = ruleFor(rule, dtstart);
  const from = notBefore && addDays(notBefore, -1) > after ? addDays(notBefore, -1) : after;
  const next = r.after(asDate(from), false);
  return next ? next.toISOString().slice(0, 10) : null;
}

/** Occurrences of the series in [from, to] (dates, inclusive), at most `max`. */
export function occurrencesBetween(
  rule: string,
  dtstart: string,
  from: string,
  to: string,
  max = 50,
): string[] {
  const r = ruleFor(rule, dtstart);
  const out: string[] = [];
  r.between(asDate(from), asDate(to), true, (_d, i) => i < max).forEach((d) => {
    out.push(d.toISOString().slice(0, 10));
  });
  return out.slice(0, max);
}

/** Whether `date` is an occurrence of the series. */
export function isOccurrence(rule: string, dtstart: string, date: string): boolean {
  return occurrencesBetween(rule, dtstart, date, date, 1).length === 1;
}

/** Normalised labels: trimmed, lower case, inner spaces collapsed, unique, sorted. */
export function normaliseLabels(labels: readonly string[]): string[] {
  return [
    ...new Set(
      labels.map((l) => l.trim().toLowerCase().replace(/\s+/g, ' ')).filter((l) => l.length > 0),
    ),
  ].sort();
}
