import { type AuditEntry, DEFAULT_ROLE_PERMISSIONS } from '@keel/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, membersOf, type TestOrg } from './factories.js';
import { type Client, createTestApp, type TestApp } from './harness.js';

let t: TestApp;
let acme: TestOrg;
let ids: Awaited<ReturnType<typeof membersOf>>;

beforeAll(async () => {
  t = await createTestApp();
  acme = await buildOrg(t);
  ids = await membersOf(t, acme);
});
afterAll(() => t.close());

async function entriesFor(entityId: string, reader: Client = acme.as.owner) {
  const res = await reader.get(`/api/audit?entityId=${entityId}&limit=200`);
  expect(res.statusCode).toBe(200);
  return res.json().items as AuditEntry[];
}

async function auditTotal() {
  const row = await t.deps.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('org_id', '=', acme.orgId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Runs a request and returns the audit entries it added for the entity (newest first). */
async function added(entityId: string, run: () => Promise<{ statusCode: number }>, status = 200) {
  const before = (await entriesFor(entityId)).length;
  const res = await run();
  expect(res.statusCode).toBe(status);
  const after = await entriesFor(entityId);
  return after.slice(0, after.length - before);
}

describe('audit entries for structure records', () => {
  const kinds = [
    {
      kind: 'site',
      path: '/api/sites',
      create: { name: 'North Yard', code: 'NY', timeZone: 'Europe/Oslo' },
      change: { name: 'North Yard 2' },
      field: 'name',
    },
    {
      kind: 'department',
      path: '/api/departments',
      create: { name: 'Logistics', code: 'LOG' },
      change: { description: 'Moves things' },
      field: 'description',
    },
    {
      kind: 'position',
      path: '/api/positions',
      create: { title: 'Forklift Driver' },
      change: { title: 'Forklift Operator' },
      field: 'title',
    },
  ] as const;

  for (const k of kinds) {
    describe(k.kind, () => {
      let id: string;

      it('writes one create entry with the actor and the new values', async () => {
        const res = await acme.as.owner.post(k.path, k.create);
        expect(res.statusCode).toBe(201);
        id = res.json().id;
        const entries = await entriesFor(id);
        expect(entries).toHaveLength(1);
        expect(entries[0]).toMatchObject({
          action: 'create',
          entityType: k.kind,
          entityId: id,
          actor: { id: ids.owner.userId, name: 'Owner 1' },
          via: 'session',
          at: t.clock.now().toISOString(),
        });
        for (const [field, value] of Object.entries(k.create)) {
          expect(entries[0]!.changes[field]).toEqual({
            before: null,
            after: field === 'code' ? String(value).toUpperCase() : value,
          });
        }
      });

      it('writes one update entry holding only the changed field, before → after', async () => {
        const before = (await acme.as.owner.get(`${k.path}/${id}`)).json()[k.field];
        const entries = await added(id, () => acme.as.owner.patch(`${k.path}/${id}`, k.change));
        expect(entries).toHaveLength(1);
        expect(entries[0]!.action).toBe('update');
        expect(entries[0]!.changes).toEqual({
          [k.field]: { before, after: Object.values(k.change)[0] },
        });
      });

      it('writes nothing for an update that changes nothing', async () => {
        const entries = await added(id, () => acme.as.owner.patch(`${k.path}/${id}`, k.change));
        expect(entries).toEqual([]);
        expect(await added(id, () => acme.as.owner.patch(`${k.path}/${id}`, {}))).toEqual([]);
      });

      it('writes one archive and one restore entry, and nothing for a repeat', async () => {
        const archived = await added(id, () => acme.as.owner.post(`${k.path}/${id}/archive`));
        expect(archived).toHaveLength(1);
        expect(archived[0]).toMatchObject({
          action: 'archive',
          changes: { archivedAt: { before: null, after: t.clock.now().toISOString() } },
        });
        expect(await added(id, () => acme.as.owner.post(`${k.path}/${id}/archive`))).toEqual([]);
        const restored = await added(id, () => acme.as.owner.post(`${k.path}/${id}/restore`));
        expect(restored).toHaveLength(1);
        expect(restored[0]!.action).toBe('restore');
        expect(await added(id, () => acme.as.owner.post(`${k.path}/${id}/restore`))).toEqual([]);
      });
    });
  }

  it('writes nothing when the change is refused (duplicate code → 409)', async () => {
    const a = (
      await acme.as.owner.post('/api/sites', { name: 'A', code: 'AAA', timeZone: 'UTC' })
    ).json().id;
    await acme.as.owner.post('/api/sites', { name: 'B', code: 'BBB', timeZone: 'UTC' });
    const total = await auditTotal();
    const res = await acme.as.owner.patch(`/api/sites/${a}`, { code: 'bbb', name: 'Renamed' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('SITE_CODE_TAKEN');
    expect(await auditTotal()).toBe(total);
    expect((await acme.as.owner.get(`/api/sites/${a}`)).json().name).toBe('A');
  });
});

describe('audit entries for employees', () => {
  let id: string;

  it('writes one entry per create, update and archive', async () => {
    const res = await acme.as.manager.post('/api/employees', {
      firstName: 'Pia',
      lastName: 'Paid',
      email: 'pia@acme.test',
      pay: { type: 'hourly', amountMinor: 2150 },
    });
    expect(res.statusCode).toBe(201);
    id = res.json().id;
    const created = await entriesFor(id);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      action: 'create',
      entityType: 'employee',
      entityLabel: 'Pia Paid',
      actor: { id: ids.manager.userId },
    });
    const updated = await added(id, () =>
      acme.as.manager.patch(`/api/employees/${id}`, { lastName: 'Paid', phone: '+49 1' }),
    );
    expect(updated).toHaveLength(1);
    expect(updated[0]!.changes).toEqual({ phone: { before: null, after: '+49 1' } });
    const archived = await added(id, () => acme.as.manager.post(`/api/employees/${id}/archive`));
    expect(archived.map((e) => e.action)).toEqual(['archive']);
    await acme.as.manager.post(`/api/employees/${id}/restore`);
  });

  it('writes nothing for a rejected create (duplicate e-mail → 409)', async () => {
    const total = await auditTotal();
    const res = await acme.as.manager.post('/api/employees', {
      firstName: 'Copy',
      lastName: 'Cat',
      email: 'pia@acme.test',
    });
    expect(res.statusCode).toBe(409);
    expect(await auditTotal()).toBe(total);
  });

  it('rolls entries back with the change when the transaction fails late (import loop → 422)', async () => {
    const total = await auditTotal();
    const employees = (await acme.as.owner.get('/api/employees?status=all')).json().total;
    const csv = [
      'first_name,last_name,email,manager_email',
      'Loop,One,loop1@acme.test,loop2@acme.test',
      'Loop,Two,loop2@acme.test,loop1@acme.test',
    ].join('\n');
    const res = await acme.as.owner.post('/api/employees/import', { csv });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('IMPORT_MANAGER_CYCLE');
    expect(await auditTotal()).toBe(total);
    expect((await acme.as.owner.get('/api/employees?status=all')).json().total).toBe(employees);
  });

  it('hides pay changes from a reader without people.pay.read and shows them to the manager', async () => {
    const res = await acme.as.manager.patch(`/api/employees/${id}`, {
      pay: { type: 'salary', amountMinor: 5_400_000, currency: 'EUR' },
    });
    expect(res.statusCode).toBe(200);
    const forManager = (await entriesFor(id, acme.as.manager))[0]!;
    expect(forManager.changes).toEqual({
      payType: { before: 'hourly', after: 'salary' },
      payAmountMinor: { before: 2150, after: 5_400_000 },
      payCurrency: { before: 'USD', after: 'EUR' },
    });
    const forViewer = (await entriesFor(id, acme.as.viewer))[0]!;
    expect(forViewer.id).toBe(forManager.id);
    for (const field of ['payType', 'payAmountMinor', 'payCurrency']) {
      expect(forViewer.changes[field]).toEqual({ before: '[hidden]', after: '[hidden]' });
    }
    const created = (await entriesFor(id, acme.as.viewer)).at(-1)!;
    expect(created.changes.payAmountMinor).toEqual({ before: '[hidden]', after: '[hidden]' });
    expect(created.changes.firstName).toEqual({ before: null, after: 'Pia' });
    expect(JSON.stringify(await entriesFor(id, acme.as.viewer))).not.toContain('5400000');
  });
});

describe('audit entries for members and roles', () => {
  it('writes one entry for a role change of a member', async () => {
    const entries = await added(ids.viewer.memberId, () =>
      acme.as.owner.patch(`/api/members/${ids.viewer.memberId}`, { role: 'coordinator' }),
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'update',
      entityType: 'member',
      changes: { role: { before: 'viewer', after: 'coordinator' } },
    });
    expect(Object.keys(entries[0]!.changes)).toEqual(['role']);
    await acme.as.owner.patch(`/api/members/${ids.viewer.memberId}`, { role: 'viewer' });
    const same = await added(ids.viewer.memberId, () =>
      acme.as.owner.patch(`/api/members/${ids.viewer.memberId}`, { role: 'viewer' }),
    );
    expect(same).toEqual([]);
  });

  it('writes one entry for a change to what a role grants', async () => {
    const entries = await added('staff', () =>
      acme.as.owner.put('/api/roles/staff', { permissions: ['people.read', 'sites.read'] }),
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'update',
      entityType: 'role',
      entityId: 'staff',
      changes: {
        permissions: {
          before: [...DEFAULT_ROLE_PERMISSIONS.staff],
          after: ['sites.read', 'people.read'],
        },
      },
    });
    const same = await added('staff', () =>
      acme.as.owner.put('/api/roles/staff', { permissions: ['sites.read', 'people.read'] }),
    );
    expect(same).toEqual([]);
    const reset = await added('staff', () => acme.as.owner.post('/api/roles/staff/reset'));
    expect(reset).toHaveLength(1);
    expect(reset[0]!.changes).toEqual({
      permissions: {
        before: ['sites.read', 'people.read'],
        after: [...DEFAULT_ROLE_PERMISSIONS.staff],
      },
    });
  });
});

