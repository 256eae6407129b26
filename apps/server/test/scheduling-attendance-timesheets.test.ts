import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness.js';
import { buildScene, HOUR, publishedShift, type Scene } from './scheduling-attendance-fixtures.js';

// Timesheets per pay period (14 days from Monday 2026-01-05: the clock's period is
// 2026-11-23 … 2026-12-06): totals, overtime from work rules, approval and its snapshot, the
// open-entry block, reopening, and the payroll CSV.

let t: TestApp;
let s: Scene;
let samEntry: string;
const PERIOD = '2026-11-23';

type Sheet = {
  employee: { id: string; name: string };
  status: string;
  totals: Record<string, number>;
  current: Record<string, number>;
  changedSinceApproval: boolean;
  openEntries: number;
  approvedBy: { name: string } | null;
};

async function sheets(query = `&periodFrom=${PERIOD}`) {
  const res = await s.coordinator.get(`/api/attendance/timesheets?siteId=${s.siteId}${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    periodFrom: string;
    periodTo: string;
    previousFrom: string;
    nextFrom: string;
    rows: Sheet[];
  };
}
const sheetOf = (rows: Sheet[], id: string) => rows.find((r) => r.employee.id === id)!;

async function manual(employeeId: string, clockInAt: string, clockOutAt: string | null) {
  const res = await s.coordinator.post('/api/attendance/entries', {
    employeeId,
    siteId: s.siteId,
    clockInAt,
    clockOutAt,
    reason: 'Imported from the paper sheet',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

beforeAll(async () => {
  t = await createTestApp();
  s = await buildScene(t);
  const rules = await s.coordinator.put(
    `/api/scheduling/employees/${s.sam.employeeId}/work-rules`,
    { rules: { overtimeAfterMinutesPerDay: 480, overtimeAfterMinutesPerWeek: null } },
  );
  expect(rules.statusCode, rules.body).toBe(200);
  // Sam: a 9-hour unscheduled day on Monday (1 h overtime by the daily rule) and today's shift.
  samEntry = await manual(s.sam.employeeId, '2026-11-23T10:00:00Z', '2026-11-23T19:00:00Z');
  await publishedShift(s, s.sam.employeeId, '2026-11-26', '05:00', '13:00');
  // Pia: missed Monday, late Tuesday (10 minutes), 470 minutes worked.
  await publishedShift(s, s.pia.employeeId, '2026-11-23', '05:00', '13:00');
  await publishedShift(s, s.pia.employeeId, '2026-11-24', '05:00', '13:00');
  await manual(s.pia.employeeId, '2026-11-24T10:10:00Z', '2026-11-24T18:00:00Z');
});
afterAll(() => t.close());

describe('timesheets', () => {
  it('total each person of the site over the period', async () => {
    const view = await sheets('');
    expect(view).toMatchObject({
      periodFrom: '2026-11-23',
      periodTo: '2026-12-06',
      previousFrom: '2026-11-09',
      nextFrom: '2026-12-07',
    });
    expect(view.rows.map((r) => r.employee.name)).toEqual(['Lee Clock', 'Pia Clock', 'Sam Clock']);
    expect(sheetOf(view.rows, s.sam.employeeId)).toMatchObject({
      status: 'open',
      totals: {
        scheduledMinutes: 480,
        workedMinutes: 540,
        overtimeMinutes: 60,
        regularMinutes: 480,
        lateCount: 0,
        missedCount: 0,
      },
      approvedBy: null,
    });
    expect(sheetOf(view.rows, s.pia.employeeId).totals).toMatchObject({
      scheduledMinutes: 960,
      workedMinutes: 470,
      lateCount: 1,
      earlyCount: 0,
      missedCount: 1,
    });
    expect(sheetOf(view.rows, s.leeId).totals.workedMinutes).toBe(0);
  });

  it('refuses a date that does not start a pay period', async () => {
    const res = await s.coordinator.get(
      `/api/attendance/timesheets?siteId=${s.siteId}&periodFrom=2026-11-24`,
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ field: 'periodFrom' });
  });

  it('will not approve while the person is still clocked in', async () => {
    expect((await s.pia.client.post('/api/attendance/clock-in', {})).statusCode).toBe(201);
    const res = await s.coordinator.post('/api/attendance/timesheets/approve', {
      siteId: s.siteId,
      periodFrom: PERIOD,
      employeeIds: [s.sam.employeeId, s.pia.employeeId],
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('OPEN_ENTRY');
    expect(sheetOf((await sheets()).rows, s.sam.employeeId).status).toBe('open');
    t.clock.advance(HOUR);
    expect((await s.pia.client.post('/api/attendance/clock-out', {})).statusCode).toBe(200);
  });

  it('snapshots the totals on approval; a correction shows as changed until re-approved', async () => {
    const res = await s.coordinator.post('/api/attendance/timesheets/approve', {
      siteId: s.siteId,
      periodFrom: PERIOD,
      employeeIds: [s.sam.employeeId],
    });
    expect(res.statusCode, res.body).toBe(200);
    const sam = sheetOf(res.json().rows, s.sam.employeeId);
    expect(sam).toMatchObject({ status: 'approved', changedSinceApproval: false });
    expect(sam.approvedBy?.name).toBeTruthy();

    const fix = await s.coordinator.patch(`/api/attendance/entries/${samEntry}`, {
      clockOutAt: '2026-11-23T18:00:00Z',
      reason: 'Left at 13:00, confirmed',
    });
    expect(fix.statusCode, fix.body).toBe(200);
    const after = sheetOf((await sheets()).rows, s.sam.employeeId);
    expect(after).toMatchObject({
      status: 'approved',
      changedSinceApproval: true,
      totals: { workedMinutes: 540, overtimeMinutes: 60 },
      current: { workedMinutes: 480, overtimeMinutes: 0 },
    });

    const again = await s.coordinator.post('/api/attendance/timesheets/approve', {
      siteId: s.siteId,
      periodFrom: PERIOD,
      employeeIds: [s.sam.employeeId],
    });
    expect(again.statusCode).toBe(200);
    expect(sheetOf(again.json().rows, s.sam.employeeId)).toMatchObject({
      changedSinceApproval: false,
      totals: { workedMinutes: 480, overtimeMinutes: 0 },
    });
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'changes'])
      .where('entity_type', '=', 'timesheet')
      .where('org_id', '=', s.org.orgId)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['approve', 'approve']);
    expect(JSON.parse(audit[1]!.changes).workedMinutes).toEqual({ before: 540, after: 480 });
  });

  it('reopens approved timesheets only', async () => {
    const body = { siteId: s.siteId, periodFrom: PERIOD, employeeIds: [s.sam.employeeId] };
    const res = await s.coordinator.post('/api/attendance/timesheets/reopen', body);
    expect(res.statusCode, res.body).toBe(200);
    expect(sheetOf(res.json().rows, s.sam.employeeId)).toMatchObject({
      status: 'open',
      approvedBy: null,
    });
    const twice = await s.coordinator.post('/api/attendance/timesheets/reopen', body);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('TIMESHEET_NOT_APPROVED');
  });

  it('refuses people who are not on the site’s timesheets', async () => {
    const other = await buildScene(t, 'Other Works');
    const res = await s.coordinator.post('/api/attendance/timesheets/approve', {
      siteId: s.siteId,
      periodFrom: PERIOD,
      employeeIds: [other.sam.employeeId],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('employeeIds[0]');
    const foreign = await other.coordinator.get(`/api/attendance/timesheets?siteId=${s.siteId}`);
    expect(foreign.statusCode).toBe(404);
  });

  it('is for managers; approving and exporting need scheduling.approve', async () => {
    for (const c of [s.sam.client, s.org.as.viewer]) {
      expect((await c.get(`/api/attendance/timesheets?siteId=${s.siteId}`)).statusCode).toBe(403);
      expect((await c.get(`/api/attendance/timesheets.csv?siteId=${s.siteId}`)).statusCode).toBe(
        403,
      );
      expect(
        (
          await c.post('/api/attendance/timesheets/approve', {
            siteId: s.siteId,
            periodFrom: PERIOD,
            employeeIds: [s.sam.employeeId],
          })
        ).statusCode,
      ).toBe(403);
    }
  });
});

describe('the payroll CSV', () => {
  it('has the payroll columns, decimal hours and formula-safe cells', async () => {
    await s.coordinator.post('/api/attendance/timesheets/approve', {
      siteId: s.siteId,
      periodFrom: PERIOD,
      employeeIds: [s.pia.employeeId],
    });
    const res = await s.coordinator.get(
      `/api/attendance/timesheets.csv?siteId=${s.siteId}&periodFrom=${PERIOD}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain('timesheets-Columbus-2026-11-23.csv');
    const parsed = Papa.parse<Record<string, string>>(res.body, {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.meta.fields).toEqual([
      'employee_number',
      'name',
      'period_from',
      'period_to',
      'status',
      'scheduled_hours',
      'worked_hours',
      'regular_hours',
      'overtime_hours',
      'break_hours',
      'late',
      'early',
      'missed',
    ]);
    const sam = parsed.data.find((r) => r.name === 'Sam Clock')!;
    expect(sam).toMatchObject({
      employee_number: "'=SUM(A1)",
      period_from: '2026-11-23',
      period_to: '2026-12-06',
      status: 'open',
      scheduled_hours: '8.00',
      worked_hours: '8.00',
      overtime_hours: '0.00',
    });
    const pia = parsed.data.find((r) => r.name === 'Pia Clock')!;
    expect(pia).toMatchObject({ status: 'approved', late: '1', missed: '1', early: '0' });
    expect(pia.worked_hours).toBe(((470 + 60) / 60).toFixed(2));
  });
});
