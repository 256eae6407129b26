import { DEFAULT_ROLE_PERMISSIONS, type Invitation, type Member, type Role } from '@keel/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildSite, membersOf, PASSWORD, type TestOrg } from './factories.js';
import { Client, createTestApp, type TestApp } from './harness.js';

const DAY = 86_400_000;
let t: TestApp;
let acme: TestOrg;
let ids: Awaited<ReturnType<typeof membersOf>>;
let seq = 0;
const nextEmail = () => `invitee${++seq}@invite.test`;

/** Moves time on; the role clients make a request so their sliding sessions stay alive. */
async function advance(ms: number) {
  t.clock.advance(ms);
  for (const role of Object.keys(acme.as) as Role[]) await acme.as[role].get('/api/me');
}

beforeAll(async () => {
  t = await createTestApp();
  acme = await buildOrg(t, 'Acme');
  ids = await membersOf(t, acme);
});
afterAll(() => t.close());

async function invite(
  body: { email: string; role: Role; siteIds?: string[]; employeeId?: string },
  by = acme,
) {
  const res = await by.as.owner.post('/api/invitations', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Invitation;
}

/** Reads the invitation link of the newest outbox message to `to`, through the outbox API. */
async function linkFromOutbox(to: string, by = acme) {
  const list = (await by.as.owner.get('/api/mail/outbox?limit=200')).json().items as {
    id: string;
    to: string;
    subject: string;
  }[];
  const msg = list.find((m) => m.to === to);
  expect(msg, `mail to ${to}`).toBeDefined();
  const detail = (await by.as.owner.get(`/api/mail/outbox/${msg!.id}`)).json();
  const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(detail.text)?.[1];
  expect(token).toBeDefined();
  return { token: token!, subject: msg!.subject, html: detail.html as string };
}

const preview = (token: string) =>
  t.app.inject({ method: 'GET', url: `/api/invitations/by-token/${token}` });

async function accept(body: { token: string; name?: string; password: string }) {
  const client = new Client(t.app, `10.77.0.${++seq}`);
  const res = await client.post('/api/invitations/accept', body);
  if (res.statusCode === 200) client.csrf = res.json().csrfToken;
  return { res, client };
}

describe('inviting someone new', () => {
  let site: string;
  let email: string;
  let token: string;
  let invitation: Invitation;

  beforeAll(async () => {
    site = (await buildSite(t, acme.owner, { name: 'Pier' })).id;
    email = nextEmail();
    invitation = await invite({ email, role: 'coordinator', siteIds: [site] });
  });

  it('answers 201 with a pending 7-day invitation', () => {
    expect(invitation).toMatchObject({
      email,
      role: 'coordinator',
      siteIds: [site],
      status: 'pending',
      expiresAt: new Date(t.clock.now().getTime() + 7 * DAY).toISOString(),
      invitedBy: { id: ids.owner.userId, name: 'Owner 1' },
    });
  });

  it('puts the mail with the link in the outbox, readable by the owner', async () => {
    const mail = await linkFromOutbox(email);
    token = mail.token;
    expect(mail.subject).toBe('Owner 1 invited you to Acme on Keel');
    expect(mail.html).toContain(`/invite/${token}`);
    expect((await acme.as.manager.get('/api/mail/outbox')).statusCode).toBe(403);
  });

  it('describes the invitation to anyone holding the link', async () => {
    const res = await preview(token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      organizationName: 'Acme',
      email,
      role: 'coordinator',
      expiresAt: invitation.expiresAt,
      accountExists: false,
    });
  });

  it('needs a name for a new account, and leaves the invitation usable when refused', async () => {
    const { res } = await accept({ token, password: PASSWORD });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ field: 'name', message: 'is required' }]);
    expect((await preview(token)).statusCode).toBe(200);
  });

  it('signs the new member in with the invited role and site limits', async () => {
    const { res, client } = await accept({ token, name: 'Nina New', password: PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      user: { id: expect.any(String), email, name: 'Nina New' },
      csrfToken: expect.any(String),
    });
    expect(res.cookies.find((c) => c.name === 'keel_session')?.httpOnly).toBe(true);
    const me = (await client.get('/api/me')).json();
    expect(me).toMatchObject({
      user: { email, name: 'Nina New' },
      organization: { id: acme.orgId, name: 'Acme' },
      membership: { role: 'coordinator', siteIds: [site] },
    });
    expect([...me.permissions].sort()).toEqual([...DEFAULT_ROLE_PERMISSIONS.coordinator].sort());
    expect(
      (await client.post('/api/employees', { firstName: 'By', lastName: 'Nina' })).statusCode,
    ).toBe(201);
    const list = (await acme.as.owner.get('/api/invitations')).json().items as Invitation[];
    expect(list.find((i) => i.id === invitation.id)?.status).toBe('accepted');
    const members = (await acme.as.owner.get(`/api/members?q=${email}`)).json().items as Member[];
    expect(members).toEqual([
      expect.objectContaining({ email, role: 'coordinator', siteIds: [site], status: 'active' }),
    ]);
  });

  it('answers 404 to a second acceptance', async () => {
    const { res } = await accept({ token, name: 'Again', password: PASSWORD });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('INVITATION_NOT_FOUND');
    expect((await preview(token)).statusCode).toBe(404);
  });

  it('answers 409 ALREADY_MEMBER when inviting an active member', async () => {
    const res = await acme.as.owner.post('/api/invitations', { email, role: 'viewer' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'ALREADY_MEMBER', errors: [{ field: 'email' }] });
    const existing = await acme.as.owner.post('/api/invitations', {
      email: acme.emails.staff,
      role: 'viewer',
    });
    expect(existing.statusCode).toBe(409);
  });
});