describe('audit entries for roles that do not change', () => {
  it('writes nothing when a role is set to what it already grants, in any order', async () => {
    const same = [...DEFAULT_ROLE_PERMISSIONS.manager].reverse();
    const entries = await added('manager', () =>
      acme.as.owner.put('/api/roles/manager', { permissions: same }),
    );
    expect(entries).toEqual([]);
  });

  it('writes nothing when a role already on its defaults is reset', async () => {
    expect(await added('viewer', () => acme.as.owner.post('/api/roles/viewer/reset'))).toEqual([]);
  });
});

describe('GET /api/audit', () => {
  let start: string;
  let middle: string;
  let managerSite: string;

  beforeAll(async () => {
    t.clock.advance(3_600_000);
    start = t.clock.now().toISOString();
    for (let i = 0; i < 5; i++) {
      await acme.as.owner.post('/api/departments', { name: `Filter ${i}`, code: `F${i}` });
    }
    t.clock.advance(3_600_000);
    middle = t.clock.now().toISOString();
    managerSite = (
      await acme.as.manager.post('/api/sites', { name: 'Mgr', code: 'MGR', timeZone: 'UTC' })
    ).json().id;
    t.clock.advance(3_600_000);
  });

  it('lists newest first', async () => {
    const items = (await acme.as.owner.get('/api/audit?limit=200')).json().items as AuditEntry[];
    const ats = items.map((e) => e.at);
    expect(ats).toEqual([...ats].sort().reverse());
  });

  it('filters by actor', async () => {
    const items = (
      await acme.as.owner.get(`/api/audit?actorId=${ids.manager.userId}&limit=200`)
    ).json().items as AuditEntry[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((e) => e.actor?.id === ids.manager.userId)).toBe(true);
    expect(items.map((e) => e.entityId)).toContain(managerSite);
  });

  it('filters by entity type, entity id and action', async () => {
    const byType = (await acme.as.owner.get('/api/audit?entityType=department&limit=200')).json()
      .items as AuditEntry[];
    expect(byType.length).toBeGreaterThanOrEqual(5);
    expect(byType.every((e) => e.entityType === 'department')).toBe(true);
    const byId = (await acme.as.owner.get(`/api/audit?entityId=${managerSite}`)).json().items;
    expect(byId).toHaveLength(1);
    const byAction = (await acme.as.owner.get('/api/audit?action=sign_in&limit=200')).json()
      .items as AuditEntry[];
    expect(byAction.length).toBeGreaterThanOrEqual(5);
    expect(byAction.every((e) => e.action === 'sign_in' && e.entityType === 'user')).toBe(true);
  });

  it('filters by time: from is inclusive, to is exclusive, a bare date covers its day', async () => {
    const window = (await acme.as.owner.get(`/api/audit?from=${start}&to=${middle}`)).json()
      .items as AuditEntry[];
    expect(window).toHaveLength(5);
    expect(window.every((e) => e.entityType === 'department' && e.action === 'create')).toBe(true);
    const after = (await acme.as.owner.get(`/api/audit?from=${middle}`)).json().items;
    expect(after.map((e: AuditEntry) => e.entityId)).toEqual([managerSite]);
    const day = start.slice(0, 10);
    const wholeDay = (await acme.as.owner.get(`/api/audit?from=${day}&to=${day}&limit=200`)).json()
      .items as AuditEntry[];
    expect(wholeDay.length).toBeGreaterThanOrEqual(6);
    const before = (
      await acme.as.owner.get(`/api/audit?to=${encodeURIComponent('2000-01-01T00:00:00+02:00')}`)
    ).json().items;
    expect(before).toEqual([]);
  });

  it('paginates with nextCursor, every entry exactly once', async () => {
    const all = (await acme.as.owner.get('/api/audit?limit=200')).json();
    expect(all.nextCursor).toBeNull();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const qs: string = cursor ? `&cursor=${cursor}` : '';
      const page = (await acme.as.owner.get(`/api/audit?limit=7${qs}`)).json();
      expect(page.items.length).toBeLessThanOrEqual(7);
      seen.push(...page.items.map((e: AuditEntry) => e.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    expect(seen).toEqual(all.items.map((e: AuditEntry) => e.id));
    expect(pages).toBe(Math.ceil(all.items.length / 7));
  });

  it('answers 403 to roles without audit.read', async () => {
    for (const role of ['coordinator', 'staff'] as const) {
      const res = await acme.as[role].get('/api/audit');
      expect(res.statusCode).toBe(403);
    }
  });

  it('marks changes made with an API token as via token', async () => {
    const token = (await acme.as.owner.post('/api/me/tokens', { name: 'audit' })).json().token;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/departments',
      headers: { authorization: `Bearer ${token}` },
      payload: { name: 'Tokens', code: 'TOK' },
    });
    const [entry] = await entriesFor(res.json().id);
    expect(entry).toMatchObject({ via: 'token', actor: { id: ids.owner.userId } });
  });
});

