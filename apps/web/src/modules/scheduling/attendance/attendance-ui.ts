import { type AttendanceFlag, zonedTime } from '@keel/contracts';
import { useMe } from '../../../lib/session';
import { addDays, todayIn } from '../dates';

export { addDays, todayIn };

/** Minutes as "7:30 h". */
export function hoursLabel(minutes: number): string {
  const sign = minutes < 0 ? '−' : '';
  const m = Math.abs(Math.round(minutes));
  return `${sign}${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')} h`;
}

/** An instant as the value of a `datetime-local` input in a zone ('YYYY-MM-DDTHH:MM'). */
export function toLocalInput(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  return new Date(zonedTime.wallClock(Date.parse(iso), timeZone)).toISOString().slice(0, 16);
}

/** A `datetime-local` value read in a zone, as an ISO instant (null when empty or invalid). */
export function fromLocalInput(value: string, timeZone: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  return new Date(zonedTime.zonedInstant(Date.parse(`${value}:00Z`), timeZone)).toISOString();
}

/** Time-of-day and date formatters in a given zone, in the user's locale. */
export function useZoned(timeZone: string) {
  const me = useMe();
  const locale = me.user.locale ?? navigator.language ?? 'en-US';
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone });
  const day = new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
  return {
    time: (iso: string | null | undefined) => (iso ? time.format(new Date(iso)) : '—'),
    /** a calendar date such as "Wed, Nov 25" */
    day: (date: string) => day.format(new Date(`${date}T00:00:00Z`)),
    range: (a: string, b: string) => `${time.format(new Date(a))} – ${time.format(new Date(b))}`,
  };
}

export const FLAG_COLORS: Record<AttendanceFlag, string> = {
  late: 'orange',
  early: 'yellow',
  missed: 'red',
  not_clocked_in: 'pink',
  unscheduled: 'grape',
  open: 'blue',
  overtime: 'violet',
};
