import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDocument, reindexAll, removeDocument } from '../src/modules/search/index.js';
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

beforeAll(async () => {
  t = await createTestApp();
  acme = await buildOrg(t);
  other = await buildOrg(t, 'Other Works');
  ids = await membersOf(t, acme);
});
afterAll(() => t.close());

type Group = {
  entityType: string;
  label: string;
  total: number;
  items: { entityId: string; title: string; subtitle: string | null; href: string }[];
};

const find = async (client: TestOrg['as']['owner'], q: string, extra = '') => {
  const res = await client.get(`/api/search?q=${encodeURIComponent(q)}${extra}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().groups as Group[];
};
const titles = (groups: Group[], type = 'employee') =>
  groups.find((g) => g.entityType === type)?.items.map((i) => i.title) ?? [];

describe('indexing employees', () => {
  it('finds a created employee by name prefix, e-mail, number and skill', async () => {
    const site = await buildSite(t, acme.owner, { name: 'Harbour Depot' });
    const pos = await buildPosition(t, acme.owner, { title: 'Forklift Driver' });
    const e = await buildEmployee(t, acme.owner, {
      firstName: 'Zaphod',
      lastName: 'Quimby',
      email: 'zq@acme.test',
      employeeNumber: 'EMP-7781',
      siteId: site.id,
      positionId: pos.id,
      skills: ['welding'],
    });
    const groups = await find(acme.as.coordinator, 'zaph');
    expect(groups[0]).toMatchObject({ entityType: 'employee', label: 'People', total: 1 });
    expect(groups[0]!.items[0]).toEqual({
      entityType: 'employee',
      entityId: e.id,
      title: 'Zaphod Quimby',
      subtitle: 'Forklift Driver · Harbour Depot',
      href: `/people/${e.id}`,
      siteId: site.id,
    });
    expect(titles(await find(acme.as.coordinator, 'zq@acme.test'))).toEqual(['Zaphod Quimby']);
    expect(titles(await find(acme.as.coordinator, '7781'))).toEqual(['Zaphod Quimby']);
    expect(titles(await find(acme.as.coordinator, 'weld quim'))).toEqual(['Zaphod Quimby']);
    // Every word must match.
    expect(titles(await find(acme.as.coordinator, 'zaphod nobody'))).toEqual([]);
  });

  it('updates the entry when the employee changes, and when their position is renamed', async () => {
    const pos = await buildPosition(t, acme.owner, { title: 'Stacker' });
    const e = await buildEmployee(t, acme.owner, {
      firstName: 'Orla',
      lastName: 'Brennick',
      positionId: pos.id,
    });
    const res = await acme.as.manager.patch(`/api/employees/${e.id}`, { lastName: 'Vantongeren' });
    expect(res.statusCode).toBe(200);
    expect(titles(await find(acme.as.coordinator, 'brennick'))).toEqual([]);
    expect(titles(await find(acme.as.coordinator, 'vantong'))).toEqual(['Orla Vantongeren']);
    await acme.as.manager.patch(`/api/positions/${pos.id}`, { title: 'Pallet Marshal' });
    const [g] = await find(acme.as.coordinator, 'orla vanto');
    expect(g!.items[0]!.subtitle).toBe('Pallet Marshal');
  });

  it('keeps an archived employee findable, marked archived, and restores the mark', async () => {
    const e = await buildEmployee(t, acme.owner, { firstName: 'Ignatius', lastName: 'Pell' });
    expect((await acme.as.manager.post(`/api/employees/${e.id}/archive`)).statusCode).toBe(200);
    let [g] = await find(acme.as.coordinator, 'ignatius');
    expect(g!.items[0]!.subtitle).toBe('Archived');
    expect((await acme.as.manager.post(`/api/employees/${e.id}/restore`)).statusCode).toBe(200);
    [g] = await find(acme.as.coordinator, 'ignatius');
    expect(g!.items[0]!.subtitle).toBeNull();
  });

  it('indexes every imported row, created or updated, in the import transaction', async () => {
    await buildEmployee(t, acme.owner, {
      firstName: 'Old',
      lastName: 'Name',
      email: 'renamed@acme.test',
    });
    const csv = [
      'first_name,last_name,email,skills',
      'Perpetua,Okonkwo,perpetua@acme.test,crane',
      'Rename,Donevska,renamed@acme.test,',
    ].join('\n');
    const res = await acme.as.owner.post('/api/employees/import', { csv });
    expect(res.statusCode, res.body).toBe(200);
    expect(titles(await find(acme.as.coordinator, 'okonk'))).toEqual(['Perpetua Okonkwo']);
    expect(titles(await find(acme.as.coordinator, 'crane'))).toEqual(['Perpetua Okonkwo']);
    expect(titles(await find(acme.as.coordinator, 'donevska'))).toEqual(['Rename Donevska']);
  });

  it('leaves the index untouched when the change is rolled back', async () => {
    const e = await buildEmployee(t, acme.owner, {
      firstName: 'Rollo',
      lastName: 'Backstrom',
      email: 'rollo@acme.test',
    });
    await buildEmployee(t, acme.owner, { firstName: 'Taken', email: 'taken@acme.test' });
    const res = await acme.as.manager.patch(`/api/employees/${e.id}`, {
      lastName: 'Changed',
      email: 'taken@acme.test',
    });
    expect(res.statusCode).toBe(409);
    expect(titles(await find(acme.as.coordinator, 'backstrom'))).toEqual(['Rollo Backstrom']);
    expect(titles(await find(acme.as.coordinator, 'rollo changed'))).toEqual([]);
  });
});

describe('GET /api/search matching and ranking', () => {
  it('matches as you type, ignoring case and diacritics', async () => {
    await buildEmployee(t, acme.owner, { firstName: 'José', lastName: 'Þórðarson-Müller' });
    expect(titles(await find(acme.as.coordinator, 'jose'))).toContain('José Þórðarson-Müller');
    expect(titles(await find(acme.as.coordinator, 'MULL'))).toContain('José Þórðarson-Müller');
    expect(titles(await find(acme.as.coordinator, 'jo mü'))).toContain('José Þórðarson-Müller');
  });

  it('ranks title matches before body matches', async () => {
    await buildEmployee(t, acme.owner, {
      firstName: 'Body',
      lastName: 'Only',
      skills: ['scaffolding', 'rigging'],
    });
    await buildEmployee(t, acme.owner, { firstName: 'Scaffold', lastName: 'Titleman' });
    const found = titles(await find(acme.as.coordinator, 'scaffold'));
    expect(found).toEqual(['Scaffold Titleman', 'Body Only']);
  });

  it('treats FTS syntax in the query as plain words and never fails', async () => {
    await buildEmployee(t, acme.owner, { firstName: 'Near', lastName: 'Andor' });
    for (const q of [
      '"unbalanced',
      'near*',
      'NEAR(a b)',
      '-minus',
      'title:foo',
      'a AND OR NOT b',
      "o'brien",
      '(((',
      '^caret',
      '**',
      '\u0001\u0002 x',
      'x'.repeat(200),
    ]) {
      const res = await acme.as.coordinator.get(`/api/search?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBe(200);
    }
    expect(titles(await find(acme.as.coordinator, 'NEAR ando'))).toEqual(['Near Andor']);
    expect(titles(await find(acme.as.coordinator, '"near" -andor*'))).toEqual(['Near Andor']);
  });

  it('limits each group and reports the total', async () => {
    for (let i = 0; i < 7; i++)
      await buildEmployee(t, acme.owner, { firstName: `Limitina${i}`, lastName: 'Groupsen' });
    const groups = await find(acme.as.coordinator, 'groupsen', '&limit=3');
    expect(groups[0]!.items).toHaveLength(3);
    expect(groups[0]!.total).toBe(7);
  });

  it('filters by entity type', async () => {
    await t.deps.db.transaction().execute((trx) =>
      indexDocument(trx, t.deps, {
        orgId: acme.orgId,
        entityType: 'gizmo',
        entityId: 'g-1',
        siteId: null,
        title: 'Groupsen gizmo',
        href: '/gizmos/g-1',
        permission: null,
      }),
    );
    const all = await find(acme.as.coordinator, 'groupsen');
    expect(all.map((g) => g.entityType).sort()).toEqual(['employee', 'gizmo']);
    expect(all.find((g) => g.entityType === 'gizmo')!.label).toBe('gizmo');
    const only = await find(acme.as.coordinator, 'groupsen', '&types=gizmo');
    expect(only.map((g) => g.entityType)).toEqual(['gizmo']);
  });
});

