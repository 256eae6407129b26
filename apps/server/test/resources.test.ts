import type { Booking, Resource, Site } from '@keel/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateMember } from '../src/modules/accounts/index.js';
import { actorFor, buildOrg, buildSite, membersOf, type TestOrg } from './factories.js';
import { createTestApp, type TestApp } from './harness.js';
import { book, day, makeResource } from './resources-fixtures.js';

let t: TestApp;
let acme: TestOrg;
let other: TestOrg;
let ids: Awaited<ReturnType<typeof membersOf>>;
let site: Site;
let north: Site;

beforeAll(async () => {
  t = await createTestApp();
  acme = await buildOrg(t);
  other = await buildOrg(t, 'Other Co');
  ids = await membersOf(t, acme);
  site = await buildSite(t, acme.owner, { name: 'Main', timeZone: 'UTC' });
  north = await buildSite(t, acme.owner, { name: 'North', timeZone: 'Europe/Berlin' });
});
afterAll(() => t.close());

describe('resources CRUD', () => {
  it('creates a resource with defaults for its kind and returns its site and rules', async () => {
    const res = await acme.as.coordinator.post('/api/resources', {
      siteId: site.id,
      name: ' Forklift FL-03 ',
      kind: 'vehicle',
      location: 'Dock 2',
      rules: { maxDurationMinutes: 480, bufferMinutes: 15 },
    });
    expect(res.statusCode).toBe(201);
    const r: Resource = res.json();
    expect(r).toMatchObject({
      name: 'Forklift FL-03',
      kind: 'vehicle',
      capacity: 1,
      location: 'Dock 2',
      status: 'active',
      site: { id: site.id, name: 'Main', timeZone: 'UTC' },
      rules: {
        maxDurationMinutes: 480,
        minLeadMinutes: null,
        maxAdvanceDays: null,
        bookableRoles: null,
        needsApproval: false,
        requiresCheckout: true,
        bufferMinutes: 15,
      },
      checkedOut: [],
      canBook: true,
    });
    expect(r.color).toMatch(/^#[0-9a-f]{6}$/);
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', r.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create']);
  });

  it('names the field of invalid input', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ siteId: site.id, name: 'X', kind: 'room', capacity: 0 }, 'capacity'],
      [{ siteId: site.id, name: '', kind: 'room' }, 'name'],
      [{ siteId: site.id, name: 'X', kind: 'spaceship' }, 'kind'],
      [{ siteId: site.id, name: 'X', kind: 'room', color: 'red' }, 'color'],
      [
        { siteId: site.id, name: 'X', kind: 'room', rules: { bufferMinutes: 7 } },
        'rules.bufferMinutes',
      ],
      [
        { siteId: site.id, name: 'X', kind: 'room', rules: { bookableRoles: ['pilot'] } },
        'rules.bookableRoles[0]',
      ],
      [{ siteId: 'nope', name: 'X', kind: 'room' }, 'siteId'],
    ];
    for (const [body, field] of cases) {
      const res = await acme.as.manager.post('/api/resources', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('lists with filters, updates, archives and restores', async () => {
    const van = await makeResource(acme.as.manager, site.id, { name: 'Pool van', kind: 'vehicle' });
    await makeResource(acme.as.manager, north.id, {
      name: 'Torque wrench pool',
      kind: 'tool',
      capacity: 6,
    });
    const byKind = await acme.as.viewer.get(`/api/resources?kind=tool`);
    expect(byKind.json().items.map((r: Resource) => r.name)).toEqual(['Torque wrench pool']);
    const byQ = await acme.as.staff.get(`/api/resources?q=van&siteId=${site.id}`);
    expect(byQ.json().items.map((r: Resource) => r.id)).toEqual([van.id]);

    const upd = await acme.as.manager.patch(`/api/resources/${van.id}`, {
      capacity: 2,
      rules: { needsApproval: true },
    });
    expect(upd.statusCode).toBe(200);
    expect(upd.json()).toMatchObject({ capacity: 2, rules: { needsApproval: true } });

    expect((await acme.as.manager.post(`/api/resources/${van.id}/archive`)).json().status).toBe(
      'archived',
    );
    const active = await acme.as.viewer.get('/api/resources?q=van');
    expect(active.json().items).toEqual([]);
    const refused = await book(acme.as.staff, van.id, day(1, 10), day(1, 11));
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('RESOURCE_ARCHIVED');
    expect((await acme.as.manager.post(`/api/resources/${van.id}/restore`)).json().status).toBe(
      'active',
    );
  });

  it('is read-only for viewers and not manageable by staff', async () => {
    const r = await makeResource(acme.as.manager, site.id);
    expect((await acme.as.viewer.get(`/api/resources/${r.id}`)).statusCode).toBe(200);
    expect(
      (await acme.as.viewer.post('/api/resources', { siteId: site.id, name: 'X', kind: 'room' }))
        .statusCode,
    ).toBe(403);
    expect((await acme.as.staff.patch(`/api/resources/${r.id}`, { name: 'Mine' })).statusCode).toBe(
      403,
    );
    expect((await book(acme.as.viewer, r.id, day(1, 10), day(1, 11))).statusCode).toBe(403);
    expect((await book(acme.as.staff, r.id, day(1, 10), day(1, 11))).statusCode).toBe(201);
  });

  it('answers 404 for another organization’s resource and booking', async () => {
    const r = await makeResource(acme.as.manager, site.id);
    const b: Booking = (await book(acme.as.staff, r.id, day(2, 8), day(2, 9))).json().items[0];
    expect((await other.as.owner.get(`/api/resources/${r.id}`)).statusCode).toBe(404);
    expect((await other.as.owner.get(`/api/bookings/${b.id}`)).statusCode).toBe(404);
    expect((await other.as.owner.patch(`/api/resources/${r.id}`, { name: 'x' })).statusCode).toBe(
      404,
    );
    expect((await other.as.owner.post(`/api/bookings/${b.id}/cancel`, {})).statusCode).toBe(404);
    expect((await book(other.as.owner, r.id, day(2, 10), day(2, 11))).statusCode).toBe(404);
  });

  it('keeps resources and bookings of other sites out of a site-limited member’s reach', async () => {
    const r = await makeResource(acme.as.manager, north.id);
    const b: Booking = (await book(acme.as.manager, r.id, day(3, 8), day(3, 9))).json().items[0];
    await updateMember(t.deps, acme.owner, ids.coordinator.memberId, { siteIds: [site.id] });
    try {
      expect((await acme.as.coordinator.get(`/api/resources/${r.id}`)).statusCode).toBe(404);
      expect((await acme.as.coordinator.get(`/api/bookings/${b.id}`)).statusCode).toBe(404);
      const list = await acme.as.coordinator.get('/api/resources?status=all');
      expect(list.json().items.every((x: Resource) => x.site.id === site.id)).toBe(true);
      expect(
        (
          await acme.as.coordinator.post('/api/resources', {
            siteId: north.id,
            name: 'X',
            kind: 'room',
          })
        ).statusCode,
      ).toBe(400);
    } finally {
      await updateMember(t.deps, acme.owner, ids.coordinator.memberId, { siteIds: null });
    }
  });
});

