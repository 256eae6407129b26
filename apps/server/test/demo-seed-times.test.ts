import { describe, expect, it } from 'vitest';
import { seedDemo } from '../src/demo/seed.js';
import { createTestApp } from './harness.js';

// `npm start` seeds the demo at whatever time it is. The scheduling seeders build "this week"
// around now (published shifts, clock records of the shifts that have ended, time off), so they
// must work at any hour: just after a shift ends at either site, across midnight and week starts,
// and on the nights clocks change.
const MOMENTS = [
  '2026-11-25T19:01:30Z', // a minute after the Columbus late shift ends
  '2026-11-26T03:01:00Z', // just after midnight in Columbus, nights under way
  '2026-11-29T23:59:00Z', // the last minute of a Sunday (UTC), new week in Reno soon
  '2026-11-30T14:31:00Z', // just after the Reno night shift ends
  '2026-11-01T06:30:00Z', // the night clocks go back in both zones
  '2027-03-14T07:30:00Z', // the night clocks go forward in both zones
];

describe('the demo organization', () => {
  for (const at of MOMENTS)
    it(`is created through the services at ${at}`, async () => {
      const t = await createTestApp();
      try {
        t.clock.advance(Date.parse(at) - t.clock.now().getTime());
        await seedDemo(t.deps);
        const count = async (table: 'shifts' | 'attendance_entries' | 'roster_publications') =>
          Number(
            (
              await t.deps.db
                .selectFrom(table)
                .select((e) => e.fn.countAll().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          );
        expect(await count('shifts')).toBeGreaterThan(100);
        expect(await count('roster_publications')).toBeGreaterThan(0);
        expect(await count('attendance_entries')).toBeGreaterThan(0);
      } finally {
        await t.close();
      }
    }, 120_000);
});
