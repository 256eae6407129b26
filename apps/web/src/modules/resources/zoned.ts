/**
 * Wall-clock times in a site's time zone ↔ instants, for entering and showing booking times the
 * way people at the site read them (not in the browser's zone).
 */

import { zonedTime } from '@keel/contracts';

// One implementation for the server and the browser (packages/contracts/src/zoned-time.ts).
export const { wallClock, zonedInstant } = zonedTime;

const pad = (n: number) => String(n).padStart(2, '0');

/** `{ date: 'YYYY-MM-DD', time: 'HH:MM' }` of an instant in a zone. */
export function toLocalParts(iso: string | number, timeZone: string) {
  const w = new Date(wallClock(typeof iso === 'number' ? iso : Date.parse(iso), timeZone));
  return {
    date: `${w.getUTCFullYear()}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}`,
    time: `${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}`,
  };
}

/** The instant of a local date and time in a zone, as ISO; null when either is malformed. */
export function fromLocalParts(date: string, time: string, timeZone: string): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  if (Number.isNaN(wall)) return null;
  return new Date(zonedInstant(wall, timeZone)).toISOString();
}

/** Today's date (YYYY-MM-DD) in a zone. */
export const todayIn = (timeZone: string) => toLocalParts(Date.now(), timeZone).date;

/** A YYYY-MM-DD date moved by `days`. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The Monday of the week of a YYYY-MM-DD date. */
export function mondayOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return addDays(date, -((d.getUTCDay() + 6) % 7));
}

/** Formats an instant's time (and optionally its date) in a zone for the user's locale. */
export function formatInZone(
  iso: string,
  timeZone: string,
  locale: string,
  options: Intl.DateTimeFormatOptions,
): string {
  try {
    return new Intl.DateTimeFormat(locale, { timeZone, ...options }).format(new Date(iso));
  } catch {
    return iso;
  }
}

/** "Thu, Nov 26, 10:00 – 11:30" in the zone. */
export function formatRangeInZone(
  start: string,
  end: string,
  timeZone: string,
  locale: string,
  withZone = false,
) {
  try {
    return new Intl.DateTimeFormat(locale, {
      timeZone,
      weekday: 'short',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      ...(withZone ? { timeZoneName: 'short' as const } : {}),
    }).formatRange(new Date(start), new Date(end));
  } catch {
    return `${start} – ${end}`;
  }
}
