import { type Site, scheduling } from '@keel/contracts';
import { DEFAULT_RULE_SEVERITIES } from '@keel/scheduling-rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateMember } from '../src/modules/accounts/index.js';
import {
  addDays,
  coverageForRange,
  isoWeekday,
} from '../src/modules/scheduling/coverage.service.js';
import { type DraftShift, insertDraftShifts } from '../src/modules/scheduling/shift.write.js';
import {
  createShiftType,
  setShiftTypeArchived,
} from '../src/modules/scheduling/shift-type.service.js';
import type { Actor } from '../src/platform/auth/actor.js';
import {
  buildEmployee,
  buildOrg,
  buildPosition,
  buildSite,
  membersOf,
  type TestOrg,
} from './factories.js';
import { createTestApp, type TestApp } from './harness.js';

let t: TestApp;
let acme: TestOrg;
let other: TestOrg;
let ids: Awaited<ReturnType<typeof membersOf>>;
let site: Site;
let north: Site;
let otherSite: Site;
/** shift types of `site` by code */
const st: Record<string, string> = {};
let northDay: string;
let otherDay: string;

async function shiftType(
  actor: Actor,
  siteId: string,
  code: string,
  startTime: string,
  endTime: string,
  breakMinutes = 0,
) {
  const body = scheduling.createShiftTypeBody.parse({
    siteId,
    code,
    name: `${code} shift`,
    startTime,
    endTime,
    breakMinutes,
  });
  return (await createShiftType(t.deps, actor, body)).id;
}

async function drafts(actor: Actor, siteId: string, list: DraftShift[]) {
  return t.deps.db
    .transaction()
    .execute((trx) => insertDraftShifts(trx, t.deps, actor, siteId, list, { skipOverlaps: false }));
}

async function shiftsOf(siteId: string, from: string, to: string) {
  const rows = await t.deps.db
    .selectFrom('shifts')
    .select(['date', 'employee_id', 'shift_type_id', 'start_time', 'end_time', 'published_at'])
    .where('site_id', '=', siteId)
    .where('date', '>=', from)
    .where('date', '<=', to)
    .orderBy('date')
    .orderBy('start_time')
    .execute();
  return rows.map((r) => ({ ...r, date: String(r.date) }));
}

beforeAll(async () => {
  t = await createTestApp();
  acme = await buildOrg(t);
  other = await buildOrg(t, 'Other Co');
  ids = await membersOf(t, acme);
  site = await buildSite(t, acme.owner, { name: 'Plant', timeZone: 'America/New_York' });
  north = await buildSite(t, acme.owner, { name: 'North', timeZone: 'America/Los_Angeles' });
  otherSite = await buildSite(t, other.owner, { name: 'Elsewhere', timeZone: 'UTC' });
  st.D = await shiftType(acme.owner, site.id, 'D', '06:00', '18:00', 30);
  st.N = await shiftType(acme.owner, site.id, 'N', '18:00', '06:00', 30);
  st.E = await shiftType(acme.owner, site.id, 'E', '06:00', '14:00');
  northDay = await shiftType(acme.owner, north.id, 'D', '07:00', '15:30', 30);
  otherDay = await shiftType(other.owner, otherSite.id, 'D', '07:00', '15:00');
});
afterAll(() => t.close());

