import { resources, zonedTime } from '@keel/contracts';
import { RRule, type RRuleOptions, Weekday } from '../../platform/rrule.js';

/**
 * Pure scheduling logic of resource booking: interval overlap with buffers, capacity of a pool
 * over time, time-zone wall clock ↔ instant, and RRULE expansion in a site's time zone.
 */

export interface Interval {
  start: number;
  end: number;
}
export interface Held extends Interval {
  quantity: number;
}

/** Half-open intervals overlap when each starts before the other ends (touching is fine). */
export const overlaps = (a: Interval, b: Interval): boolean => a.start < b.end && b.start < a.end;

/**
 * The most units held at any instant of `window` by `held` (each interval [start, end)).
 * A sweep over the start/end points inside the window.
 */
export function peakLoad(held: Held[], window: Interval): number {
  const points: [number, number][] = [];
  for (const h of held) {
    if (!overlaps(h, window)) continue;
    points.push([Math.max(h.start, window.start), h.quantity]);
    points.push([Math.min(h.end, window.end), -h.quantity]);
  }
  // Ends before starts at the same instant: touching intervals do not add up.
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let load = 0;
  let peak = 0;
  for (const [, delta] of points) {
    load += delta;
    if (load > peak) peak = load;
  }
  return peak;
}

/**
 * Whether `quantity` more units fit during `want` next to the `held` bookings of a resource of
 * `capacity` units with `bufferMs` kept free after each booking. Each booking occupies
 * [start, end + buffer), which keeps the buffer between any two bookings of the same unit.
 * Returns null when it fits, else the held bookings near it (empty when the quantity alone is
 * more than the capacity).
 */
export function capacityClash<T extends Held>(
  held: T[],
  want: Held,
  capacity: number,
  bufferMs: number,
): T[] | null {
  const occupied = (i: Interval): Interval => ({ start: i.start, end: i.end + bufferMs });
  const window = occupied(want);
  const near = held.filter((h) => overlaps(occupied(h), window));
  if (near.length === 0) return want.quantity <= capacity ? null : near;
  const load = peakLoad(
    near.map((h) => ({ ...occupied(h), quantity: h.quantity })),
    window,
  );
  return load + want.quantity <= capacity ? null : near;
}

// ── Time zones ─────────────────────────────────────────────────────────────

// One implementation for the server and the browser (packages/contracts/src/zoned-time.ts).
export const { wallClock, zonedInstant } = zonedTime;

// ── Recurrence ─────────────────────────────────────────────────────────────

export class RecurrenceError extends Error {}

const ALLOWED = new Set(['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYDAY', 'BYMONTHDAY', 'WKST']);
const FREQS: Record<string, number> = {
  DAILY: RRule.DAILY,
  WEEKLY: RRule.WEEKLY,
  MONTHLY: RRule.MONTHLY,
};

/**
 * The starts of a recurring booking: `rule` (an RRULE without DTSTART, e.g.
 * `FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10`) expanded from `start`, in the site's wall-clock time so a
 * 09:00 meeting stays at 09:00 across daylight-saving changes. The first occurrence is `start`
 * itself when the rule matches it. At most resources.MAX_OCCURRENCES; a rule without COUNT or UNTIL, with
 * an unknown part, or producing more is refused.
 */