describe('GET /api/history/:entityType/:entityId', () => {
  let employeeId: string;
  beforeAll(async () => {
    employeeId = (
      await acme.as.manager.post('/api/employees', {
        firstName: 'Hist',
        lastName: 'Ory',
        pay: { type: 'hourly', amountMinor: 1800 },
      })
    ).json().id;
    await acme.as.manager.patch(`/api/employees/${employeeId}`, { phone: '123' });
  });

  it("shows an employee's history to a coordinator (people.read, no audit.read), pay hidden", async () => {
    const res = await acme.as.coordinator.get(`/api/history/employee/${employeeId}`);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as AuditEntry[];
    expect(items.map((e) => e.action)).toEqual(['update', 'create']);
    expect(items[1]!.changes.payAmountMinor).toEqual({ before: '[hidden]', after: '[hidden]' });
    const manager = (await acme.as.manager.get(`/api/history/employee/${employeeId}`)).json();
    expect(manager.items[1].changes.payAmountMinor).toEqual({ before: null, after: 1800 });
  });

  it('answers 404 to staff, who cannot read employees', async () => {
    const res = await acme.as.staff.get(`/api/history/employee/${employeeId}`);
    expect(res.statusCode).toBe(404);
  });

  it('answers 404 for an unknown record type or id', async () => {
    expect((await acme.as.owner.get(`/api/history/spaceship/${employeeId}`)).statusCode).toBe(404);
    expect(
      (await acme.as.owner.get('/api/history/employee/01890a5d-ac96-774b-bcce-b302099a8057'))
        .statusCode,
    ).toBe(404);
  });

  it('shows member and role history to those who manage them', async () => {
    const member = await acme.as.owner.get(`/api/history/member/${ids.viewer.memberId}`);
    expect(member.statusCode).toBe(200);
    expect(member.json().items.length).toBeGreaterThan(0);
    expect((await acme.as.owner.get('/api/history/role/staff')).statusCode).toBe(200);
    expect((await acme.as.manager.get('/api/history/role/staff')).statusCode).toBe(404);
    expect((await acme.as.owner.get('/api/history/role/emperor')).statusCode).toBe(404);
  });
});