describe('booking rules', () => {
  it('refuses bad times, naming the field', async () => {
    const r = await makeResource(acme.as.manager, site.id);
    const cases: [string, string, string, string][] = [
      [day(1, 11), day(1, 10), 'end', 'END_BEFORE_START'],
      [day(1, 10), day(1, 10), 'end', 'END_BEFORE_START'],
      [day(1, 10, 3), day(1, 11), 'start', 'BOOKING_OFF_GRID'],
      [day(0, 8), day(0, 10), 'start', 'START_IN_PAST'],
    ];
    for (const [start, end, field, code] of cases) {
      const res = await book(acme.as.staff, r.id, start, end);
      expect(res.statusCode, code).toBe(400);
      expect(res.json()).toMatchObject({ code, errors: [{ field }] });
    }
    const junk = await book(acme.as.staff, r.id, 'tomorrow', day(1, 10));
    expect(junk.statusCode).toBe(400);
    expect(junk.json().errors[0].field).toBe('start');
  });

  it('enforces max duration, lead time, max advance and capacity', async () => {
    const r = await makeResource(acme.as.manager, site.id, {
      capacity: 4,
      rules: { maxDurationMinutes: 120, minLeadMinutes: 60, maxAdvanceDays: 14 },
    });
    const cases: [string, string, Record<string, unknown>, string, string][] = [
      [day(1, 10), day(1, 12, 5), {}, 'end', 'BOOKING_TOO_LONG'],
      [day(0, 9, 30), day(0, 10), {}, 'start', 'LEAD_TIME'],
      [day(15, 10), day(15, 11), {}, 'start', 'TOO_FAR_AHEAD'],
      [day(1, 10), day(1, 11), { quantity: 5 }, 'quantity', 'QUANTITY_OVER_CAPACITY'],
    ];
    for (const [start, end, extra, field, code] of cases) {
      const res = await book(acme.as.staff, r.id, start, end, extra);
      expect(res.statusCode, code).toBe(400);
      expect(res.json()).toMatchObject({ code, errors: [{ field }] });
    }
    expect((await book(acme.as.staff, r.id, day(0, 10), day(0, 12))).statusCode).toBe(201);
    expect((await book(acme.as.staff, r.id, day(14, 8), day(14, 9))).statusCode).toBe(201);
  });

  it('lets only the listed roles book, and managers always', async () => {
    const r = await makeResource(acme.as.manager, site.id, {
      rules: { bookableRoles: ['coordinator'] },
    });
    expect((await acme.as.staff.get(`/api/resources/${r.id}`)).json().canBook).toBe(false);
    const res = await book(acme.as.staff, r.id, day(1, 10), day(1, 11));
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      code: 'BOOKING_ROLE_NOT_ALLOWED',
      errors: [{ field: 'resourceId' }],
    });
    expect((await book(acme.as.coordinator, r.id, day(1, 10), day(1, 11))).statusCode).toBe(201);
    expect((await book(acme.as.manager, r.id, day(1, 12), day(1, 13))).statusCode).toBe(201);
  });

  it('books for another member and tells them; refuses a non-member', async () => {
    const r = await makeResource(acme.as.manager, site.id);
    const res = await book(acme.as.coordinator, r.id, day(1, 14), day(1, 15), {
      bookedForUserId: ids.staff.userId,
    });
    expect(res.statusCode).toBe(201);
    const b: Booking = res.json().items[0];
    expect(b.bookedFor?.id).toBe(ids.staff.userId);
    expect(b.bookedBy?.id).toBe(ids.coordinator.userId);
    const notes = await acme.as.staff.get('/api/notifications');
    expect(
      notes
        .json()
        .items.some(
          (n: { type: string; title: string }) =>
            n.type === 'booking_updated' && n.title.includes(r.name),
        ),
    ).toBe(true);
    const mine = await acme.as.staff.get('/api/bookings?mine=true');
    expect(mine.json().items.map((x: Booking) => x.id)).toContain(b.id);

    const bad = await book(acme.as.coordinator, r.id, day(1, 16), day(1, 17), {
      bookedForUserId: other.owner.userId,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('bookedForUserId');
  });
});

