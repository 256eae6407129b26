import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConstraints } from '../src/modules/scheduling/constraints.loader.js';
import { createTestApp, type TestApp } from './harness.js';
import { fieldsOf, ok, type PeopleScene, peopleScene } from './scheduling-people-fixtures.js';

// Time off: request → approval through the approvals endpoints → a block for the rule engine;
// rejection, balances, overlaps, cancelling, who may do what.

let t: TestApp;
let s: PeopleScene;
let other: PeopleScene;
let vacationId: string;
let sickId: string;

beforeAll(async () => {
  t = await createTestApp();
  s = await peopleScene(t);
  other = await peopleScene(t, 'Other Co');
  vacationId = (
    await ok(
      s.owner.post('/api/scheduling/time-off-types', {
        name: 'Vacation',
        color: '#40c057',
        yearlyAllowanceMinutes: 40 * 60,
        requiresApproval: true,
      }),
      201,
    )
  ).id;
  sickId = (
    await ok(
      s.owner.post('/api/scheduling/time-off-types', {
        name: 'Sick leave',
        requiresApproval: false,
        yearlyAllowanceMinutes: null,
      }),
      201,
    )
  ).id;
});
afterAll(() => t.close());

const request = (body: Record<string, unknown>, client = s.staff) =>
  client.post('/api/scheduling/time-off/requests', { typeId: vacationId, ...body });

const blocks = (employeeId: string) =>
  loadConstraints(t.deps.db, {
    orgId: s.org.orgId,
    employeeIds: [employeeId],
    from: '2026-12-01',
    to: '2026-12-31',
    timeZone: 'America/New_York',
    includePay: false,
  }).then((d) => d.timeOff);

describe('requesting and approving', () => {
  it('creates a pending request with an approval the coordinator decides; approved becomes a block', async () => {
    const req = await ok(
      request({ startDate: '2026-12-07', endDate: '2026-12-08', reason: 'family' }),
      201,
    );
    expect(req).toMatchObject({
      status: 'pending',
      minutes: 2 * 8 * 60, // 40 h contract → 8 h a weekday
      employee: { id: s.staffEmployeeId },
      type: { id: vacationId, name: 'Vacation' },
      canCancel: true,
    });
    expect(req.approvalId).toBeTruthy();
    expect(await blocks(s.staffEmployeeId)).toEqual([]);

    // The coordinator sees it among the team's pending requests and in the approvals inbox.
    const team = await ok(
      s.coordinator.get('/api/scheduling/time-off/requests?scope=team&status=pending'),
    );
    expect(team.items.map((r: { id: string }) => r.id)).toContain(req.id);
    const approval = await ok(s.coordinator.get(`/api/approvals/${req.approvalId}`));
    expect(approval.type ?? approval.request?.type).toBeDefined();

    // The requester cannot decide their own request.
    const own = await s.staff.post(`/api/approvals/${req.approvalId}/decision`, {
      decision: 'approved',
    });
    expect(own.statusCode).toBe(403);

    await ok(
      s.coordinator.post(`/api/approvals/${req.approvalId}/decision`, { decision: 'approved' }),
    );
    const after = await ok(s.staff.get(`/api/scheduling/time-off/requests/${req.id}`));
    expect(after.status).toBe('approved');
    expect(after.decidedBy).not.toBeNull();
    expect(after.canCancel).toBe(false); // approved: only an approver cancels
    expect(await blocks(s.staffEmployeeId)).toEqual([
      {
        employeeId: s.staffEmployeeId,
        start: Date.parse('2026-12-07T05:00:00Z'),
        end: Date.parse('2026-12-09T05:00:00Z'),
        label: 'Vacation 2026-12-07 – 2026-12-08',
      },
    ]);

    const balances = await ok(s.staff.get('/api/scheduling/time-off/balances?year=2026'));
    const vac = balances.items.find((b: { type: { id: string } }) => b.type.id === vacationId);
    expect(vac).toMatchObject({
      allowanceMinutes: 2400,
      approvedMinutes: 960,
      pendingMinutes: 0,
      remainingMinutes: 1440,
    });
    expect(balances.minutesPerWorkday).toBe(480);
  });

  it('marks a rejected request rejected (a comment is required) and keeps it out of the engine', async () => {
    const req = await ok(request({ startDate: '2026-12-14', endDate: '2026-12-14' }), 201);
    const noComment = await s.coordinator.post(`/api/approvals/${req.approvalId}/decision`, {
      decision: 'rejected',
    });
    expect(noComment.statusCode).toBe(400);
    await ok(
      s.coordinator.post(`/api/approvals/${req.approvalId}/decision`, {
        decision: 'rejected',
        comment: 'Inventory week',
      }),
    );
    const after = await ok(s.staff.get(`/api/scheduling/time-off/requests/${req.id}`));
    expect(after.status).toBe('rejected');
    expect((await blocks(s.staffEmployeeId)).some((b) => b.label.includes('12-14'))).toBe(false);
  });

  it('approves types without approval at once', async () => {
    const req = await ok(
      request({ typeId: sickId, startDate: '2026-12-21', endDate: '2026-12-21' }),
      201,
    );
    expect(req).toMatchObject({ status: 'approved', approvalId: null });
  });

  it('costs a part day its own length', async () => {
    const req = await ok(
      request({
        startDate: '2026-12-15',
        endDate: '2026-12-15',
        allDay: false,
        startTime: '13:00',
        endTime: '16:30',
      }),
      201,
    );
    expect(req.minutes).toBe(210);
    await ok(s.staff.post(`/api/scheduling/time-off/requests/${req.id}/cancel`, {}));
  });
});

