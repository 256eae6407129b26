import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  dueInstant,
  isOccurrence,
  localDate,
  myWorkBucket,
  nextOccurrence,
  normaliseLabels,
  normaliseRrule,
  RecurrenceError,
  zonedInstant,
} from './schedule.js';

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/Los_Angeles',
  'America/New_York',
  'Asia/Kolkata',
  'Pacific/Auckland',
];
const date = fc
  .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 11, 31) })
  .map((ms) => new Date(ms).toISOString().slice(0, 10));
const time = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const zone = fc.constantFrom(...ZONES);

describe('due instants', () => {
  it('a date-only task is due at the last millisecond of its date in its zone', () => {
    fc.assert(
      fc.property(date, zone, (d, tz) => {
        const due = Date.parse(dueInstant(d, null, tz)!);
        expect(localDate(due, tz)).toBe(d);
        expect(localDate(due + 1, tz)).toBe(addDays(d, 1));
      }),
    );
  });

  it('a timed task is due at an instant on its date in its zone', () => {
    fc.assert(
      fc.property(date, time, zone, (d, t, tz) => {
        expect(localDate(zonedInstant(d, t, tz), tz)).toBe(d);
      }),
    );
  });

  it('a task is never both overdue and due later', () => {
    fc.assert(
      fc.property(date, zone, fc.integer({ min: 0, max: 4e11 }), (d, tz, offset) => {
        const now = new Date(Date.UTC(2020, 0, 1) + offset);
        const dueAt = dueInstant(d, null, tz)!;
        const bucket = myWorkBucket({ dueDate: d, dueAt, timeZone: tz }, now);
        expect(bucket === 'overdue').toBe(Date.parse(dueAt) < now.getTime());
      }),
    );
  });

  it('DST spring-forward times move past the gap', () => {
    expect(zonedInstant('2026-03-29', '02:30', 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
  });
});

describe('recurrence', () => {
  const rules = fc.constantFrom(
    'FREQ=DAILY',
    'FREQ=WEEKLY;BYDAY=MO,WE,FR',
    'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
    'FREQ=MONTHLY;BYMONTHDAY=15',
    'FREQ=DAILY;INTERVAL=3',
  );

  it('the next occurrence is after the current one, not before today, and on the rule', () => {
    fc.assert(
      fc.property(
        rules,
        date,
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        (rule, start, a, b) => {
          const current = addDays(start, a);
          const today = addDays(start, b);
          const next = nextOccurrence(rule, start, current, today);
          expect(next).not.toBeNull();
          expect(next! > current).toBe(true);
          expect(next! >= today).toBe(true);
          expect(isOccurrence(rule, start, next!)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rejects malformed rules with a reason and accepts RRULE: prefixes', () => {
    for (const bad of [
      '',
      'FREQ=HOURLY',
      'FREQ=DAILY;INTERVAL=x',
      'FREQ=DAILY;FOO=1',
      'BYDAY=MO',
      'FREQ=DAILY;COUNT=2;UNTIL=20270101',
      'FREQ=DAILY;FREQ=WEEKLY',
    ])
      expect(() => normaliseRrule(bad), bad).toThrow(RecurrenceError);
    expect(normaliseRrule('rrule:freq=weekly;byday=mo')).toBe('FREQ=WEEKLY;BYDAY=MO');
  });
});

describe('labels', () => {
  it('normalising is idempotent and leaves unique lower-case labels', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 12 })), (labels) => {
        const once = normaliseLabels(labels);
        expect(normaliseLabels(once)).toEqual(once);
        expect(new Set(once).size).toBe(once.length);
        for (const l of once) expect(l).toBe(l.toLowerCase());
      }),
    );
  });
});