describe('conflicts', () => {
  it('refuses an overlapping booking with 409 naming the taken times, and accepts touching ones', async () => {
    const r = await makeResource(acme.as.manager, site.id, { name: 'Training Room A' });
    expect((await book(acme.as.coordinator, r.id, day(1, 10), day(1, 11))).statusCode).toBe(201);
    const clash = await book(acme.as.staff, r.id, day(1, 10, 30), day(1, 11, 30));
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toMatchObject({
      code: 'BOOKING_CONFLICT',
      errors: [{ field: 'start' }],
      conflicts: [{ kind: 'booking', start: day(1, 10), end: day(1, 11), quantity: 1 }],
    });
    expect(clash.json().detail).toContain('10:00');
    expect((await book(acme.as.staff, r.id, day(1, 11), day(1, 12))).statusCode).toBe(201);
    expect((await book(acme.as.staff, r.id, day(1, 9), day(1, 10))).statusCode).toBe(201);
    // Inside and around are conflicts too.
    expect((await book(acme.as.staff, r.id, day(1, 10, 15), day(1, 10, 45))).statusCode).toBe(409);
    expect((await book(acme.as.staff, r.id, day(1, 8), day(1, 13))).statusCode).toBe(409);
  });

  it('hides who booked from a caller who may not see the booking', async () => {
    const r = await makeResource(acme.as.manager, north.id);
    await book(acme.as.manager, r.id, day(4, 10), day(4, 11));
    // A staff member whose role may book but not read (custom role permissions).
    await acme.as.owner.put('/api/roles/staff', { permissions: ['resources.book'] });
    try {
      const res = await book(acme.as.staff, r.id, day(4, 10), day(4, 11));
      expect(res.statusCode).toBe(409);
      expect(res.json().conflicts[0]).toMatchObject({ bookingId: null, bookedFor: null });
    } finally {
      await acme.as.owner.put('/api/roles/staff', {
        permissions: ['resources.read', 'resources.book'],
      });
    }
    const seen = await book(acme.as.staff, r.id, day(4, 10), day(4, 11));
    expect(seen.json().conflicts[0].bookedFor).toBe('manager 1');
  });

  it('lets a pool be booked concurrently up to its capacity', async () => {
    const r = await makeResource(acme.as.manager, site.id, { kind: 'tool', capacity: 6 });
    expect(
      (await book(acme.as.staff, r.id, day(1, 8), day(1, 12), { quantity: 4 })).statusCode,
    ).toBe(201);
    expect(
      (await book(acme.as.coordinator, r.id, day(1, 10), day(1, 14), { quantity: 2 })).statusCode,
    ).toBe(201);
    const full = await book(acme.as.manager, r.id, day(1, 11), day(1, 11, 30));
    expect(full.statusCode).toBe(409);
    expect(full.json().conflicts).toHaveLength(2);
    // After the first returns, 4 are free again.
    expect(
      (await book(acme.as.manager, r.id, day(1, 12), day(1, 13), { quantity: 4 })).statusCode,
    ).toBe(201);
    expect((await book(acme.as.manager, r.id, day(1, 12), day(1, 13))).statusCode).toBe(409);
  });

  it('keeps the buffer free between bookings', async () => {
    const r = await makeResource(acme.as.manager, site.id, { rules: { bufferMinutes: 15 } });
    expect((await book(acme.as.staff, r.id, day(1, 10), day(1, 11))).statusCode).toBe(201);
    expect((await book(acme.as.staff, r.id, day(1, 11), day(1, 12))).statusCode).toBe(409);
    expect((await book(acme.as.staff, r.id, day(1, 9), day(1, 9, 50))).statusCode).toBe(409);
    expect((await book(acme.as.staff, r.id, day(1, 11, 15), day(1, 12))).statusCode).toBe(201);
    expect((await book(acme.as.staff, r.id, day(1, 8), day(1, 9, 45))).statusCode).toBe(201);
  });

  it('rechecks conflicts on reschedule, ignoring the booking itself', async () => {
    const r = await makeResource(acme.as.manager, site.id);
    const a: Booking = (await book(acme.as.staff, r.id, day(1, 10), day(1, 11))).json().items[0];
    await book(acme.as.staff, r.id, day(1, 12), day(1, 13));
    const moved = await acme.as.staff.patch(`/api/bookings/${a.id}`, { end: day(1, 12) });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().end).toBe(day(1, 12));
    const clash = await acme.as.staff.patch(`/api/bookings/${a.id}`, { end: day(1, 12, 30) });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('BOOKING_CONFLICT');
    // Another staff member may not touch it; a manager may.
    const other = await acme.as.viewer.patch(`/api/bookings/${a.id}`, { title: 'x' });
    expect(other.statusCode).toBe(403);
    expect(
      (await acme.as.manager.patch(`/api/bookings/${a.id}`, { title: 'Ops review' })).json().title,
    ).toBe('Ops review');
  });

  it('frees the slot when a booking is cancelled; only its people or a manager may cancel', async () => {
    const r = await makeResource(acme.as.manager, site.id);
    const a: Booking = (await book(acme.as.coordinator, r.id, day(1, 10), day(1, 11))).json()
      .items[0];
    const denied = await acme.as.staff.post(`/api/bookings/${a.id}/cancel`, {});
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('BOOKING_NOT_YOURS');
    const ok = await acme.as.coordinator.post(`/api/bookings/${a.id}/cancel`, { reason: 'Moved' });
    expect(ok.json()).toEqual({ cancelledIds: [a.id] });
    expect((await acme.as.staff.get(`/api/bookings/${a.id}`)).json()).toMatchObject({
      status: 'cancelled',
      cancelReason: 'Moved',
    });
    expect((await book(acme.as.staff, r.id, day(1, 10), day(1, 11))).statusCode).toBe(201);
    expect((await acme.as.coordinator.post(`/api/bookings/${a.id}/cancel`, {})).statusCode).toBe(
      409,
    );
  });
});