describe('scheduling settings', () => {
  it('answers the defaults to anyone signed in before anything is saved', async () => {
    const res = await acme.as.staff.get('/api/scheduling/settings');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      severities: DEFAULT_RULE_SEVERITIES,
      weekStartsOn: 1,
      payPeriodDays: 14,
      payPeriodAnchor: '2026-01-05',
      lateGraceMinutes: 5,
    });
  });

  it('lets only holders of org.settings.manage change them', async () => {
    for (const role of ['coordinator', 'staff', 'viewer'] as const) {
      const res = await acme.as[role].put('/api/scheduling/settings', { lateGraceMinutes: 10 });
      expect(res.statusCode).toBe(403);
    }
  });

  it('merges a partial change over the stored settings and audits it', async () => {
    const res = await acme.as.owner.put('/api/scheduling/settings', {
      severities: { max_weekends: 'off', under_coverage: 'error' },
      weekStartsOn: 7,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().severities).toEqual({
      ...DEFAULT_RULE_SEVERITIES,
      max_weekends: 'off',
      under_coverage: 'error',
    });
    const again = await acme.as.owner.put('/api/scheduling/settings', {
      severities: { rest: 'warning' },
      payPeriodDays: 7,
      payPeriodAnchor: '2026-01-04',
      lateGraceMinutes: 0,
    });
    expect(again.json()).toEqual({
      severities: {
        ...DEFAULT_RULE_SEVERITIES,
        max_weekends: 'off',
        under_coverage: 'error',
        rest: 'warning',
      },
      weekStartsOn: 7,
      payPeriodDays: 7,
      payPeriodAnchor: '2026-01-04',
      lateGraceMinutes: 0,
    });
    expect((await acme.as.viewer.get('/api/scheduling/settings')).json()).toEqual(again.json());
    // another organization still has the defaults
    expect((await other.as.owner.get('/api/scheduling/settings')).json().weekStartsOn).toBe(1);
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select('entity_type')
      .where('org_id', '=', acme.orgId)
      .where('entity_type', '=', 'scheduling_settings')
      .execute();
    expect(audit).toHaveLength(2);
  });

  it('refuses bad values naming the field, and changes nothing', async () => {
    const cases: [unknown, string][] = [
      [{ weekStartsOn: 8 }, 'weekStartsOn'],
      [{ payPeriodDays: 10 }, 'payPeriodDays'],
      [{ payPeriodAnchor: '2026-02-30' }, 'payPeriodAnchor'],
      [{ lateGraceMinutes: -1 }, 'lateGraceMinutes'],
      [{ severities: { rest: 'fatal' } }, 'severities.rest'],
      [{ severities: { bogus: 'off' } }, 'severities'],
    ];
    const before = (await acme.as.owner.get('/api/scheduling/settings')).json();
    for (const [body, field] of cases) {
      const res = await acme.as.owner.put('/api/scheduling/settings', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(
        res.json().errors.map((e: { field: string }) => e.field),
        JSON.stringify(body),
      ).toContainEqual(expect.stringContaining(field));
    }
    expect((await acme.as.owner.get('/api/scheduling/settings')).json()).toEqual(before);
  });
});

