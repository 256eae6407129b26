import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wallClock, zonedInstant } from './zoned-time.js';

const wall = (s: string) => Date.parse(`${s}Z`);
const iso = (n: number) => new Date(n).toISOString();

describe('zonedInstant', () => {
  it('moves a time skipped by spring-forward ahead by the gap', () => {
    expect(iso(zonedInstant(wall('2026-03-08T02:30:00'), 'America/New_York'))).toBe(
      '2026-03-08T07:30:00.000Z',
    );
  });

  it('takes the earlier instant of the hour that happens twice', () => {
    expect(iso(zonedInstant(wall('2026-11-01T01:30:00'), 'America/New_York'))).toBe(
      '2026-11-01T05:30:00.000Z',
    );
  });

  it('makes a 22:00–06:00 night 7 h long in spring and 9 h long in autumn', () => {
    const hours = (from: string, to: string) =>
      (zonedInstant(wall(to), 'America/New_York') - zonedInstant(wall(from), 'America/New_York')) /
      3_600_000;
    expect(hours('2026-03-07T22:00:00', '2026-03-08T06:00:00')).toBe(7);
    expect(hours('2026-10-31T22:00:00', '2026-11-01T06:00:00')).toBe(9);
    expect(hours('2026-11-24T22:00:00', '2026-11-25T06:00:00')).toBe(8);
  });

  it('round-trips every instant on the minute grid through its wall clock', () => {
    const zones = ['America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kolkata'];
    fc.assert(
      fc.property(
        fc.integer({ min: 1_767_225_600_000 / 60_000, max: 1_830_297_600_000 / 60_000 }),
        fc.constantFrom(...zones),
        (minute, tz) => {
          const instant = minute * 60_000;
          const back = zonedInstant(wallClock(instant, tz), tz);
          // Equal, or the earlier twin of an ambiguous wall time.
          expect(back).toBeLessThanOrEqual(instant);
          expect(wallClock(back, tz)).toBe(wallClock(instant, tz));
        },
      ),
      { numRuns: 300 },
    );
  });
});