describe('blackouts', () => {
  it('blocks bookings during a blackout and reports the bookings it overlaps', async () => {
    const r = await makeResource(acme.as.manager, site.id);
    const a: Booking = (await book(acme.as.staff, r.id, day(2, 10), day(2, 11))).json().items[0];
    const res = await acme.as.manager.post(`/api/resources/${r.id}/blackouts`, {
      start: day(2, 8),
      end: day(2, 12),
      reason: 'maintenance',
      note: 'Projector swap',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      blackout: { reason: 'maintenance', start: day(2, 8), end: day(2, 12) },
      affected: [{ id: a.id, status: 'confirmed' }],
      cancelledIds: [],
    });
    const refused = await book(acme.as.staff, r.id, day(2, 11, 30), day(2, 12, 30));
    expect(refused.statusCode).toBe(409);
    expect(refused.json().conflicts[0]).toMatchObject({
      kind: 'blackout',
      reason: 'maintenance: Projector swap',
    });
    expect((await book(acme.as.staff, r.id, day(2, 12), day(2, 13))).statusCode).toBe(201);

    const list = await acme.as.staff.get(`/api/resources/${r.id}/blackouts`);
    expect(list.json().items).toHaveLength(1);
    const id = list.json().items[0].id;
    expect((await acme.as.staff.delete(`/api/resource-blackouts/${id}`)).statusCode).toBe(403);
    expect((await acme.as.manager.delete(`/api/resource-blackouts/${id}`)).statusCode).toBe(200);
    expect((await book(acme.as.staff, r.id, day(2, 8), day(2, 9))).statusCode).toBe(201);
  });

  it('cancels the overlapped bookings when asked and tells their bookers', async () => {
    const r = await makeResource(acme.as.manager, site.id, { name: 'Paint booth' });
    const a: Booking = (await book(acme.as.staff, r.id, day(3, 10), day(3, 11))).json().items[0];
    const res = await acme.as.manager.post(`/api/resources/${r.id}/blackouts`, {
      start: day(3, 0),
      end: day(4, 0),
      reason: 'holiday',
      cancelBookings: true,
    });
    expect(res.json()).toMatchObject({
      cancelledIds: [a.id],
      affected: [{ id: a.id, status: 'cancelled' }],
    });
    expect((await acme.as.staff.get(`/api/bookings/${a.id}`)).json().status).toBe('cancelled');
    const notes = await acme.as.staff.get('/api/notifications');
    expect(
      notes
        .json()
        .items.some(
          (n: { title: string }) =>
            n.title.includes('Paint booth') && n.title.includes('cancelled'),
        ),
    ).toBe(true);
    const bad = await acme.as.manager.post(`/api/resources/${r.id}/blackouts`, {
      start: day(3, 10),
      end: day(3, 9),
      reason: 'other',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('end');
  });
});

describe('recurring bookings', () => {
  it('refuses a whole series listing each clashing occurrence; skipConflicts books the free ones', async () => {
    const r = await makeResource(acme.as.manager, site.id);
    await book(acme.as.coordinator, r.id, day(14, 10, 30), day(14, 11));
    const res = await book(acme.as.staff, r.id, day(0, 10), day(0, 11), {
      recurrence: 'FREQ=WEEKLY;COUNT=4',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().occurrences).toEqual([
      expect.objectContaining({ start: day(14, 10), end: day(14, 11) }),
    ]);
    expect(
      (await acme.as.staff.get(`/api/bookings?resourceId=${r.id}&mine=true`)).json().items,
    ).toEqual([]);

    const skip = await book(acme.as.staff, r.id, day(0, 10), day(0, 11), {
      recurrence: 'FREQ=WEEKLY;COUNT=4',
      skipConflicts: true,
    });
    expect(skip.statusCode).toBe(201);
    const out = skip.json();
    expect(out.items.map((b: Booking) => b.start)).toEqual([day(0, 10), day(7, 10), day(21, 10)]);
    expect(out.skipped).toEqual([expect.objectContaining({ start: day(14, 10) })]);
    expect(out.seriesId).toBeTruthy();
    expect(new Set(out.items.map((b: Booking) => b.seriesId))).toEqual(new Set([out.seriesId]));
  });

  it('cancels one occurrence or the rest of the series', async () => {
    const r = await makeResource(acme.as.manager, site.id);
    const res = await book(acme.as.staff, r.id, day(1, 7), day(1, 8), {
      recurrence: 'FREQ=DAILY;UNTIL=20261130',
    });
    expect(res.statusCode).toBe(201);
    const items: Booking[] = res.json().items;
    expect(items.map((b) => b.start)).toEqual([1, 2, 3, 4, 5].map((d) => day(d, 7)));
    const one = await acme.as.staff.post(`/api/bookings/${items[1]!.id}/cancel`, { scope: 'one' });
    expect(one.json().cancelledIds).toEqual([items[1]!.id]);
    const rest = await acme.as.staff.post(`/api/bookings/${items[2]!.id}/cancel`, {
      scope: 'following',
    });
    expect(rest.json().cancelledIds).toEqual([items[2]!.id, items[3]!.id, items[4]!.id]);
    const left = await acme.as.staff.get(`/api/bookings?resourceId=${r.id}&status=active`);
    expect(left.json().items.map((b: Booking) => b.id)).toEqual([items[0]!.id]);
  });

  it('keeps the wall-clock time across a daylight-saving change in the site’s zone', async () => {
    const r = await makeResource(acme.as.manager, north.id);
    // 09:00 Berlin is 08:00Z in winter; monthly from Nov 26 crosses into summer time (Mar 29).
    const res = await book(acme.as.staff, r.id, day(1, 8), day(1, 9), {
      recurrence: 'FREQ=MONTHLY;COUNT=6',
    });
    expect(res.statusCode).toBe(201);
    const starts = res.json().items.map((b: Booking) => b.start);
    expect(starts[0]).toBe('2026-11-26T08:00:00.000Z');
    expect(starts[4]).toBe('2027-03-26T08:00:00.000Z');
    expect(starts[5]).toBe('2027-04-26T07:00:00.000Z');
  });

  it('refuses invalid recurrences, naming the field', async () => {
    const r = await makeResource(acme.as.manager, site.id, { rules: { maxAdvanceDays: 30 } });
    for (const recurrence of [
      'FREQ=HOURLY;COUNT=3',
      'FREQ=WEEKLY',
      'FREQ=WEEKLY;COUNT=101',
      'FREQ=DAILY;UNTIL=20300101',
      'FREQ=WEEKLY;BYDAY=XX;COUNT=3',
      'nonsense',
      'FREQ=DAILY;COUNT=3;BYHOUR=5',
      'FREQ=WEEKLY;COUNT=10',
    ]) {
      const res = await book(acme.as.staff, r.id, day(1, 10), day(1, 11), { recurrence });
      expect(res.statusCode, recurrence).toBe(400);
      expect(res.json().errors[0].field, recurrence).toBe('recurrence');
    }
  });

  it('books weekly on chosen days', async () => {
    const r = await makeResource(acme.as.manager, site.id);
    // Nov 26 2026 is a Thursday.
    const res = await book(acme.as.staff, r.id, day(1, 6), day(1, 7), {
      recurrence: 'FREQ=WEEKLY;BYDAY=MO,TH;COUNT=4',
    });
    expect(res.json().items.map((b: Booking) => b.start)).toEqual([
      day(1, 6),
      day(5, 6),
      day(8, 6),
      day(12, 6),
    ]);
  });
});

describe('timeline, calendar and search', () => {
  it('shows resources with their bookings and blackouts in a range', async () => {
    const s2 = await buildSite(t, acme.owner, { name: 'Timeline site', timeZone: 'UTC' });
    const a = await makeResource(acme.as.manager, s2.id, { name: 'A room' });
    const bRes = await makeResource(acme.as.manager, s2.id, { name: 'B van', kind: 'vehicle' });
    await book(acme.as.staff, a.id, day(1, 9), day(1, 10));
    await book(acme.as.staff, a.id, day(3, 9), day(3, 10));
    await acme.as.manager.post(`/api/resources/${bRes.id}/blackouts`, {
      start: day(1, 0),
      end: day(2, 0),
      reason: 'maintenance',
    });
    const res = await acme.as.viewer.get(
      `/api/resources/timeline?siteId=${s2.id}&from=${day(1, 0)}&to=${day(2, 0)}`,
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.resources.map((r: Resource) => r.name)).toEqual(['A room', 'B van']);
    expect(body.bookings.map((b: Booking) => b.start)).toEqual([day(1, 9)]);
    expect(body.blackouts).toHaveLength(1);
    const vans = await acme.as.viewer.get(
      `/api/resources/timeline?siteId=${s2.id}&kind=vehicle&from=${day(1, 0)}&to=${day(2, 0)}`,
    );
    expect(vans.json().resources.map((r: Resource) => r.name)).toEqual(['B van']);
    const tooLong = await acme.as.viewer.get(
      `/api/resources/timeline?from=${day(1, 0)}&to=${day(40, 0)}`,
    );
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().errors[0].field).toBe('to');
  });

  it('gives the calendar the bookings the actor may see, and only theirs with mine', async () => {
    const source = t.deps.registry.calendarSources.find((s) => s.kind === 'booking')!;
    const r = await makeResource(acme.as.manager, site.id, { name: 'Calendar room' });
    await book(acme.as.staff, r.id, day(5, 9), day(5, 10));
    await book(acme.as.coordinator, r.id, day(5, 11), day(5, 12));
    const staff = await actorFor(t, ids.staff.userId, acme.orgId);
    const range = { from: day(5, 0), to: day(6, 0), limit: 100 };
    const all = await source.list(t.deps, staff, { ...range, mine: false });
    const mine = await source.list(t.deps, staff, { ...range, mine: true });
    expect(all.filter((i) => i.title.startsWith('Calendar room')).length).toBe(2);
    expect(mine.filter((i) => i.title.startsWith('Calendar room')).map((i) => i.start)).toEqual([
      day(5, 9),
    ]);
    expect(mine.find((i) => i.title.startsWith('Calendar room'))).toMatchObject({
      kind: 'booking',
      allDay: false,
      href: `/resources/${r.id}`,
    });
  });

  it('finds resources in search', async () => {
    await makeResource(acme.as.manager, site.id, { name: 'Zeppelin hangar' });
    const res = await acme.as.staff.get('/api/search?q=zeppelin');
    expect(res.statusCode).toBe(200);
    expect(JSON.stringify(res.json())).toContain('Zeppelin hangar');
  });

  it('records a history readable through the entity registry', async () => {
    const r = await makeResource(acme.as.manager, site.id);
    const kind = t.deps.registry.entities.get('booking')!;
    const b: Booking = (await book(acme.as.staff, r.id, day(6, 9), day(6, 10))).json().items[0];
    const viewer = await actorFor(t, ids.viewer.userId, acme.orgId);
    expect(await kind.canRead(t.deps, viewer, b.id)).toBe(true);
    expect(await kind.canRead(t.deps, other.owner, b.id)).toBe(false);
    expect(await kind.participants!(t.deps, acme.orgId, b.id)).toEqual([ids.staff.userId]);
  });
});
