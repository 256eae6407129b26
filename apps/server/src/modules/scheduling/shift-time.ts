import { zonedTime } from '@keel/contracts';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Minutes after midnight of a local 'HH:MM'. */
export function minutesOfDay(time: string): number {
  const [h, m] = time.split(':');
  return Number(h) * 60 + Number(m);
}

/** Wall-clock instant (UTC fields = local fields) of a local date and 'HH:MM'. */
function wall(date: string, time: string): number {
  return Date.parse(`${date}T00:00:00Z`) + minutesOfDay(time) * MINUTE_MS;
}

/**
 * A shift's instants from its local date and wall-clock times in the site's zone: an end at or
 * before the start is on the next day; DST nights come out 7 or 9 hours long.
 * Callers refuse end = start (this function would read it as a 24-hour shift).
 */
export function shiftInstants(
  date: string,
  startTime: string,
  endTime: string,
  breakMinutes: number,
  timeZone: string,
): { startsAt: string; endsAt: string; start: number; end: number; paidMinutes: number } {
  const startWall = wall(date, startTime);
  let endWall = wall(date, endTime);
  if (endWall <= startWall) endWall += DAY_MS;
  const start = zonedTime.zonedInstant(startWall, timeZone);
  const end = zonedTime.zonedInstant(endWall, timeZone);
  const duration = Math.round((end - start) / MINUTE_MS);
  return {
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(end).toISOString(),
    start,
    end,
    paidMinutes: Math.max(0, duration - breakMinutes),
  };
}

/** Nominal paid minutes of a shift type (ignoring DST): duration − break. */
export function nominalPaidMinutes(startTime: string, endTime: string, breakMinutes: number) {
  let d = minutesOfDay(endTime) - minutesOfDay(startTime);
  if (d <= 0) d += 24 * 60;
  return Math.max(0, d - breakMinutes);
}
