import type { Employee } from '@keel/contracts';
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
import { type Client, createTestApp, type TestApp } from './harness.js';

let t: TestApp;
let acme: TestOrg;
let other: TestOrg;
let intruder: Client;
let members: Awaited<ReturnType<typeof membersOf>>;
const a = {} as {
  site: string;
  site2: string;
  department: string;
  position: string;
  employee: string;
  invitation: string;
  token: string;
  mail: string;
};

beforeAll(async () => {
  t = await createTestApp();
  acme = await buildOrg(t, 'Acme');
  other = await buildOrg(t, 'Other');
  intruder = other.as.owner;
  members = await membersOf(t, acme);
  a.site = (await buildSite(t, acme.owner, { name: 'Harbour' })).id;
  a.site2 = (await buildSite(t, acme.owner, { name: 'Hill' })).id;
  a.department = (await buildDepartment(t, acme.owner)).id;
  a.position = (await buildPosition(t, acme.owner)).id;
  a.employee = (
    await buildEmployee(t, acme.owner, {
      siteId: a.site,
      departmentId: a.department,
      positionId: a.position,
      email: 'ann@acme.test',
    })
  ).id;
  const inv = await acme.as.owner.post('/api/invitations', {
    email: 'pending@acme.test',
    role: 'staff',
  });
  expect(inv.statusCode).toBe(201);
  a.invitation = inv.json().id;
  const token = await acme.as.owner.post('/api/me/tokens', { name: 'ci' });
  expect(token.statusCode).toBe(201);
  a.token = token.json().id;
  a.mail = (await acme.as.owner.get('/api/mail/outbox')).json().items[0].id;
});
afterAll(() => t.close());