describe('invitation links', () => {
  it('answer 404 once expired (after 7 days), and the list says expired', async () => {
    const email = nextEmail();
    const inv = await invite({ email, role: 'staff' });
    const { token } = await linkFromOutbox(email);
    await advance(8 * DAY);
    expect((await preview(token)).statusCode).toBe(404);
    const { res } = await accept({ token, name: 'Late', password: PASSWORD });
    expect(res.statusCode).toBe(404);
    const list = (await acme.as.owner.get('/api/invitations?status=expired')).json().items;
    expect(list.map((i: Invitation) => i.id)).toContain(inv.id);
  });

  it('die when the invitation is revoked', async () => {
    const email = nextEmail();
    const inv = await invite({ email, role: 'staff' });
    const { token } = await linkFromOutbox(email);
    const res = await acme.as.owner.post(`/api/invitations/${inv.id}/revoke`);
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('revoked');
    expect((await preview(token)).statusCode).toBe(404);
    expect((await accept({ token, name: 'X', password: PASSWORD })).res.statusCode).toBe(404);
    const again = await acme.as.owner.post(`/api/invitations/${inv.id}/revoke`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('INVITATION_NOT_PENDING');
    expect((await acme.as.owner.post(`/api/invitations/${inv.id}/resend`)).statusCode).toBe(409);
  });

  it('are replaced on resend: the new link works, the old one is dead', async () => {
    const email = nextEmail();
    const inv = await invite({ email, role: 'viewer' });
    const old = (await linkFromOutbox(email)).token;
    await advance(DAY);
    const res = await acme.as.owner.post(`/api/invitations/${inv.id}/resend`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'pending',
      expiresAt: new Date(t.clock.now().getTime() + 7 * DAY).toISOString(),
    });
    const fresh = (await linkFromOutbox(email)).token;
    expect(fresh).not.toBe(old);
    expect((await preview(old)).statusCode).toBe(404);
    const { res: ok, client } = await accept({ token: fresh, name: 'Re Sent', password: PASSWORD });
    expect(ok.statusCode).toBe(200);
    expect((await client.get('/api/me')).json().membership.role).toBe('viewer');
  });

  it('revive an expired invitation on resend', async () => {
    const email = nextEmail();
    const inv = await invite({ email, role: 'staff' });
    await advance(8 * DAY);
    const res = await acme.as.owner.post(`/api/invitations/${inv.id}/resend`);
    expect(res.json().status).toBe('pending');
    const { token } = await linkFromOutbox(email);
    expect((await preview(token)).statusCode).toBe(200);
  });

  it('are replaced when the same address is invited again', async () => {
    const email = nextEmail();
    const first = await invite({ email, role: 'staff' });
    const old = (await linkFromOutbox(email)).token;
    await invite({ email, role: 'viewer' });
    expect((await preview(old)).statusCode).toBe(404);
    const list = (await acme.as.owner.get('/api/invitations')).json().items as Invitation[];
    expect(list.find((i) => i.id === first.id)?.status).toBe('revoked');
    const { token } = await linkFromOutbox(email);
    expect((await preview(token)).json().role).toBe('viewer');
  });

  it('carry the employee link, and refuse an employee already linked to another user (409)', async () => {
    const employee = (
      await acme.as.owner.post('/api/employees', { firstName: 'Linked', lastName: 'Person' })
    ).json();
    const email = nextEmail();
    await invite({ email, role: 'staff', employeeId: employee.id });
    const { token } = await linkFromOutbox(email);
    const { client } = await accept({ token, name: 'Linked Person', password: PASSWORD });
    expect((await client.get('/api/me/employee')).json().employee.id).toBe(employee.id);
    const twice = await acme.as.owner.post('/api/invitations', {
      email: nextEmail(),
      role: 'staff',
      employeeId: employee.id,
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({
      code: 'EMPLOYEE_ALREADY_LINKED',
      errors: [{ field: 'employeeId' }],
    });
  });

  it('answer 404 for a token that never existed', async () => {
    expect((await preview('inv_neverexisted_000000')).statusCode).toBe(404);
  });

  it('refuse site limits naming sites of no organization of ours', async () => {
    const res = await acme.as.owner.post('/api/invitations', {
      email: nextEmail(),
      role: 'staff',
      siteIds: ['01890a5d-ac96-774b-bcce-b302099a8057'],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('siteIds[0]');
  });
});

describe('inviting someone who already has an account', () => {
  let other: TestOrg;
  let token: string;

  beforeAll(async () => {
    other = await buildOrg(t, 'Beta');
    await invite({ email: other.emails.manager, role: 'viewer' });
    token = (await linkFromOutbox(other.emails.manager)).token;
  });

  it('says the account exists', async () => {
    expect((await preview(token)).json().accountExists).toBe(true);
  });

  it('answers 401 to a wrong password and keeps the invitation pending', async () => {
    const { res } = await accept({ token, name: 'Hijack', password: 'wrong password!' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({
      code: 'INVALID_CREDENTIALS',
      errors: [{ field: 'password' }],
    });
    expect((await preview(token)).statusCode).toBe(200);
  });

  it('accepts the existing password, keeps the name, and lets the user switch organizations', async () => {
    const { res, client } = await accept({ token, name: 'Ignored', password: PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.name).toBe('manager 2');
    const me = (await client.get('/api/me')).json();
    expect(me.organization.id).toBe(acme.orgId);
    expect(me.membership.role).toBe('viewer');
    expect(me.organizations).toEqual(
      expect.arrayContaining([
        { id: acme.orgId, name: 'Acme', role: 'viewer' },
        { id: other.orgId, name: 'Beta', role: 'manager' },
      ]),
    );
    expect(me.organizations).toHaveLength(2);
    const sw = await client.post('/api/me/organization', { organizationId: other.orgId });
    expect(sw.statusCode).toBe(200);
    const after = (await client.get('/api/me')).json();
    expect(after.organization.id).toBe(other.orgId);
    expect(after.membership.role).toBe('manager');
    expect(after.permissions).toContain('people.pay.read');
    const back = await client.post('/api/me/organization', { organizationId: acme.orgId });
    expect(back.statusCode).toBe(200);
    expect((await client.get('/api/me')).json().membership.role).toBe('viewer');
  });

  it('answers 404 when switching to an organization the user is not in', async () => {
    const third = await buildOrg(t, 'Gamma');
    const res = await acme.as.staff.post('/api/me/organization', { organizationId: third.orgId });
    expect(res.statusCode).toBe(404);
    expect((await acme.as.staff.get('/api/me')).json().organization.id).toBe(acme.orgId);
  });
});

describe('members', () => {
  it('lists members by name with a search and keyset pages', async () => {
    const all = (await acme.as.owner.get('/api/members?limit=200')).json();
    expect(all.nextCursor).toBeNull();
    const names = all.items.map((m: Member) => m.name);
    expect(names).toEqual([...names].sort());
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const qs: string = cursor ? `&cursor=${cursor}` : '';
      const page = (await acme.as.owner.get(`/api/members?limit=2${qs}`)).json();
      seen.push(...page.items.map((m: Member) => m.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((m: Member) => m.id));
    const found = (await acme.as.owner.get('/api/members?q=VIEWER')).json().items as Member[];
    expect(found.map((m) => m.email)).toContain(acme.emails.viewer);
  });

  it('never lets the last owner be demoted or deactivated (409 LAST_OWNER)', async () => {
    const demote = await acme.as.owner.patch(`/api/members/${ids.owner.memberId}`, {
      role: 'manager',
    });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().code).toBe('LAST_OWNER');
    const deactivate = await acme.as.owner.post(`/api/members/${ids.owner.memberId}/deactivate`);
    expect(deactivate.statusCode).toBe(409);
    expect(deactivate.json().code).toBe('LAST_OWNER');
    expect((await acme.as.owner.get('/api/me')).json().membership.role).toBe('owner');
  });

  it('lets an owner step down once there is another owner', async () => {
    const org = await buildOrg(t, 'Succession');
    const m = await membersOf(t, org);
    expect(
      (await org.as.owner.patch(`/api/members/${m.manager.memberId}`, { role: 'owner' }))
        .statusCode,
    ).toBe(200);
    const res = await org.as.owner.patch(`/api/members/${m.owner.memberId}`, { role: 'viewer' });
    expect(res.statusCode).toBe(200);
    expect((await org.as.owner.get('/api/members')).statusCode).toBe(403);
    const last = await org.as.manager.patch(`/api/members/${m.manager.memberId}`, {
      role: 'manager',
    });
    expect(last.statusCode).toBe(409);
  });

  it('ends the sessions and tokens of a deactivated member, and lets them back on reactivation', async () => {
    const email = nextEmail();
    await invite({ email, role: 'coordinator' });
    const { token } = await linkFromOutbox(email);
    const { client } = await accept({ token, name: 'Dee Activated', password: PASSWORD });
    const memberId = (await client.get('/api/me')).json().membership.id;
    const pat = (await client.post('/api/me/tokens', { name: 'x' })).json().token;
    const withToken = () =>
      t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${pat}` } });
    expect((await withToken()).statusCode).toBe(200);
    const res = await acme.as.owner.post(`/api/members/${memberId}/deactivate`);
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('deactivated');
    expect((await client.get('/api/me')).statusCode).toBe(401);
    expect((await withToken()).statusCode).toBe(401);
    const login = new Client(t.app, '10.78.0.1');
    await expect(login.login(email, PASSWORD)).rejects.toThrow(/401/);
    const back = await acme.as.owner.post(`/api/members/${memberId}/reactivate`);
    expect(back.json().status).toBe('active');
    await login.login(email, PASSWORD);
    expect((await login.get('/api/me')).json().membership.role).toBe('coordinator');
  });

  it('answers 400 for a site limit or employee link outside the organization', async () => {
    const res = await acme.as.owner.patch(`/api/members/${ids.staff.memberId}`, {
      siteIds: ['01890a5d-ac96-774b-bcce-b302099a8057'],
    });
    expect(res.statusCode).toBe(400);
    const link = await acme.as.owner.patch(`/api/members/${ids.staff.memberId}`, {
      employeeId: '01890a5d-ac96-774b-bcce-b302099a8057',
    });
    expect(link.statusCode).toBe(400);
    expect(link.json().errors[0].field).toBe('employeeId');
  });
});

describe('roles', () => {
  it('grant what an owner sets: staff with people.read can list employees', async () => {
    expect((await acme.as.staff.get('/api/employees')).statusCode).toBe(403);
    const res = await acme.as.owner.put('/api/roles/staff', { permissions: ['people.read'] });
    expect(res.statusCode).toBe(200);
    const staffMembers = (
      (await acme.as.owner.get('/api/members?limit=200')).json().items as Member[]
    ).filter((m) => m.role === 'staff' && m.status === 'active').length;
    expect(res.json()).toMatchObject({
      role: 'staff',
      permissions: ['people.read'],
      editable: true,
      memberCount: staffMembers,
    });
    expect((await acme.as.staff.get('/api/employees')).statusCode).toBe(200);
    expect((await acme.as.staff.get('/api/me')).json().permissions).toEqual(['people.read']);
    const list = (await acme.as.owner.get('/api/roles')).json();
    expect(list.items.find((r: { role: string }) => r.role === 'staff').permissions).toEqual([
      'people.read',
    ]);
    expect(list.catalogue.length).toBeGreaterThan(10);
  });

  it('answer 409 for the owner role, which always holds everything', async () => {
    const res = await acme.as.owner.put('/api/roles/owner', { permissions: [] });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('ROLE_NOT_EDITABLE');
    expect((await acme.as.owner.post('/api/roles/owner/reset')).statusCode).toBe(409);
    const owner = (await acme.as.owner.get('/api/roles')).json().items[0];
    expect(owner).toMatchObject({ role: 'owner', editable: false });
    expect((await acme.as.owner.get('/api/members')).statusCode).toBe(200);
  });

  it('go back to their defaults on reset', async () => {
    const res = await acme.as.owner.post('/api/roles/staff/reset');
    expect(res.statusCode).toBe(200);
    expect(res.json().permissions).toEqual([...DEFAULT_ROLE_PERMISSIONS.staff]);
    expect((await acme.as.staff.get('/api/employees')).statusCode).toBe(403);
  });

  it('can take permissions away from a role', async () => {
    await acme.as.owner.put('/api/roles/viewer', { permissions: ['sites.read'] });
    expect((await acme.as.viewer.get('/api/employees')).statusCode).toBe(403);
    expect((await acme.as.viewer.get('/api/sites')).statusCode).toBe(200);
    await acme.as.owner.post('/api/roles/viewer/reset');
    expect((await acme.as.viewer.get('/api/employees')).statusCode).toBe(200);
  });
});

describe('POST /api/organizations', () => {
  it('creates an organization with the caller as owner and moves the session there', async () => {
    const email = nextEmail();
    await invite({ email, role: 'staff' });
    const { token } = await linkFromOutbox(email);
    const { client } = await accept({ token, name: 'Founder', password: PASSWORD });
    const res = await client.post('/api/organizations', { name: 'Spin Off', currency: 'EUR' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      name: 'Spin Off',
      currency: 'EUR',
      timeZone: 'UTC',
      locale: 'en-US',
    });
    const me = (await client.get('/api/me')).json();
    expect(me.organization).toMatchObject({ id: res.json().id, name: 'Spin Off' });
    expect(me.membership.role).toBe('owner');
    expect(me.organizations.map((o: { name: string }) => o.name).sort()).toEqual([
      'Acme',
      'Spin Off',
    ]);
    expect((await client.get('/api/employees')).json().total).toBe(0);
    const bad = await client.post('/api/organizations', { name: 'X', timeZone: 'Mars/Base' });
    expect(bad.statusCode).toBe(400);
  });
});

describe('PATCH /api/organization and PATCH /api/me', () => {
  it('change the organization settings (owner only) and your own profile', async () => {
    const org = await acme.as.owner.patch('/api/organization', { timeZone: 'Europe/Berlin' });
    expect(org.statusCode).toBe(200);
    expect(org.json()).toMatchObject({ name: 'Acme', timeZone: 'Europe/Berlin' });
    expect((await acme.as.manager.patch('/api/organization', { name: 'X' })).statusCode).toBe(403);
    const me = await acme.as.staff.patch('/api/me', { name: 'Stella Staff', locale: 'de-DE' });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ name: 'Stella Staff', locale: 'de-DE' });
    expect((await acme.as.staff.get('/api/me')).json().user.name).toBe('Stella Staff');
    const cleared = await acme.as.staff.patch('/api/me', { locale: '' });
    expect(cleared.json().locale).toBeNull();
  });
});
