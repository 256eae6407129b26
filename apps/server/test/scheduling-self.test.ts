import type { MyShift, OpenShift, Swap, SwapCandidate } from '@keel/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failSwapsOfShifts } from '../src/modules/scheduling/swap.service.js';
import {
  actorFor,
  buildEmployee,
  buildOrg,
  buildSite,
  membersOf,
  type TestOrg,
} from './factories.js';
import { createTestApp, onPostgres, type TestApp } from './harness.js';
import {
  buildScene,
  draftShift,
  notificationsOf,
  publish,
  publishedShift,
  type Scene,
} from './scheduling-self-fixtures.js';

let t: TestApp;
let s: Scene;
let other: TestOrg;

// The test clock starts on Wednesday 2026-11-25 09:00 UTC (04:00 in New York).
beforeAll(async () => {
  t = await createTestApp();
  s = await buildScene(t);
  other = await buildOrg(t, 'Other Works');
  // The other organization's staff member has an employee record: only isolation stops them.
  const otherSite = await buildSite(t, other.owner, { name: 'Elsewhere' });
  const otherEmp = await buildEmployee(t, other.owner, { siteId: otherSite.id });
  const otherStaff = (await membersOf(t, other)).staff.memberId;
  await other.as.owner.patch(`/api/members/${otherStaff}`, { employeeId: otherEmp.id });
});
afterAll(() => t.close());

const range = (from: string, to: string) => `from=${from}&to=${to}`;

