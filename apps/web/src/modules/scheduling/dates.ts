import { zonedTime } from '@keel/contracts';
import { addDays, datesBetween, isoWeekday, weekStart } from '@keel/scheduling-rules';

/**
 * Local-date helpers of the scheduling pages: the rule engine's calendar arithmetic (one
 * implementation with the server) and "today" in a site's time zone.
 */
export { addDays, datesBetween, isoWeekday, weekStart };

/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(timeZone: string, now = Date.now()): string {
  return new Date(zonedTime.wallClock(now, timeZone)).toISOString().slice(0, 10);
}
