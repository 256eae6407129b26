import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRosterInput } from '../src/modules/scheduling/roster-input.js';
import { insertDraftShifts } from '../src/modules/scheduling/shift.write.js';
import { afterCommit } from '../src/platform/events/event-bus.js';
import { buildEmployee, buildOrg, buildSite, type TestOrg } from './factories.js';
import { createTestApp, type TestApp } from './harness.js';

let t: TestApp;
let acme: TestOrg;
let siteId: string;
let otherSiteId: string;
let ann: string;
let bob: string;
let visitor: string;

const draft = (date: string, employeeId: string | null, start = '08:00', end = '16:00') => ({
  date,
  shiftTypeId: null,
  startTime: start,
  endTime: end,
  breakMinutes: 30,
  positionId: null,
  employeeId,
});

async function insert(site: string, drafts: ReturnType<typeof draft>[], skipOverlaps = true) {
  const result = await t.deps.db
    .transaction()
    .execute((trx) => insertDraftShifts(trx, t.deps, acme.owner, site, drafts, { skipOverlaps }));
  afterCommit(t.deps);
  return result;
}

beforeAll(async () => {
  t = await createTestApp();
  acme = await buildOrg(t);
  siteId = (await buildSite(t, acme.owner, { timeZone: 'America/New_York' })).id;
  otherSiteId = (await buildSite(t, acme.owner, { timeZone: 'America/Los_Angeles' })).id;
  ann = (await buildEmployee(t, acme.owner, { siteId, lastName: 'Ann' })).id;
  bob = (await buildEmployee(t, acme.owner, { siteId, lastName: 'Bob' })).id;
  visitor = (await buildEmployee(t, acme.owner, { siteId: otherSiteId, lastName: 'Vis' })).id;
});
afterAll(() => t.close());

describe('insertDraftShifts', () => {
  it('skips and reports overlaps (with existing shifts and within the list)', async () => {
    const first = await insert(siteId, [draft('2027-02-01', ann)]);
    expect(first.createdIds).toHaveLength(1);
    const second = await insert(siteId, [
      draft('2027-02-01', ann, '12:00', '20:00'),
      draft('2027-02-02', ann),
      draft('2027-02-02', ann, '10:00', '12:00'),
      draft('2027-02-02', null),
    ]);
    expect(second.createdIds).toHaveLength(2);
    expect(second.skipped.map((s) => s.date)).toEqual(['2027-02-01', '2027-02-02']);
    expect(second.skipped[0]!.reason).toContain('already works');
  });

  it('without skipOverlaps fails the whole call with SHIFT_OVERLAP', async () => {
    await expect(
      insert(siteId, [draft('2027-02-03', bob), draft('2027-02-01', ann, '09:00', '10:00')], false),
    ).rejects.toMatchObject({ code: 'SHIFT_OVERLAP' });
    const bobs = await t.deps.db
      .selectFrom('shifts')
      .select('id')
      .where('employee_id', '=', bob)
      .where('date', '=', '2027-02-03')
      .execute();
    expect(bobs).toEqual([]);
  });

  it('computes instants in the site zone and refuses end = start', async () => {
    const r = await insert(siteId, [draft('2027-02-05', bob, '22:00', '06:00')]);
    const row = await t.deps.db
      .selectFrom('shifts')
      .selectAll()
      .where('id', '=', r.createdIds[0]!)
      .executeTakeFirstOrThrow();
    expect(row.starts_at).toBe('2027-02-06T03:00:00.000Z');
    expect(row.paid_minutes).toBe(450);
    const bad = await insert(siteId, [draft('2027-02-06', bob, '06:00', '06:00')]);
    expect(bad.createdIds).toEqual([]);
    expect(bad.skipped[0]!.reason).toContain('start');
  });
});

describe('buildRosterInput', () => {
  it('loads the site’s shifts, context shifts of the same people and visitors', async () => {
    // Ann: a shift 10 days before the period, one at another site inside it.
    await insert(siteId, [draft('2027-01-29', ann)]);
    await insert(otherSiteId, [draft('2027-02-09', ann)]);
    // A visitor from the other site working here.
    await insert(siteId, [draft('2027-02-10', visitor)]);
    // Far outside the context window: not loaded.
    await insert(siteId, [draft('2027-01-01', ann)]);
    const input = await buildRosterInput(t.deps.db, {
      orgId: acme.orgId,
      siteId,
      from: '2027-02-08',
      to: '2027-02-14',
      includeDrafts: true,
      includePay: false,
    });
    expect(input.period).toEqual({ from: '2027-02-08', to: '2027-02-14', weekStartsOn: 1 });
    expect(input.employees.map((e) => e.id).sort()).toEqual([ann, bob, visitor].sort());
    const own = input.shifts.filter((s) => !s.context);
    expect(own.map((s) => s.date)).toEqual(['2027-02-10']);
    const context = input.shifts
      .filter((s) => s.context)
      .map((s) => `${s.date}@${s.siteId === siteId ? 'here' : 'there'}`);
    expect(context.sort()).toEqual(
      [
        '2027-01-29@here',
        '2027-02-01@here',
        '2027-02-02@here',
        '2027-02-05@here',
        '2027-02-09@there',
      ].sort(),
    );
    expect(context).not.toContain('2027-01-01@here');
  });

  it('leaves drafts out for readers of the published roster', async () => {
    const input = await buildRosterInput(t.deps.db, {
      orgId: acme.orgId,
      siteId,
      from: '2027-02-08',
      to: '2027-02-14',
      includeDrafts: false,
      includePay: false,
    });
    expect(input.shifts).toEqual([]);
  });
});
