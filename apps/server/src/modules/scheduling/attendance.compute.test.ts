import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  attendanceRow,
  breakMs,
  dayStart,
  type EntryTimes,
  isPeriodStart,
  localDate,
  MINUTE,
  payPeriodOf,
  workedMs,
} from './attendance.compute.js';

const T0 = Date.parse('2026-11-25T10:00:00Z');

/** A closed entry with breaks that lie inside it and do not overlap. */
const closedEntry = fc
  .record({
    start: fc.integer({ min: -600, max: 600 }),
    length: fc.integer({ min: 1, max: 900 }),
    cuts: fc.uniqueArray(fc.integer({ min: 0, max: 900 }), { maxLength: 6 }),
  })
  .map(({ start, length, cuts }): EntryTimes => {
    const points = cuts
      .filter((c) => c < length)
      .sort((a, b) => a - b)
      .map((c) => T0 + (start + c) * MINUTE);
    const breaks = [];
    for (let i = 0; i + 1 < points.length; i += 2)
      breaks.push({ start: points[i]!, end: points[i + 1]! });
    return { start: T0 + start * MINUTE, end: T0 + (start + length) * MINUTE, breaks };
  });

describe('worked and break time', () => {
  it('add up to the clocked span when breaks lie inside the entry', () => {
    fc.assert(
      fc.property(closedEntry, (e) => {
        const now = e.end! + 3_600_000;
        expect(workedMs(e, now) + breakMs(e, now)).toBe(e.end! - e.start);
        expect(workedMs(e, now)).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('count an open entry and a running break up to now', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 0, max: 600 }),
        (brk, worked) => {
          const start = T0;
          const breakStart = start + worked * MINUTE;
          const now = breakStart + brk * MINUTE;
          const e: EntryTimes = { start, end: null, breaks: [{ start: breakStart, end: null }] };
          expect(breakMs(e, now)).toBe(brk * MINUTE);
          expect(workedMs(e, now)).toBe(worked * MINUTE);
        },
      ),
    );
  });
});

describe('flags against the schedule', () => {
  const shift = { start: T0, end: T0 + 8 * 60 * MINUTE, paidMinutes: 480 };

  it('late exactly when the first clock-in is after start + grace', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -120, max: 240 }),
        fc.integer({ min: 0, max: 30 }),
        (offset, grace) => {
          const e: EntryTimes = { start: T0 + offset * MINUTE, end: null, breaks: [] };
          const r = attendanceRow(shift, [e], shift.end + MINUTE, grace);
          expect(r.flags.includes('late')).toBe(offset > grace);
          expect(r.lateMinutes).toBe(offset > grace ? offset : 0);
          expect(r.flags).toContain('open');
        },
      ),
    );
  });

  it('early exactly when the last clock-out is before end − grace', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -240, max: 120 }),
        fc.integer({ min: 0, max: 30 }),
        (off, grace) => {
          const e: EntryTimes = { start: T0, end: shift.end + off * MINUTE, breaks: [] };
          const r = attendanceRow(shift, [e], shift.end + 600 * MINUTE, grace);
          expect(r.flags.includes('early')).toBe(-off > grace);
        },
      ),
    );
  });

  it('without entries: nothing before start + grace, not clocked in until the end, then missed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -60, max: 600 }),
        fc.integer({ min: 0, max: 30 }),
        (at, grace) => {
          const now = T0 + at * MINUTE;
          const { flags } = attendanceRow(shift, [], now, grace);
          if (now >= shift.end) expect(flags).toEqual(['missed']);
          else if (at > grace) expect(flags).toEqual(['not_clocked_in']);
          else expect(flags).toEqual([]);
        },
      ),
    );
  });

  it('an entry without a shift is unscheduled and all extra', () => {
    fc.assert(
      fc.property(closedEntry, (e) => {
        const r = attendanceRow(null, [e], e.end! + MINUTE, 5);
        expect(r.flags).toEqual(['unscheduled']);
        expect(r.extraMinutes).toBe(r.workedMinutes);
        expect(r.scheduledMinutes).toBe(0);
      }),
    );
  });
});

const date = fc.integer({ min: 0, max: 3000 }).map((n) => addDays('2024-01-01', n));

describe('local dates and pay periods', () => {
  it('put every date in the one period that starts on the grid', () => {
    fc.assert(
      fc.property(date, date, fc.constantFrom(7, 14), (d, anchor, days) => {
        const p = payPeriodOf(d, days, anchor);
        expect(p.from <= d && d <= p.to).toBe(true);
        expect(addDays(p.from, days - 1)).toBe(p.to);
        expect(isPeriodStart(p.from, days, anchor)).toBe(true);
        expect(isPeriodStart(d, days, anchor)).toBe(d === p.from);
      }),
    );
  });

  it('start each local day on that day, DST nights included', () => {
    fc.assert(
      fc.property(
        date,
        fc.constantFrom(
          'America/New_York',
          'America/Los_Angeles',
          'Europe/Berlin',
          'Asia/Kolkata',
          'UTC',
        ),
        (d, tz) => {
          const start = dayStart(d, tz);
          expect(localDate(start, tz)).toBe(d);
          expect(localDate(start - 1, tz)).toBe(addDays(d, -1));
        },
      ),
    );
  });
});
