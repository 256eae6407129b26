import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEmployee, buildOrg, membersOf, type TestOrg } from './factories.js';
import { createTestApp, type TestApp } from './harness.js';

const DAY = 86_400_000;
let t: TestApp;
let acme: TestOrg;
let other: TestOrg;

beforeAll(async () => {
  t = await createTestApp();
  acme = await buildOrg(t, 'Acme');
  other = await buildOrg(t, 'Other');
});
afterAll(() => t.close());

const bearer = (
  token: string,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
) =>
  t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(payload ? { payload } : {}),
  });

async function createToken(client = acme.as.coordinator, body: object = { name: 'script' }) {
  const res = await client.post('/api/me/tokens', body);
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; token: string; prefix: string; expiresAt: string | null };
}

describe('POST /api/me/tokens', () => {
  it('answers 201 with the secret once; the list shows only its prefix', async () => {
    const created = await createToken(acme.as.coordinator, { name: 'nightly sync' });
    expect(created).toMatchObject({
      id: expect.any(String),
      name: 'nightly sync',
      prefix: expect.any(String),
      lastUsedAt: null,
      expiresAt: null,
    });
    expect(created.token.startsWith(created.prefix)).toBe(true);
    expect(created.token.length).toBeGreaterThan(created.prefix.length + 20);
    const list = await acme.as.coordinator.get('/api/me/tokens');
    expect(list.statusCode).toBe(200);
    const item = list.json().items.find((i: { id: string }) => i.id === created.id);
    expect(item).toEqual({
      id: created.id,
      name: 'nightly sync',
      prefix: created.prefix,
      createdAt: expect.any(String),
      lastUsedAt: null,
      expiresAt: null,
    });
    expect(list.body).not.toContain(created.token);
  });

  it('stores only a SHA-256 digest of the secret', async () => {
    const created = await createToken();
    const row = await t.deps.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).not.toBe(created.token);
    expect(row.token_hash).toBe(createHash('sha256').update(created.token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(created.token);
  });

  it('rejects a zero-day expiry and an empty name', async () => {
    const res = await acme.as.coordinator.post('/api/me/tokens', { name: '', expiresInDays: 0 });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['expiresInDays', 'name']);
  });

  it('is listed only for its owner: others in the organization neither see nor revoke it', async () => {
    const created = await createToken(acme.as.coordinator);
    const owners = await acme.as.owner.get('/api/me/tokens');
    expect(owners.body).not.toContain(created.id);
    const revoke = await acme.as.owner.delete(`/api/me/tokens/${created.id}`);
    expect(revoke.statusCode).toBe(404);
    expect((await bearer(created.token, 'GET', '/api/me')).statusCode).toBe(200);
  });
});

describe('Bearer authentication', () => {
  it("acts as the creator with the creator's role permissions, without CSRF", async () => {
    const { token } = await createToken(acme.as.coordinator);
    const me = await bearer(token, 'GET', '/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      authenticatedBy: 'token',
      csrfToken: null,
      membership: { role: 'coordinator' },
      user: { email: acme.emails.coordinator },
    });
    expect((await bearer(token, 'GET', '/api/employees')).statusCode).toBe(200);
    const created = await bearer(token, 'POST', '/api/employees', {
      firstName: 'Token',
      lastName: 'Made',
    });
    expect(created.statusCode).toBe(201);
    const denied = await bearer(token, 'GET', '/api/roles');
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('PERMISSION_DENIED');
    const pay = await bearer(token, 'POST', '/api/employees', {
      firstName: 'Paid',
      lastName: 'Person',
      pay: { type: 'hourly', amountMinor: 1500 },
    });
    expect(pay.statusCode).toBe(403);
    expect(pay.json().code).toBe('PAY_PERMISSION_REQUIRED');
  });

  it('follows later changes to the role', async () => {
    const { token } = await createToken(acme.as.coordinator);
    await acme.as.owner.put('/api/roles/coordinator', { permissions: ['people.read'] });
    try {
      const res = await bearer(token, 'POST', '/api/employees', { firstName: 'A', lastName: 'B' });
      expect(res.statusCode).toBe(403);
      expect((await bearer(token, 'GET', '/api/employees')).statusCode).toBe(200);
    } finally {
      await acme.as.owner.post('/api/roles/coordinator/reset');
    }
    const res = await bearer(token, 'POST', '/api/employees', { firstName: 'A', lastName: 'B' });
    expect(res.statusCode).toBe(201);
  });

  it('records when it was last used', async () => {
    const created = await createToken();
    await bearer(created.token, 'GET', '/api/me');
    const list = await acme.as.coordinator.get('/api/me/tokens');
    const item = list.json().items.find((i: { id: string }) => i.id === created.id);
    expect(item.lastUsedAt).toBe(t.clock.now().toISOString());
  });

  it('answers 401 for a malformed or unknown token', async () => {
    for (const header of ['Bearer ', 'Bearer keel_pat_nope', 'Basic dXNlcjpwYXNz', 'Bearer']) {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/me',
        headers: { authorization: header },
      });
      expect(res.statusCode, header).toBe(401);
    }
  });
});

