import type { Role } from '@keel/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildOrg,
  buildSite,
  lastMailLink,
  membersOf,
  PASSWORD,
  sessionClient,
  type TestOrg,
} from './factories.js';
import { Client, createTestApp, type TestApp } from './harness.js';

const MINUTE = 60_000;
let t: TestApp;
let acme: TestOrg;
let ipSeq = 0;
let personSeq = 0;
const freshIp = () => `192.168.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;

beforeAll(async () => {
  t = await createTestApp();
  acme = await buildOrg(t);
});
afterAll(() => t.close());

/** Someone invited and signed in through the API, so destructive tests get their own account. */
async function newMember(role: Role = 'staff', on: TestOrg = acme) {
  const email = `person${++personSeq}@auth.test`;
  const inv = await on.as.owner.post('/api/invitations', { email, role });
  expect(inv.statusCode).toBe(201);
  const token = await lastMailLink(t, email, 'invite');
  const client = new Client(t.app, freshIp());
  const res = await client.post('/api/invitations/accept', {
    token,
    name: `Person ${personSeq}`,
    password: PASSWORD,
  });
  expect(res.statusCode).toBe(200);
  client.csrf = res.json().csrfToken;
  const userId = res.json().user.id as string;
  const memberId = (await client.get('/api/me')).json().membership.id as string;
  return { email, client, userId, memberId };
}

const login = (email: string, password: string, ip = freshIp(), extra: object = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: ip,
    payload: { email, password, ...extra },
  });

const withCookie = (cookie: string | null, url = '/api/me') =>
  t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });

describe('POST /api/auth/login', () => {
  it('answers 200 with the user and a CSRF token, and sets an httpOnly SameSite=Lax cookie', async () => {
    const res = await login(acme.emails.manager, PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      user: { id: expect.any(String), email: acme.emails.manager, name: 'manager 1', locale: null },
      csrfToken: expect.any(String),
    });
    expect(res.body).not.toMatch(/hash|argon/i);
    const cookie = res.cookies.find((c) => c.name === 'keel_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.value.length).toBeGreaterThan(30);
    expect(cookie.expires!.getTime()).toBeGreaterThan(t.clock.now().getTime());
    const me = await withCookie(`keel_session=${cookie.value}`);
    expect(me.statusCode).toBe(200);
    expect(me.json().csrfToken).toBe(res.json().csrfToken);
  });

  it('accepts the e-mail in any letter case', async () => {
    const res = await login(acme.emails.viewer.toUpperCase(), PASSWORD);
    expect(res.statusCode).toBe(200);
  });

  it('answers the same 401 INVALID_CREDENTIALS for a wrong password and an unknown e-mail', async () => {
    const wrong = await login(acme.emails.coordinator, 'not the password');
    const unknown = await login('nobody@nowhere.test', 'not the password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().code).toBe('INVALID_CREDENTIALS');
    expect(wrong.body).toBe(unknown.body);
    expect(wrong.cookies).toEqual([]);
  });

  it('answers 429 RATE_LIMITED on the 6th attempt for an account after 5 failures, even with the right password, until 15 minutes pass', async () => {
    const { email } = await newMember();
    for (let i = 1; i <= 5; i++) {
      const res = await login(email, `wrong password ${i}`);
      expect(res.statusCode, `attempt ${i}`).toBe(401);
    }
    const blocked = await login(email, PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('RATE_LIMITED');
    expect(blocked.cookies).toEqual([]);
    t.clock.advance(14 * MINUTE);
    expect((await login(email, PASSWORD)).statusCode).toBe(429);
    t.clock.advance(2 * MINUTE);
    expect((await login(email, PASSWORD)).statusCode).toBe(200);
  });

  it('answers 429 for every account from one address after 30 failures across many accounts', async () => {
    const ip = '172.16.99.1';
    for (let i = 0; i < 30; i++) {
      const res = await login(`spray${i}@nowhere.test`, 'guess guess', ip);
      expect(res.statusCode, `attempt ${i}`).toBe(401);
    }
    const blocked = await login(acme.emails.staff, PASSWORD, ip);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('RATE_LIMITED');
    expect((await login(acme.emails.staff, PASSWORD, '172.16.99.2')).statusCode).toBe(200);
    t.clock.advance(16 * MINUTE);
    expect((await login(acme.emails.staff, PASSWORD, ip)).statusCode).toBe(200);
  });

  it('refuses a deactivated member (their only organization) and ends their session', async () => {
    const p = await newMember();
    const deact = await acme.as.owner.post(`/api/members/${p.memberId}/deactivate`);
    expect(deact.statusCode).toBe(200);
    expect((await p.client.get('/api/me')).statusCode).toBe(401);
    const res = await login(p.email, PASSWORD);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('INVALID_CREDENTIALS');
  });

  it('does not open an organization where the member was deactivated', async () => {
    const other = await buildOrg(t, 'Second Org');
    const p = await newMember('staff', other);
    const inv = await acme.as.owner.post('/api/invitations', { email: p.email, role: 'viewer' });
    expect(inv.statusCode).toBe(201);
    const token = await lastMailLink(t, p.email, 'invite');
    const accept = await new Client(t.app, freshIp()).post('/api/invitations/accept', {
      token,
      password: PASSWORD,
    });
    expect(accept.statusCode).toBe(200);
    const member = (await acme.as.owner.get(`/api/members?q=${p.email}`)).json().items[0];
    await acme.as.owner.post(`/api/members/${member.id}/deactivate`);
    const res = await login(p.email, PASSWORD, freshIp(), { organizationId: acme.orgId });
    expect(res.statusCode).toBe(200);
    const me = await withCookie(`keel_session=${res.cookies[0]!.value}`);
    expect(me.json().organization.id).toBe(other.orgId);
    expect(me.json().organizations.map((o: { id: string }) => o.id)).toEqual([other.orgId]);
    const sw = await new Client(t.app).request(
      'POST',
      '/api/me/organization',
      { organizationId: acme.orgId },
      {
        cookie: `keel_session=${res.cookies[0]!.value}`,
        'x-csrf-token': res.json().csrfToken,
      },
    );
    expect(sw.statusCode).toBe(404);
  });
});

describe('POST /api/auth/logout', () => {
  it('ends the session: the old cookie answers 401 afterwards', async () => {
    const ids = await membersOf(t, acme);
    const c = await sessionClient(t, ids.viewer.userId, acme.orgId);
    const cookie = c.cookie;
    const res = await c.post('/api/auth/logout');
    expect(res.statusCode).toBe(200);
    const cleared = res.cookies.find((x) => x.name === 'keel_session')!;
    expect(cleared.value).toBe('');
    expect((await withCookie(cookie)).statusCode).toBe(401);
    expect((await acme.as.viewer.get('/api/me')).statusCode).toBe(200);
  });
});

describe('POST /api/auth/logout-all', () => {
  it('ends every session of the user, including other browsers', async () => {
    const p = await newMember();
    const second = await sessionClient(t, p.userId, acme.orgId);
    const third = await sessionClient(t, p.userId, acme.orgId);
    expect((await second.get('/api/me')).statusCode).toBe(200);
    const res = await p.client.post('/api/auth/logout-all');
    expect(res.statusCode).toBe(200);
    for (const c of [second, third]) expect((await c.get('/api/me')).statusCode).toBe(401);
    expect((await withCookie(p.client.cookie)).statusCode).toBe(401);
    expect((await acme.as.staff.get('/api/me')).statusCode).toBe(200);
  });
});

describe('POST /api/me/password', () => {
  it('answers 400 naming currentPassword when the current password is wrong, and changes nothing', async () => {
    const p = await newMember();
    const res = await p.client.post('/api/me/password', {
      currentPassword: 'not my password',
      newPassword: 'a brand new password',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('CURRENT_PASSWORD_WRONG');
    expect(res.json().errors).toEqual([{ field: 'currentPassword', message: expect.any(String) }]);
    expect((await login(p.email, PASSWORD)).statusCode).toBe(200);
  });

  it('rejects a new password shorter than 10 characters', async () => {
    const res = await acme.as.staff.post('/api/me/password', {
      currentPassword: PASSWORD,
      newPassword: 'short',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('newPassword');
  });

  it('changes the password, ends the other sessions and keeps this one', async () => {
    const p = await newMember();
    const other = await sessionClient(t, p.userId, acme.orgId);
    const res = await p.client.post('/api/me/password', {
      currentPassword: PASSWORD,
      newPassword: 'a brand new password',
    });
    expect(res.statusCode).toBe(200);
    expect((await p.client.get('/api/me')).statusCode).toBe(200);
    expect((await other.get('/api/me')).statusCode).toBe(401);
    expect((await login(p.email, PASSWORD)).statusCode).toBe(401);
    expect((await login(p.email, 'a brand new password')).statusCode).toBe(200);
  });
});

describe('POST /api/auth/password-reset', () => {
  const mailCount = async () =>
    Number(
      (
        await t.deps.db
          .selectFrom('mail_messages')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('answers 202 for an unknown address and sends nothing', async () => {
    const before = await mailCount();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset',
      payload: { email: 'ghost@nowhere.test' },
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ ok: true });
    expect(await mailCount()).toBe(before);
  });

  it('answers 202 for a known address and mails a link that resets the password once and signs out every session', async () => {
    const p = await newMember();
    const other = await sessionClient(t, p.userId, acme.orgId);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset',
      payload: { email: p.email },
    });
    expect(res.statusCode).toBe(202);
    expect(res.body).toBe(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/auth/password-reset',
          payload: { email: 'ghost2@nowhere.test' },
        })
      ).body,
    );
    const token = await lastMailLink(t, p.email, 'reset-password');
    const confirm = (password: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/password-reset/confirm',
        payload: { token, password },
      });
    const ok = await confirm('reset password 123');
    expect(ok.statusCode).toBe(200);
    expect((await p.client.get('/api/me')).statusCode).toBe(401);
    expect((await other.get('/api/me')).statusCode).toBe(401);
    expect((await login(p.email, PASSWORD)).statusCode).toBe(401);
    expect((await login(p.email, 'reset password 123')).statusCode).toBe(200);
    const again = await confirm('another password 456');
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('RESET_TOKEN_INVALID');
    expect((await login(p.email, 'another password 456')).statusCode).toBe(401);
  });

  it('refuses a link older than one hour', async () => {
    const p = await newMember();
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset',
      payload: { email: p.email },
    });
    const token = await lastMailLink(t, p.email, 'reset-password');
    t.clock.advance(61 * MINUTE);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/confirm',
      payload: { token, password: 'reset password 123' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('RESET_TOKEN_INVALID');
    expect((await login(p.email, PASSWORD)).statusCode).toBe(200);
  });

  it('refuses a made-up token', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/confirm',
      payload: { token: 'rst_madeupmadeupmadeup', password: 'reset password 123' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ field: 'token', message: expect.any(String) }]);
  });
});

describe('CSRF protection', () => {
  const siteCount = async () =>
    Number(
      (
        await t.deps.db
          .selectFrom('sites')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('org_id', '=', acme.orgId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const auditCount = async () =>
    Number(
      (
        await t.deps.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('org_id', '=', acme.orgId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** A cookie-authenticated write with the given x-csrf-token (or none). */
  const write = (
    method: 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload: object | undefined,
    csrf: string | null,
  ) =>
    t.app.inject({
      method,
      url,
      headers: {
        cookie: acme.as.owner.cookie!,
        ...(csrf === null ? {} : { 'x-csrf-token': csrf }),
      },
      ...(payload ? { payload } : {}),
    });

  it('answers 403 CSRF_TOKEN_INVALID to cookie writes without or with a wrong token, and writes nothing', async () => {
    const site = await buildSite(t, acme.owner, { name: 'Quay' });
    const token = (await acme.as.owner.post('/api/me/tokens', { name: 'keep' })).json();
    const otherSession = (await login(acme.emails.owner, PASSWORD)).json().csrfToken as string;
    const sites = await siteCount();
    const audits = await auditCount();
    const cases: ['POST' | 'PATCH' | 'PUT' | 'DELETE', string, object | undefined][] = [
      ['POST', '/api/sites', { name: 'Evil', code: 'EVIL', timeZone: 'UTC' }],
      ['PATCH', `/api/sites/${site.id}`, { name: 'Evil' }],
      ['POST', `/api/sites/${site.id}/archive`, {}],
      ['PUT', '/api/roles/staff', { permissions: ['people.read'] }],
      ['DELETE', `/api/me/tokens/${token.id}`, undefined],
      ['PATCH', '/api/organization', { name: 'Evil Corp' }],
      ['POST', '/api/auth/logout', {}],
      ['POST', '/api/auth/logout-all', {}],
    ];
    for (const [method, url, body] of cases) {
      for (const csrf of [null, '', 'wrong-token', otherSession]) {
        const res = await write(method, url, body, csrf);
        expect(res.statusCode, `${method} ${url} csrf=${csrf}`).toBe(403);
        expect(res.json().code).toBe('CSRF_TOKEN_INVALID');
      }
    }
    expect(await siteCount()).toBe(sites);
    expect(await auditCount()).toBe(audits);
    expect((await acme.as.owner.get(`/api/sites/${site.id}`)).json()).toMatchObject({
      name: 'Quay',
      archivedAt: null,
    });
    expect((await acme.as.owner.get('/api/organization')).json().name).toBe('Acme Works');
    expect(
      (await acme.as.owner.get('/api/me/tokens')).json().items.map((i: { id: string }) => i.id),
    ).toContain(token.id);
    expect((await acme.as.owner.get('/api/me')).statusCode).toBe(200);
    const ok = await write(
      'PATCH',
      `/api/sites/${site.id}`,
      { name: 'Quay 2' },
      acme.as.owner.csrf,
    );
    expect(ok.statusCode).toBe(200);
  });

  it('needs no token for GET', async () => {
    const res = await withCookie(acme.as.owner.cookie, '/api/sites');
    expect(res.statusCode).toBe(200);
  });

  it('needs no token for writes with a bearer API token', async () => {
    const created = await acme.as.owner.post('/api/me/tokens', { name: 'script' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/sites',
      headers: { authorization: `Bearer ${created.json().token}` },
      payload: { name: 'Scripted', code: 'SCRIPT', timeZone: 'UTC' },
    });
    expect(res.statusCode).toBe(201);
  });
});
