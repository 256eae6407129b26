import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isoWeekday } from './coverage.service.js';
import { rotationDay } from './rotation.service.js';

const date = fc
  .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) })
  .map((ms) => new Date(ms).toISOString().slice(0, 10));
const cycle = fc.array(fc.option(fc.constantFrom('D', 'N', 'E'), { nil: null }), {
  minLength: 2,
  maxLength: 84,
});

describe('rotation day arithmetic', () => {
  it('repeats every cycle length', () => {
    fc.assert(
      fc.property(cycle, fc.nat(400), fc.nat(83), (days, d, offset) => {
        expect(rotationDay(days, d + days.length, offset)).toBe(rotationDay(days, d, offset));
      }),
    );
  });

  it('an offset of k is the same as starting k days later', () => {
    fc.assert(
      fc.property(cycle, fc.nat(400), fc.nat(83), (days, d, k) => {
        expect(rotationDay(days, d, k)).toBe(rotationDay(days, d + k, 0));
      }),
    );
  });

  it('day 0 at offset 0 is the first day of the cycle', () => {
    fc.assert(
      fc.property(cycle, (days) => {
        expect(rotationDay(days, 0, 0)).toBe(days[0]);
      }),
    );
  });
});

describe('local date helpers', () => {
  it('addDays and daysBetween are inverse', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: -800, max: 800 }), (d, n) => {
        expect(daysBetween(d, addDays(d, n))).toBe(n);
      }),
    );
  });

  it('a week later is the same weekday, a day later the next one', () => {
    fc.assert(
      fc.property(date, (d) => {
        expect(isoWeekday(addDays(d, 7))).toBe(isoWeekday(d));
        expect(isoWeekday(addDays(d, 1))).toBe((isoWeekday(d) % 7) + 1);
      }),
    );
    expect(isoWeekday('2026-01-05')).toBe(1);
    expect(isoWeekday('2026-01-11')).toBe(7);
    // across a DST change the date arithmetic is unaffected
    expect(addDays('2026-03-07', 2)).toBe('2026-03-09');
  });
});
