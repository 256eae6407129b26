/**
 * Rules about how much a person works: max_hours_week, overtime, min/max_shifts_period,
 * max_weekends, max_shifts_of_type.
 */

import { weekdayOfDay, weekStartDay } from '../dates.js';
import { count, dateRange, duration, limit, personName, typeCode } from '../messages.js';
import type { Finding, WorkRules } from '../model.js';
import type { Prepared, PShift } from '../prepared.js';
import { finding } from './finding.js';

interface Bucket {
  minutes: number;
  shifts: PShift[];
  /** at least one shift inside the period */
  inPeriod: boolean;
}

function bucket(map: Map<number, Bucket>, key: number, s: PShift): void {
  let b = map.get(key);
  if (!b) {
    b = { minutes: 0, shifts: [], inPeriod: false };
    map.set(key, b);
  }
  b.minutes += s.shift.paidMinutes;
  b.shifts.push(s);
  if (!s.context) b.inPeriod = true;
}

export function volumeRules(
  pr: Prepared,
  employeeId: string,
  shifts: readonly PShift[],
  rules: WorkRules,
  checkMinimum: boolean,
  out: Finding[],
): void {
  const name = personName(pr, employeeId);
  const period = pr.input.period;
  const periodText = dateRange(period.from, period.to);
  const own = shifts.filter((s) => !s.context);

  // Weekly paid minutes (context shifts of a week that reaches into the period count).
  const weekly = rules.maxMinutesPerWeek;
  const otWeek = rules.overtimeAfterMinutesPerWeek;
  if ((weekly !== null || otWeek !== null) && shifts.length > 0) {
    const weeks = new Map<number, Bucket>();
    for (const s of shifts) bucket(weeks, weekStartDay(s.day, pr.weekStartsOn), s);
    for (const [ws, b] of weeks) {
      if (ws > pr.toDay || ws + 6 < pr.fromDay) continue;
      const weekDate = pr.days.date(ws);
      if (weekly !== null && b.minutes > weekly) {
        out.push(
          finding(
            'max_hours_week',
            [employeeId],
            b.shifts,
            weekDate,
            `${name} would work ${duration(b.minutes)} in the week of ${weekDate}; at most ${limit(weekly)} is allowed.`,
            { paidMinutes: b.minutes, maxMinutesPerWeek: weekly, weekStart: weekDate },
          ),
        );
      }
      if (otWeek !== null && b.minutes > otWeek) {
        const over = b.minutes - otWeek;
        out.push(
          finding(
            'overtime',
            [employeeId],
            b.shifts,
            weekDate,
            `${name} would work ${duration(b.minutes)} in the week of ${weekDate}: ${duration(over)} overtime after ${limit(otWeek)} a week.`,
            {
              scope: 'week',
              paidMinutes: b.minutes,
              thresholdMinutes: otWeek,
              overtimeMinutes: over,
              weekStart: weekDate,
            },
          ),
        );
      }
    }
  }

  // Daily overtime.
  const otDay = rules.overtimeAfterMinutesPerDay;
  if (otDay !== null && shifts.length > 0) {
    const dayBuckets = new Map<number, Bucket>();
    for (const s of shifts) bucket(dayBuckets, s.day, s);
    for (const [day, b] of dayBuckets) {
      if (!b.inPeriod || b.minutes <= otDay) continue;
      const date = pr.days.date(day);
      const over = b.minutes - otDay;
      out.push(
        finding(
          'overtime',
          [employeeId],
          b.shifts,
          date,
          `${name} would work ${duration(b.minutes)} on ${date}: ${duration(over)} overtime after ${limit(otDay)} a day.`,
          { scope: 'day', paidMinutes: b.minutes, thresholdMinutes: otDay, overtimeMinutes: over },
        ),
      );
    }
  }

  // Shifts in the period.
  const min = rules.minShiftsPerPeriod;
  if (checkMinimum && min !== null && own.length < min) {
    out.push(
      finding(
        'min_shifts_period',
        [employeeId],
        [],
        null,
        `${name} has ${count(own.length, 'shift')} from ${periodText}; at least ${min} ${min === 1 ? 'is' : 'are'} required.`,
        { shifts: own.length, minShiftsPerPeriod: min, from: period.from, to: period.to },
      ),
    );
  }
  const max = rules.maxShiftsPerPeriod;
  if (max !== null && own.length > max) {
    out.push(
      finding(
        'max_shifts_period',
        [employeeId],
        own,
        null,
        `${name} would work ${count(own.length, 'shift')} from ${periodText}; at most ${max} ${max === 1 ? 'is' : 'are'} allowed.`,
        { shifts: own.length, maxShiftsPerPeriod: max, from: period.from, to: period.to },
      ),
    );
  }

  // Weekends: a Saturday and the following Sunday, identified by the Saturday.
  const maxWeekends = rules.maxWeekendsPerPeriod;
  if (maxWeekends !== null && own.length > maxWeekends) {
    const weekends = new Set<number>();
    const weekendShifts: PShift[] = [];
    for (const s of own) {
      const wd = weekdayOfDay(s.day);
      if (wd === 6) weekends.add(s.day);
      else if (wd === 7) weekends.add(s.day - 1);
      else continue;
      weekendShifts.push(s);
    }
    if (weekends.size > maxWeekends) {
      out.push(
        finding(
          'max_weekends',
          [employeeId],
          weekendShifts,
          null,
          `${name} would work ${count(weekends.size, 'weekend')} from ${periodText}; at most ${maxWeekends} ${maxWeekends === 1 ? 'is' : 'are'} allowed.`,
          {
            weekends: weekends.size,
            maxWeekendsPerPeriod: maxWeekends,
            from: period.from,
            to: period.to,
          },
        ),
      );
    }
  }

  // Shifts of one type (e.g. nights).
  for (const rule of rules.maxShiftsOfType) {
    if (own.length <= rule.max) continue;
    const ofType = own.filter((s) => s.shift.shiftTypeId === rule.shiftTypeId);
    if (ofType.length <= rule.max) continue;
    const code = typeCode(pr, rule.shiftTypeId);
    const what = code ? `${code} shifts` : 'shifts of that type';
    out.push(
      finding(
        'max_shifts_of_type',
        [employeeId],
        ofType,
        null,
        `${name} would work ${ofType.length} ${what} from ${periodText}; at most ${rule.max} ${rule.max === 1 ? 'is' : 'are'} allowed.`,
        {
          shiftTypeId: rule.shiftTypeId,
          shiftTypeCode: code,
          shifts: ofType.length,
          max: rule.max,
          from: period.from,
          to: period.to,
        },
      ),
    );
  }
}
