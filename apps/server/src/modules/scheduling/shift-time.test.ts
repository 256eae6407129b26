import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nominalPaidMinutes, shiftInstants } from './shift-time.js';

describe('shiftInstants', () => {
  it('a New York night shift over spring-forward lasts 7 hours', () => {
    const s = shiftInstants('2026-03-07', '22:00', '06:00', 0, 'America/New_York');
    expect(s.startsAt).toBe('2026-03-08T03:00:00.000Z');
    expect(s.endsAt).toBe('2026-03-08T10:00:00.000Z');
    expect(s.paidMinutes).toBe(7 * 60);
  });

  it('a New York night shift starting on the spring-forward date lasts 8 hours', () => {
    // 2026-03-08 22:00 EDT → 2026-03-09 06:00 EDT: the jump happened earlier that day
    const s = shiftInstants('2026-03-08', '22:00', '06:00', 0, 'America/New_York');
    expect(s.paidMinutes).toBe(8 * 60);
  });

  it('a New York night shift over fall-back lasts 9 hours', () => {
    const s = shiftInstants('2026-10-31', '22:00', '06:00', 30, 'America/New_York');
    expect(s.startsAt).toBe('2026-11-01T02:00:00.000Z');
    expect(s.endsAt).toBe('2026-11-01T11:00:00.000Z');
    expect(s.paidMinutes).toBe(9 * 60 - 30);
  });

  it('Berlin nights over both clock changes last 7 and 9 hours', () => {
    expect(shiftInstants('2026-03-28', '22:00', '06:00', 0, 'Europe/Berlin').paidMinutes).toBe(
      7 * 60,
    );
    expect(shiftInstants('2026-10-24', '22:00', '06:00', 0, 'Europe/Berlin').paidMinutes).toBe(
      9 * 60,
    );
    const normal = shiftInstants('2026-06-10', '22:00', '06:00', 0, 'Europe/Berlin');
    expect(normal.startsAt).toBe('2026-06-10T20:00:00.000Z');
    expect(normal.paidMinutes).toBe(8 * 60);
  });

  it('a day shift stays on its date and subtracts the break', () => {
    const s = shiftInstants('2026-11-23', '07:00', '15:30', 30, 'America/Los_Angeles');
    expect(s.startsAt).toBe('2026-11-23T15:00:00.000Z');
    expect(s.endsAt).toBe('2026-11-23T23:30:00.000Z');
    expect(s.paidMinutes).toBe(8 * 60);
    expect(s.end - s.start).toBe(8.5 * 3_600_000);
  });

  it('reads end = start as 24 hours, which callers refuse (06:00–06:00)', () => {
    const s = shiftInstants('2026-06-10', '06:00', '06:00', 0, 'UTC');
    expect(s.paidMinutes).toBe(24 * 60);
  });

  it('without clock changes the duration equals the nominal one', () => {
    const time = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    fc.assert(
      fc.property(time, time, fc.integer({ min: 0, max: 120 }), (a, b, brk) => {
        fc.pre(a !== b);
        const s = shiftInstants('2026-06-10', a, b, brk, 'America/New_York');
        expect(s.end).toBeGreaterThan(s.start);
        expect(s.paidMinutes).toBe(nominalPaidMinutes(a, b, brk));
      }),
    );
  });
});