async function myShifts(c: typeof s.sam.client, from = '2026-11-23', to = '2026-12-20') {
  const res = await c.get(`/api/scheduling/my/shifts?${range(from, to)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { hasEmployee: boolean; items: MyShift[] };
}

async function openShifts(c: typeof s.sam.client) {
  const res = await c.get(`/api/scheduling/open-shifts?${range('2026-11-23', '2026-12-20')}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { hasEmployee: boolean; items: OpenShift[] };
}

async function approvalInbox(c: typeof s.sam.client) {
  const res = await c.get('/api/approvals?view=inbox');
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as { id: string; type: string; title: string; subject: unknown }[];
}

describe(`my shifts (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  let mine: string;
  let draft: string;

  beforeAll(async () => {
    mine = await publishedShift(s, '2026-11-26', s.sam.employeeId);
    await publishedShift(s, '2026-11-26', s.colin.employeeId);
    draft = await draftShift(s, '2026-12-10', s.sam.employeeId);
  });

  it('lists only my published shifts, with the site zone, shift type and colleagues', async () => {
    const { hasEmployee, items } = await myShifts(s.sam.client);
    expect(hasEmployee).toBe(true);
    const ids = items.map((i) => i.id);
    expect(ids).toContain(mine);
    expect(ids).not.toContain(draft);
    const shift = items.find((i) => i.id === mine)!;
    expect(shift).toMatchObject({
      date: '2026-11-26',
      startTime: '06:00',
      endTime: '14:00',
      timeZone: 'America/New_York',
      shiftType: { code: 'E', name: 'Early', color: '#fab005' },
      position: { id: s.positionId },
      swap: null,
      past: false,
    });
    // 06:00 in New York on Nov 26 is 11:00 UTC.
    expect(shift.start).toBe('2026-11-26T11:00:00.000Z');
    expect(shift.colleagues.map((c) => c.name)).toEqual(['Colin Test']);
  });

  it('never shows colleagues’ shifts as mine', async () => {
    const { items } = await myShifts(s.colin.client);
    expect(items.map((i) => i.id)).not.toContain(mine);
  });

  it('answers an empty list with a flag for a member without an employee record', async () => {
    const res = await myShifts(s.coordinator);
    expect(res).toEqual({ hasEmployee: false, items: [] });
  });

  it('refuses members without scheduling.self and a range that is too long', async () => {
    expect(
      (await s.org.as.viewer.get(`/api/scheduling/my/shifts?${range('2026-11-23', '2026-11-30')}`))
        .statusCode,
    ).toBe(403);
    const long = await s.sam.client.get(
      `/api/scheduling/my/shifts?${range('2026-01-01', '2026-12-31')}`,
    );
    expect(long.statusCode).toBe(400);
    expect(long.json().errors[0].field).toBe('to');
  });

  it('puts my published shifts in my calendar and iCal feed source', async () => {
    const res = await s.sam.client.get(
      '/api/calendar?from=2026-11-23T00:00:00Z&to=2026-12-20T00:00:00Z&mine=true',
    );
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { uid: string; kind: string; title: string }[];
    expect(items.find((i) => i.uid === `shift:${mine}`)).toMatchObject({ kind: 'shift' });
    expect(items.find((i) => i.uid === `shift:${draft}`)).toBeUndefined();
  });
});

describe('open shifts', () => {
  let open: string;

  beforeAll(async () => {
    open = await publishedShift(s, '2026-11-30', null);
  });

  it('lists published open shifts with whether I may claim each and why not', async () => {
    const sam = (await openShifts(s.sam.client)).items.find((i) => i.id === open)!;
    expect(sam).toMatchObject({ eligible: true });
    const una = (await openShifts(s.una.client)).items.find((i) => i.id === open)!;
    expect(una.eligible).toBe(false);
    expect(una.reasons).toContainEqual(
      expect.objectContaining({ rule: 'qualification', severity: 'error' }),
    );
  });

  it('refuses a claim by someone not eligible with the reasons as field errors', async () => {
    const res = await s.una.client.post(`/api/scheduling/open-shifts/${open}/claim`);
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().code).toBe('NOT_ELIGIBLE');
    expect(res.json().errors.length).toBeGreaterThan(0);
    expect(res.json().errors[0].field).toBe('id');
  });

  it('assigns the claimer, tells the coordinators, and then answers 409 to the next claimer', async () => {
    const res = await s.sam.client.post(`/api/scheduling/open-shifts/${open}/claim`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().shift.id).toBe(open);
    expect((await myShifts(s.sam.client)).items.map((i) => i.id)).toContain(open);
    expect((await openShifts(s.colin.client)).items.map((i) => i.id)).not.toContain(open);
    const told = await notificationsOf(s.coordinator, 'open_shift');
    expect(told[0]?.title).toMatch(/claimed the open Early shift/);
    const again = await s.colin.client.post(`/api/scheduling/open-shifts/${open}/claim`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('SHIFT_ALREADY_TAKEN');
  });

  it('answers 422 to a member without an employee record', async () => {
    const res = await s.coordinator.post(`/api/scheduling/open-shifts/${open}/claim`);
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('NO_EMPLOYEE_RECORD');
  });

  it('does not let staff claim a draft or another organization’s shift', async () => {
    const draftOpen = await draftShift(s, '2026-12-12', null);
    expect(
      (await s.sam.client.post(`/api/scheduling/open-shifts/${draftOpen}/claim`)).statusCode,
    ).toBe(404);
    expect(
      (await other.as.staff.post(`/api/scheduling/open-shifts/${open}/claim`)).statusCode,
    ).toBe(404);
  });
});

describe('swap requests', () => {
  let samShift: string;
  let colinShift: string;
  let samDraft: string;

  beforeAll(async () => {
    samShift = await publishedShift(s, '2026-12-01', s.sam.employeeId);
    colinShift = await publishedShift(s, '2026-12-02', s.colin.employeeId);
    samDraft = await draftShift(s, '2026-12-14', s.sam.employeeId);
  });

  const ask = (c: typeof s.sam.client, body: object) => c.post('/api/scheduling/swaps', body);

  it('refuses someone else’s shift and an unpublished one', async () => {
    const notMine = await ask(s.sam.client, {
      shiftId: colinShift,
      targetEmployeeId: s.colin.employeeId,
    });
    expect([403, 404]).toContain(notMine.statusCode);
    const draft = await ask(s.sam.client, {
      shiftId: samDraft,
      targetEmployeeId: s.colin.employeeId,
    });
    expect(draft.statusCode).toBe(409);
    expect(draft.json().code).toBe('SHIFT_NOT_PUBLISHED');
  });

  it('refuses a colleague who is not qualified, naming targetEmployeeId and why', async () => {
    const res = await ask(s.sam.client, { shiftId: samShift, targetEmployeeId: s.una.employeeId });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().code).toBe('NOT_QUALIFIED');
    expect(res.json().errors[0].field).toBe('targetEmployeeId');
  });

  it('refuses a target who is not a colleague at the site', async () => {
    const res = await ask(s.sam.client, { shiftId: samShift, targetEmployeeId: 'nobody-here' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('targetEmployeeId');
  });

  it('lists candidates eligible first with the reasons of the others and their shifts', async () => {
    const res = await s.sam.client.get(`/api/scheduling/swaps/candidates?shiftId=${samShift}`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as SwapCandidate[];
    expect(items[0]!.eligible).toBe(true);
    const una = items.find((i) => i.employee.id === s.una.employeeId)!;
    expect(una.eligible).toBe(false);
    expect(una.reasons[0]!.rule).toBe('qualification');
    const colin = items.find((i) => i.employee.id === s.colin.employeeId)!;
    expect(colin.shifts.map((x) => x.id)).toContain(colinShift);
  });

  it('swaps after the colleague accepts and a coordinator approves, telling both', async () => {
    const created = await ask(s.sam.client, {
      shiftId: samShift,
      targetEmployeeId: s.colin.employeeId,
      targetShiftId: colinShift,
      note: 'Dentist that morning',
    });
    expect(created.statusCode, created.body).toBe(201);
    const swap = created.json() as Swap;
    expect(swap).toMatchObject({ kind: 'swap', status: 'pending_colleague', role: 'requester' });
    expect((await notificationsOf(s.colin.client, 'shift_swap'))[0]?.title).toMatch(
      /asks to swap shifts with you/,
    );

    const dup = await ask(s.sam.client, {
      shiftId: samShift,
      targetEmployeeId: s.colin.employeeId,
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('SWAP_ALREADY_OPEN');
    expect((await s.sam.client.post(`/api/scheduling/swaps/${swap.id}/accept`)).statusCode).toBe(
      403,
    );
    expect((await other.as.staff.post(`/api/scheduling/swaps/${swap.id}/accept`)).statusCode).toBe(
      404,
    );

    const accepted = await s.colin.client.post(`/api/scheduling/swaps/${swap.id}/accept`);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'pending_approval', role: 'target' });
    expect((await notificationsOf(s.sam.client, 'shift_swap'))[0]?.title).toMatch(/accepted/);

    const inbox = await approvalInbox(s.coordinator);
    const approval = inbox.find((a) => a.type === 'shift.swap')!;
    expect(approval.title).toMatch(/^Shift swap: Sam Test ↔ Colin Test/);
    expect(approval.subject).toEqual({
      label: 'Shift swap request by Sam Test',
      href: '/my-shifts?tab=swaps',
    });
    const pending = await s.coordinator.get('/api/scheduling/swaps');
    expect((pending.json().items as Swap[]).map((x) => x.id)).toContain(swap.id);

    const decided = await s.coordinator.post(`/api/approvals/${approval.id}/decision`, {
      decision: 'approved',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const samIds = (await myShifts(s.sam.client)).items.map((i) => i.id);
    const colinIds = (await myShifts(s.colin.client)).items.map((i) => i.id);
    expect(samIds).toContain(colinShift);
    expect(samIds).not.toContain(samShift);
    expect(colinIds).toContain(samShift);
    expect(colinIds).not.toContain(colinShift);
    expect((await notificationsOf(s.sam.client, 'shift_swap'))[0]?.title).toMatch(/approved/);
    expect((await notificationsOf(s.colin.client, 'shift_swap'))[0]?.title).toMatch(/approved/);
    const mine = await s.sam.client.get('/api/scheduling/swaps?includeClosed=true');
    expect((mine.json().items as Swap[]).find((x) => x.id === swap.id)?.status).toBe('approved');
  });

  it('lets the colleague decline and the requester withdraw', async () => {
    const shift = await publishedShift(s, '2026-12-03', s.sam.employeeId);
    const a = (
      await ask(s.sam.client, { shiftId: shift, targetEmployeeId: s.colin.employeeId })
    ).json() as Swap;
    expect(a.kind).toBe('give_away');
    const declined = await s.colin.client.post(`/api/scheduling/swaps/${a.id}/decline`, {
      note: 'Busy',
    });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json().status).toBe('declined');
    expect((await notificationsOf(s.sam.client, 'shift_swap'))[0]?.title).toMatch(/declined/);
    expect((await s.colin.client.post(`/api/scheduling/swaps/${a.id}/accept`)).statusCode).toBe(
      409,
    );

    const b = (
      await ask(s.sam.client, { shiftId: shift, targetEmployeeId: s.colin.employeeId })
    ).json() as Swap;
    expect((await s.colin.client.post(`/api/scheduling/swaps/${b.id}/cancel`)).statusCode).toBe(
      403,
    );
    const cancelled = await s.sam.client.post(`/api/scheduling/swaps/${b.id}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
  });

  it('withdraws the approval when the requester cancels after acceptance, and rejects tell both', async () => {
    const shift = await publishedShift(s, '2026-12-04', s.sam.employeeId);
    const a = (
      await ask(s.sam.client, { shiftId: shift, targetEmployeeId: s.colin.employeeId })
    ).json() as Swap;
    await s.colin.client.post(`/api/scheduling/swaps/${a.id}/accept`);
    const cancelled = await s.sam.client.post(`/api/scheduling/swaps/${a.id}/cancel`);
    expect(cancelled.json().status).toBe('cancelled');
    expect((await approvalInbox(s.coordinator)).some((x) => x.title.includes('Dec 4'))).toBe(false);

    const b = (
      await ask(s.sam.client, { shiftId: shift, targetEmployeeId: s.colin.employeeId })
    ).json() as Swap;
    await s.colin.client.post(`/api/scheduling/swaps/${b.id}/accept`);
    const approval = (await approvalInbox(s.coordinator)).find((x) => x.type === 'shift.swap')!;
    const rejected = await s.coordinator.post(`/api/approvals/${approval.id}/decision`, {
      decision: 'rejected',
      comment: 'We need Sam on that line',
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    const view = await s.sam.client.get('/api/scheduling/swaps?includeClosed=true');
    expect((view.json().items as Swap[]).find((x) => x.id === b.id)?.status).toBe('rejected');
    expect((await myShifts(s.sam.client)).items.map((i) => i.id)).toContain(shift);
    expect((await notificationsOf(s.colin.client, 'shift_swap'))[0]?.title).toMatch(/rejected/);
  });

  it('tells eligible staff about open shifts once the roster with them is published', async () => {
    const shift = await draftShift(s, '2026-12-09', null);
    await publish(s, '2026-12-09', '2026-12-09');
    // Announced by the outbox subscriber after the publication commits.
    await expect
      .poll(async () => {
        await t.deps.events.flush();
        return (await notificationsOf(s.colin.client, 'open_shift')).some((n) =>
          n.title.includes('Dec 9'),
        );
      })
      .toBe(true);
    expect((await openShifts(s.colin.client)).items.map((i) => i.id)).toContain(shift);
    expect(
      (await notificationsOf(s.una.client, 'open_shift')).some((n) => n.title.includes('Dec 9')),
    ).toBe(false);
  });

  it('releases a shift to the open pool after approval and tells eligible colleagues', async () => {
    const shift = await publishedShift(s, '2026-12-05', s.sam.employeeId);
    const res = await s.sam.client.post(`/api/scheduling/my/shifts/${shift}/release`, {
      note: 'Family event',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'release', status: 'pending_approval', target: null });
    const approval = (await approvalInbox(s.coordinator)).find((x) =>
      x.title.startsWith('Shift release'),
    )!;
    const decided = await s.coordinator.post(`/api/approvals/${approval.id}/decision`, {
      decision: 'approved',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect((await myShifts(s.sam.client)).items.map((i) => i.id)).not.toContain(shift);
    expect((await openShifts(s.colin.client)).items.map((i) => i.id)).toContain(shift);
    expect((await notificationsOf(s.colin.client, 'open_shift'))[0]?.title).toMatch(
      /you can claim it/,
    );
    expect(
      (await notificationsOf(s.una.client, 'open_shift')).some((n) => n.title.includes('Dec 5')),
    ).toBe(false);
  });

  it('calls off an accepted swap when the coordinator reassigns its shift, withdrawing the approval', async () => {
    const shift = await publishedShift(s, '2026-12-06', s.sam.employeeId);
    const a = (
      await ask(s.sam.client, { shiftId: shift, targetEmployeeId: s.colin.employeeId })
    ).json() as Swap;
    expect((await s.colin.client.post(`/api/scheduling/swaps/${a.id}/accept`)).statusCode).toBe(
      200,
    );
    const approval = (await approvalInbox(s.coordinator)).find((x) => x.type === 'shift.swap')!;
    const moved = await s.coordinator.patch(`/api/scheduling/shifts/${shift}`, {
      employeeId: null,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await approvalInbox(s.coordinator)).map((x) => x.id)).not.toContain(approval.id);
    const res = await s.coordinator.post(`/api/approvals/${approval.id}/decision`, {
      decision: 'approved',
    });
    expect(res.statusCode).toBe(409);
    const view = await s.sam.client.get('/api/scheduling/swaps?includeClosed=true');
    expect((view.json().items as Swap[]).find((x) => x.id === a.id)).toMatchObject({
      status: 'failed',
      failureReason: 'The coordinator changed the shift.',
    });
  });

  it('cancels an accepted swap when its requester withdraws the approval from the inbox', async () => {
    const shift = await publishedShift(s, '2026-12-16', s.sam.employeeId);
    const a = (
      await ask(s.sam.client, { shiftId: shift, targetEmployeeId: s.colin.employeeId })
    ).json() as Swap;
    expect((await s.colin.client.post(`/api/scheduling/swaps/${a.id}/accept`)).statusCode).toBe(
      200,
    );
    const approval = (await approvalInbox(s.coordinator)).find(
      (x) => x.type === 'shift.swap' && x.title.includes('Dec 16'),
    )!;
    const withdrawn = await s.sam.client.post(`/api/approvals/${approval.id}/cancel`, {});
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    const view = await s.sam.client.get('/api/scheduling/swaps?includeClosed=true');
    expect((view.json().items as Swap[]).find((x) => x.id === a.id)).toMatchObject({
      status: 'cancelled',
    });
    expect((await notificationsOf(s.colin.client, 'shift_swap'))[0]?.title).toMatch(/withdrew/);
  });

  it('lets a coordinator delete a shift with an open request, which is called off at once', async () => {
    const shift = await publishedShift(s, '2026-12-07', s.sam.employeeId);
    const a = (
      await ask(s.sam.client, { shiftId: shift, targetEmployeeId: s.colin.employeeId })
    ).json() as Swap;
    const del = await s.coordinator.delete(`/api/scheduling/shifts/${shift}`);
    expect(del.statusCode, del.body).toBe(200);
    const res = await s.colin.client.post(`/api/scheduling/swaps/${a.id}/accept`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('SWAP_NOT_PENDING');
    expect((await notificationsOf(s.sam.client, 'shift_swap'))[0]?.title).toMatch(
      /called off because the roster changed/,
    );
  });

  it('calls off open requests of shifts the roster changed, withdrawing their approval', async () => {
    const shift = await publishedShift(s, '2026-12-08', s.sam.employeeId);
    const a = (
      await ask(s.sam.client, { shiftId: shift, targetEmployeeId: s.colin.employeeId })
    ).json() as Swap;
    await s.colin.client.post(`/api/scheduling/swaps/${a.id}/accept`);
    const coordinator = await actorFor(t, s.coordinatorUserId, s.org.orgId);
    const ended = await t.deps.db
      .transaction()
      .execute((trx) =>
        failSwapsOfShifts(trx, t.deps, coordinator, [shift], 'The shift was moved to another day.'),
      );
    expect(ended).toBe(1);
    const view = await s.sam.client.get('/api/scheduling/swaps?includeClosed=true');
    expect((view.json().items as Swap[]).find((x) => x.id === a.id)).toMatchObject({
      status: 'failed',
      failureReason: 'The shift was moved to another day.',
    });
    expect((await approvalInbox(s.coordinator)).some((x) => x.title.includes('Dec 8'))).toBe(false);
  });

  it('keeps swaps inside the organization', async () => {
    const list = await other.as.owner.get('/api/scheduling/swaps?includeClosed=true');
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([]);
    const res = await other.as.staff.get(`/api/scheduling/swaps/candidates?shiftId=${samShift}`);
    expect(res.statusCode).toBe(404);
    const swap = await other.as.staff.post('/api/scheduling/swaps', {
      shiftId: samShift,
      targetEmployeeId: s.colin.employeeId,
    });
    expect(swap.statusCode).toBe(404);
  });
});