export function expandRecurrence(rule: string, start: number, timeZone: string): number[] {
  const text = rule.trim().replace(/^RRULE:/i, '');
  const parts = new Map<string, string>();
  for (const piece of text.split(';')) {
    if (!piece) continue;
    const [key, value, ...rest] = piece.split('=');
    if (!key || value === undefined || rest.length > 0 || value === '')
      throw new RecurrenceError(`“${piece}” is not a NAME=VALUE part`);
    const name = key.toUpperCase();
    if (!ALLOWED.has(name)) throw new RecurrenceError(`${name} is not supported`);
    if (parts.has(name)) throw new RecurrenceError(`${name} is given twice`);
    parts.set(name, value.toUpperCase());
  }
  const freq = parts.get('FREQ');
  if (!freq || !(freq in FREQS)) throw new RecurrenceError('FREQ must be DAILY, WEEKLY or MONTHLY');
  if (!parts.has('COUNT') && !parts.has('UNTIL'))
    throw new RecurrenceError('give COUNT or UNTIL so the series ends');
  if (parts.has('COUNT') && parts.has('UNTIL'))
    throw new RecurrenceError('give COUNT or UNTIL, not both');

  const wallStart = wallClock(start, timeZone);
  const options: Partial<RRuleOptions> = {
    freq: FREQS[freq]!,
    dtstart: new Date(wallStart),
  };
  const interval = parts.get('INTERVAL');
  if (interval !== undefined) {
    if (!/^\d{1,3}$/.test(interval) || Number(interval) < 1)
      throw new RecurrenceError('INTERVAL must be a whole number from 1');
    options.interval = Number(interval);
  }
  const count = parts.get('COUNT');
  if (count !== undefined) {
    if (!/^\d{1,4}$/.test(count) || Number(count) < 1)
      throw new RecurrenceError('COUNT must be a whole number from 1');
    if (Number(count) > resources.MAX_OCCURRENCES)
      throw new RecurrenceError(`at most ${resources.MAX_OCCURRENCES} occurrences`);
    options.count = Number(count);
  }
  const until = parts.get('UNTIL');
  if (until !== undefined) {
    const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/.exec(until);
    if (!m) throw new RecurrenceError('UNTIL must be a date as YYYYMMDD');
    const [, y, mo, d, h, mi, s] = m;
    const date = Date.UTC(Number(y), Number(mo) - 1, Number(d));
    if (new Date(date).getUTCDate() !== Number(d))
      throw new RecurrenceError('UNTIL is not a real date');
    // A date-only UNTIL includes that whole day (in the site's time zone).
    options.until = new Date(
      h === undefined
        ? date + 86_400_000 - 1000
        : date + ((Number(h) * 60 + Number(mi)) * 60 + Number(s)) * 1000,
    );
    if (options.until.getTime() < wallStart) throw new RecurrenceError('UNTIL is before the start');
  }
  const byday = parts.get('BYDAY');
  if (byday !== undefined) {
    const days = byday.split(',');
    const map: Record<string, number> = { MO: 0, TU: 1, WE: 2, TH: 3, FR: 4, SA: 5, SU: 6 };
    const out: Weekday[] = [];
    for (const day of days) {
      const m = /^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$/.exec(day);
      if (!m) throw new RecurrenceError(`BYDAY ${day} is not a weekday such as MO`);
      if (m[1] && freq !== 'MONTHLY')
        throw new RecurrenceError('BYDAY with a number needs FREQ=MONTHLY');
      const wd = map[m[2]!]!;
      out.push(m[1] ? new Weekday(wd, Number(m[1])) : new Weekday(wd));
    }
    options.byweekday = out;
  }
  const bymonthday = parts.get('BYMONTHDAY');
  if (bymonthday !== undefined) {
    const days = bymonthday.split(',').map((v) => {
      if (!/^-?\d{1,2}$/.test(v) || Number(v) === 0 || Math.abs(Number(v)) > 31)
        throw new RecurrenceError(`BYMONTHDAY ${v} is not a day of the month`);
      return Number(v);
    });
    if (freq !== 'MONTHLY') throw new RecurrenceError('BYMONTHDAY needs FREQ=MONTHLY');
    options.bymonthday = days;
  }
  const wkst = parts.get('WKST');
  if (wkst !== undefined) {
    const map: Record<string, number> = { MO: 0, TU: 1, WE: 2, TH: 3, FR: 4, SA: 5, SU: 6 };
    if (!(wkst in map)) throw new RecurrenceError('WKST must be a weekday such as MO');
    options.wkst = map[wkst]!;
  }

  let rrule: RRule;
  try {
    rrule = new RRule(options);
  } catch (err) {
    throw new RecurrenceError(err instanceof Error ? err.message : 'is not a valid RRULE');
  }
  const walls = rrule.all((_d, i) => i <= resources.MAX_OCCURRENCES);
  if (walls.length > resources.MAX_OCCURRENCES)
    throw new RecurrenceError(`at most ${resources.MAX_OCCURRENCES} occurrences`);
  if (walls.length === 0) throw new RecurrenceError('produces no occurrence');
  return walls.map((d) => zonedInstant(d.getTime(), timeZone));
}
