/** Rules about runs of working days and days off: max_consecutive_days, min_days_off. */

import { count, dateRange, personName } from '../messages.js';
import type { Finding, WorkRules } from '../model.js';
import type { Prepared, PShift } from '../prepared.js';
import { finding } from './finding.js';

export function dayRules(
  pr: Prepared,
  employeeId: string,
  shifts: readonly PShift[],
  rules: WorkRules,
  out: Finding[],
): void {
  const maxDays = rules.maxConsecutiveDays;
  const minOff = rules.minConsecutiveDaysOff;
  if ((maxDays === null && minOff === null) || shifts.length === 0) return;
  const name = personName(pr, employeeId);

  // Working days (context shifts included), each with its shifts, in order.
  const byDay = new Map<number, PShift[]>();
  for (const s of shifts) {
    const list = byDay.get(s.day);
    if (list) list.push(s);
    else byDay.set(s.day, [s]);
  }
  const days = [...byDay.keys()].sort((a, b) => a - b);

  if (maxDays !== null) {
    let runStart = 0;
    for (let i = 1; i <= days.length; i++) {
      if (i < days.length && days[i] === days[i - 1]! + 1) continue;
      const first = days[runStart]!;
      const last = days[i - 1]!;
      const length = last - first + 1;
      if (length > maxDays && first <= pr.toDay && last >= pr.fromDay) {
        const runShifts: PShift[] = [];
        for (let k = runStart; k < i; k++) runShifts.push(...byDay.get(days[k]!)!);
        const from = pr.days.date(first);
        const to = pr.days.date(last);
        out.push(
          finding(
            'max_consecutive_days',
            [employeeId],
            runShifts,
            from,
            `${name} would work ${length} days in a row from ${from} to ${to}; at most ${maxDays} ${maxDays === 1 ? 'is' : 'are'} allowed.`,
            { days: length, maxConsecutiveDays: maxDays, from, to },
          ),
        );
      }
      runStart = i;
    }
  }

  if (minOff !== null) {
    for (let i = 1; i < days.length; i++) {
      const before = days[i - 1]!;
      const after = days[i]!;
      const off = after - before - 1;
      if (off < 1 || off >= minOff) continue;
      // The working day before, the days off and the working day after reach into the period.
      if (before > pr.toDay || after < pr.fromDay) continue;
      const from = pr.days.date(before + 1);
      const to = pr.days.date(after - 1);
      out.push(
        finding(
          'min_days_off',
          [employeeId],
          [...byDay.get(before)!, ...byDay.get(after)!],
          from,
          `${name} would have only ${count(off, 'day')} off (${dateRange(from, to)}) between working days; at least ${minOff} in a row ${minOff === 1 ? 'is' : 'are'} required.`,
          { daysOff: off, minConsecutiveDaysOff: minOff, from, to },
        ),
      );
    }
  }
}