describe('GET /api/search permissions', () => {
  it('shows no employees to a member without people.read', async () => {
    await buildEmployee(t, acme.owner, { firstName: 'Secretia', lastName: 'Hidden' });
    expect(titles(await find(acme.as.coordinator, 'secretia'))).toEqual(['Secretia Hidden']);
    expect(await find(acme.as.staff, 'secretia')).toEqual([]);
  });

  it('limits a site-bound member to their sites and organization-wide records', async () => {
    const north = await buildSite(t, acme.owner, { name: 'North Yard' });
    const south = await buildSite(t, acme.owner, { name: 'South Yard' });
    await buildEmployee(t, acme.owner, {
      firstName: 'Scopey',
      lastName: 'North',
      siteId: north.id,
    });
    await buildEmployee(t, acme.owner, {
      firstName: 'Scopey',
      lastName: 'South',
      siteId: south.id,
    });
    await buildEmployee(t, acme.owner, { firstName: 'Scopey', lastName: 'Nowhere' });
    const res = await acme.as.owner.patch(`/api/members/${ids.viewer.memberId}`, {
      siteIds: [north.id],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(titles(await find(acme.as.viewer, 'scopey')).sort()).toEqual([
      'Scopey North',
      'Scopey Nowhere',
    ]);
    expect(titles(await find(acme.as.coordinator, 'scopey'))).toHaveLength(3);
  });

  it('shows a document to its named readers whatever their permission or site', async () => {
    const site = await buildSite(t, acme.owner, { name: 'Closed Site' });
    const doc = {
      orgId: acme.orgId,
      entityType: 'memo',
      entityId: 'memo-1',
      siteId: site.id,
      title: 'Confidential quarterly memo',
      body: 'Salaries',
      href: '/memos/memo-1',
      permission: 'people.pay.read' as const,
    };
    await t.deps.db
      .transaction()
      .execute((trx) => indexDocument(trx, t.deps, { ...doc, userIds: [ids.staff.userId] }));
    expect(titles(await find(acme.as.staff, 'quarterly memo'), 'memo')).toEqual([
      'Confidential quarterly memo',
    ]);
    expect(titles(await find(acme.as.coordinator, 'quarterly memo'), 'memo')).toEqual([]);
    expect(titles(await find(acme.as.manager, 'quarterly memo'), 'memo')).toEqual([
      'Confidential quarterly memo',
    ]);
    // Re-indexing replaces the readers.
    await t.deps.db
      .transaction()
      .execute((trx) => indexDocument(trx, t.deps, { ...doc, userIds: [ids.coordinator.userId] }));
    expect(titles(await find(acme.as.staff, 'quarterly memo'), 'memo')).toEqual([]);
    expect(titles(await find(acme.as.coordinator, 'quarterly memo'), 'memo')).toHaveLength(1);
    await t.deps.db
      .transaction()
      .execute((trx) =>
        removeDocument(trx, t.deps, { orgId: acme.orgId, entityType: 'memo', entityId: 'memo-1' }),
      );
    expect(await find(acme.as.manager, 'quarterly memo')).toEqual([]);
  });

  it("never shows another organization's records", async () => {
    await buildEmployee(t, other.owner, { firstName: 'Outsider', lastName: 'Elsewhere' });
    expect(titles(await find(other.as.coordinator, 'outsider'))).toEqual(['Outsider Elsewhere']);
    expect(await find(acme.as.owner, 'outsider')).toEqual([]);
  });
});

describe('indexDocument', () => {
  it('keeps one document per record when the same record is indexed concurrently', async () => {
    const doc = {
      orgId: acme.orgId,
      entityType: 'gadget',
      entityId: 'race-1',
      siteId: null,
      title: 'Racing gadget',
      href: '/gadgets/race-1',
      permission: null,
    };
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        t.deps.db.transaction().execute((trx) =>
          indexDocument(trx, t.deps, {
            ...doc,
            title: `Racing gadget v${i}`,
            userIds: [ids.staff.userId, ids.viewer.userId],
          }),
        ),
      ),
    );
    const rows = await t.deps.db
      .selectFrom('search_documents')
      .select('id')
      .where('org_id', '=', acme.orgId)
      .where('entity_id', '=', 'race-1')
      .execute();
    expect(rows).toHaveLength(1);
    const [g] = await find(acme.as.staff, 'racing gadget');
    expect(g!.total).toBe(1);
  });
});