describe('coverage needs', () => {
  it('replaces every need of a site and lists them weekday first', async () => {
    const pos = await buildPosition(t, acme.owner, { title: 'Line lead' });
    const res = await acme.as.coordinator.put('/api/scheduling/coverage', {
      siteId: site.id,
      needs: [
        { shiftTypeId: st.D, date: '2026-12-25', min: 1, ideal: 1 },
        { shiftTypeId: st.D, weekday: 1, min: 3, ideal: 4 },
        { shiftTypeId: st.D, positionId: pos.id, weekday: 1, min: 1, ideal: 1 },
        { shiftTypeId: st.N, weekday: 7, min: 2, ideal: 2 },
      ],
    });
    expect(res.statusCode).toBe(200);
    const items = res.json().items;
    expect(
      items.map((n: { weekday: number | null; date: string | null }) => n.weekday ?? n.date),
    ).toEqual([1, 1, 7, '2026-12-25']);
    const list = await acme.as.viewer.get(`/api/scheduling/coverage?siteId=${site.id}`);
    expect(list.json().items).toEqual(items);

    const replaced = await acme.as.coordinator.put('/api/scheduling/coverage', {
      siteId: site.id,
      needs: [{ shiftTypeId: st.E, weekday: 2, min: 0, ideal: 2 }],
    });
    expect(replaced.json().items).toHaveLength(1);
  });

  it('is all or nothing: one bad need leaves the stored needs untouched', async () => {
    const before = (
      await acme.as.coordinator.get(`/api/scheduling/coverage?siteId=${site.id}`)
    ).json().items;
    const good = { shiftTypeId: st.D, weekday: 3, min: 1, ideal: 2 };
    const archivedType = await shiftType(acme.owner, site.id, 'X', '08:00', '12:00');
    await setShiftTypeArchived(t.deps, acme.owner, archivedType, true);
    const archivedPos = await buildPosition(t, acme.owner, { title: 'Retired role' });
    expect((await acme.as.owner.post(`/api/positions/${archivedPos.id}/archive`)).statusCode).toBe(
      200,
    );
    const cases: [unknown, string][] = [
      [{ shiftTypeId: northDay, weekday: 3, min: 1, ideal: 1 }, 'needs[1].shiftTypeId'],
      [{ shiftTypeId: otherDay, weekday: 3, min: 1, ideal: 1 }, 'needs[1].shiftTypeId'],
      [{ shiftTypeId: archivedType, weekday: 3, min: 1, ideal: 1 }, 'needs[1].shiftTypeId'],
      [
        { shiftTypeId: st.D, positionId: archivedPos.id, weekday: 3, min: 1, ideal: 1 },
        'needs[1].positionId',
      ],
      [{ ...good }, 'needs[1]'],
      [{ shiftTypeId: st.N, weekday: 3, min: -1, ideal: 1 }, 'needs[1].min'],
      [{ shiftTypeId: st.N, weekday: 3, min: 3, ideal: 2 }, 'needs[1].ideal'],
      [{ shiftTypeId: st.N, min: 1, ideal: 1 }, 'needs[1].weekday'],
      [{ shiftTypeId: st.N, weekday: 3, date: '2026-12-01', min: 1, ideal: 1 }, 'needs[1].weekday'],
    ];
    for (const [bad, field] of cases) {
      const res = await acme.as.coordinator.put('/api/scheduling/coverage', {
        siteId: site.id,
        needs: [good, bad],
      });
      expect(res.statusCode, field).toBe(400);
      expect(
        res.json().errors.map((e: { field: string }) => e.field),
        field,
      ).toContain(field);
    }
    const after = (
      await acme.as.coordinator.get(`/api/scheduling/coverage?siteId=${site.id}`)
    ).json().items;
    expect(after).toEqual(before);
  });

  it('needs scheduling.manage to change and hides other organizations’ and sites’ needs', async () => {
    const body = { siteId: site.id, needs: [] };
    expect((await acme.as.viewer.put('/api/scheduling/coverage', body)).statusCode).toBe(403);
    expect((await acme.as.staff.get(`/api/scheduling/coverage?siteId=${site.id}`)).statusCode).toBe(
      403,
    );
    expect(
      (await other.as.owner.get(`/api/scheduling/coverage?siteId=${site.id}`)).statusCode,
    ).toBe(404);
    expect((await other.as.owner.put('/api/scheduling/coverage', body)).statusCode).toBe(404);
    await updateMember(t.deps, acme.owner, ids.coordinator.memberId, { siteIds: [north.id] });
    try {
      expect(
        (await acme.as.coordinator.get(`/api/scheduling/coverage?siteId=${site.id}`)).statusCode,
      ).toBe(404);
      expect((await acme.as.coordinator.put('/api/scheduling/coverage', body)).statusCode).toBe(
        404,
      );
      expect(
        (await acme.as.coordinator.get(`/api/scheduling/coverage?siteId=${north.id}`)).statusCode,
      ).toBe(200);
    } finally {
      await updateMember(t.deps, acme.owner, ids.coordinator.memberId, { siteIds: null });
    }
  });
});

