/**
 * Labor: paid minutes, overtime and cost per person and local date.
 *
 * Overtime per person: first the daily excess (paid minutes of a local date above
 * `overtimeAfterMinutesPerDay`), then the weekly excess of the remaining regular minutes above
 * `overtimeAfterMinutesPerWeek`. Both are attributed chronologically (by shift start) to the shifts
 * that cross the threshold. Context shifts count toward the thresholds of their day and week but
 * produce no lines.
 */

import { weekStartDay } from './dates.js';
import type { LaborLine, LaborSummary, RosterInput } from './model.js';
import { NO_RULES, type Prepared, type PShift, prepare } from './prepared.js';

/** Minutes of `amount` that lie above `threshold` when added on top of `before`. */
function excess(before: number, amount: number, threshold: number): number {
  return Math.max(0, before + amount - threshold) - Math.max(0, before - threshold);
}

/** Overtime minutes of each shift (same order as `shifts`, which are sorted by start). */
export function overtimeOfShifts(
  shifts: readonly PShift[],
  perDay: number | null,
  perWeek: number | null,
  weekStartsOn: number,
): number[] {
  const ot = new Array<number>(shifts.length).fill(0);
  if (perDay !== null) {
    const dayTotal = new Map<number, number>();
    shifts.forEach((s, i) => {
      const before = dayTotal.get(s.day) ?? 0;
      ot[i] = excess(before, s.shift.paidMinutes, perDay);
      dayTotal.set(s.day, before + s.shift.paidMinutes);
    });
  }
  if (perWeek !== null) {
    const weekTotal = new Map<number, number>();
    shifts.forEach((s, i) => {
      const week = weekStartDay(s.day, weekStartsOn);
      const regular = s.shift.paidMinutes - ot[i]!;
      const before = weekTotal.get(week) ?? 0;
      ot[i] = ot[i]! + excess(before, regular, perWeek);
      weekTotal.set(week, before + regular);
    });
  }
  return ot;
}

type Totals = { paidMinutes: number; overtimeMinutes: number; costMinor: number };

function add(map: Record<string, Totals>, key: string, line: LaborLine): void {
  let t = map[key];
  if (!t) {
    t = { paidMinutes: 0, overtimeMinutes: 0, costMinor: 0 };
    map[key] = t;
  }
  t.paidMinutes += line.paidMinutes;
  t.overtimeMinutes += line.overtimeMinutes;
  t.costMinor += line.costMinor ?? 0;
}

export function laborFromPrepared(pr: Prepared): LaborSummary {
  const lines: LaborLine[] = [];
  const unrated: string[] = [];
  for (const [employeeId, shifts] of pr.byEmployee) {
    const employee = pr.employees.get(employeeId);
    const rules = employee?.rules ?? NO_RULES;
    const rate = employee?.hourlyRateMinor ?? null;
    const ot = overtimeOfShifts(
      shifts,
      rules.overtimeAfterMinutesPerDay,
      rules.overtimeAfterMinutesPerWeek,
      pr.weekStartsOn,
    );
    const perDay = new Map<number, { paid: number; overtime: number; date: string }>();
    shifts.forEach((s, i) => {
      if (s.context) return;
      const line = perDay.get(s.day);
      if (line) {
        line.paid += s.shift.paidMinutes;
        line.overtime += ot[i]!;
      } else {
        perDay.set(s.day, { paid: s.shift.paidMinutes, overtime: ot[i]!, date: s.shift.date });
      }
    });
    if (perDay.size === 0) continue;
    if (rate === null) unrated.push(employeeId);
    for (const d of perDay.values()) {
      const regular = d.paid - d.overtime;
      lines.push({
        employeeId,
        date: d.date,
        paidMinutes: d.paid,
        overtimeMinutes: d.overtime,
        costMinor:
          rate === null
            ? null
            : Math.round(
                (regular * rate) / 60 + (d.overtime * rate * rules.overtimeMultiplier) / 60,
              ),
      });
    }
  }
  lines.sort((a, b) =>
    a.date < b.date
      ? -1
      : a.date > b.date
        ? 1
        : a.employeeId < b.employeeId
          ? -1
          : a.employeeId > b.employeeId
            ? 1
            : 0,
  );

  const byDate: Record<string, Totals> = {};
  const byWeek: Record<string, Totals> = {};
  for (let d = pr.fromDay; d <= pr.toDay; d++) {
    byDate[pr.days.date(d)] = { paidMinutes: 0, overtimeMinutes: 0, costMinor: 0 };
    byWeek[pr.days.date(weekStartDay(d, pr.weekStartsOn))] = {
      paidMinutes: 0,
      overtimeMinutes: 0,
      costMinor: 0,
    };
  }
  for (const line of lines) {
    add(byDate, line.date, line);
    add(byWeek, pr.days.date(weekStartDay(pr.days.day(line.date), pr.weekStartsOn)), line);
  }
  unrated.sort();
  return { lines, byDate, byWeek, unratedEmployeeIds: unrated };
}

/** Paid minutes, overtime and cost per person and day, with day and week totals. */
export function laborSummary(input: RosterInput): LaborSummary {
  return laborFromPrepared(prepare(input));
}
