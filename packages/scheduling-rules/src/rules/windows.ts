/** Rules against a person's windows: availability ('unavailable' only) and approved time off. */

import { personName, shiftLabel } from '../messages.js';
import type { Finding } from '../model.js';
import type { Prepared, PShift } from '../prepared.js';
import { finding } from './finding.js';

interface Window {
  start: number;
  end: number;
  label: string;
}

/** Index of the first window starting at or after `t` (windows sorted by start). */
function firstStartingAtOrAfter(windows: readonly Window[], t: number): number {
  let lo = 0;
  let hi = windows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (windows[mid]!.start < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Calls `hit` for each window intersecting [start, end) of each shift inside the period. */
function intersections(
  shifts: readonly PShift[],
  windows: readonly Window[],
  hit: (s: PShift, w: Window) => void,
): void {
  // The longest window bounds how far back a window can start and still reach a shift.
  let longest = 0;
  for (const w of windows) longest = Math.max(longest, w.end - w.start);
  for (const s of shifts) {
    if (s.context) continue;
    const endIdx = firstStartingAtOrAfter(windows, s.shift.end);
    for (let i = firstStartingAtOrAfter(windows, s.shift.start - longest); i < endIdx; i++) {
      const w = windows[i]!;
      if (w.end > s.shift.start) hit(s, w);
    }
  }
}

export function windowRules(
  pr: Prepared,
  employeeId: string,
  shifts: readonly PShift[],
  out: Finding[],
): void {
  const name = personName(pr, employeeId);
  const unavailable = pr.unavailable.get(employeeId);
  if (unavailable) {
    intersections(shifts, unavailable, (s, w) => {
      out.push(
        finding(
          'availability',
          [employeeId],
          [s],
          s.shift.date,
          `${name} is unavailable during ${shiftLabel(pr, s)}: ${w.label}.`,
          { label: w.label, windowStart: w.start, windowEnd: w.end },
        ),
      );
    });
  }
  const timeOff = pr.timeOff.get(employeeId);
  if (timeOff) {
    intersections(shifts, timeOff, (s, w) => {
      out.push(
        finding(
          'time_off',
          [employeeId],
          [s],
          s.shift.date,
          `${name} has approved time off (${w.label}) during ${shiftLabel(pr, s)}.`,
          { label: w.label, windowStart: w.start, windowEnd: w.end },
        ),
      );
    });
  }
}