describe('coverageForRange', () => {
  it('expands the weekly pattern, applies dated overrides per shift type and uses Sunday on holidays', async () => {
    const pos = await buildPosition(t, acme.owner, { title: 'Machine operator' });
    await acme.as.coordinator.put('/api/scheduling/coverage', {
      siteId: north.id,
      needs: [
        ...[1, 2, 3, 4, 5].map((weekday) => ({ shiftTypeId: northDay, weekday, min: 3, ideal: 4 })),
        ...[1, 2, 3, 4, 5].map((weekday) => ({
          shiftTypeId: northDay,
          positionId: pos.id,
          weekday,
          min: 1,
          ideal: 1,
        })),
        { shiftTypeId: northDay, weekday: 7, min: 1, ideal: 2 },
        // Tuesday 2026-12-08: more people, operators untouched
        { shiftTypeId: northDay, date: '2026-12-08', min: 5, ideal: 6 },
        // a dated need on the holiday Friday 2026-12-25 for operators only
        { shiftTypeId: northDay, positionId: pos.id, date: '2026-12-25', min: 0, ideal: 0 },
      ],
    });
    await acme.as.coordinator.post('/api/scheduling/holidays', {
      siteId: north.id,
      date: '2026-12-25',
      name: 'Christmas Day',
    });
    await acme.as.coordinator.post('/api/scheduling/holidays', {
      siteId: north.id,
      date: '2026-12-10',
      name: 'Plant day',
    });
    const needs = await coverageForRange(t.deps.db, {
      orgId: acme.orgId,
      siteId: north.id,
      from: '2026-12-07',
      to: '2026-12-27',
    });
    const on = (date: string) =>
      needs
        .filter((n) => n.date === date)
        .map((n) => `${n.positionId ? 'op' : 'any'} ${n.min}/${n.ideal}`)
        .sort();
    expect(on('2026-12-07')).toEqual(['any 3/4', 'op 1/1']); // Monday
    expect(on('2026-12-08')).toEqual(['any 5/6', 'op 1/1']); // override of "any" only
    expect(on('2026-12-10')).toEqual(['any 1/2']); // holiday Thursday → Sunday pattern
    expect(on('2026-12-12')).toEqual([]); // Saturday: nothing
    expect(on('2026-12-13')).toEqual(['any 1/2']); // Sunday
    expect(on('2026-12-25')).toEqual(['any 1/2', 'op 0/0']); // holiday + dated need
    expect(needs.every((n) => n.siteId === north.id && n.shiftTypeId === northDay)).toBe(true);
    // 15 weekdays (the two holidays use the Sunday pattern) and 3 Sundays; Saturdays have none
    expect(new Set(needs.map((n) => n.date)).size).toBe(18);
    // other organization / empty range
    expect(
      await coverageForRange(t.deps.db, {
        orgId: other.orgId,
        siteId: north.id,
        from: '2026-12-07',
        to: '2026-12-27',
      }),
    ).toEqual([]);
    expect(
      await coverageForRange(t.deps.db, {
        orgId: acme.orgId,
        siteId: north.id,
        from: '2026-12-08',
        to: '2026-12-07',
      }),
    ).toEqual([]);
  });
});

