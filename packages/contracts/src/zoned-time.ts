/**
 * Wall-clock time in an IANA time zone ↔ instants, with no dependencies, for the server and the
 * browser alike: booking times are entered and shown the way people at the site read them.
 * A wall time is written as a UTC timestamp carrying the same fields.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time of an instant in a zone, as a UTC timestamp with the same fields. */
export function wallClock(instant: number, timeZone: string): number {
  const p = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(instant))
      .map((x) => [x.type, x.value]),
  );
  return Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
}

const HALF_DAY_MS = 12 * 3_600_000;

/**
 * The instant a wall-clock time (given as a UTC timestamp with those fields) happens in a zone.
 * A time skipped by a DST jump moves forward by the jump (02:30 on a spring-forward night is
 * 03:30); a time that happens twice (the fall-back hour) takes the earlier instant. Zones change
 * offset at most once within half a day on either side, so the two offsets around the wall time
 * are the only candidates.
 */
export function zonedInstant(wall: number, timeZone: string): number {
  const offsets = [
    wallClock(wall - HALF_DAY_MS, timeZone) - (wall - HALF_DAY_MS),
    wallClock(wall + HALF_DAY_MS, timeZone) - (wall + HALF_DAY_MS),
  ];
  let best: number | null = null;
  for (const off of offsets) {
    const instant = wall - off;
    if (wallClock(instant, timeZone) === wall && (best === null || instant < best)) best = instant;
  }
  // In a DST gap: the earlier (pre-jump) offset applied to the wall time lands after the gap.
  return best ?? wall - Math.min(...offsets);
}