describe("another organization's records", () => {
  const expect404 = async (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
  ) => {
    const res = await intruder.request(method, url, method === 'GET' ? undefined : (body ?? {}));
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(404);
    expect(res.body).not.toContain('ann@acme.test');
    expect(res.body).not.toContain('Harbour');
  };

  it('answers 404 for an employee (read, change, archive, restore, history)', async () => {
    await expect404('GET', `/api/employees/${a.employee}`);
    await expect404('PATCH', `/api/employees/${a.employee}`, { firstName: 'Stolen' });
    await expect404('POST', `/api/employees/${a.employee}/archive`);
    await expect404('POST', `/api/employees/${a.employee}/restore`);
    await expect404('GET', `/api/history/employee/${a.employee}`);
    const still = await acme.as.owner.get(`/api/employees/${a.employee}`);
    expect(still.json()).toMatchObject({ firstName: expect.not.stringMatching('Stolen') });
    expect(still.json().status).toBe('active');
  });

  it('answers 404 for a site, department and position', async () => {
    for (const [kind, id, patch] of [
      ['sites', a.site, { name: 'X' }],
      ['departments', a.department, { name: 'X' }],
      ['positions', a.position, { title: 'X' }],
    ] as const) {
      await expect404('GET', `/api/${kind}/${id}`);
      await expect404('PATCH', `/api/${kind}/${id}`, patch);
      await expect404('POST', `/api/${kind}/${id}/archive`);
      await expect404('POST', `/api/${kind}/${id}/restore`);
      await expect404('GET', `/api/history/${kind.slice(0, -1)}/${id}`);
    }
    const site = await acme.as.owner.get(`/api/sites/${a.site}`);
    expect(site.json()).toMatchObject({ name: 'Harbour', archivedAt: null });
  });

  it('answers 404 for a member (change, deactivate, reactivate, history)', async () => {
    const staff = members.staff.memberId;
    await expect404('PATCH', `/api/members/${staff}`, { role: 'owner' });
    await expect404('POST', `/api/members/${staff}/deactivate`);
    await expect404('POST', `/api/members/${staff}/reactivate`);
    await expect404('GET', `/api/history/member/${staff}`);
    const me = await acme.as.staff.get('/api/me');
    expect(me.json().membership.role).toBe('staff');
  });

  it('answers 404 for an invitation (resend, revoke, history)', async () => {
    await expect404('POST', `/api/invitations/${a.invitation}/resend`);
    await expect404('POST', `/api/invitations/${a.invitation}/revoke`);
    await expect404('GET', `/api/history/invitation/${a.invitation}`);
    const list = await acme.as.owner.get('/api/invitations?status=pending');
    expect(list.json().items.map((i: { id: string }) => i.id)).toContain(a.invitation);
  });

  it("answers 404 when revoking another organization's API token", async () => {
    await expect404('DELETE', `/api/me/tokens/${a.token}`);
    const list = await acme.as.owner.get('/api/me/tokens');
    expect(list.json().items.map((i: { id: string }) => i.id)).toContain(a.token);
  });

  it('answers 404 for an outbox message and for the organization history', async () => {
    await expect404('GET', `/api/mail/outbox/${a.mail}`);
    await expect404('GET', `/api/history/organization/${acme.orgId}`);
  });

  it('never lists them', async () => {
    const lists: [string, string[]][] = [
      ['/api/employees?status=all', [a.employee]],
      ['/api/sites?includeArchived=true', [a.site, a.site2]],
      ['/api/departments?includeArchived=true', [a.department]],
      ['/api/positions?includeArchived=true', [a.position]],
      ['/api/members', [members.staff.memberId, members.owner.memberId]],
      ['/api/invitations', [a.invitation]],
      ['/api/audit?limit=200', [a.employee, a.site, a.invitation]],
      ['/api/mail/outbox', [a.mail]],
      ['/api/me/tokens', [a.token]],
      ['/api/employees/org-chart', [a.employee]],
    ];
    for (const [url, foreign] of lists) {
      const res = await intruder.get(url);
      expect(res.statusCode, url).toBe(200);
      for (const id of foreign) expect(res.body, url).not.toContain(id);
    }
    const csv = await intruder.get('/api/employees/export');
    expect(csv.body).not.toContain('ann@acme.test');
  });

  it('cannot be referenced from this organization (400, nothing linked)', async () => {
    const emp = await intruder.post('/api/employees', {
      firstName: 'X',
      lastName: 'Y',
      siteId: a.site,
    });
    expect(emp.statusCode).toBe(400);
    expect(emp.json().errors).toEqual([{ field: 'siteId', message: expect.any(String) }]);
    for (const [field, id] of [
      ['departmentId', a.department],
      ['positionId', a.position],
      ['managerId', a.employee],
    ] as const) {
      const res = await intruder.post('/api/employees', {
        firstName: 'X',
        lastName: 'Y',
        [field]: id,
      });
      expect(res.statusCode, field).toBe(400);
      expect(res.json().errors[0].field).toBe(field);
    }
    const pos = await intruder.post('/api/positions', { title: 'Z', departmentId: a.department });
    expect(pos.statusCode).toBe(400);
    const otherMembers = await membersOf(t, other);
    const limit = await intruder.patch(`/api/members/${otherMembers.staff.memberId}`, {
      siteIds: [a.site],
    });
    expect(limit.statusCode).toBe(400);
    expect(limit.json().code).toBe('SITE_NOT_FOUND');
    const invite = await intruder.post('/api/invitations', {
      email: 'someone@other.test',
      role: 'staff',
      employeeId: a.employee,
    });
    expect(invite.statusCode).toBe(400);
    const link = await intruder.patch(`/api/members/${otherMembers.staff.memberId}`, {
      employeeId: a.employee,
    });
    expect(link.statusCode).toBe(400);
    const employees = await intruder.get('/api/employees');
    expect(employees.json().total).toBe(0);
  });

  it('keeps role changes inside their organization', async () => {
    const res = await intruder.put('/api/roles/staff', { permissions: ['people.read'] });
    expect(res.statusCode).toBe(200);
    expect((await other.as.staff.get('/api/employees')).statusCode).toBe(200);
    expect((await acme.as.staff.get('/api/employees')).statusCode).toBe(403);
    await intruder.post('/api/roles/staff/reset');
  });
});