describe('refusals', () => {
  it('refuses a request over the remaining balance with 409 INSUFFICIENT_BALANCE naming the type', async () => {
    // 1440 min left; pending requests count too.
    await ok(request({ startDate: '2026-12-28', endDate: '2026-12-29' }), 201); // 960 pending
    const res = await request({ startDate: '2026-12-16', endDate: '2026-12-17' }); // 960 > 480
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
    expect(res.json().errors[0].field).toBe('typeId');
    expect(res.body).toContain(vacationId);
  });

  it('refuses a request overlapping my pending or approved time off with 409', async () => {
    const res = await request({ typeId: sickId, startDate: '2026-12-08', endDate: '2026-12-10' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('TIME_OFF_OVERLAP');
  });

  it('validates dates and times naming the field', async () => {
    expect(await fieldsOf(request({ startDate: '2026-12-10', endDate: '2026-12-09' }))).toContain(
      'endDate',
    );
    expect(
      await fieldsOf(
        request({
          startDate: '2026-12-10',
          endDate: '2026-12-10',
          allDay: false,
          startTime: '10:00',
        }),
      ),
    ).toContain('endTime');
    expect(
      await fieldsOf(
        request({ typeId: 'no-such-type', startDate: '2026-12-10', endDate: '2026-12-10' }),
      ),
    ).toContain('typeId');
  });

  it('does not let staff request for someone else (403) or see another organization’s request (404)', async () => {
    const forOther = await request({
      employeeId: s.colleagueId,
      startDate: '2026-12-10',
      endDate: '2026-12-10',
    });
    expect(forOther.statusCode).toBe(403);

    const theirType = await ok(
      other.owner.post('/api/scheduling/time-off-types', { name: 'Vacation' }),
      201,
    );
    const theirs = await ok(
      other.staff.post('/api/scheduling/time-off/requests', {
        typeId: theirType.id,
        startDate: '2026-12-10',
        endDate: '2026-12-10',
      }),
      201,
    );
    expect((await s.owner.get(`/api/scheduling/time-off/requests/${theirs.id}`)).statusCode).toBe(
      404,
    );
    expect(
      (await s.coordinator.post(`/api/scheduling/time-off/requests/${theirs.id}/cancel`, {}))
        .statusCode,
    ).toBe(404);
    // and my type id is unknown to them
    expect(
      (
        await other.staff.post('/api/scheduling/time-off/requests', {
          typeId: vacationId,
          startDate: '2026-12-11',
          endDate: '2026-12-11',
        })
      ).statusCode,
    ).toBe(400);
  });

  it('answers 400 NO_EMPLOYEE_RECORD when a member without an employee asks for themself', async () => {
    const res = await s.owner.post('/api/scheduling/time-off/requests', {
      typeId: vacationId,
      startDate: '2026-12-10',
      endDate: '2026-12-10',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('NO_EMPLOYEE_RECORD');
  });

  it('does not show team requests to staff', async () => {
    expect((await s.staff.get('/api/scheduling/time-off/requests?scope=team')).statusCode).toBe(
      403,
    );
    expect((await s.viewer.get('/api/scheduling/time-off/requests')).statusCode).toBe(403);
  });
});

describe('cancelling', () => {
  it('lets staff cancel their own pending request (withdrawing its approval) but not an approved one', async () => {
    const mine = await ok(s.staff.get('/api/scheduling/time-off/requests?status=pending'));
    const pending = mine.items.find((r: { startDate: string }) => r.startDate === '2026-12-28');
    const cancelled = await ok(
      s.staff.post(`/api/scheduling/time-off/requests/${pending.id}/cancel`, {
        reason: 'plans changed',
      }),
    );
    expect(cancelled.status).toBe('cancelled');
    const approval = await ok(s.coordinator.get(`/api/approvals/${pending.approvalId}`));
    expect(JSON.stringify(approval)).toContain('cancelled');

    const approved = (
      await ok(s.staff.get('/api/scheduling/time-off/requests?status=approved'))
    ).items.find((r: { type: { id: string } }) => r.type.id === vacationId);
    expect(
      (await s.staff.post(`/api/scheduling/time-off/requests/${approved.id}/cancel`, {}))
        .statusCode,
    ).toBe(403);
    const byApprover = await ok(
      s.coordinator.post(`/api/scheduling/time-off/requests/${approved.id}/cancel`, {}),
    );
    expect(byApprover.status).toBe('cancelled');
    expect(
      (await s.coordinator.post(`/api/scheduling/time-off/requests/${approved.id}/cancel`, {}))
        .statusCode,
    ).toBe(409);
    // the balance is free again
    const balances = await ok(s.staff.get('/api/scheduling/time-off/balances?year=2026'));
    const vac = balances.items.find((b: { type: { id: string } }) => b.type.id === vacationId);
    expect(vac.remainingMinutes).toBe(2400);
  });

  it('cancels the request when its approval is withdrawn from the approvals inbox', async () => {
    const req = await ok(request({ startDate: '2026-12-17', endDate: '2026-12-17' }), 201);
    const withdrawn = await s.staff.post(`/api/approvals/${req.approvalId}/cancel`, {
      comment: 'not needed after all',
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    const after = await ok(s.staff.get(`/api/scheduling/time-off/requests/${req.id}`));
    expect(after.status).toBe('cancelled');
    // A later request for the same day is not an overlap any more.
    await ok(request({ startDate: '2026-12-17', endDate: '2026-12-17' }), 201);
  });

  it('takes one of two concurrent requests for the last of the balance', async () => {
    // 2400 min free: two 3-day (1440 min) requests at once — only one fits.
    const [a, b] = await Promise.all([
      request({ startDate: '2026-11-30', endDate: '2026-12-02' }),
      request({ startDate: '2026-12-16', endDate: '2026-12-18' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
  });
});
