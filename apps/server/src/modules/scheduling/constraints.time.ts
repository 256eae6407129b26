import { zonedTime } from '@keel/contracts';
import { addDays, datesBetween, isoWeekday } from '@keel/scheduling-rules';

/** Local-date arithmetic: the engine's, one implementation for the whole module. */
export { addDays, datesBetween, isoWeekday };

/** Calendar arithmetic on local dates `YYYY-MM-DD` (day numbers; no time zone involved). */
const MS_PER_DAY = 86_400_000;

function dayNumber(date: string): number {
  return (
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) /
    MS_PER_DAY
  );
}

/** Days from `from` to `to`, both included (0 when `to` is before `from`). */
export const daysInclusive = (from: string, to: string): number =>
  Math.max(0, dayNumber(to) - dayNumber(from) + 1);

/** Minutes since midnight of 'HH:MM'. */
export const minutesOf = (time: string): number =>
  Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** The instant a local date + 'HH:MM' happens in a zone (DST-correct). */
export function localInstant(date: string, time: string, timeZone: string): number {
  const wall = dayNumber(date) * MS_PER_DAY + minutesOf(time) * 60_000;
  return zonedTime.zonedInstant(wall, timeZone);
}

/**
 * Start and end instants of a local interval on `date`: end <= start means it ends the next day.
 */
export function intervalInstants(
  date: string,
  start: string,
  end: string,
  timeZone: string,
): { start: number; end: number } {
  const crosses = minutesOf(end) <= minutesOf(start);
  return {
    start: localInstant(date, start, timeZone),
    end: localInstant(crosses ? addDays(date, 1) : date, end, timeZone),
  };
}

export const WEEKDAY_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
