import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, isoWeekday } from './constraints.time.js';
import {
  minutesInYear,
  minutesPerWorkday,
  requestMinutes,
  spansOverlap,
  workdayCount,
} from './time-off.js';
import { BUILTIN_WORK_RULES, parseRules, resolveWorkRules } from './work-rules.js';

const date = fc.integer({ min: 0, max: 3650 }).map((n) => addDays('2024-01-01', n));

describe('time-off arithmetic', () => {
  it('counts Monday–Friday dates, the same as walking the days', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 60 }), (from, len) => {
        const to = addDays(from, len);
        let n = 0;
        for (let i = 0; i <= len; i++) if (isoWeekday(addDays(from, i)) <= 5) n++;
        expect(workdayCount(from, to)).toBe(n);
      }),
    );
  });

  it('splits a request across New Year without losing minutes (up to rounding)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 20 }), (a, b) => {
        const span = {
          startDate: addDays('2026-12-31', -a),
          endDate: addDays('2026-12-31', b),
          allDay: true,
          startTime: null,
          endTime: null,
        };
        const minutes = requestMinutes(span, 480);
        const total =
          minutesInYear({ ...span, minutes }, 2026) + minutesInYear({ ...span, minutes }, 2027);
        expect(Math.abs(total - minutes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('costs an all-day request contract hours / 5 per weekday, 8 h without a contract', () => {
    expect(minutesPerWorkday(null)).toBe(480);
    expect(minutesPerWorkday(20)).toBe(240);
    // Mon 2026-11-30 – Sun 2026-12-06: five weekdays
    expect(
      requestMinutes(
        {
          startDate: '2026-11-30',
          endDate: '2026-12-06',
          allDay: true,
          startTime: null,
          endTime: null,
        },
        480,
      ),
    ).toBe(2400);
  });

  it('treats overlap symmetrically; part days overlap only when their times do', () => {
    const span = fc.record({
      startDate: date,
      len: fc.integer({ min: 0, max: 5 }),
      allDay: fc.boolean(),
      s: fc.integer({ min: 0, max: 22 }),
    });
    fc.assert(
      fc.property(span, span, (x, y) => {
        const mk = (v: typeof x) => ({
          startDate: v.startDate,
          endDate: v.allDay ? addDays(v.startDate, v.len) : v.startDate,
          allDay: v.allDay,
          startTime: v.allDay ? null : `${String(v.s).padStart(2, '0')}:00`,
          endTime: v.allDay ? null : `${String(v.s + 1).padStart(2, '0')}:00`,
        });
        expect(spansOverlap(mk(x), mk(y))).toBe(spansOverlap(mk(y), mk(x)));
      }),
    );
    const day = { startDate: '2026-12-01', endDate: '2026-12-01', allDay: false };
    expect(
      spansOverlap(
        { ...day, startTime: '08:00', endTime: '10:00' },
        { ...day, startTime: '10:00', endTime: '12:00' },
      ),
    ).toBe(false);
  });
});

describe('work rule resolution', () => {
  it('takes each field from the first layer that has it, else the built-in value', () => {
    const value = fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null });
    const layer = fc.record(
      { maxMinutesPerWeek: value, minRestMinutes: value, maxConsecutiveDays: value },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(layer, layer, layer, (a, b, c) => {
        const r = resolveWorkRules(a, b, c);
        for (const key of ['maxMinutesPerWeek', 'minRestMinutes', 'maxConsecutiveDays'] as const) {
          const first = [a, b, c].find((l) => key in l);
          expect(r[key]).toBe(first ? first[key] : BUILTIN_WORK_RULES[key]);
        }
        expect(r.overtimeMultiplier).toBe(BUILTIN_WORK_RULES.overtimeMultiplier);
      }),
    );
  });

  it('ignores unknown or mistyped stored fields', () => {
    expect(parseRules('{"maxMinutesPerWeek":"lots","bogus":1,"minRestMinutes":600}')).toEqual({
      minRestMinutes: 600,
    });
    expect(parseRules('not json')).toEqual({});
  });
});
