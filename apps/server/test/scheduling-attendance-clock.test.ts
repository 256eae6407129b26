import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness.js';
import {
  buildScene,
  HOUR,
  MIN,
  publishedShift,
  type Scene,
} from './scheduling-attendance-fixtures.js';

// The staff clock: state machine, shift matching, the double-tap race, server time only.

let t: TestApp;
let s: Scene;

beforeAll(async () => {
  t = await createTestApp();
  s = await buildScene(t);
});
afterAll(() => t.close());

describe('the clock', () => {
  it('goes clocked out → in → on break → back → out, each step audited', async () => {
    // 04:00 New York; Sam's shift 05:00–13:00 starts in an hour.
    const shiftId = await publishedShift(s, s.sam.employeeId, '2026-11-25', '05:00', '13:00', 30);
    const me0 = await s.sam.client.get('/api/attendance/me');
    expect(me0.statusCode, me0.body).toBe(200);
    expect(me0.json()).toMatchObject({
      state: 'clocked_out',
      employee: { id: s.sam.employeeId, name: 'Sam Clock' },
      site: { id: s.siteId, timeZone: 'America/New_York' },
      openEntry: null,
      matchingShift: { id: shiftId },
      nextShift: { id: shiftId },
    });
    expect(me0.json().todayShifts.map((x: { id: string }) => x.id)).toEqual([shiftId]);

    t.clock.advance(HOUR - 3 * MIN); // 04:57
    const inRes = await s.sam.client.post('/api/attendance/clock-in', {
      note: 'at the gate',
      // the client cannot choose the time
    });
    expect(inRes.statusCode, inRes.body).toBe(201);
    expect(inRes.json()).toMatchObject({
      state: 'clocked_in',
      openEntry: {
        shiftId,
        clockInAt: '2026-11-25T09:57:00.000Z',
        source: 'phone',
        note: 'at the gate',
      },
    });

    const forged = await s.sam.client.post('/api/attendance/clock-in', {
      clockInAt: '2026-11-25T05:00:00Z',
    });
    expect(forged.statusCode).toBe(400);

    t.clock.advance(4 * HOUR);
    const brk = await s.sam.client.post('/api/attendance/break/start', {});
    expect(brk.statusCode, brk.body).toBe(200);
    expect(brk.json().state).toBe('on_break');
    expect((await s.sam.client.post('/api/attendance/break/start', {})).json().code).toBe(
      'ALREADY_ON_BREAK',
    );

    t.clock.advance(30 * MIN);
    const back = await s.sam.client.post('/api/attendance/break/end', {});
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().state).toBe('clocked_in');
    expect(back.json().openEntry.breaks).toHaveLength(1);
    expect(back.json().openEntry.breakMinutes).toBe(30);

    t.clock.advance(3 * HOUR + 33 * MIN); // 13:00
    const out = await s.sam.client.post('/api/attendance/clock-out', {});
    expect(out.statusCode, out.body).toBe(200);
    expect(out.json()).toMatchObject({ state: 'clocked_out', openEntry: null });
    const entry = out.json().todayEntries[0];
    expect(entry).toMatchObject({
      clockOutAt: '2026-11-25T18:00:00.000Z',
      breakMinutes: 30,
      workedMinutes: 8 * 60 + 3 - 30,
    });
    expect(out.json().period.workedMinutes).toBe(8 * 60 + 3 - 30);
    expect(out.json().period.scheduledMinutes).toBe(7 * 60 + 30);

    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', entry.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'clock_in',
      'break_start',
      'break_end',
      'clock_out',
    ]);
  });

  it('refuses transitions the state does not allow with 409 and a clear code', async () => {
    const c = s.pia.client;
    expect((await c.post('/api/attendance/clock-out', {})).json()).toMatchObject({
      status: 409,
      code: 'NOT_CLOCKED_IN',
    });
    expect((await c.post('/api/attendance/break/start', {})).json().code).toBe('NOT_CLOCKED_IN');
    expect((await c.post('/api/attendance/break/end', {})).json().code).toBe('NOT_CLOCKED_IN');
    const first = await c.post('/api/attendance/clock-in', {});
    expect(first.statusCode, first.body).toBe(201);
    // No shift near: an unscheduled entry at the home site.
    expect(first.json().openEntry).toMatchObject({ shiftId: null, siteId: s.siteId });
    const again = await c.post('/api/attendance/clock-in', {});
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ALREADY_CLOCKED_IN');
    expect((await c.post('/api/attendance/break/end', {})).json().code).toBe('NOT_ON_BREAK');
    t.clock.advance(10 * MIN);
    await c.post('/api/attendance/break/start', {});
    t.clock.advance(10 * MIN);
    // Clocking out ends the running break.
    const out = await c.post('/api/attendance/clock-out', {});
    expect(out.statusCode, out.body).toBe(200);
    const e = out.json().todayEntries.at(-1);
    expect(e.breaks[0].endedAt).toBe(e.clockOutAt);
    expect(e.workedMinutes).toBe(10);
  });

  it('lets exactly one of two simultaneous clock-ins through', async () => {
    const c = s.pia.client;
    const results = await Promise.all([
      c.post('/api/attendance/clock-in', {}),
      c.post('/api/attendance/clock-in', {}),
      c.post('/api/attendance/clock-in', {}),
    ]);
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([201, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409))
      expect(r.json().code).toBe('ALREADY_CLOCKED_IN');
    const open = await t.deps.db
      .selectFrom('attendance_entries')
      .select('id')
      .where('employee_id', '=', s.pia.employeeId)
      .where('clock_out_at', 'is', null)
      .execute();
    expect(open).toHaveLength(1);
    t.clock.advance(MIN);
    const outs = await Promise.all([
      c.post('/api/attendance/clock-out', {}),
      c.post('/api/attendance/clock-out', {}),
    ]);
    expect(outs.map((r) => r.statusCode).sort()).toEqual([200, 409]);
  });

  it('answers a member without an employee record, and refuses their clock-in', async () => {
    const me = await s.org.as.manager.get('/api/attendance/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ employee: null, state: 'clocked_out' });
    const res = await s.org.as.manager.post('/api/attendance/clock-in', {});
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('EMPLOYEE_NOT_LINKED');
  });

  it('is not open to viewers', async () => {
    expect((await s.org.as.viewer.get('/api/attendance/me')).statusCode).toBe(403);
    expect((await s.org.as.viewer.post('/api/attendance/clock-in', {})).statusCode).toBe(403);
  });
});
