import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, membersOf } from './factories.js';
import { createTestApp, type TestApp } from './harness.js';
import {
  buildScene,
  HOUR,
  MIN,
  publishedShift,
  type Scene,
} from './scheduling-attendance-fixtures.js';

// Actual vs scheduled with late / early / missed flags around the grace, corrections with a
// reason (audited), manual entries, permissions, organization isolation and site scope.

let t: TestApp;
let s: Scene;
let shifts: { sam: string; pia: string; lee: string };

type Row = {
  key: string;
  employee: { id: string };
  flags: string[];
  lateMinutes: number;
  earlyMinutes: number;
  entries: { id: string }[];
};

async function rows(range = '') {
  const res = await s.coordinator.get(`/api/attendance?siteId=${s.siteId}${range}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().rows as Row[];
}
const rowOf = (list: Row[], employeeId: string) => list.find((r) => r.employee.id === employeeId)!;

beforeAll(async () => {
  t = await createTestApp();
  s = await buildScene(t);
  // Everyone 05:00–13:00 New York (10:00–18:00Z) on 2026-11-25; the clock is at 04:00.
  shifts = {
    sam: await publishedShift(s, s.sam.employeeId, '2026-11-25', '05:00', '13:00'),
    pia: await publishedShift(s, s.pia.employeeId, '2026-11-25', '05:00', '13:00'),
    lee: await publishedShift(s, s.leeId, '2026-11-25', '05:00', '13:00'),
  };
});
afterAll(() => t.close());

describe('actual vs scheduled', () => {
  it('flags late, early, not yet clocked in and missed around the 5 minute grace', async () => {
    let list = await rows();
    expect(list.map((r) => r.key).sort()).toEqual(Object.values(shifts).sort());
    expect(list.every((r) => r.flags.length === 0)).toBe(true);

    t.clock.advance(HOUR + 5 * MIN); // 05:05 = start + grace: still on time
    expect((await s.sam.client.post('/api/attendance/clock-in', {})).statusCode).toBe(201);
    list = await rows();
    expect(rowOf(list, s.sam.employeeId).flags).toEqual(['open']);
    expect(rowOf(list, s.leeId).flags).toEqual([]);

    t.clock.advance(MIN); // 05:06: late
    expect((await s.pia.client.post('/api/attendance/clock-in', {})).statusCode).toBe(201);
    list = await rows();
    expect(rowOf(list, s.pia.employeeId)).toMatchObject({
      flags: ['late', 'open'],
      lateMinutes: 6,
    });
    expect(rowOf(list, s.leeId).flags).toEqual(['not_clocked_in']);

    t.clock.advance(7 * HOUR + 48 * MIN); // 12:54: early
    expect((await s.pia.client.post('/api/attendance/clock-out', {})).statusCode).toBe(200);
    t.clock.advance(MIN); // 12:55 = end − grace: not early
    expect((await s.sam.client.post('/api/attendance/clock-out', {})).statusCode).toBe(200);
    list = await rows();
    expect(rowOf(list, s.pia.employeeId)).toMatchObject({
      flags: ['late', 'early'],
      earlyMinutes: 6,
    });
    expect(rowOf(list, s.sam.employeeId).flags).toEqual([]);
    expect(rowOf(list, s.leeId).flags).toEqual(['not_clocked_in']);

    t.clock.advance(5 * MIN); // 13:00: the shift has ended with nobody clocked in
    list = await rows('&from=2026-11-25&to=2026-11-25');
    expect(rowOf(list, s.leeId).flags).toEqual(['missed']);
  });

  it('shows an entry without a shift as unscheduled on its local date', async () => {
    const res = await s.coordinator.post('/api/attendance/entries', {
      employeeId: s.leeId,
      siteId: s.siteId,
      clockInAt: '2026-11-25T02:00:00Z', // 21:00 on the 24th in New York
      clockOutAt: '2026-11-25T04:00:00Z',
      reason: 'Forgot to clock, confirmed by the line lead',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      shiftId: null,
      source: 'manager',
      date: '2026-11-24',
      workedMinutes: 120,
      corrected: { reason: 'Forgot to clock, confirmed by the line lead' },
    });
    const list = await rows('&from=2026-11-24&to=2026-11-24');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ key: `entry:${res.json().id}`, flags: ['unscheduled'] });
  });

  it('matches a manual entry to the person’s shift, and refuses overlapping ones', async () => {
    const res = await s.coordinator.post('/api/attendance/entries', {
      employeeId: s.leeId,
      siteId: s.siteId,
      clockInAt: '2026-11-25T10:20:00Z',
      clockOutAt: '2026-11-25T17:00:00Z',
      breaks: [{ startedAt: '2026-11-25T14:00:00Z', endedAt: '2026-11-25T14:30:00Z' }],
      reason: 'Paper time card',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ shiftId: shifts.lee, breakMinutes: 30, workedMinutes: 370 });
    const lee = rowOf(await rows('&from=2026-11-25'), s.leeId);
    expect(lee.flags).toEqual(['late', 'early']);

    const overlap = await s.coordinator.post('/api/attendance/entries', {
      employeeId: s.leeId,
      siteId: s.siteId,
      clockInAt: '2026-11-25T16:00:00Z',
      clockOutAt: '2026-11-25T17:30:00Z',
      reason: 'Twice',
    });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().code).toBe('ENTRY_OVERLAP');
  });

  it('needs a reason for a correction, validates the times, and audits the change', async () => {
    const pia = rowOf(await rows('&from=2026-11-25'), s.pia.employeeId);
    const entryId = pia.entries[0]!.id;
    const noReason = await s.coordinator.patch(`/api/attendance/entries/${entryId}`, {
      clockInAt: '2026-11-25T10:00:00Z',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    const blank = await s.coordinator.patch(`/api/attendance/entries/${entryId}`, {
      clockInAt: '2026-11-25T10:00:00Z',
      reason: '   ',
    });
    expect(blank.statusCode).toBe(400);

    const backwards = await s.coordinator.patch(`/api/attendance/entries/${entryId}`, {
      clockOutAt: '2026-11-25T09:00:00Z',
      reason: 'typo',
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors[0].field).toBe('clockOutAt');
    const future = await s.coordinator.patch(`/api/attendance/entries/${entryId}`, {
      clockOutAt: '2026-12-25T09:00:00Z',
      reason: 'typo',
    });
    expect(future.statusCode).toBe(400);
    const badBreak = await s.coordinator.patch(`/api/attendance/entries/${entryId}`, {
      breaks: [{ startedAt: '2026-11-25T08:00:00Z', endedAt: '2026-11-25T08:30:00Z' }],
      reason: 'typo',
    });
    expect(badBreak.statusCode).toBe(400);
    expect(badBreak.json().errors[0].field).toBe('breaks[0].startedAt');

    const ok = await s.coordinator.patch(`/api/attendance/entries/${entryId}`, {
      clockInAt: '2026-11-25T10:00:00Z',
      clockOutAt: '2026-11-25T18:00:00Z',
      breaks: [{ startedAt: '2026-11-25T14:00:00Z', endedAt: '2026-11-25T14:20:00Z' }],
      reason: 'Badge reader was down',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      clockInAt: '2026-11-25T10:00:00.000Z',
      workedMinutes: 460,
      corrected: { reason: 'Badge reader was down', by: { name: expect.any(String) } },
    });
    expect(rowOf(await rows('&from=2026-11-25'), s.pia.employeeId).flags).toEqual([]);

    const audit = await t.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', entryId)
      .where('action', '=', 'correct')
      .execute();
    expect(audit).toHaveLength(1);
    const changes = JSON.parse(audit[0]!.changes);
    expect(changes.clockInAt).toEqual({
      before: '2026-11-25T10:06:00.000Z',
      after: '2026-11-25T10:00:00.000Z',
    });
    expect(changes.reason.after).toBe('Badge reader was down');
    expect(changes.breaks.after).toHaveLength(1);

    // The record's history: its manager and the person it belongs to, not a colleague.
    const history = await s.coordinator.get(`/api/history/attendance_entry/${entryId}`);
    expect(history.statusCode, history.body).toBe(200);
    expect(JSON.stringify(history.json())).toContain('Badge reader was down');
    expect((await s.pia.client.get(`/api/history/attendance_entry/${entryId}`)).statusCode).toBe(
      200,
    );
    expect((await s.sam.client.get(`/api/history/attendance_entry/${entryId}`)).statusCode).toBe(
      404,
    );
  });

  it('validates the query', async () => {
    const bad = await s.coordinator.get(
      `/api/attendance?siteId=${s.siteId}&from=2026-11-25&to=2026-11-01`,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('to');
    const long = await s.coordinator.get(
      `/api/attendance?siteId=${s.siteId}&from=2026-01-01&to=2026-11-01`,
    );
    expect(long.statusCode).toBe(400);
    expect((await s.coordinator.get('/api/attendance')).statusCode).toBe(400);
  });
});

describe('who sees attendance', () => {
  it('is managers only: staff and viewers get 403', async () => {
    for (const c of [s.sam.client, s.org.as.viewer]) {
      expect((await c.get(`/api/attendance?siteId=${s.siteId}`)).statusCode).toBe(403);
      expect(
        (await c.post('/api/attendance/entries', { employeeId: s.leeId, siteId: s.siteId }))
          .statusCode,
      ).toBe(403);
    }
    const entry = rowOf(await rows('&from=2026-11-25'), s.pia.employeeId).entries[0]!.id;
    expect(
      (await s.sam.client.patch(`/api/attendance/entries/${entry}`, { reason: 'mine now' }))
        .statusCode,
    ).toBe(403);
    for (const c of [s.org.as.manager, s.org.as.owner])
      expect((await c.get(`/api/attendance?siteId=${s.siteId}`)).statusCode).toBe(200);
  });

  it('answers 404 for another organization’s site and entries', async () => {
    const other = await buildScene(t, 'Other Works');
    const entry = rowOf(await rows('&from=2026-11-25'), s.pia.employeeId).entries[0]!.id;
    expect((await other.coordinator.get(`/api/attendance?siteId=${s.siteId}`)).statusCode).toBe(
      404,
    );
    const patch = await other.coordinator.patch(`/api/attendance/entries/${entry}`, {
      clockInAt: '2026-11-25T10:00:00Z',
      reason: 'not mine',
    });
    expect(patch.statusCode).toBe(404);
    const create = await other.coordinator.post('/api/attendance/entries', {
      employeeId: s.leeId,
      siteId: other.siteId,
      clockInAt: '2026-11-25T10:00:00Z',
      reason: 'not mine',
    });
    expect(create.statusCode).toBe(400);
    expect(create.json().errors[0].field).toBe('employeeId');
  });

  it('keeps a coordinator of another site out (404)', async () => {
    const ids = await membersOf(t, s.org);
    const elsewhere = await buildSite(t, s.org.owner, {
      name: 'Reno',
      timeZone: 'America/Los_Angeles',
    });
    const res = await s.org.as.owner.patch(`/api/members/${ids.coordinator.memberId}`, {
      siteIds: [elsewhere.id],
    });
    expect(res.statusCode, res.body).toBe(200);
    const entry = rowOf(
      (await s.org.as.manager.get(`/api/attendance?siteId=${s.siteId}&from=2026-11-25`)).json()
        .rows,
      s.pia.employeeId,
    ).entries[0]!.id;
    expect((await s.coordinator.get(`/api/attendance?siteId=${s.siteId}`)).statusCode).toBe(404);
    expect((await s.coordinator.get(`/api/attendance?siteId=${elsewhere.id}`)).statusCode).toBe(
      200,
    );
    const patch = await s.coordinator.patch(`/api/attendance/entries/${entry}`, {
      clockInAt: '2026-11-25T10:00:00Z',
      reason: 'out of scope',
    });
    expect(patch.statusCode).toBe(404);
    await s.org.as.owner.patch(`/api/members/${ids.coordinator.memberId}`, { siteIds: null });
  });
});
