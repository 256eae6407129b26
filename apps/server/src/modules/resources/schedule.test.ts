import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  capacityClash,
  expandRecurrence,
  peakLoad,
  RecurrenceError,
  wallClock,
  zonedInstant,
} from './schedule.js';

const interval = fc
  .record({
    start: fc.integer({ min: 0, max: 40 }),
    length: fc.integer({ min: 1, max: 10 }),
    quantity: fc.integer({ min: 1, max: 4 }),
  })
  .map((x) => ({ start: x.start, end: x.start + x.length, quantity: x.quantity }));

/** Brute force: load at every integer instant. */
const bruteLoad = (held: { start: number; end: number; quantity: number }[], t: number) =>
  held.filter((h) => h.start <= t && t < h.end).reduce((s, h) => s + h.quantity, 0);

describe('capacityClash', () => {
  it('agrees with a brute-force check of every instant, with and without buffers', () => {
    fc.assert(
      fc.property(
        fc.array(interval, { maxLength: 8 }),
        interval,
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 3 }),
        (held, want, capacity, buffer) => {
          const occ = (i: { start: number; end: number; quantity: number }) => ({
            ...i,
            end: i.end + buffer,
          });
          let fits = want.quantity <= capacity;
          for (let t = want.start; t < want.end + buffer; t++)
            if (bruteLoad(held.map(occ), t) + want.quantity > capacity) fits = false;
          expect(capacityClash(held, want, capacity, buffer) === null).toBe(fits);
        },
      ),
    );
  });

  it('lets touching intervals through', () => {
    expect(
      capacityClash(
        [{ start: 0, end: 10, quantity: 1 }],
        { start: 10, end: 20, quantity: 1 },
        1,
        0,
      ),
    ).toBeNull();
    expect(
      capacityClash(
        [{ start: 0, end: 10, quantity: 1 }],
        { start: 10, end: 20, quantity: 1 },
        1,
        5,
      ),
    ).toHaveLength(1);
  });

  it('peakLoad never exceeds the sum of quantities', () => {
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 10 }), (held) => {
        const total = held.reduce((s, h) => s + h.quantity, 0);
        expect(peakLoad(held, { start: 0, end: 100 })).toBeLessThanOrEqual(total);
      }),
    );
  });
});

describe('time zones', () => {
  it('maps a wall-clock time to an instant and back', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) })
          .map((v) => Math.floor(v / 60_000) * 60_000),
        fc.constantFrom(
          'UTC',
          'Europe/Berlin',
          'America/New_York',
          'America/Los_Angeles',
          'Asia/Kolkata',
        ),
        (instant, tz) => {
          expect(zonedInstant(wallClock(instant, tz), tz)).toBeLessThanOrEqual(instant);
          // Only the repeated hour of a DST fall-back may map to the earlier instant.
          expect(instant - zonedInstant(wallClock(instant, tz), tz)).toBeLessThanOrEqual(3_600_000);
        },
      ),
    );
  });
});

describe('expandRecurrence', () => {
  const start = Date.parse('2026-11-26T08:00:00Z');
  it('expands weekly, daily and monthly rules', () => {
    expect(
      expandRecurrence('FREQ=DAILY;COUNT=3', start, 'UTC').map((v) => new Date(v).toISOString()),
    ).toEqual(['2026-11-26T08:00:00.000Z', '2026-11-27T08:00:00.000Z', '2026-11-28T08:00:00.000Z']);
    expect(expandRecurrence('RRULE:FREQ=WEEKLY;UNTIL=20261210', start, 'UTC')).toHaveLength(3);
    expect(
      expandRecurrence('FREQ=MONTHLY;BYDAY=1MO;COUNT=2', start, 'UTC').map((v) =>
        new Date(v).toISOString(),
      ),
    ).toEqual(['2026-12-07T08:00:00.000Z', '2027-01-04T08:00:00.000Z']);
  });

  it('refuses unbounded, oversized and malformed rules', () => {
    for (const rule of [
      'FREQ=WEEKLY',
      'FREQ=DAILY;COUNT=101',
      'FREQ=DAILY;UNTIL=20301231',
      'FREQ=YEARLY;COUNT=2',
      'FREQ=DAILY;COUNT=2;UNTIL=20261230',
      'FREQ=DAILY;COUNT=x',
      'FREQ=DAILY;UNTIL=20260231',
      '',
    ])
      expect(() => expandRecurrence(rule, start, 'UTC'), rule).toThrow(RecurrenceError);
  });
});
