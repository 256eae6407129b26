/** Rules between two shifts of one person: overlap, split_shift, rest. */

import { duration, limit, personName, shiftLabel, typeCode } from '../messages.js';
import type { Finding, WorkRules } from '../model.js';
import type { Prepared, PShift } from '../prepared.js';
import { finding, firstPeriodDate } from './finding.js';

const MINUTE = 60_000;

export function pairRules(
  pr: Prepared,
  employeeId: string,
  shifts: readonly PShift[],
  rules: WorkRules,
  out: Finding[],
): void {
  const n = shifts.length;
  if (n < 2) return;
  const name = personName(pr, employeeId);

  // overlap — shifts are sorted by start, so the shifts overlapping `a` follow it directly.
  let overlapping: Set<string> | null = null;
  for (let i = 0; i < n; i++) {
    const a = shifts[i]!;
    for (let j = i + 1; j < n; j++) {
      const b = shifts[j]!;
      if (b.shift.start >= a.shift.end) break;
      overlapping ??= new Set();
      overlapping.add(`${i}:${j}`);
      if (a.context && b.context) continue;
      const minutes = (Math.min(a.shift.end, b.shift.end) - b.shift.start) / MINUTE;
      out.push(
        finding(
          'overlap',
          [employeeId],
          [a, b],
          firstPeriodDate([a, b]),
          `${name} would work overlapping shifts: ${shiftLabel(pr, a)} and ${shiftLabel(pr, b)} overlap by ${duration(minutes)}.`,
          { overlapMinutes: minutes },
        ),
      );
    }
  }

  // split_shift — two shifts on one local date that do not overlap.
  if (!rules.allowSplitShifts) {
    for (let i = 0; i < n; i++) {
      const a = shifts[i]!;
      for (let j = i + 1; j < n; j++) {
        const b = shifts[j]!;
        if (b.day !== a.day || (a.context && b.context) || overlapping?.has(`${i}:${j}`)) continue;
        const ca = typeCode(pr, a.shift.shiftTypeId);
        const cb = typeCode(pr, b.shift.shiftTypeId);
        out.push(
          finding(
            'split_shift',
            [employeeId],
            [a, b],
            a.shift.date,
            `${name} would work two shifts on ${a.shift.date} (${ca ? `the ${ca} shift` : 'a shift'} and ${cb ? `the ${cb} shift` : 'another shift'}); split shifts are not allowed.`,
            { shifts: 2 },
          ),
        );
      }
    }
  }

  // rest — between each shift and the next one that does not overlap it.
  const minRest = rules.minRestMinutes;
  if (minRest !== null) {
    for (let i = 0; i + 1 < n; i++) {
      const a = shifts[i]!;
      const b = shifts[i + 1]!;
      if (a.context && b.context) continue;
      if (b.shift.start < a.shift.end) continue;
      // The parts of an allowed split shift are one working day, not two.
      if (rules.allowSplitShifts && a.day === b.day) continue;
      const rest = (b.shift.start - a.shift.end) / MINUTE;
      if (rest >= minRest) continue;
      out.push(
        finding(
          'rest',
          [employeeId],
          [a, b],
          firstPeriodDate([a, b]),
          `${name} would have ${duration(rest)} rest between ${shiftLabel(pr, a)} and ${shiftLabel(pr, b)}; at least ${limit(minRest)} is required.`,
          { restMinutes: rest, minRestMinutes: minRest },
        ),
      );
    }
  }
}
