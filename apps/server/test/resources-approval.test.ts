import type { Booking } from '@keel/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildSite, type TestOrg } from './factories.js';
import { createTestApp, type TestApp } from './harness.js';
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

describe('approval', () => {
  it('holds the slot while pending, confirms on approval and frees it on rejection', async () => {
    const r = await makeResource(acme.as.manager, siteId, {
      name: 'Thermal camera',
      kind: 'equipment',
      rules: { needsApproval: true },
    });
    const res = await book(acme.as.staff, r.id, day(1, 10), day(1, 12));
    expect(res.statusCode).toBe(201);
    const b: Booking = res.json().items[0];
    expect(b.status).toBe('pending_approval');
    expect(b.approvalId).toBeTruthy();
    // Pending holds the slot.
    expect((await book(acme.as.coordinator, r.id, day(1, 11), day(1, 13))).statusCode).toBe(409);

    const approve = await acme.as.manager.post(`/api/approvals/${b.approvalId}/decision`, {
      decision: 'approved',
    });
    expect(approve.statusCode).toBe(200);
    expect((await acme.as.staff.get(`/api/bookings/${b.id}`)).json().status).toBe('confirmed');
    const notes = await acme.as.staff.get('/api/notifications');
    expect(
      notes
        .json()
        .items.some(
          (n: { type: string; title: string }) =>
            n.type === 'booking_updated' && n.title.includes('approved'),
        ),
    ).toBe(true);

    const second: Booking = (await book(acme.as.staff, r.id, day(2, 10), day(2, 12))).json()
      .items[0];
    const reject = await acme.as.manager.post(`/api/approvals/${second.approvalId}/decision`, {
      decision: 'rejected',
      comment: 'Needed for the audit',
    });
    expect(reject.statusCode).toBe(200);
    expect((await acme.as.staff.get(`/api/bookings/${second.id}`)).json().status).toBe('rejected');
    // Rejected frees the slot.
    expect((await book(acme.as.coordinator, r.id, day(2, 10), day(2, 12))).statusCode).toBe(201);
  });

  it('confirms managers’ own bookings without approval, and approves a whole series at once', async () => {
    const r = await makeResource(acme.as.manager, siteId, { rules: { needsApproval: true } });
    const mine = await book(acme.as.manager, r.id, day(1, 6), day(1, 7));
    expect(mine.json().items[0].status).toBe('confirmed');
    const series = await book(acme.as.staff, r.id, day(1, 8), day(1, 9), {
      recurrence: 'FREQ=DAILY;COUNT=3',
    });
    const items: Booking[] = series.json().items;
    expect(new Set(items.map((b) => b.approvalId)).size).toBe(1);
    await acme.as.coordinator.post(`/api/approvals/${items[0]!.approvalId}/decision`, {
      decision: 'approved',
    });
    const after = await acme.as.staff.get(`/api/bookings?resourceId=${r.id}&mine=true`);
    expect(after.json().items.map((b: Booking) => b.status)).toEqual([
      'confirmed',
      'confirmed',
      'confirmed',
    ]);
  });

  it('withdraws the approval request when the pending booking is cancelled', async () => {
    const r = await makeResource(acme.as.manager, siteId, { rules: { needsApproval: true } });
    const b: Booking = (await book(acme.as.staff, r.id, day(1, 15), day(1, 16))).json().items[0];
    await acme.as.staff.post(`/api/bookings/${b.id}/cancel`, {});
    const approval = await acme.as.manager.get(`/api/approvals/${b.approvalId}`);
    expect(approval.json().status).toBe('cancelled');
  });
});
