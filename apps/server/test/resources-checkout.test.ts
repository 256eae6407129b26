import type { Booking, Resource } from '@keel/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildSite, membersOf, type TestOrg } from './factories.js';
import { createTestApp, type TestApp } from './harness.js';
import { book, day, makeResource } from './resources-fixtures.js';

let t: TestApp;
let acme: TestOrg;
let ids: Awaited<ReturnType<typeof membersOf>>;
let forklift: Resource;
let room: Resource;

const MIN = 60_000;

beforeAll(async () => {
  t = await createTestApp();
  acme = await buildOrg(t);
  ids = await membersOf(t, acme);
  const site = await buildSite(t, acme.owner, { name: 'Dock', timeZone: 'UTC' });
  forklift = await makeResource(acme.as.manager, site.id, {
    name: 'Forklift FL-03',
    kind: 'vehicle',
  });
  room = await makeResource(acme.as.manager, site.id, { name: 'Room', kind: 'room' });
});
afterAll(() => t.close());

describe('check-out and check-in', () => {
  it('checks out from 15 minutes before the start, shows who has it, and flags a late return', async () => {
    // The test clock starts at 09:00 on day 0.
    const b: Booking = (await book(acme.as.staff, forklift.id, day(0, 10), day(0, 11))).json()
      .items[0];
    expect(b.canCheckOut).toBe(false);
    const early = await acme.as.staff.post(`/api/bookings/${b.id}/check-out`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('CHECKOUT_TOO_EARLY');

    t.clock.advance(46 * MIN); // 09:46
    expect((await acme.as.staff.get(`/api/bookings/${b.id}`)).json().canCheckOut).toBe(true);
    expect((await acme.as.viewer.post(`/api/bookings/${b.id}/check-out`, {})).statusCode).toBe(403);
    const out = await acme.as.staff.post(`/api/bookings/${b.id}/check-out`, {
      note: 'Scratch on fork',
    });
    expect(out.statusCode).toBe(200);
    expect(out.json()).toMatchObject({
      status: 'checked_out',
      checkedOutBy: { id: ids.staff.userId },
      checkoutNote: 'Scratch on fork',
      canCheckIn: true,
    });
    const r: Resource = (await acme.as.viewer.get(`/api/resources/${forklift.id}`)).json();
    expect(r.checkedOut).toEqual([
      expect.objectContaining({
        bookingId: b.id,
        holder: { id: ids.staff.userId, name: 'staff 1' },
        overdue: false,
      }),
    ]);
    expect((await acme.as.staff.post(`/api/bookings/${b.id}/check-out`, {})).statusCode).toBe(409);

    t.clock.advance(80 * MIN); // 11:06, past the end
    const overdue = await acme.as.manager.get('/api/bookings?status=overdue');
    expect(overdue.json().items.map((x: Booking) => x.id)).toEqual([b.id]);
    expect(overdue.json().items[0].overdue).toBe(true);

    const back = await acme.as.staff.post(`/api/bookings/${b.id}/check-in`, {
      condition: 'needs_attention',
      note: 'Horn is weak',
    });
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({
      status: 'returned',
      late: true,
      overdue: false,
      returnCondition: 'needs_attention',
      returnNote: 'Horn is weak',
      checkedInBy: { id: ids.staff.userId },
    });
    expect((await acme.as.viewer.get(`/api/resources/${forklift.id}`)).json().checkedOut).toEqual(
      [],
    );
    expect(
      (await acme.as.staff.post(`/api/bookings/${b.id}/check-in`, { condition: 'good' }))
        .statusCode,
    ).toBe(409);
    const actions = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', b.id)
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['create', 'check_out', 'check_in']);
  });

  it('is not late when returned before the end, and managers may check in for others', async () => {
    const now = t.clock.now().getTime();
    const start = new Date(Math.ceil(now / (60 * MIN)) * 60 * MIN).toISOString();
    const end = new Date(Date.parse(start) + 120 * MIN).toISOString();
    const b: Booking = (await book(acme.as.staff, forklift.id, start, end)).json().items[0];
    t.clock.advance(Date.parse(start) - now);
    await acme.as.staff.post(`/api/bookings/${b.id}/check-out`, {});
    const back = await acme.as.coordinator.post(`/api/bookings/${b.id}/check-in`, {
      condition: 'good',
    });
    expect(back.json()).toMatchObject({
      status: 'returned',
      late: false,
      checkedInBy: { id: ids.coordinator.userId },
    });
  });

  it('refuses check-out by others, of pending bookings, and of resources that need none', async () => {
    const now = t.clock.now().getTime();
    const start = new Date(Math.ceil(now / (60 * MIN)) * 60 * MIN + 60 * MIN).toISOString();
    const end = new Date(Date.parse(start) + 60 * MIN).toISOString();
    const theirs: Booking = (
      await book(acme.as.coordinator, forklift.id, start, end, {
        bookedForUserId: ids.manager.userId,
      })
    ).json().items[0];
    t.clock.advance(Date.parse(start) - now - 5 * MIN);
    const denied = await acme.as.staff.post(`/api/bookings/${theirs.id}/check-out`, {});
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('BOOKING_NOT_YOURS');
    expect(
      (await acme.as.manager.post(`/api/bookings/${theirs.id}/check-out`, {})).statusCode,
    ).toBe(200);

    const roomBooking: Booking = (await book(acme.as.staff, room.id, start, end)).json().items[0];
    const none = await acme.as.staff.post(`/api/bookings/${roomBooking.id}/check-out`, {});
    expect(none.statusCode).toBe(409);
    expect(none.json().code).toBe('CHECKOUT_NOT_REQUIRED');

    await acme.as.manager.patch(`/api/resources/${forklift.id}`, {
      rules: { needsApproval: true },
    });
    const later = new Date(Date.parse(end) + 60 * MIN).toISOString();
    const laterEnd = new Date(Date.parse(end) + 120 * MIN).toISOString();
    const pending: Booking = (await book(acme.as.staff, forklift.id, later, laterEnd)).json()
      .items[0];
    expect(pending.status).toBe('pending_approval');
    t.clock.advance(Date.parse(later) - t.clock.now().getTime());
    const refused = await acme.as.staff.post(`/api/bookings/${pending.id}/check-out`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('BOOKING_NOT_CONFIRMED');
  });
});
