import type { Publication, Roster, Shift, ShiftType } from '@keel/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildEmployee,
  buildOrg,
  buildPosition,
  buildSite,
  membersOf,
  sessionClient,
  type TestOrg,
} from './factories.js';
import { type Client, createTestApp, onPostgres, type TestApp } from './harness.js';

let t: TestApp;
let acme: TestOrg;
let siteId: string;
let otherSiteId: string;
let positionId: string;
let staffEmployeeId: string;
let staffUserId: string;
let early: ShiftType;
let late: ShiftType;
let night: ShiftType;
const people: string[] = [];

async function shiftType(c: Client, body: Record<string, unknown>) {
  const res = await c.post('/api/scheduling/shift-types', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as ShiftType;
}

async function addShift(c: Client, body: Record<string, unknown>) {
  const res = await c.post('/api/scheduling/shifts', { siteId, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { shift: Shift; findings: { rule: string; severity: string }[] };
}

beforeAll(async () => {
  t = await createTestApp();
  acme = await buildOrg(t);
  siteId = (await buildSite(t, acme.owner, { name: 'Columbus', timeZone: 'America/New_York' })).id;
  otherSiteId = (await buildSite(t, acme.owner, { name: 'Reno', timeZone: 'America/Los_Angeles' }))
    .id;
  positionId = (await buildPosition(t, acme.owner, { title: 'Machine Operator' })).id;
  const staff = await buildEmployee(t, acme.owner, {
    firstName: 'Sam',
    lastName: 'Staff',
    siteId,
    positionId,
  });
  staffEmployeeId = staff.id;
  for (let i = 0; i < 4; i++)
    people.push((await buildEmployee(t, acme.owner, { siteId, positionId })).id);
  const ids = await membersOf(t, acme);
  staffUserId = ids.staff.userId;
  const res = await acme.as.owner.patch(`/api/members/${ids.staff.memberId}`, {
    employeeId: staffEmployeeId,
  });
  expect(res.statusCode, res.body).toBe(200);
  const c = acme.as.coordinator;
  early = await shiftType(c, {
    siteId,
    code: 'E',
    name: 'Early',
    startTime: '06:00',
    endTime: '14:00',
  });
  late = await shiftType(c, {
    siteId,
    code: 'L',
    name: 'Late',
    startTime: '14:00',
    endTime: '22:00',
  });
  night = await shiftType(c, {
    siteId,
    code: 'N',
    name: 'Night',
    startTime: '22:00',
    endTime: '06:00',
    breakMinutes: 30,
    positionId,
  });
});
afterAll(() => t.close());

describe('shift types', () => {
  it('answers nominal paid minutes and whether the type crosses midnight', () => {
    expect(early).toMatchObject({ code: 'E', paidMinutes: 480, overnight: false, archived: false });
    expect(night).toMatchObject({ paidMinutes: 450, overnight: true });
    expect(night.position?.id).toBe(positionId);
  });

  it('refuses a code already used at the site, whatever its case (409 naming code)', async () => {
    const res = await acme.as.coordinator.post('/api/scheduling/shift-types', {
      siteId,
      code: 'e',
      name: 'Another early',
      startTime: '05:00',
      endTime: '13:00',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'code' })]);
    // The same code at another site is fine.
    await shiftType(acme.as.coordinator, {
      siteId: otherSiteId,
      code: 'E',
      name: 'Early',
      startTime: '06:00',
      endTime: '14:00',
    });
  });

  it('refuses end = start, bad times and unknown sites, naming the field', async () => {
    const c = acme.as.coordinator;
    const base = { siteId, code: 'X', name: 'X', startTime: '06:00', endTime: '14:00' };
    const same = await c.post('/api/scheduling/shift-types', { ...base, endTime: '06:00' });
    expect(same.statusCode).toBe(400);
    expect(same.json().errors[0].field).toBe('endTime');
    const bad = await c.post('/api/scheduling/shift-types', { ...base, startTime: '25:00' });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().errors)).toContain('startTime');
    const site = await c.post('/api/scheduling/shift-types', {
      ...base,
      siteId: '00000000-0000-4000-8000-000000000000',
    });
    expect(site.statusCode).toBe(404);
    expect(site.json().errors[0].field).toBe('siteId');
    const pos = await c.post('/api/scheduling/shift-types', {
      ...base,
      positionId: '00000000-0000-4000-8000-000000000000',
    });
    expect(pos.statusCode).toBe(400);
    expect(pos.json().errors[0].field).toBe('positionId');
  });

  it('archives and restores a type; archived types leave the default list', async () => {
    const c = acme.as.coordinator;
    const tmp = await shiftType(c, {
      siteId,
      code: 'T',
      name: 'Temp',
      startTime: '08:00',
      endTime: '12:00',
    });
    expect((await c.post(`/api/scheduling/shift-types/${tmp.id}/archive`)).json().archived).toBe(
      true,
    );
    const list = (await c.get(`/api/scheduling/shift-types?siteId=${siteId}`)).json().items;
    expect(list.map((x: ShiftType) => x.code)).not.toContain('T');
    const all = (
      await c.get(`/api/scheduling/shift-types?siteId=${siteId}&includeArchived=true`)
    ).json().items;
    expect(all.map((x: ShiftType) => x.code)).toContain('T');
    const shift = await c.post('/api/scheduling/shifts', {
      siteId,
      date: '2026-12-01',
      shiftTypeId: tmp.id,
    });
    expect(shift.statusCode).toBe(400);
    expect(shift.json().errors[0].field).toBe('shiftTypeId');
    expect((await c.post(`/api/scheduling/shift-types/${tmp.id}/restore`)).json().archived).toBe(
      false,
    );
  });

  it('staff cannot create shift types', async () => {
    const res = await acme.as.staff.post('/api/scheduling/shift-types', {
      siteId,
      code: 'Z',
      name: 'Z',
      startTime: '06:00',
      endTime: '14:00',
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('shifts', () => {
  it('takes times, break and position from the shift type', async () => {
    const { shift } = await addShift(acme.as.coordinator, {
      date: '2026-12-07',
      shiftTypeId: night.id,
      employeeId: people[0],
    });
    expect(shift).toMatchObject({
      startTime: '22:00',
      endTime: '06:00',
      breakMinutes: 30,
      paidMinutes: 450,
      status: 'draft',
      timeZone: 'America/New_York',
    });
    expect(shift.position?.id).toBe(positionId);
    expect(shift.shiftType?.code).toBe('N');
    expect(shift.start).toBe('2026-12-08T03:00:00.000Z');
  });

  it('accepts custom times and answers an open shift', async () => {
    const { shift } = await addShift(acme.as.coordinator, {
      date: '2026-12-07',
      startTime: '09:00',
      endTime: '13:30',
    });
    expect(shift).toMatchObject({ paidMinutes: 270, employee: null, shiftType: null });
  });

  it('computes a night over the fall-back change as 9 hours', async () => {
    const { shift } = await addShift(acme.as.coordinator, {
      date: '2026-10-31',
      startTime: '22:00',
      endTime: '06:00',
      employeeId: people[3],
    });
    expect(shift.paidMinutes).toBe(540);
    expect(shift.end).toBe('2026-11-01T11:00:00.000Z');
  });

  it('refuses an overlap with another shift of the same person (409 naming the other)', async () => {
    const first = await addShift(acme.as.coordinator, {
      date: '2026-12-08',
      shiftTypeId: early.id,
      employeeId: people[1],
    });
    const res = await acme.as.coordinator.post('/api/scheduling/shifts', {
      siteId,
      date: '2026-12-08',
      startTime: '10:00',
      endTime: '18:00',
      employeeId: people[1],
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('SHIFT_OVERLAP');
    expect(JSON.stringify(res.json())).toContain(first.shift.id);
  });

  it('answers the findings a change causes (too little rest after a night)', async () => {
    const res = await addShift(acme.as.coordinator, {
      date: '2026-12-08',
      shiftTypeId: early.id,
      employeeId: people[0],
    });
    expect(res.findings).toContainEqual(
      expect.objectContaining({ rule: 'rest', severity: 'error' }),
    );
    // Moving it to the late shift gives 8 hours of rest: still too little; the next day is fine.
    const moved = await acme.as.coordinator.patch(`/api/scheduling/shifts/${res.shift.id}`, {
      date: '2026-12-09',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().findings.filter((f: { rule: string }) => f.rule === 'rest')).toEqual([]);
    const del = await acme.as.coordinator.delete(`/api/scheduling/shifts/${res.shift.id}`);
    expect(del.statusCode).toBe(200);
    expect(Array.isArray(del.json().findings)).toBe(true);
  });

  it('refuses an archived or unknown employee, naming employeeId', async () => {
    const res = await acme.as.coordinator.post('/api/scheduling/shifts', {
      siteId,
      date: '2026-12-10',
      shiftTypeId: early.id,
      employeeId: '00000000-0000-4000-8000-000000000000',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('employeeId');
  });

  it('refuses a shift type of another site', async () => {
    const other = (
      await acme.as.coordinator.get(`/api/scheduling/shift-types?siteId=${otherSiteId}`)
    ).json().items[0] as ShiftType;
    const res = await acme.as.coordinator.post('/api/scheduling/shifts', {
      siteId,
      date: '2026-12-10',
      shiftTypeId: other.id,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('shiftTypeId');
  });

  it('keeps drafts from staff and viewers; staff read their own published shift', async () => {
    const { shift } = await addShift(acme.as.coordinator, {
      date: '2026-12-14',
      shiftTypeId: early.id,
      employeeId: staffEmployeeId,
    });
    expect((await acme.as.staff.get(`/api/scheduling/shifts/${shift.id}`)).statusCode).toBe(404);
    expect((await acme.as.viewer.get(`/api/scheduling/shifts/${shift.id}`)).statusCode).toBe(404);
    const roster = (
      await acme.as.viewer.get(
        `/api/scheduling/roster?siteId=${siteId}&from=2026-12-14&to=2026-12-20`,
      )
    ).json() as Roster;
    expect(roster.shifts).toEqual([]);
    expect(roster.input.shifts).toEqual([]);
    expect(roster.canEditDrafts).toBe(false);
    const pub = await acme.as.coordinator.post('/api/scheduling/roster/publish', {
      siteId,
      from: '2026-12-14',
      to: '2026-12-20',
    });
    expect(pub.statusCode, pub.body).toBe(201);
    const own = await acme.as.staff.get(`/api/scheduling/shifts/${shift.id}`);
    expect(own.statusCode).toBe(200);
    expect(own.json().status).toBe('published');
    const viewer = (
      await acme.as.viewer.get(
        `/api/scheduling/roster?siteId=${siteId}&from=2026-12-14&to=2026-12-20`,
      )
    ).json() as Roster;
    expect(viewer.shifts.map((s) => s.id)).toEqual([shift.id]);
    expect(viewer.labor).toBeNull();
    expect(viewer.currency).toBeNull();
  });

  it('another organization’s shift is 404', async () => {
    const { shift } = await addShift(acme.as.coordinator, {
      date: '2026-12-15',
      shiftTypeId: late.id,
    });
    const other = await buildOrg(t, 'Other Co');
    expect((await other.as.owner.get(`/api/scheduling/shifts/${shift.id}`)).statusCode).toBe(404);
    expect(
      (await other.as.owner.patch(`/api/scheduling/shifts/${shift.id}`, { notes: 'x' })).statusCode,
    ).toBe(404);
    expect((await other.as.owner.delete(`/api/scheduling/shifts/${shift.id}`)).statusCode).toBe(
      404,
    );
    const roster = await other.as.owner.get(
      `/api/scheduling/roster?siteId=${siteId}&from=2026-12-14&to=2026-12-20`,
    );
    expect(roster.statusCode).toBe(404);
  });

  it('a coordinator limited to another site cannot see or plan this one', async () => {
    const ids = await membersOf(t, acme);
    const res = await acme.as.owner.patch(`/api/members/${ids.coordinator.memberId}`, {
      siteIds: [otherSiteId],
    });
    expect(res.statusCode, res.body).toBe(200);
    try {
      const c = acme.as.coordinator;
      expect(
        (await c.get(`/api/scheduling/roster?siteId=${siteId}&from=2026-12-14&to=2026-12-20`))
          .statusCode,
      ).toBe(404);
      expect(
        (
          await c.post('/api/scheduling/shifts', {
            siteId,
            date: '2026-12-10',
            shiftTypeId: early.id,
          })
        ).statusCode,
      ).toBe(404);
      const list = (await c.get('/api/scheduling/shift-types')).json().items as ShiftType[];
      expect(list.every((x) => x.siteId === otherSiteId)).toBe(true);
    } finally {
      await acme.as.owner.patch(`/api/members/${ids.coordinator.memberId}`, { siteIds: null });
    }
  });
});

describe('published shifts', () => {
  it('changing a published shift needs scheduling.publish; nothing is written without it', async () => {
    const org = await buildOrg(t, 'Limited Co');
    const site = (await buildSite(t, org.owner, { timeZone: 'UTC' })).id;
    const emp = (await buildEmployee(t, org.owner, { siteId: site })).id;
    const res = await org.as.owner.put('/api/roles/coordinator', {
      permissions: ['scheduling.read', 'scheduling.manage', 'people.read', 'sites.read'],
    });
    expect(res.statusCode, res.body).toBe(200);
    const created = await org.as.coordinator.post('/api/scheduling/shifts', {
      siteId: site,
      date: '2026-12-02',
      startTime: '08:00',
      endTime: '16:00',
      employeeId: emp,
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().shift.id;
    expect(
      (
        await org.as.coordinator.post('/api/scheduling/roster/publish', {
          siteId: site,
          from: '2026-11-30',
          to: '2026-12-06',
        })
      ).statusCode,
    ).toBe(403);
    const pub = await org.as.owner.post('/api/scheduling/roster/publish', {
      siteId: site,
      from: '2026-11-30',
      to: '2026-12-06',
    });
    expect(pub.statusCode, pub.body).toBe(201);
    const patch = await org.as.coordinator.patch(`/api/scheduling/shifts/${id}`, {
      startTime: '09:00',
    });
    expect(patch.statusCode).toBe(403);
    expect((await org.as.coordinator.delete(`/api/scheduling/shifts/${id}`)).statusCode).toBe(403);
    const after = (await org.as.owner.get(`/api/scheduling/shifts/${id}`)).json() as Shift;
    expect(after).toMatchObject({ startTime: '08:00', changedSincePublish: false });
    // A draft stays editable for the coordinator.
    const draft = await org.as.coordinator.post('/api/scheduling/shifts', {
      siteId: site,
      date: '2026-12-03',
      startTime: '08:00',
      endTime: '16:00',
    });
    expect(
      (
        await org.as.coordinator.patch(`/api/scheduling/shifts/${draft.json().shift.id}`, {
          startTime: '07:00',
        })
      ).statusCode,
    ).toBe(200);
  });
});

describe('publishing', () => {
  const from = '2026-11-30';
  const to = '2026-12-06';
  const notificationsOf = (userId: string) =>
    t.deps.db
      .selectFrom('notifications')
      .selectAll()
      .where('user_id', '=', userId)
      .where('type', '=', 'shift_published')
      .orderBy('created_at')
      .execute();

  it('refuses while a blocking rule is broken, publishing nothing', async () => {
    const c = acme.as.coordinator;
    const toldBefore = (await notificationsOf(staffUserId)).length;
    await addShift(c, { date: '2026-11-30', shiftTypeId: night.id, employeeId: staffEmployeeId });
    const clash = await addShift(c, {
      date: '2026-12-01',
      shiftTypeId: early.id,
      employeeId: staffEmployeeId,
    });
    const res = await c.post('/api/scheduling/roster/publish', { siteId, from, to });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('ROSTER_HAS_BLOCKING_FINDINGS');
    expect(res.json().errors).toContainEqual(expect.objectContaining({ field: 'rest' }));
    const roster = (
      await c.get(`/api/scheduling/roster?siteId=${siteId}&from=${from}&to=${to}`)
    ).json() as Roster;
    expect(roster.shifts.every((s) => s.status === 'draft')).toBe(true);
    // each shift is sent once: the engine input carries only context shifts besides `shifts`
    const ids = new Set(roster.shifts.map((s) => s.id));
    expect(roster.shifts.length).toBeGreaterThan(0);
    expect(roster.input.shifts.every((s) => s.context === true && !ids.has(s.id))).toBe(true);
    expect(roster.publication.lastVersion).toBeNull();
    expect(await notificationsOf(staffUserId)).toHaveLength(toldBefore);
    expect((await c.delete(`/api/scheduling/shifts/${clash.shift.id}`)).statusCode).toBe(200);
  });

  it('publishes version 1, then version 2 with added/changed/removed, telling each person once', async () => {
    const c = acme.as.coordinator;
    await addShift(c, { date: '2026-12-02', shiftTypeId: late.id, employeeId: staffEmployeeId });
    const b1 = await addShift(c, {
      date: '2026-12-02',
      shiftTypeId: early.id,
      employeeId: people[2],
    });
    const b2 = await addShift(c, {
      date: '2026-12-03',
      shiftTypeId: early.id,
      employeeId: people[2],
    });
    const toldBefore = (await notificationsOf(staffUserId)).length;
    const before = await t.deps.db
      .selectFrom('mail_messages')
      .select('id')
      .where('to_address', '=', acme.emails.staff)
      .execute();

    const res = await c.post('/api/scheduling/roster/publish', {
      siteId,
      from,
      to,
      message: 'Have a good week',
    });
    expect(res.statusCode, res.body).toBe(201);
    const v1 = res.json() as Publication;
    expect(v1).toMatchObject({ version: 1, shiftCount: 4, notifiedCount: 1 });
    expect(v1.summary).toEqual({ added: 4, changed: 0, removed: 0 });

    const told = (await notificationsOf(staffUserId)).slice(toldBefore);
    expect(told).toHaveLength(1);
    expect(told[0]!.title).toBe(
      'Your shifts for 30 Nov – 6 Dec: Mon N 22:00–06:00, Wed L 14:00–22:00',
    );
    expect(told[0]!.href).toBe('/my-shifts');
    const mails = await t.deps.db
      .selectFrom('mail_messages')
      .select('id')
      .where('to_address', '=', acme.emails.staff)
      .execute();
    expect(mails.length).toBe(before.length + 1);

    // Change one published shift, delete another, add a draft: version 2.
    const owner = acme.as.owner;
    const patched = await owner.patch(`/api/scheduling/shifts/${b1.shift.id}`, {
      shiftTypeId: late.id,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().shift.changedSincePublish).toBe(true);
    expect((await owner.delete(`/api/scheduling/shifts/${b2.shift.id}`)).statusCode).toBe(200);
    await addShift(c, { date: '2026-12-04', shiftTypeId: early.id, employeeId: people[2] });
    const v2 = (await c.post('/api/scheduling/roster/publish', { siteId, from, to })).json();
    expect(v2).toMatchObject({ version: 2, shiftCount: 4 });
    expect(v2.summary).toEqual({ added: 1, changed: 1, removed: 1 });
    // The staff member's shifts did not change: no second publish notice for them.
    expect(await notificationsOf(staffUserId)).toHaveLength(toldBefore + 1);

    const list = (await c.get(`/api/scheduling/publications?siteId=${siteId}`)).json().items;
    expect(list.slice(0, 2).map((p: Publication) => p.version)).toEqual([2, 1]);
    expect(list[0].publishedBy.name).toContain('coordinator');
  });

  it('tells the people a change to a published shift touches', async () => {
    const c = acme.as.coordinator;
    const { shift } = await addShift(c, {
      date: '2026-12-05',
      shiftTypeId: early.id,
      employeeId: staffEmployeeId,
    });
    await c.post('/api/scheduling/roster/publish', { siteId, from, to });
    const res = await c.patch(`/api/scheduling/shifts/${shift.id}`, { employeeId: people[1] });
    expect(res.statusCode, res.body).toBe(200);
    const changed = await t.deps.db
      .selectFrom('notifications')
      .selectAll()
      .where('user_id', '=', staffUserId)
      .where('type', '=', 'shift_changed')
      .execute();
    expect(changed.map((n) => n.title)).toContain('You no longer work Sat 5 Dec E 06:00–14:00');
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', shift.id)
      .execute();
    expect(audit.map((a) => a.action)).toContain('update');
    const history = await acme.as.manager.get(`/api/history/shift/${shift.id}`);
    expect(history.statusCode, history.body).toBe(200);
    expect((await acme.as.staff.get(`/api/history/shift/${shift.id}`)).statusCode).not.toBe(200);
  });

  it('shows the roster with labor for pay readers, coverage and counts', async () => {
    const roster = (
      await acme.as.manager.get(`/api/scheduling/roster?siteId=${siteId}&from=${from}&to=${to}`)
    ).json() as Roster;
    expect(roster.currency).toBe('USD');
    expect(roster.labor).not.toBeNull();
    expect(roster.canPublish).toBe(true);
    expect(roster.employees.map((e) => e.id)).toContain(staffEmployeeId);
    expect(roster.shiftTypes.map((x) => x.code)).toEqual(['E', 'T', 'L', 'N']);
    expect(roster.publication.lastVersion).toBe(3);
    expect(roster.publication.changedCount).toBe(1);
    const tooLong = await acme.as.manager.get(
      `/api/scheduling/roster?siteId=${siteId}&from=2026-11-01&to=2026-12-31`,
    );
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().errors[0].field).toBe('to');
  });

  it('prints the published roster as a PDF', async () => {
    const res = await acme.as.viewer.get(
      `/api/scheduling/roster/pdf?siteId=${siteId}&from=${from}&to=${to}`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('copies a week as drafts, skipping overlaps', async () => {
    const c = acme.as.coordinator;
    const res = await c.post('/api/scheduling/roster/copy-week', {
      siteId,
      fromWeek: from,
      toWeek: '2026-12-07',
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    // people[0] already has a night on 2026-12-07 and people[2]... overlaps are listed, not fatal.
    expect(body.created).toBeGreaterThan(0);
    const roster = (
      await c.get(`/api/scheduling/roster?siteId=${siteId}&from=2026-12-07&to=2026-12-13`)
    ).json() as Roster;
    expect(roster.publication.draftCount).toBeGreaterThanOrEqual(body.created);
    const open = await c.post('/api/scheduling/roster/copy-week', {
      siteId,
      fromWeek: from,
      toWeek: '2026-12-21',
      includeAssignees: false,
    });
    expect(open.json().skipped).toEqual([]);
    const same = await c.post('/api/scheduling/roster/copy-week', {
      siteId,
      fromWeek: from,
      toWeek: from,
    });
    expect(same.statusCode).toBe(400);
    expect(same.json().errors[0].field).toBe('toWeek');
  });
});

describe(`overlapping assignments under concurrency (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  it('lets only one of many simultaneous overlapping assignments of one person succeed', async () => {
    const ids = await membersOf(t, acme);
    const clients = [
      acme.as.coordinator,
      acme.as.manager,
      acme.as.owner,
      await sessionClient(t, ids.coordinator.userId, acme.orgId, '10.251.0.1'),
    ];
    const person = people[3]!;
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        clients[i % clients.length]!.post('/api/scheduling/shifts', {
          siteId,
          date: '2026-12-16',
          startTime: `${String(8 + (i % 3)).padStart(2, '0')}:00`,
          endTime: '16:00',
          employeeId: person,
        }),
      ),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);

    // Assigning several overlapping open shifts to the same person at once: one wins.
    const open = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        addShift(acme.as.coordinator, {
          date: '2026-12-17',
          startTime: `0${6 + i}:00`,
          endTime: '14:00',
        }),
      ),
    );
    const assigned = await Promise.all(
      open.map((o, i) =>
        clients[i]!.patch(`/api/scheduling/shifts/${o.shift.id}`, { employeeId: person }),
      ),
    );
    expect(assigned.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409]);
    const rows = await t.deps.db
      .selectFrom('shifts')
      .select('id')
      .where('employee_id', '=', person)
      .where('date', 'in', ['2026-12-16', '2026-12-17'])
      .execute();
    expect(rows).toHaveLength(2);
  });
});