describe('public holidays', () => {
  it('adds, lists by year, refuses a second holiday on a date (409) and deletes', async () => {
    const base = '/api/scheduling/holidays';
    const a = await acme.as.coordinator.post(base, {
      siteId: site.id,
      date: '2026-11-26',
      name: 'Thanksgiving',
    });
    expect(a.statusCode).toBe(201);
    expect(a.json()).toMatchObject({ siteId: site.id, date: '2026-11-26', name: 'Thanksgiving' });
    await acme.as.coordinator.post(base, { siteId: site.id, date: '2027-01-01', name: 'New Year' });
    const dup = await acme.as.coordinator.post(base, {
      siteId: site.id,
      date: '2026-11-26',
      name: 'Again',
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('HOLIDAY_EXISTS');
    // same date at another site is fine
    expect(
      (await acme.as.coordinator.post(base, { siteId: north.id, date: '2026-11-26', name: 'TG' }))
        .statusCode,
    ).toBe(201);
    const y2026 = await acme.as.viewer.get(`${base}?siteId=${site.id}&year=2026`);
    expect(y2026.json().items.map((h: { date: string }) => h.date)).toEqual(['2026-11-26']);
    const all = await acme.as.viewer.get(`${base}?siteId=${site.id}`);
    expect(all.json().items.map((h: { date: string }) => h.date)).toEqual([
      '2026-11-26',
      '2027-01-01',
    ]);
    expect(
      (await acme.as.coordinator.post(base, { siteId: site.id, date: '2026-13-01', name: 'x' }))
        .statusCode,
    ).toBe(400);
    expect((await other.as.owner.delete(`${base}/${a.json().id}`)).statusCode).toBe(404);
    expect((await acme.as.viewer.delete(`${base}/${a.json().id}`)).statusCode).toBe(403);
    expect((await acme.as.coordinator.delete(`${base}/${a.json().id}`)).statusCode).toBe(200);
    expect((await acme.as.coordinator.delete(`${base}/${a.json().id}`)).statusCode).toBe(404);
  });

  it('lets exactly one of two simultaneous requests for the same date win', async () => {
    const body = { siteId: site.id, date: '2027-07-04', name: 'Independence Day' };
    const results = await Promise.all([
      acme.as.coordinator.post('/api/scheduling/holidays', body),
      acme.as.manager.post('/api/scheduling/holidays', body),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
  });
});

describe('coverage under concurrency', () => {
  it('keeps one whole set when two replacements race', async () => {
    const put = (min: number) =>
      acme.as.coordinator.put('/api/scheduling/coverage', {
        siteId: site.id,
        needs: [1, 2, 3, 4, 5].map((weekday) => ({ shiftTypeId: st.E, weekday, min, ideal: min })),
      });
    const results = await Promise.all([put(1), put(2)]);
    expect(results.map((r) => r.statusCode)).toEqual([200, 200]);
    const items = (
      await acme.as.coordinator.get(`/api/scheduling/coverage?siteId=${site.id}`)
    ).json().items;
    expect(items).toHaveLength(5);
    expect(new Set(items.map((n: { min: number }) => n.min)).size).toBe(1);
  });
});

describe('rotations', () => {
  let crew: string[];
  beforeAll(async () => {
    crew = [];
    for (let i = 0; i < 4; i++)
      crew.push((await buildEmployee(t, acme.owner, { siteId: site.id })).id);
  });

  it('creates, changes and deletes a pattern whose days are shift types of its site', async () => {
    const base = '/api/scheduling/rotations';
    const bad = await acme.as.coordinator.post(base, {
      siteId: site.id,
      name: 'Mixed',
      days: [st.D, null, northDay],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('days[2]');
    const allOff = await acme.as.coordinator.post(base, {
      siteId: site.id,
      name: 'Idle',
      days: [null, null],
    });
    expect(allOff.statusCode).toBe(400);
    const created = await acme.as.coordinator.post(base, {
      siteId: site.id,
      name: '2-2',
      days: [st.D, st.D, null, null],
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const patched = await acme.as.coordinator.patch(`${base}/${id}`, {
      name: '2-2 nights',
      days: [st.N, st.N, null, null],
    });
    expect(patched.json()).toMatchObject({ name: '2-2 nights', days: [st.N, st.N, null, null] });
    expect(
      (await acme.as.coordinator.patch(`${base}/${id}`, { days: [otherDay, null] })).json()
        .errors[0].field,
    ).toBe('days[0]');
    const list = await acme.as.viewer.get(`${base}?siteId=${site.id}`);
    expect(list.json().items.map((r: { id: string }) => r.id)).toContain(id);
    // another organization
    expect((await other.as.owner.patch(`${base}/${id}`, { name: 'x' })).statusCode).toBe(404);
    expect((await other.as.owner.delete(`${base}/${id}`)).statusCode).toBe(404);
    expect(
      (
        await other.as.owner.post(`${base}/${id}/apply`, {
          from: '2026-12-01',
          to: '2026-12-02',
          members: [{ employeeId: crew[0], offset: 0 }],
        })
      ).statusCode,
    ).toBe(404);
    expect((await acme.as.coordinator.delete(`${base}/${id}`)).statusCode).toBe(200);
    expect((await acme.as.coordinator.delete(`${base}/${id}`)).statusCode).toBe(404);
  });

  it('applies 4-on-4-off: each person works 4 days then has 4 off, from their offset', async () => {
    const rot = await acme.as.coordinator.post('/api/scheduling/rotations', {
      siteId: site.id,
      name: '4 on 4 off',
      days: [st.D, st.D, st.D, st.D, null, null, null, null],
    });
    const res = await acme.as.coordinator.post(`/api/scheduling/rotations/${rot.json().id}/apply`, {
      from: '2027-02-01',
      to: '2027-02-16',
      members: [
        { employeeId: crew[0], offset: 0 },
        { employeeId: crew[1], offset: 4 },
      ],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ created: 16, skipped: [] });
    const rows = await shiftsOf(site.id, '2027-02-01', '2027-02-16');
    const datesOf = (e: string) => rows.filter((r) => r.employee_id === e).map((r) => r.date);
    expect(datesOf(crew[0]!)).toEqual([
      '2027-02-01',
      '2027-02-02',
      '2027-02-03',
      '2027-02-04',
      '2027-02-09',
      '2027-02-10',
      '2027-02-11',
      '2027-02-12',
    ]);
    expect(datesOf(crew[1]!)).toEqual([
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-02-13',
      '2027-02-14',
      '2027-02-15',
      '2027-02-16',
    ]);
    expect(
      rows.every(
        (r) =>
          r.shift_type_id === st.D &&
          r.start_time === '06:00' &&
          r.end_time === '18:00' &&
          r.published_at === null,
      ),
    ).toBe(true);
  });

  it('runs a DuPont cycle with four crews a week apart: one crew on days and one on nights every day', async () => {
    const { D, N } = st as { D: string; N: string };
    const days = [
      ...Array(4).fill(N),
      ...Array(3).fill(null),
      ...Array(3).fill(D),
      null,
      ...Array(3).fill(N),
      ...Array(3).fill(null),
      ...Array(4).fill(D),
      ...Array(7).fill(null),
    ];
    expect(days).toHaveLength(28);
    const rot = await acme.as.coordinator.post('/api/scheduling/rotations', {
      siteId: site.id,
      name: 'DuPont',
      days,
    });
    expect(rot.statusCode).toBe(201);
    const res = await acme.as.coordinator.post(`/api/scheduling/rotations/${rot.json().id}/apply`, {
      from: '2027-03-01',
      to: '2027-03-28',
      members: crew.map((employeeId, i) => ({ employeeId, offset: i * 7 })),
    });
    expect(res.statusCode).toBe(201);
    // each crew works 14 of 28 days
    expect(res.json()).toEqual({ created: 56, skipped: [] });
    const rows = await shiftsOf(site.id, '2027-03-01', '2027-03-28');
    for (let d = 0; d < 28; d++) {
      const date = addDays('2027-03-01', d);
      const today = rows.filter((r) => r.date === date);
      expect(
        today.filter((r) => r.shift_type_id === D),
        date,
      ).toHaveLength(1);
      expect(
        today.filter((r) => r.shift_type_id === N),
        date,
      ).toHaveLength(1);
    }
    // crew 1 (offset 7) starts on the first day shift block of the cycle
    expect(
      rows
        .filter((r) => r.employee_id === crew[1])
        .slice(0, 3)
        .map((r) => r.date),
    ).toEqual(['2027-03-01', '2027-03-02', '2027-03-03']);
  });

  it('skips and lists the days a person already has an overlapping shift, in one transaction', async () => {
    const rot = await acme.as.coordinator.post('/api/scheduling/rotations', {
      siteId: site.id,
      name: 'Earlies',
      days: [st.E, st.E, null],
    });
    await drafts(acme.owner, site.id, [
      {
        date: '2027-04-02',
        shiftTypeId: null,
        startTime: '10:00',
        endTime: '12:00',
        breakMinutes: 0,
        positionId: null,
        employeeId: crew[2]!,
      },
    ]);
    const res = await acme.as.coordinator.post(`/api/scheduling/rotations/${rot.json().id}/apply`, {
      from: '2027-04-01',
      to: '2027-04-06',
      members: [{ employeeId: crew[2], offset: 0 }],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().created).toBe(3);
    expect(res.json().skipped).toHaveLength(1);
    expect(res.json().skipped[0].date).toBe('2027-04-02');
  });

  it('refuses bad apply requests naming the field', async () => {
    const rot = await acme.as.coordinator.post('/api/scheduling/rotations', {
      siteId: site.id,
      name: 'Simple',
      days: [st.E, null],
    });
    const url = `/api/scheduling/rotations/${rot.json().id}/apply`;
    const other1 = (await buildEmployee(t, other.owner, {})).id;
    const cases: [unknown, string][] = [
      [
        { from: '2027-05-02', to: '2027-05-01', members: [{ employeeId: crew[0], offset: 0 }] },
        'to',
      ],
      [
        { from: '2027-01-01', to: '2028-01-02', members: [{ employeeId: crew[0], offset: 0 }] },
        'to',
      ],
      [
        {
          from: '2027-05-01',
          to: '2027-05-02',
          members: [
            { employeeId: crew[0], offset: 0 },
            { employeeId: crew[0], offset: 1 },
          ],
        },
        'members[1].employeeId',
      ],
      [
        { from: '2027-05-01', to: '2027-05-02', members: [{ employeeId: other1, offset: 0 }] },
        'members[0].employeeId',
      ],
      [
        { from: '2027-05-01', to: '2027-05-02', members: [{ employeeId: crew[0], offset: -1 }] },
        'members[0].offset',
      ],
    ];
    for (const [body, field] of cases) {
      const res = await acme.as.coordinator.post(url, body);
      expect(res.statusCode, field).toBe(400);
      expect(
        res.json().errors.map((e: { field: string }) => e.field),
        field,
      ).toContain(field);
    }
    expect((await shiftsOf(site.id, '2027-05-01', '2027-05-02')).length).toBe(0);
    expect((await acme.as.viewer.post(url, cases[0]![0])).statusCode).toBe(403);
  });
});

describe('week templates', () => {
  it('saves a week and applies it to another week: the same shifts on the same weekdays', async () => {
    const alex = (await buildEmployee(t, acme.owner, { siteId: north.id })).id;
    const sam = (await buildEmployee(t, acme.owner, { siteId: north.id })).id;
    const base = {
      shiftTypeId: northDay,
      startTime: '07:00',
      endTime: '15:30',
      breakMinutes: 30,
      positionId: null,
    };
    // week of Monday 2027-06-07
    await drafts(acme.owner, north.id, [
      { ...base, date: '2027-06-07', employeeId: alex },
      { ...base, date: '2027-06-09', employeeId: sam },
      { ...base, date: '2027-06-13', employeeId: null },
      { ...base, date: '2027-06-14', employeeId: alex }, // next week: not part of it
    ]);
    const saved = await acme.as.coordinator.post('/api/scheduling/templates', {
      siteId: north.id,
      name: 'Standard week',
      weekStart: '2027-06-07',
    });
    expect(saved.statusCode).toBe(201);
    expect(saved.json().shifts.map((s: { weekday: number }) => s.weekday)).toEqual([1, 3, 7]);

    const applied = await acme.as.coordinator.post(
      `/api/scheduling/templates/${saved.json().id}/apply`,
      { weekStart: '2027-06-21' },
    );
    expect(applied.statusCode).toBe(201);
    expect(applied.json()).toEqual({ created: 3, skipped: [] });
    const strip = (rows: Awaited<ReturnType<typeof shiftsOf>>) =>
      rows.map((r) => ({
        weekday: isoWeekday(r.date),
        employee: r.employee_id,
        type: r.shift_type_id,
        times: `${r.start_time}-${r.end_time}`,
      }));
    expect(strip(await shiftsOf(north.id, '2027-06-21', '2027-06-27'))).toEqual(
      strip(await shiftsOf(north.id, '2027-06-07', '2027-06-13')),
    );

    // applying again overlaps the assigned shifts: skipped and listed; the open one is added
    const again = await acme.as.coordinator.post(
      `/api/scheduling/templates/${saved.json().id}/apply`,
      { weekStart: '2027-06-21' },
    );
    expect(again.json().created).toBe(1);
    expect(again.json().skipped.map((s: { date: string }) => s.date)).toEqual([
      '2027-06-21',
      '2027-06-23',
    ]);

    // without assignees every shift is open
    const open = await acme.as.coordinator.post(
      `/api/scheduling/templates/${saved.json().id}/apply`,
      { weekStart: '2027-07-05', includeAssignees: false },
    );
    expect(open.json().created).toBe(3);
    expect(
      (await shiftsOf(north.id, '2027-07-05', '2027-07-11')).every((r) => r.employee_id === null),
    ).toBe(true);
  });

  it('skips archived shift types and people who left, with a reason', async () => {
    const tmpType = await shiftType(acme.owner, north.id, 'T', '09:00', '13:00');
    const leaver = await buildEmployee(t, acme.owner, { siteId: north.id });
    const base = { startTime: '09:00', endTime: '13:00', breakMinutes: 0, positionId: null };
    await drafts(acme.owner, north.id, [
      { ...base, date: '2027-08-02', shiftTypeId: tmpType, employeeId: null },
      { ...base, date: '2027-08-03', shiftTypeId: null, employeeId: leaver.id },
      { ...base, date: '2027-08-04', shiftTypeId: null, employeeId: null },
    ]);
    const saved = await acme.as.coordinator.post('/api/scheduling/templates', {
      siteId: north.id,
      name: 'Short week',
      weekStart: '2027-08-02',
    });
    await setShiftTypeArchived(t.deps, acme.owner, tmpType, true);
    expect((await acme.as.owner.post(`/api/employees/${leaver.id}/archive`)).statusCode).toBe(200);
    const res = await acme.as.coordinator.post(
      `/api/scheduling/templates/${saved.json().id}/apply`,
      { weekStart: '2027-08-16' },
    );
    expect(res.json().created).toBe(1);
    expect(res.json().skipped).toEqual([
      { date: '2027-08-16', reason: expect.stringContaining('archived') },
      { date: '2027-08-17', reason: expect.stringContaining('no longer active') },
    ]);
  });

  it('refuses an empty week, hides other organizations’ templates and deletes', async () => {
    const empty = await acme.as.coordinator.post('/api/scheduling/templates', {
      siteId: north.id,
      name: 'Nothing',
      weekStart: '2030-01-07',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].field).toBe('weekStart');
    const list = await acme.as.viewer.get(`/api/scheduling/templates?siteId=${north.id}`);
    expect(list.statusCode).toBe(200);
    const id = list.json().items[0].id;
    expect(
      (
        await other.as.owner.post(`/api/scheduling/templates/${id}/apply`, {
          weekStart: '2027-09-06',
        })
      ).statusCode,
    ).toBe(404);
    expect((await other.as.owner.delete(`/api/scheduling/templates/${id}`)).statusCode).toBe(404);
    expect(
      (await other.as.owner.get(`/api/scheduling/templates?siteId=${north.id}`)).statusCode,
    ).toBe(404);
    await updateMember(t.deps, acme.owner, ids.coordinator.memberId, { siteIds: [site.id] });
    try {
      expect((await acme.as.coordinator.delete(`/api/scheduling/templates/${id}`)).statusCode).toBe(
        404,
      );
    } finally {
      await updateMember(t.deps, acme.owner, ids.coordinator.memberId, { siteIds: null });
    }
    expect((await acme.as.coordinator.delete(`/api/scheduling/templates/${id}`)).statusCode).toBe(
      200,
    );
  });
});
