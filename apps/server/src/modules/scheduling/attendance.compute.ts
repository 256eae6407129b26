import type { AttendanceFlag } from '@keel/contracts';
import { zonedTime } from '@keel/contracts';
import { addDays, daysBetween } from '@keel/scheduling-rules';

// Pure attendance arithmetic: worked and break minutes, flags against the schedule, pay periods.
// No database, no clock: `now` is passed in.

export const MINUTE = 60_000;

export interface Interval {
  start: number;
  /** null = still running (counts up to `now`) */
  end: number | null;
}

export interface EntryTimes extends Interval {
  breaks: Interval[];
}

/** Break minutes of an entry, each break clipped to the entry and to `now`. */
export function breakMs(e: EntryTimes, now: number): number {
  const entryEnd = e.end ?? now;
  let ms = 0;
  for (const b of e.breaks) {
    const s = Math.max(b.start, e.start);
    const t = Math.min(b.end ?? now, entryEnd);
    if (t > s) ms += t - s;
  }
  return ms;
}

/** Clocked time minus breaks, in ms; an open entry counts up to `now`. */
export function workedMs(e: EntryTimes, now: number): number {
  const span = Math.max(0, (e.end ?? now) - e.start);
  return Math.max(0, span - breakMs(e, now));
}

export const toMinutes = (ms: number) => Math.round(ms / MINUTE);

export interface ShiftTimes {
  start: number;
  end: number;
  paidMinutes: number;
}

export interface RowResult {
  actualIn: number | null;
  actualOut: number | null;
  breakMinutes: number;
  workedMinutes: number;
  scheduledMinutes: number;
  lateMinutes: number;
  earlyMinutes: number;
  extraMinutes: number;
  flags: AttendanceFlag[];
}

/**
 * One actual-vs-scheduled row: a published shift with the entries matched to it (or an
 * unscheduled entry when `shift` is null). Late: first clock-in after start + grace. Early: the
 * last entry clocked out before end − grace. Missed: nobody clocked in and the shift has ended;
 * before its end (and past start + grace) it is `not_clocked_in`. Overtime: worked more than the
 * scheduled paid minutes + grace.
 */
export function attendanceRow(
  shift: ShiftTimes | null,
  entries: readonly EntryTimes[],
  now: number,
  graceMinutes: number,
): RowResult {
  const grace = graceMinutes * MINUTE;
  const sorted = [...entries].sort((a, b) => a.start - b.start);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const open = sorted.some((e) => e.end === null);
  const actualIn = first ? first.start : null;
  const actualOut = last && !open ? last.end : null;
  const breakMinutes = toMinutes(sorted.reduce((s, e) => s + breakMs(e, now), 0));
  const workedMinutes = toMinutes(sorted.reduce((s, e) => s + workedMs(e, now), 0));
  const flags: AttendanceFlag[] = [];
  let lateMinutes = 0;
  let earlyMinutes = 0;
  let extraMinutes = 0;
  const scheduledMinutes = shift?.paidMinutes ?? 0;
  if (!shift) {
    flags.push('unscheduled');
    extraMinutes = workedMinutes;
  } else if (actualIn === null) {
    if (now >= shift.end) flags.push('missed');
    else if (now > shift.start + grace) flags.push('not_clocked_in');
  } else {
    if (actualIn > shift.start + grace) {
      flags.push('late');
      lateMinutes = toMinutes(actualIn - shift.start);
    }
    if (actualOut !== null && actualOut < shift.end - grace) {
      flags.push('early');
      earlyMinutes = toMinutes(shift.end - actualOut);
    }
    extraMinutes = Math.max(0, workedMinutes - scheduledMinutes);
    if (extraMinutes > graceMinutes) flags.push('overtime');
  }
  if (open) flags.push('open');
  return {
    actualIn,
    actualOut,
    breakMinutes,
    workedMinutes,
    scheduledMinutes,
    lateMinutes,
    earlyMinutes,
    extraMinutes,
    flags,
  };
}

// ── Local dates ─────────────────────────────────────────────────────────────

export { addDays, daysBetween };

/** The local date of an instant in a zone. */
export const localDate = (instant: number, timeZone: string) =>
  new Date(zonedTime.wallClock(instant, timeZone)).toISOString().slice(0, 10);

/** The instant a local date starts (local midnight, or the first instant after a DST gap). */
export const dayStart = (date: string, timeZone: string) =>
  zonedTime.zonedInstant(Date.parse(`${date}T00:00:00Z`), timeZone);

/** The pay period (first and last local date) that contains `date`. */
export function payPeriodOf(date: string, days: number, anchor: string) {
  const k = Math.floor(daysBetween(anchor, date) / days);
  const from = addDays(anchor, k * days);
  return { from, to: addDays(from, days - 1) };
}

/** Whether `date` starts a pay period. */
export const isPeriodStart = (date: string, days: number, anchor: string) =>
  ((daysBetween(anchor, date) % days) + days) % days === 0;