describe('a member limited to one site', () => {
  let coordinator: Client;
  let here: Employee;
  let there: Employee;
  let reportsAcross: Employee;

  beforeAll(async () => {
    here = await buildEmployee(t, acme.owner, { siteId: a.site, firstName: 'Hera' });
    there = await buildEmployee(t, acme.owner, { siteId: a.site2, firstName: 'Theo' });
    reportsAcross = await buildEmployee(t, acme.owner, {
      siteId: a.site,
      firstName: 'Rhea',
      managerId: there.id,
    });
    const res = await acme.as.owner.patch(`/api/members/${members.coordinator.memberId}`, {
      siteIds: [a.site],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().siteIds).toEqual([a.site]);
    coordinator = acme.as.coordinator;
  });

  it('has its site limit in GET /api/me', async () => {
    const me = await coordinator.get('/api/me');
    expect(me.json().membership.siteIds).toEqual([a.site]);
  });

  it("lists only that site's employees", async () => {
    const res = await coordinator.get('/api/employees?limit=200');
    const ids = res.json().items.map((e: Employee) => e.id);
    expect(ids).toEqual(expect.arrayContaining([here.id, reportsAcross.id, a.employee]));
    expect(ids).not.toContain(there.id);
    expect(res.json().items.every((e: Employee) => e.site?.id === a.site)).toBe(true);
    expect(res.json().total).toBe(ids.length);
    const filtered = await coordinator.get(`/api/employees?siteId=${a.site2}`);
    expect(filtered.json()).toMatchObject({ items: [], total: 0 });
  });

  it('gets 404 for an employee of another site, to read, change or see history', async () => {
    expect((await coordinator.get(`/api/employees/${there.id}`)).statusCode).toBe(404);
    expect((await coordinator.patch(`/api/employees/${there.id}`, { phone: '1' })).statusCode).toBe(
      404,
    );
    expect((await coordinator.post(`/api/employees/${there.id}/archive`)).statusCode).toBe(404);
    expect((await coordinator.get(`/api/history/employee/${there.id}`)).statusCode).toBe(404);
    expect((await coordinator.get(`/api/employees/${here.id}`)).statusCode).toBe(200);
  });

  it('sees an org chart of that site only, with managers elsewhere shown as roots', async () => {
    const res = await coordinator.get('/api/employees/org-chart');
    const nodes = res.json().nodes as { id: string; managerId: string | null }[];
    expect(nodes.map((n) => n.id)).not.toContain(there.id);
    expect(nodes.find((n) => n.id === reportsAcross.id)?.managerId).toBeNull();
    const full = await acme.as.owner.get('/api/employees/org-chart');
    const all = full.json().nodes as {
      id: string;
      managerId: string | null;
      directReports: number;
    }[];
    expect(all.find((n) => n.id === reportsAcross.id)?.managerId).toBe(there.id);
    expect(all.find((n) => n.id === there.id)?.directReports).toBe(1);
  });

  it('exports only that site', async () => {
    const res = await coordinator.get('/api/employees/export');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Hera');
    expect(res.body).not.toContain('Theo');
  });

  it('sees only that site in /api/sites and 404 for the other', async () => {
    const res = await coordinator.get('/api/sites?includeArchived=true');
    expect(res.json().items.map((s: { id: string }) => s.id)).toEqual([a.site]);
    expect((await coordinator.get(`/api/sites/${a.site2}`)).statusCode).toBe(404);
    expect((await coordinator.get(`/api/history/site/${a.site2}`)).statusCode).toBe(404);
    expect((await coordinator.patch(`/api/sites/${a.site2}`, { name: 'Mine' })).statusCode).toBe(
      404,
    );
    expect((await coordinator.post(`/api/sites/${a.site2}/archive`)).statusCode).toBe(404);
  });

  it('cannot create an employee at, or move one to, another site', async () => {
    const before = (await acme.as.owner.get('/api/employees?status=all')).json().total;
    const res = await coordinator.post('/api/employees', {
      firstName: 'New',
      lastName: 'Hire',
      siteId: a.site2,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('SITE_NOT_FOUND');
    const move = await coordinator.patch(`/api/employees/${here.id}`, { siteId: a.site2 });
    expect(move.statusCode).toBe(400);
    const manager = await coordinator.patch(`/api/employees/${here.id}`, { managerId: there.id });
    expect(manager.statusCode).toBe(400);
    expect(manager.json().errors[0].field).toBe('managerId');
    expect((await acme.as.owner.get('/api/employees?status=all')).json().total).toBe(before);
    expect((await acme.as.owner.get(`/api/employees/${here.id}`)).json().site.id).toBe(a.site);
    const ok = await coordinator.post('/api/employees', {
      firstName: 'New',
      lastName: 'Hire',
      siteId: a.site,
    });
    expect(ok.statusCode).toBe(201);
  });

  it('cannot import into another site or over its employees', async () => {
    const code = (await acme.as.owner.get(`/api/sites/${a.site2}`)).json().code;
    const theirs = (
      await acme.as.owner.patch(`/api/employees/${there.id}`, { employeeNumber: 'THERE-1' })
    ).json();
    const csv = [
      'employee_number,first_name,last_name,site_code',
      `,New,Row,${code}`,
      `${theirs.employeeNumber},Theo,Taken,`,
    ].join('\n');
    const res = await coordinator.post('/api/employees/import/preview', { csv });
    const rows = res.json().rows as { errors: { field: string }[] }[];
    expect(rows[0]!.errors.map((e) => e.field)).toEqual(['site_code']);
    expect(rows[1]!.errors.map((e) => e.field)).toEqual(['employee_number']);
    expect((await coordinator.post('/api/employees/import', { csv })).statusCode).toBe(422);
  });

  it('counts only visible employees per site', async () => {
    const res = await acme.as.owner.get('/api/sites');
    const count = (id: string) =>
      res.json().items.find((s: { id: string }) => s.id === id).employeeCount;
    expect(count(a.site2)).toBe(1);
  });

  it('sees every site again when the limit is lifted', async () => {
    const res = await acme.as.owner.patch(`/api/members/${members.coordinator.memberId}`, {
      siteIds: null,
    });
    expect(res.json().siteIds).toBeNull();
    expect((await coordinator.get(`/api/employees/${there.id}`)).statusCode).toBe(200);
  });
});
