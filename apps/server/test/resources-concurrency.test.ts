import type { Booking } from '@keel/contracts';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildSite, type TestOrg } from './factories.js';
import { createTestApp, onPostgres, type TestApp } from './harness.js';
import { book, day, makeResource } from './resources-fixtures.js';

let t: TestApp;
let acme: TestOrg;
let siteId: string;

beforeAll(async () => {
  t = await createTestApp();
  acme = await buildOrg(t);
  siteId = (await buildSite(t, acme.owner, { name: 'Main', timeZone: 'UTC' })).id;
});
afterAll(() => t.close());

const SLOT = 30 * 60_000;
const base = Date.parse(day(1, 6));
const at = (slot: number) => new Date(base + slot * SLOT).toISOString();

/** Most units held at any instant by the accepted bookings (each [start, end)). */
function peak(items: { start: number; end: number; quantity: number }[]) {
  let max = 0;
  for (const probe of items) {
    const load = items
      .filter((b) => b.start <= probe.start && probe.start < b.end)
      .reduce((sum, b) => sum + b.quantity, 0);
    max = Math.max(max, load);
  }
  return max;
}

async function heldBookings(resourceId: string) {
  const res = await acme.as.manager.get(
    `/api/bookings?resourceId=${resourceId}&status=active&limit=200`,
  );
  return (res.json().items as Booking[]).map((b) => ({
    start: Date.parse(b.start),
    end: Date.parse(b.end),
    quantity: b.quantity,
  }));
}

describe(`last slot under concurrency (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  it('lets exactly one of many simultaneous requests book the last slot', async () => {
    const r = await makeResource(acme.as.manager, siteId, { name: 'Last room' });
    const clients = [acme.as.staff, acme.as.coordinator, acme.as.manager, acme.as.owner];
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        book(clients[i % clients.length]!, r.id, day(2, 10), day(2, 11)),
      ),
    );
    const codes = results.map((res) => res.statusCode).sort();
    expect(codes).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    for (const res of results.filter((x) => x.statusCode === 409))
      expect(res.json().code).toBe('BOOKING_CONFLICT');
    expect(await heldBookings(r.id)).toHaveLength(1);
  });

  it('lets exactly as many book a pool at once as it has units', async () => {
    const r = await makeResource(acme.as.manager, siteId, {
      name: 'Wrenches',
      kind: 'tool',
      capacity: 3,
    });
    const clients = [acme.as.staff, acme.as.coordinator, acme.as.manager, acme.as.owner];
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        book(clients[i % clients.length]!, r.id, day(2, 10), day(2, 12)),
      ),
    );
    expect(results.filter((res) => res.statusCode === 201)).toHaveLength(3);
    expect(results.filter((res) => res.statusCode === 409)).toHaveLength(5);
  });
});

const attempt = fc.record({
  slot: fc.integer({ min: 0, max: 15 }),
  length: fc.integer({ min: 1, max: 6 }),
  quantity: fc.integer({ min: 1, max: 3 }),
});

describe('booking never exceeds capacity (property)', () => {
  it('accepts a booking exactly when it fits next to the accepted ones', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(attempt, { minLength: 1, maxLength: 8 }), async (attempts) => {
        const r = await makeResource(acme.as.manager, siteId, { kind: 'tool', capacity: 3 });
        const accepted: { start: number; end: number; quantity: number }[] = [];
        for (const a of attempts) {
          const start = base + a.slot * SLOT;
          const end = start + a.length * SLOT;
          const res = await book(acme.as.staff, r.id, at(a.slot), at(a.slot + a.length), {
            quantity: a.quantity,
          });
          const wanted = { start, end, quantity: a.quantity };
          const fits = peakWith(accepted, wanted) <= 3;
          expect(res.statusCode).toBe(fits ? 201 : 409);
          if (res.statusCode === 201) accepted.push(wanted);
        }
        expect(peak(await heldBookings(r.id))).toBeLessThanOrEqual(3);
      }),
      { numRuns: 15 },
    );
  });

  it('holds under simultaneous random requests', async () => {
    const clients = () => [acme.as.staff, acme.as.coordinator, acme.as.manager, acme.as.owner];
    await fc.assert(
      fc.asyncProperty(fc.array(attempt, { minLength: 2, maxLength: 8 }), async (attempts) => {
        const r = await makeResource(acme.as.manager, siteId, { kind: 'tool', capacity: 2 });
        const cs = clients();
        const results = await Promise.all(
          attempts.map((a, i) =>
            book(cs[i % cs.length]!, r.id, at(a.slot), at(a.slot + a.length), {
              quantity: Math.min(a.quantity, 2),
            }),
          ),
        );
        for (const res of results) expect([201, 409]).toContain(res.statusCode);
        const held = await heldBookings(r.id);
        expect(held).toHaveLength(results.filter((res) => res.statusCode === 201).length);
        expect(peak(held)).toBeLessThanOrEqual(2);
      }),
      { numRuns: 10 },
    );
  });
});

/** Peak load over the wanted interval if it were added. */
function peakWith(
  accepted: { start: number; end: number; quantity: number }[],
  wanted: { start: number; end: number; quantity: number },
) {
  const within = [...accepted, wanted]
    .filter((b) => b.start < wanted.end && wanted.start < b.end)
    .map((b) => ({
      start: Math.max(b.start, wanted.start),
      end: Math.min(b.end, wanted.end),
      quantity: b.quantity,
    }));
  return peak(within);
}