describe('DELETE /api/me/tokens/:id', () => {
  it('revokes the token: it answers 401 afterwards and leaves the list', async () => {
    const created = await createToken();
    const res = await acme.as.coordinator.delete(`/api/me/tokens/${created.id}`);
    expect(res.statusCode).toBe(200);
    expect((await bearer(created.token, 'GET', '/api/me')).statusCode).toBe(401);
    expect((await acme.as.coordinator.get('/api/me/tokens')).body).not.toContain(created.id);
    expect((await acme.as.coordinator.delete(`/api/me/tokens/${created.id}`)).statusCode).toBe(404);
  });

  it('can be called with the token itself', async () => {
    const created = await createToken();
    const res = await bearer(created.token, 'DELETE', `/api/me/tokens/${created.id}`);
    expect(res.statusCode).toBe(200);
    expect((await bearer(created.token, 'GET', '/api/me')).statusCode).toBe(401);
  });
});

describe('token expiry', () => {
  it('answers 401 once the token has expired', async () => {
    const created = await createToken(acme.as.coordinator, { name: 'short', expiresInDays: 1 });
    expect(Date.parse(created.expiresAt!)).toBe(t.clock.now().getTime() + DAY);
    expect((await bearer(created.token, 'GET', '/api/me')).statusCode).toBe(200);
    t.clock.advance(DAY + 60_000);
    expect((await bearer(created.token, 'GET', '/api/me')).statusCode).toBe(401);
  });
});

describe('tokens and organizations', () => {
  it("cannot reach another organization's records, nor switch organization", async () => {
    const { token } = await createToken(acme.as.owner);
    const theirs = await buildEmployee(t, other.owner, { firstName: 'Olga' });
    const get = await bearer(token, 'GET', `/api/employees/${theirs.id}`);
    expect(get.statusCode).toBe(404);
    const patch = await bearer(token, 'PATCH', `/api/employees/${theirs.id}`, { firstName: 'X' });
    expect(patch.statusCode).toBe(404);
    const list = await bearer(token, 'GET', '/api/employees?status=all');
    expect(list.body).not.toContain(theirs.id);
    const sw = await bearer(token, 'POST', '/api/me/organization', { organizationId: other.orgId });
    expect(sw.statusCode).toBe(400);
    expect(sw.json().code).toBe('TOKEN_BOUND_TO_ORGANIZATION');
    expect((await other.as.owner.get(`/api/employees/${theirs.id}`)).json().firstName).toBe('Olga');
  });

  it('stop working when the member is deactivated, and stay revoked after reactivation', async () => {
    const ids = await membersOf(t, acme);
    const { token } = await createToken(acme.as.viewer);
    expect((await bearer(token, 'GET', '/api/me')).statusCode).toBe(200);
    await acme.as.owner.post(`/api/members/${ids.viewer.memberId}/deactivate`);
    expect((await bearer(token, 'GET', '/api/me')).statusCode).toBe(401);
    await acme.as.owner.post(`/api/members/${ids.viewer.memberId}/reactivate`);
    expect((await bearer(token, 'GET', '/api/me')).statusCode).toBe(401);
  });
});
