import type { Employee } from '@keel/contracts';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildDepartment,
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
let ids: Awaited<ReturnType<typeof membersOf>>;

beforeAll(async () => {
  t = await createTestApp();
  acme = await buildOrg(t);
  ids = await membersOf(t, acme);
});
afterAll(() => t.close());

const employeeCount = async () =>
  Number(
    (
      await t.deps.db
        .selectFrom('employees')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('org_id', '=', acme.orgId)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('POST /api/employees', () => {
  it('answers 201 with the employee and its references', async () => {
    const site = await buildSite(t, acme.owner, { name: 'Dock' });
    const dept = await buildDepartment(t, acme.owner, { name: 'Ops' });
    const pos = await buildPosition(t, acme.owner, { title: 'Loader', departmentId: dept.id });
    const boss = await buildEmployee(t, acme.owner, { firstName: 'Bo', lastName: 'Boss' });
    const res = await acme.as.manager.post('/api/employees', {
      employeeNumber: 'E-100',
      firstName: ' Ada ',
      lastName: 'Lovelace',
      email: 'ADA@Example.test',
      phone: '+44 20 1234',
      siteId: site.id,
      departmentId: dept.id,
      positionId: pos.id,
      managerId: boss.id,
      employmentType: 'part_time',
      startDate: '2026-03-01',
      contractHoursPerWeek: 20,
      skills: ['forklift', 'first aid', 'forklift'],
      pay: { type: 'hourly', amountMinor: 2150 },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      id: expect.any(String),
      employeeNumber: 'E-100',
      firstName: 'Ada',
      lastName: 'Lovelace',
      name: 'Ada Lovelace',
      email: 'ada@example.test',
      phone: '+44 20 1234',
      site: { id: site.id, name: 'Dock' },
      department: { id: dept.id, name: 'Ops' },
      position: { id: pos.id, name: 'Loader' },
      manager: { id: boss.id, name: 'Bo Boss' },
      employmentType: 'part_time',
      startDate: '2026-03-01',
      contractHoursPerWeek: 20,
      skills: ['forklift', 'first aid'],
      pay: { type: 'hourly', amountMinor: 2150, currency: 'USD' },
      status: 'active',
      archivedAt: null,
      userId: null,
      createdAt: t.clock.now().toISOString(),
      updatedAt: t.clock.now().toISOString(),
    });
    const read = await acme.as.manager.get(`/api/employees/${res.json().id}`);
    expect(read.json()).toEqual(res.json());
  });

  it('defaults to full time with no pay', async () => {
    const res = await acme.as.owner.post('/api/employees', { firstName: 'Min', lastName: 'Imal' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ employmentType: 'full_time', pay: null, skills: [] });
  });

  it('keeps contract hours to two decimals, the same on every database', async () => {
    for (const [hours, kept] of [
      [37.123456789, 37.12],
      [1e-300, 0],
      [167.995, 168],
    ] as const) {
      const res = await acme.as.owner.post('/api/employees', {
        firstName: 'Hours',
        lastName: String(hours),
        contractHoursPerWeek: hours,
      });
      expect(res.statusCode).toBe(201);
      expect(res.json().contractHoursPerWeek).toBe(kept);
    }
  });

  it('answers 403 PAY_PERMISSION_REQUIRED when a coordinator sets pay, and writes nothing', async () => {
    const before = await employeeCount();
    for (const pay of [{ type: 'hourly', amountMinor: 1000 }, null]) {
      const res = await acme.as.coordinator.post('/api/employees', {
        firstName: 'No',
        lastName: 'Pay',
        pay,
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('PAY_PERMISSION_REQUIRED');
    }
    expect(await employeeCount()).toBe(before);
  });

  it('answers 409 for a duplicate employee number or e-mail, naming the field', async () => {
    await buildEmployee(t, acme.owner, { employeeNumber: 'DUP-1', email: 'dup@acme.test' });
    const before = await employeeCount();
    const number = await acme.as.owner.post('/api/employees', {
      firstName: 'A',
      lastName: 'B',
      employeeNumber: 'DUP-1',
    });
    expect(number.statusCode).toBe(409);
    expect(number.json()).toMatchObject({
      code: 'EMPLOYEE_DUPLICATE',
      errors: [{ field: 'employeeNumber' }],
    });
    const email = await acme.as.owner.post('/api/employees', {
      firstName: 'A',
      lastName: 'B',
      email: 'DUP@acme.test',
    });
    expect(email.statusCode).toBe(409);
    expect(email.json().errors).toEqual([{ field: 'email', message: expect.any(String) }]);
    expect(await employeeCount()).toBe(before);
  });

  it('answers 400 for an archived site, department, position or manager', async () => {
    const site = await buildSite(t, acme.owner);
    const dept = await buildDepartment(t, acme.owner);
    const pos = await buildPosition(t, acme.owner);
    const gone = await buildEmployee(t, acme.owner);
    await acme.as.owner.post(`/api/sites/${site.id}/archive`);
    await acme.as.owner.post(`/api/departments/${dept.id}/archive`);
    await acme.as.owner.post(`/api/positions/${pos.id}/archive`);
    await acme.as.owner.post(`/api/employees/${gone.id}/archive`);
    const before = await employeeCount();
    for (const [field, id, code] of [
      ['siteId', site.id, 'SITE_ARCHIVED'],
      ['departmentId', dept.id, 'DEPARTMENT_ARCHIVED'],
      ['positionId', pos.id, 'POSITION_ARCHIVED'],
      ['managerId', gone.id, 'MANAGER_ARCHIVED'],
    ] as const) {
      const res = await acme.as.owner.post('/api/employees', {
        firstName: 'A',
        lastName: 'B',
        [field]: id,
      });
      expect(res.statusCode, field).toBe(400);
      expect(res.json()).toMatchObject({ code, errors: [{ field, message: 'is archived' }] });
      const existing = await buildEmployee(t, acme.owner);
      const patch = await acme.as.owner.patch(`/api/employees/${existing.id}`, { [field]: id });
      expect(patch.statusCode, field).toBe(400);
      expect(patch.json().code).toBe(code);
    }
    expect(await employeeCount()).toBe(before + 4);
  });

  it('answers 400 for references that do not exist', async () => {
    for (const field of ['siteId', 'departmentId', 'positionId', 'managerId']) {
      const res = await acme.as.owner.post('/api/employees', {
        firstName: 'A',
        lastName: 'B',
        [field]: '01890a5d-ac96-774b-bcce-b302099a8057',
      });
      expect(res.statusCode, field).toBe(400);
      expect(res.json().errors[0].field).toBe(field);
    }
  });
});

describe('pay visibility', () => {
  let id: string;
  beforeAll(async () => {
    id = (
      await buildEmployee(t, acme.owner, {
        firstName: 'Paula',
        lastName: 'Payroll',
        pay: { type: 'salary', amountMinor: 6_000_000 },
      })
    ).id;
  });

  it('shows pay to the owner and the manager', async () => {
    for (const role of ['owner', 'manager'] as const) {
      const one = (await acme.as[role].get(`/api/employees/${id}`)).json();
      expect(one.pay).toEqual({ type: 'salary', amountMinor: 6_000_000, currency: 'USD' });
      const list = (await acme.as[role].get('/api/employees?q=paula')).json();
      expect(list.items[0].pay.amountMinor).toBe(6_000_000);
    }
  });

  it('leaves the pay field out for the coordinator and the viewer', async () => {
    for (const role of ['coordinator', 'viewer'] as const) {
      const one = await acme.as[role].get(`/api/employees/${id}`);
      expect(one.statusCode).toBe(200);
      expect('pay' in one.json()).toBe(false);
      expect(one.body).not.toContain('6000000');
      const list = (await acme.as[role].get('/api/employees?q=paula')).json();
      expect(list.items).toHaveLength(1);
      expect('pay' in list.items[0]).toBe(false);
    }
  });

  it('lets a coordinator change other fields without touching pay, but not pay itself', async () => {
    const ok = await acme.as.coordinator.patch(`/api/employees/${id}`, { phone: '555' });
    expect(ok.statusCode).toBe(200);
    expect('pay' in ok.json()).toBe(false);
    const denied = await acme.as.coordinator.patch(`/api/employees/${id}`, {
      pay: { type: 'hourly', amountMinor: 1 },
    });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('PAY_PERMISSION_REQUIRED');
    const owner = (await acme.as.owner.get(`/api/employees/${id}`)).json();
    expect(owner.pay.amountMinor).toBe(6_000_000);
    expect(owner.phone).toBe('555');
  });

  it('lets the manager clear pay with null', async () => {
    const res = await acme.as.manager.patch(`/api/employees/${id}`, { pay: null });
    expect(res.json().pay).toBeNull();
  });
});

describe('PATCH /api/employees/:id', () => {
  it('changes only the given fields; null clears an optional one', async () => {
    const e = await buildEmployee(t, acme.owner, {
      email: 'patchme@acme.test',
      phone: '1',
      skills: ['a'],
    });
    const res = await acme.as.owner.patch(`/api/employees/${e.id}`, {
      email: null,
      lastName: 'Renamed',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      email: null,
      lastName: 'Renamed',
      name: `${e.firstName} Renamed`,
      phone: '1',
      skills: ['a'],
    });
  });

  it('answers 400 MANAGER_CYCLE when a reporting line would loop', async () => {
    const a = await buildEmployee(t, acme.owner, { firstName: 'Ann' });
    const b = await buildEmployee(t, acme.owner, { firstName: 'Ben' });
    const c = await buildEmployee(t, acme.owner, { firstName: 'Cid' });
    expect(
      (await acme.as.owner.patch(`/api/employees/${a.id}`, { managerId: b.id })).statusCode,
    ).toBe(200);
    const loop = await acme.as.owner.patch(`/api/employees/${b.id}`, { managerId: a.id });
    expect(loop.statusCode).toBe(400);
    expect(loop.json()).toMatchObject({ code: 'MANAGER_CYCLE', errors: [{ field: 'managerId' }] });
    const self = await acme.as.owner.patch(`/api/employees/${c.id}`, { managerId: c.id });
    expect(self.statusCode).toBe(400);
    expect(self.json().code).toBe('MANAGER_CYCLE');
    await acme.as.owner.patch(`/api/employees/${b.id}`, { managerId: c.id });
    const long = await acme.as.owner.patch(`/api/employees/${c.id}`, { managerId: a.id });
    expect(long.statusCode).toBe(400);
    expect(long.json().code).toBe('MANAGER_CYCLE');
    expect((await acme.as.owner.get(`/api/employees/${c.id}`)).json().manager).toBeNull();
  });

  it('answers 409 when taking another employee’s number or e-mail', async () => {
    await buildEmployee(t, acme.owner, { employeeNumber: 'TAKEN-1', email: 'taken@acme.test' });
    const e = await buildEmployee(t, acme.owner);
    const num = await acme.as.owner.patch(`/api/employees/${e.id}`, { employeeNumber: 'TAKEN-1' });
    expect(num.statusCode).toBe(409);
    expect(num.json().errors[0].field).toBe('employeeNumber');
    const mail = await acme.as.owner.patch(`/api/employees/${e.id}`, { email: 'taken@acme.test' });
    expect(mail.statusCode).toBe(409);
    expect(mail.json().errors[0].field).toBe('email');
  });

  it('answers 404 for an unknown employee', async () => {
    const res = await acme.as.owner.patch('/api/employees/01890a5d-ac96-774b-bcce-b302099a8057', {
      phone: '1',
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('EMPLOYEE_NOT_FOUND');
  });
});

describe('POST /api/employees/:id/archive and /restore', () => {
  it('moves the employee out of the active list and back', async () => {
    const e = await buildEmployee(t, acme.owner, { firstName: 'Leaver', lastName: 'Zed' });
    const archived = await acme.as.coordinator.post(`/api/employees/${e.id}/archive`);
    expect(archived.json()).toMatchObject({ status: 'archived', archivedAt: expect.any(String) });
    expect((await acme.as.owner.get('/api/employees?q=leaver')).json().total).toBe(0);
    expect((await acme.as.owner.get('/api/employees?q=leaver&status=archived')).json().total).toBe(
      1,
    );
    expect((await acme.as.owner.get('/api/employees?q=leaver&status=all')).json().total).toBe(1);
    expect((await acme.as.owner.get(`/api/employees/${e.id}`)).statusCode).toBe(200);
    const restored = await acme.as.coordinator.post(`/api/employees/${e.id}/restore`);
    expect(restored.json()).toMatchObject({ status: 'active', archivedAt: null });
    expect((await acme.as.owner.get('/api/employees?q=leaver')).json().total).toBe(1);
  });
});

describe('GET /api/employees', () => {
  let site: string;
  let dept: string;
  let pos: string;
  let boss: Employee;
  let match: Employee;

  beforeAll(async () => {
    site = (await buildSite(t, acme.owner)).id;
    dept = (await buildDepartment(t, acme.owner)).id;
    pos = (await buildPosition(t, acme.owner)).id;
    boss = await buildEmployee(t, acme.owner, { firstName: 'Grace', lastName: 'Hopper' });
    match = await buildEmployee(t, acme.owner, {
      firstName: 'Quentin',
      lastName: 'Quasar',
      email: 'q.quasar@acme.test',
      employeeNumber: 'QQ-77',
      skills: ['Welding', 'crane'],
      siteId: site,
      departmentId: dept,
      positionId: pos,
      managerId: boss.id,
      employmentType: 'contractor',
    });
    await buildEmployee(t, acme.owner, {
      firstName: 'Other',
      lastName: 'Person',
      siteId: site,
      employmentType: 'intern',
    });
  });

  const search = async (query: string) =>
    ((await acme.as.coordinator.get(`/api/employees?${query}`)).json().items as Employee[]).map(
      (e) => e.id,
    );

  it('matches q against the full name, e-mail, employee number and skills, ignoring case', async () => {
    for (const q of ['quentin quasar', 'QUASAR', 'q.quasar@', 'qq-77', 'welding', 'Crane']) {
      expect(await search(`q=${encodeURIComponent(q)}`), q).toEqual([match.id]);
    }
    expect(await search('q=nobody-matches-this')).toEqual([]);
  });

  it('filters by site, department, position, manager and employment type', async () => {
    expect(await search(`departmentId=${dept}`)).toEqual([match.id]);
    expect(await search(`positionId=${pos}`)).toEqual([match.id]);
    expect(await search(`managerId=${boss.id}`)).toEqual([match.id]);
    expect(await search(`siteId=${site}&employmentType=contractor`)).toEqual([match.id]);
    expect((await search(`siteId=${site}`)).length).toBe(2);
  });

  it('reports the total of the filtered list, not the page', async () => {
    const res = (await acme.as.owner.get(`/api/employees?siteId=${site}&limit=1`)).json();
    expect(res.items).toHaveLength(1);
    expect(res.total).toBe(2);
    expect(res.nextCursor).toEqual(expect.any(String));
  });

  describe('keyset pagination (property)', () => {
    const LAST = ['adams', 'baker', 'clark', 'davis', 'evans'];
    const FIRST = ['anna', 'bert', 'carl', 'dora'];
    const person = fc.record({
      first: fc.constantFrom(...FIRST),
      last: fc.constantFrom(...LAST),
      startDate: fc.option(
        fc
          .date({ min: new Date('2020-01-01'), max: new Date('2026-12-31'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10)),
      ),
      number: fc.option(fc.integer({ min: 1, max: 999 })),
    });

    let runs = 0;
    it('returns every row exactly once, in order, for each sort and direction', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(person, { minLength: 20, maxLength: 30 }), async (people) => {
          const department = await buildDepartment(t, acme.owner);
          const run = ++runs;
          const numbers = new Set<number>();
          const made: Employee[] = [];
          for (const p of people) {
            const unique = p.number !== null && !numbers.has(p.number);
            if (unique) numbers.add(p.number!);
            made.push(
              await buildEmployee(t, acme.owner, {
                firstName: p.first[0]!.toUpperCase() + p.first.slice(1),
                lastName: p.last,
                startDate: p.startDate,
                employeeNumber: unique ? `R${run}N${String(p.number).padStart(3, '0')}` : null,
                departmentId: department.id,
              }),
            );
          }
          const byId = new Map(made.map((e) => [e.id, e]));
          for (const sort of ['name', 'startDate', 'createdAt', 'employeeNumber'] as const) {
            for (const order of ['asc', 'desc'] as const) {
              const base = `/api/employees?departmentId=${department.id}&sort=${sort}&order=${order}`;
              const full = (await acme.as.owner.get(`${base}&limit=200`)).json();
              expect(full.total).toBe(made.length);
              const expected = full.items.map((e: Employee) => e.id) as string[];
              const paged: string[] = [];
              let cursor: string | null = null;
              do {
                const qs: string = cursor ? `&cursor=${cursor}` : '';
                const page = (await acme.as.owner.get(`${base}&limit=4${qs}`)).json();
                expect(page.total).toBe(made.length);
                expect(page.items.length).toBeLessThanOrEqual(4);
                paged.push(...page.items.map((e: Employee) => e.id));
                cursor = page.nextCursor;
              } while (cursor && paged.length <= made.length);
              expect(paged, `${sort} ${order}`).toEqual(expected);
              expect(new Set(paged).size).toBe(made.length);
              // The order itself: by the sort value (nulls last either way), then by id.
              const key = (e: Employee) =>
                ({
                  name: `${e.lastName} ${e.firstName}`.toLowerCase(),
                  startDate: e.startDate,
                  createdAt: e.createdAt,
                  employeeNumber: e.employeeNumber,
                })[sort];
              const sorted = [...made].sort((x, y) => {
                const a = key(x);
                const b = key(y);
                if (a === null && b !== null) return 1;
                if (b === null && a !== null) return -1;
                const dir = order === 'asc' ? 1 : -1;
                if (a !== b) return (a! < b! ? -1 : 1) * dir;
                return (x.id < y.id ? -1 : 1) * dir;
              });
              expect(expected.map((id) => key(byId.get(id)!))).toEqual(sorted.map(key));
            }
          }
        }),
        { numRuns: 3 },
      );
    });
  });
});

describe('GET /api/employees/org-chart', () => {
  it('lists active employees with their managers and direct report counts', async () => {
    const dept = await buildDepartment(t, acme.owner, { name: 'Chart Dept' });
    const ceo = await buildEmployee(t, acme.owner, { firstName: 'Cleo', departmentId: dept.id });
    const vp1 = await buildEmployee(t, acme.owner, {
      firstName: 'Vic',
      managerId: ceo.id,
      departmentId: dept.id,
    });
    const vp2 = await buildEmployee(t, acme.owner, {
      firstName: 'Val',
      managerId: ceo.id,
      departmentId: dept.id,
    });
    const ic = await buildEmployee(t, acme.owner, {
      firstName: 'Ivy',
      managerId: vp1.id,
      departmentId: dept.id,
    });
    const leaver = await buildEmployee(t, acme.owner, {
      firstName: 'Lou',
      managerId: vp1.id,
      departmentId: dept.id,
    });
    await acme.as.owner.post(`/api/employees/${leaver.id}/archive`);
    const res = await acme.as.viewer.get(`/api/employees/org-chart?departmentId=${dept.id}`);
    expect(res.statusCode).toBe(200);
    const nodes = res.json().nodes as {
      id: string;
      managerId: string | null;
      directReports: number;
      departmentName: string | null;
    }[];
    const byId = new Map(nodes.map((n) => [n.id, n]));
    expect(nodes).toHaveLength(4);
    expect(byId.has(leaver.id)).toBe(false);
    expect(nodes.filter((n) => n.managerId === null).map((n) => n.id)).toEqual([ceo.id]);
    expect(byId.get(ceo.id)!.directReports).toBe(2);
    expect(byId.get(vp1.id)).toMatchObject({ managerId: ceo.id, directReports: 1 });
    expect(byId.get(vp2.id)!.directReports).toBe(0);
    expect(byId.get(ic.id)).toMatchObject({ managerId: vp1.id, departmentName: 'Chart Dept' });
  });
});

describe('GET /api/me/employee', () => {
  it('is null until the account is linked to an employee, then shows that employee', async () => {
    expect((await acme.as.staff.get('/api/me/employee')).json()).toEqual({ employee: null });
    const e = await buildEmployee(t, acme.owner, {
      firstName: 'Stan',
      lastName: 'Staff',
      pay: { type: 'hourly', amountMinor: 1600 },
    });
    const link = await acme.as.owner.patch(`/api/members/${ids.staff.memberId}`, {
      employeeId: e.id,
    });
    expect(link.statusCode).toBe(200);
    expect(link.json().employeeId).toBe(e.id);
    const mine = await acme.as.staff.get('/api/me/employee');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().employee).toMatchObject({
      id: e.id,
      name: 'Stan Staff',
      userId: ids.staff.userId,
    });
    expect('pay' in mine.json().employee).toBe(false);
    expect((await acme.as.staff.get('/api/me')).json().membership.employeeId).toBe(e.id);
    expect((await acme.as.owner.get(`/api/employees/${e.id}`)).json().userId).toBe(
      ids.staff.userId,
    );
    expect((await acme.as.staff.get(`/api/employees/${e.id}`)).statusCode).toBe(403);
  });

  it('answers 409 when the employee is already linked to another user', async () => {
    const e = await buildEmployee(t, acme.owner);
    await acme.as.owner.patch(`/api/members/${ids.viewer.memberId}`, { employeeId: e.id });
    const res = await acme.as.owner.patch(`/api/members/${ids.coordinator.memberId}`, {
      employeeId: e.id,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('EMPLOYEE_ALREADY_LINKED');
    await acme.as.owner.patch(`/api/members/${ids.viewer.memberId}`, { employeeId: null });
  });
});

describe('sites, departments and positions', () => {
  it('creates, reads, changes, archives and restores a site', async () => {
    const created = await acme.as.coordinator.post('/api/sites', {
      name: 'Harbour Depot',
      code: 'hd-1',
      timeZone: 'America/New_York',
      address: { line1: '1 Pier', city: 'Boston', country: 'us' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      name: 'Harbour Depot',
      code: 'HD-1',
      timeZone: 'America/New_York',
      address: { line1: '1 Pier', line2: null, city: 'Boston', country: 'US' },
      archivedAt: null,
      employeeCount: 0,
    });
    const id = created.json().id;
    const patched = await acme.as.coordinator.patch(`/api/sites/${id}`, {
      address: { city: 'Salem' },
    });
    expect(patched.json().address).toMatchObject({ line1: '1 Pier', city: 'Salem' });
    expect((await acme.as.viewer.get(`/api/sites/${id}`)).json().address.city).toBe('Salem');
    const archived = await acme.as.coordinator.post(`/api/sites/${id}/archive`);
    expect(archived.json().archivedAt).toEqual(expect.any(String));
    const listed = (await acme.as.viewer.get('/api/sites'))
      .json()
      .items.map((s: { id: string }) => s.id);
    expect(listed).not.toContain(id);
    const all = (await acme.as.viewer.get('/api/sites?includeArchived=true')).json().items;
    expect(all.map((s: { id: string }) => s.id)).toContain(id);
    expect((await acme.as.viewer.get(`/api/sites/${id}`)).statusCode).toBe(200);
    const restored = await acme.as.coordinator.post(`/api/sites/${id}/restore`);
    expect(restored.json().archivedAt).toBeNull();
    expect((await acme.as.viewer.get('/api/sites?q=harbour')).json().items).toHaveLength(1);
    expect((await acme.as.viewer.get('/api/sites?q=hd-1')).json().items).toHaveLength(1);
  });

  it('answers 409 for a duplicate site or department code (any case) and a duplicate position title', async () => {
    await acme.as.owner.post('/api/sites', { name: 'One', code: 'DUPE', timeZone: 'UTC' });
    const site = await acme.as.owner.post('/api/sites', {
      name: 'Two',
      code: 'dupe',
      timeZone: 'UTC',
    });
    expect(site.statusCode).toBe(409);
    expect(site.json()).toMatchObject({ code: 'SITE_CODE_TAKEN', errors: [{ field: 'code' }] });
    await acme.as.owner.post('/api/departments', { name: 'One', code: 'DUPE' });
    const dept = await acme.as.owner.post('/api/departments', { name: 'Two', code: 'Dupe' });
    expect(dept.statusCode).toBe(409);
    expect(dept.json().code).toBe('DEPARTMENT_CODE_TAKEN');
    await acme.as.owner.post('/api/positions', { title: 'Night Guard' });
    const pos = await acme.as.owner.post('/api/positions', { title: 'night guard' });
    expect(pos.statusCode).toBe(409);
    expect(pos.json()).toMatchObject({
      code: 'POSITION_TITLE_TAKEN',
      errors: [{ field: 'title' }],
    });
    const other = (
      await acme.as.owner.post('/api/departments', { name: 'Three', code: 'THREE' })
    ).json();
    const clash = await acme.as.owner.patch(`/api/departments/${other.id}`, { code: 'DUPE' });
    expect(clash.statusCode).toBe(409);
  });

  it('creates, changes, archives and restores departments and positions', async () => {
    const dept = await acme.as.coordinator.post('/api/departments', {
      name: 'Kitchen',
      code: 'KIT',
      description: '',
    });
    expect(dept.statusCode).toBe(201);
    expect(dept.json()).toMatchObject({ name: 'Kitchen', code: 'KIT', description: null });
    const d = dept.json().id;
    const pos = await acme.as.coordinator.post('/api/positions', {
      title: 'Line Cook',
      departmentId: d,
    });
    expect(pos.statusCode).toBe(201);
    expect(pos.json()).toMatchObject({ title: 'Line Cook', departmentId: d, employeeCount: 0 });
    const p = pos.json().id;
    expect(
      (await acme.as.coordinator.patch(`/api/positions/${p}`, { departmentId: null })).json()
        .departmentId,
    ).toBeNull();
    expect(
      (await acme.as.coordinator.post(`/api/departments/${d}/archive`)).json().archivedAt,
    ).not.toBeNull();
    const toArchived = await acme.as.coordinator.patch(`/api/positions/${p}`, { departmentId: d });
    expect(toArchived.statusCode).toBe(400);
    expect(toArchived.json().code).toBe('DEPARTMENT_ARCHIVED');
    expect(
      (await acme.as.coordinator.post(`/api/departments/${d}/restore`)).json().archivedAt,
    ).toBeNull();
    expect(
      (await acme.as.coordinator.post(`/api/positions/${p}/archive`)).json().archivedAt,
    ).not.toBeNull();
    expect(
      (await acme.as.viewer.get('/api/positions')).json().items.map((x: { id: string }) => x.id),
    ).not.toContain(p);
    expect(
      (await acme.as.coordinator.post(`/api/positions/${p}/restore`)).json().archivedAt,
    ).toBeNull();
    expect(
      (await acme.as.viewer.get('/api/positions?q=line'))
        .json()
        .items.map((x: { id: string }) => x.id),
    ).toEqual([p]);
  });

  it('counts active employees per site, department and position', async () => {
    const site = await buildSite(t, acme.owner);
    const dept = await buildDepartment(t, acme.owner);
    const pos = await buildPosition(t, acme.owner);
    const refs = { siteId: site.id, departmentId: dept.id, positionId: pos.id };
    await buildEmployee(t, acme.owner, refs);
    await buildEmployee(t, acme.owner, refs);
    const leaver = await buildEmployee(t, acme.owner, refs);
    await acme.as.owner.post(`/api/employees/${leaver.id}/archive`);
    expect((await acme.as.viewer.get(`/api/sites/${site.id}`)).json().employeeCount).toBe(2);
    expect((await acme.as.viewer.get(`/api/departments/${dept.id}`)).json().employeeCount).toBe(2);
    expect((await acme.as.viewer.get(`/api/positions/${pos.id}`)).json().employeeCount).toBe(2);
    const list = (await acme.as.viewer.get('/api/sites')).json().items;
    expect(list.find((s: { id: string }) => s.id === site.id).employeeCount).toBe(2);
  });

  it('answers 404 for unknown ids', async () => {
    for (const kind of ['sites', 'departments', 'positions']) {
      const res = await acme.as.owner.get(`/api/${kind}/01890a5d-ac96-774b-bcce-b302099a8057`);
      expect(res.statusCode, kind).toBe(404);
    }
  });
});
