import { DEFAULT_ROLE_PERMISSIONS } from '@keel/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RESETS_PER_HOUR } from '../src/modules/accounts/auth.service.js';
import { buildOrg, lastMailLink, membersOf, type TestOrg } from './factories.js';
import { createTestApp, type TestApp } from './harness.js';

let t: TestApp;
let acme: TestOrg;
let ids: Awaited<ReturnType<typeof membersOf>>;

beforeAll(async () => {
  t = await createTestApp();
  acme = await buildOrg(t);
  ids = await membersOf(t, acme);
  // An organization may let its managers administer users; the owner role stays the owners'.
  const res = await acme.as.owner.put('/api/roles/manager', {
    permissions: [...DEFAULT_ROLE_PERMISSIONS.manager, 'users.manage'],
  });
  expect(res.statusCode).toBe(200);
});
afterAll(() => t.close());

describe('the owner role', () => {
  it('cannot be granted by a non-owner holding users.manage', async () => {
    const res = await acme.as.manager.patch(`/api/members/${ids.manager.memberId}`, {
      role: 'owner',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('OWNER_ROLE_REQUIRED');
    const invite = await acme.as.manager.post('/api/invitations', {
      email: 'boss@acme.test',
      role: 'owner',
    });
    expect(invite.statusCode).toBe(403);
    expect(invite.json().code).toBe('OWNER_ROLE_REQUIRED');
  });

  it('cannot be taken from an owner, or an owner deactivated, by a non-owner', async () => {
    const demote = await acme.as.manager.patch(`/api/members/${ids.owner.memberId}`, {
      role: 'viewer',
    });
    expect(demote.statusCode).toBe(403);
    const deactivate = await acme.as.manager.post(`/api/members/${ids.owner.memberId}/deactivate`);
    expect(deactivate.statusCode).toBe(403);
    const me = await acme.as.owner.get('/api/me');
    expect(me.json().membership.role).toBe('owner');
  });

  it('lets that manager administer everyone else', async () => {
    const res = await acme.as.manager.patch(`/api/members/${ids.staff.memberId}`, {
      role: 'viewer',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().role).toBe('viewer');
  });

  it('can be granted by an owner', async () => {
    const res = await acme.as.owner.patch(`/api/members/${ids.coordinator.memberId}`, {
      role: 'owner',
    });
    expect(res.statusCode).toBe(200);
    const back = await acme.as.owner.patch(`/api/members/${ids.coordinator.memberId}`, {
      role: 'coordinator',
    });
    expect(back.statusCode).toBe(200);
  });
});

describe('site access', () => {
  it('refuses an empty site list instead of reading it as every site', async () => {
    for (const res of [
      await acme.as.owner.patch(`/api/members/${ids.viewer.memberId}`, { siteIds: [] }),
      await acme.as.owner.post('/api/invitations', {
        email: 'nosites@acme.test',
        role: 'staff',
        siteIds: [],
      }),
    ]) {
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toContainEqual({
        field: 'siteIds',
        message: 'must name at least one site, or be null for every site',
      });
    }
  });
});

describe('POST /api/auth/password-reset', () => {
  it(`mails at most ${MAX_RESETS_PER_HOUR} links an hour to one account, and answers 202 regardless`, async () => {
    const mails = async () =>
      (
        await t.deps.db
          .selectFrom('mail_messages')
          .select('id')
          .where('to_address', '=', acme.emails.viewer)
          .where('subject', 'like', '%password%')
          .execute()
      ).length;
    const before = await mails();
    for (let i = 0; i < MAX_RESETS_PER_HOUR + 2; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/password-reset',
        payload: { email: acme.emails.viewer },
      });
      expect(res.statusCode).toBe(202);
    }
    expect((await mails()) - before).toBe(MAX_RESETS_PER_HOUR);
    t.clock.advance(61 * 60_000);
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset',
      payload: { email: acme.emails.viewer },
    });
    expect((await mails()) - before).toBe(MAX_RESETS_PER_HOUR + 1);
  });
});

describe('linking an employee record to one user only', () => {
  it('refuses a second pending invitation for the same employee, and an accepted link never doubles', async () => {
    const employee = await acme.as.owner.post('/api/employees', {
      firstName: 'Link',
      lastName: 'Once',
    });
    expect(employee.statusCode).toBe(201);
    const employeeId = employee.json().id;
    const first = await acme.as.owner.post('/api/invitations', {
      email: 'first@acme.test',
      role: 'staff',
      employeeId,
    });
    expect(first.statusCode).toBe(201);
    const second = await acme.as.owner.post('/api/invitations', {
      email: 'second@acme.test',
      role: 'staff',
      employeeId,
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('EMPLOYEE_ALREADY_INVITED');

    // Someone else gets linked while the first invitation is pending: accepting joins without it.
    await acme.as.owner.patch(`/api/members/${ids.viewer.memberId}`, { employeeId });
    const token = await lastMailLink(t, 'first@acme.test', 'invite');
    const accepted = await t.app.inject({
      method: 'POST',
      url: '/api/invitations/accept',
      payload: { token, name: 'First', password: 'first-password-1' },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const linked = await t.deps.db
      .selectFrom('memberships')
      .select('id')
      .where('employee_id', '=', employeeId)
      .execute();
    expect(linked).toHaveLength(1);
  });
});

describe('contract hours', () => {
  it('read back exactly as written, on either database', async () => {
    const res = await acme.as.owner.post('/api/employees', {
      firstName: 'Part',
      lastName: 'Timer',
      contractHoursPerWeek: 37.55,
    });
    expect(res.statusCode, res.body).toBe(201);
    const again = await acme.as.owner.get(`/api/employees/${res.json().id}`);
    expect(again.json().contractHoursPerWeek).toBe(37.55);
  });
});