describe('GET /api/search validation', () => {
  it('answers 400 naming q when it is missing, too short or too long', async () => {
    for (const url of [
      '/api/search',
      '/api/search?q=a',
      '/api/search?q=%20%20a%20',
      `/api/search?q=${'x'.repeat(201)}`,
    ]) {
      const res = await acme.as.coordinator.get(url);
      expect(res.statusCode, url).toBe(400);
      expect(JSON.stringify(res.json().errors ?? res.json())).toContain('q');
    }
  });

  it('answers 400 for a bad types list or limit, and 401 without a session', async () => {
    expect((await acme.as.coordinator.get('/api/search?q=ab&types=Bad%20Type')).statusCode).toBe(
      400,
    );
    expect((await acme.as.coordinator.get('/api/search?q=ab&limit=99')).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/search?q=ab' })).statusCode).toBe(401);
  });
});

describe('reindex', () => {
  it('rebuilds the employee documents of an organization from the people module', async () => {
    await buildEmployee(t, other.owner, { firstName: 'Reindexa', lastName: 'Fresh' });
    await t.deps.db.deleteFrom('search_document_readers').execute();
    const before = await find(other.as.coordinator, 'reindexa');
    expect(titles(before)).toEqual(['Reindexa Fresh']);
    const result = await reindexAll(t.deps, { orgId: other.orgId });
    // Other modules register their kinds too; the people module contributes the employees.
    expect(result).toContainEqual({ orgId: other.orgId, entityType: 'employee', documents: 2 });
    expect(titles(await find(other.as.coordinator, 'reindexa'))).toEqual(['Reindexa Fresh']);
    expect(titles(await find(other.as.coordinator, 'outsider'))).toEqual(['Outsider Elsewhere']);
  });
});
