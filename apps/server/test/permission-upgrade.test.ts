import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsMigrations } from '../src/modules/accounts/accounts.migrations.js';
import { columnTypes } from '../src/platform/db/migrations.js';
import { buildOrg, type TestOrg } from './factories.js';
import { createTestApp, type TestApp } from './harness.js';

let t: TestApp;
let acme: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  acme = await buildOrg(t);
});
afterAll(() => t.close());

const permissionsOf = async (role: string) =>
  (await acme.as.owner.get('/api/roles'))
    .json()
    .items.find((r: { role: string }) => r.role === role).permissions as string[];

describe('upgrading organizations that customized roles before tasks and resources', () => {
  it('grants the new default permissions to stored role lists and keeps their choices', async () => {
    // A customized staff role, stored as the release before this one would have stored it.
    expect(
      (await acme.as.owner.put('/api/roles/staff', { permissions: ['people.read'] })).statusCode,
    ).toBe(200);
    expect(await permissionsOf('staff')).toEqual(['people.read']);
    const upgrade = accountsMigrations(columnTypes(t.deps.dialect))[
      '20261126_0600_accounts_grant_work_permissions'
    ]!;
    await upgrade.up(t.deps.db as never);
    expect((await permissionsOf('staff')).sort()).toEqual(
      ['people.read', 'resources.book', 'resources.read'].sort(),
    );
    // Running it again changes nothing.
    await upgrade.up(t.deps.db as never);
    expect(await permissionsOf('staff')).toHaveLength(3);
  });
});

describe('upgrading organizations that customized roles before scheduling', () => {
  it('grants the scheduling permissions each role gained and keeps their choices', async () => {
    expect(
      (await acme.as.owner.put('/api/roles/viewer', { permissions: ['people.read'] })).statusCode,
    ).toBe(200);
    expect(
      (
        await acme.as.owner.put('/api/roles/coordinator', {
          permissions: ['people.read', 'tasks.read'],
        })
      ).statusCode,
    ).toBe(200);
    const upgrade = accountsMigrations(columnTypes(t.deps.dialect))[
      '20261127_0050_accounts_grant_scheduling_permissions'
    ]!;
    await upgrade.up(t.deps.db as never);
    expect((await permissionsOf('viewer')).sort()).toEqual(['people.read', 'scheduling.read']);
    expect((await permissionsOf('coordinator')).sort()).toEqual(
      [
        'people.read',
        'scheduling.approve',
        'scheduling.manage',
        'scheduling.publish',
        'scheduling.read',
        'scheduling.self',
        'tasks.read',
      ].sort(),
    );
    await upgrade.up(t.deps.db as never);
    expect(await permissionsOf('viewer')).toHaveLength(2);
  });
});
