import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setMemberStatus, updateMember } from '../src/modules/accounts/organization.service.js';
import { KeelError } from '../src/platform/errors.js';
import { buildOrg, membersOf, PASSWORD, type TestOrg } from './factories.js';
import { createTestApp, onPostgres, type TestApp } from './harness.js';

let t: TestApp;
let acme: TestOrg;
let ids: Awaited<ReturnType<typeof membersOf>>;

beforeAll(async () => {
  t = await createTestApp();
  acme = await buildOrg(t);
  ids = await membersOf(t, acme);
});
afterAll(() => t.close());

const activeOwners = async () =>
  t.deps.db
    .selectFrom('memberships')
    .select('id')
    .where('org_id', '=', acme.orgId)
    .where('role', '=', 'owner')
    .where('status', '=', 'active')
    .execute();

/** Makes the coordinator a second owner, so the organization has exactly two. */
async function twoOwners() {
  const res = await acme.as.owner.patch(`/api/members/${ids.coordinator.memberId}`, {
    role: 'owner',
  });
  expect(res.statusCode, res.body).toBe(200);
  expect(await activeOwners()).toHaveLength(2);
}

/** Puts the original owner back as sole owner after a round. */
async function restore() {
  const owners = (await activeOwners()).map((o) => o.id);
  if (!owners.includes(ids.owner.memberId)) {
    const survivor = owners[0] === ids.coordinator.memberId ? acme.as.coordinator : acme.as.owner;
    await survivor.post(`/api/members/${ids.owner.memberId}/reactivate`);
    await survivor.patch(`/api/members/${ids.owner.memberId}`, { role: 'owner' });
  }
  await acme.as.owner.post(`/api/members/${ids.coordinator.memberId}/reactivate`);
  await acme.as.owner.patch(`/api/members/${ids.coordinator.memberId}`, { role: 'coordinator' });
  expect((await activeOwners()).map((o) => o.id)).toEqual([ids.owner.memberId]);
}

/**
 * Runs a service call and reports it like an HTTP answer. Only an owner may demote owners, so
 * one owner's actor (resolved once, as a request would) races the two changes itself.
 */
const settle = (p: Promise<unknown>) =>
  p.then(
    () => ({ statusCode: 200, json: () => ({}) }),
    (err: unknown) => {
      if (!(err instanceof KeelError)) throw err;
      return { statusCode: err.kind === 'conflict' ? 409 : 400, json: () => ({ code: err.code }) };
    },
  );

const outcome = (results: { statusCode: number; json(): { code?: string } }[]) =>
  results.map((r) => (r.statusCode === 200 ? 'ok' : `${r.statusCode} ${r.json().code}`)).sort();

describe(`racing demotions of the last two owners (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  it('lets exactly one of two simultaneous demotions through; the other answers 409 LAST_OWNER', async () => {
    for (let round = 0; round < 5; round++) {
      await twoOwners();
      const results = await Promise.all([
        settle(updateMember(t.deps, acme.owner, ids.owner.memberId, { role: 'manager' })),
        settle(updateMember(t.deps, acme.owner, ids.coordinator.memberId, { role: 'viewer' })),
      ]);
      expect(outcome(results), `round ${round}`).toEqual(['409 LAST_OWNER', 'ok']);
      expect(await activeOwners()).toHaveLength(1);
      await restore();
    }
  });

  it('lets exactly one of two owners stepping down at once go', async () => {
    for (let round = 0; round < 5; round++) {
      await twoOwners();
      const results = await Promise.all([
        acme.as.owner.patch(`/api/members/${ids.owner.memberId}`, { role: 'manager' }),
        acme.as.coordinator.patch(`/api/members/${ids.coordinator.memberId}`, { role: 'viewer' }),
      ]);
      expect(outcome(results), `round ${round}`).toEqual(['409 LAST_OWNER', 'ok']);
      expect(await activeOwners()).toHaveLength(1);
      await restore();
    }
  });

  it('lets exactly one of a demotion and a deactivation through', async () => {
    for (let round = 0; round < 3; round++) {
      await twoOwners();
      const results = await Promise.all([
        settle(setMemberStatus(t.deps, acme.owner, ids.owner.memberId, 'deactivated')),
        settle(updateMember(t.deps, acme.owner, ids.coordinator.memberId, { role: 'staff' })),
      ]);
      expect(outcome(results), `round ${round}`).toEqual(['409 LAST_OWNER', 'ok']);
      expect(await activeOwners()).toHaveLength(1);
      if ((await activeOwners())[0]!.id === ids.coordinator.memberId) {
        // The original owner was deactivated (and signed out): bring them back.
        await acme.as.coordinator.post(`/api/members/${ids.owner.memberId}/reactivate`);
        await acme.as.owner.login(acme.emails.owner, PASSWORD);
      }
      await restore();
    }
  });

  it('never leaves the organization without an owner when two owners demote each other', async () => {
    await twoOwners();
    const results = await Promise.all([
      acme.as.owner.patch(`/api/members/${ids.coordinator.memberId}`, { role: 'manager' }),
      acme.as.coordinator.patch(`/api/members/${ids.owner.memberId}`, { role: 'manager' }),
    ]);
    const out = outcome(results);
    // The loser either saw the other demotion first (403: no longer an owner) or raced it (409).
    expect([
      ['409 LAST_OWNER', 'ok'],
      ['403 OWNER_ROLE_REQUIRED', 'ok'],
      ['403 PERMISSION_DENIED', 'ok'],
    ]).toContainEqual(out);
    expect(await activeOwners()).toHaveLength(1);
    await restore();
  });
});
