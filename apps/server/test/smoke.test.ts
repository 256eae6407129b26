import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, type TestOrg } from './factories.js';
import { createTestApp, type TestApp } from './harness.js';

let t: TestApp;
let org: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  org = await buildOrg(t);
});
afterAll(() => t.close());

describe('GET /api/health', () => {
  it('reports ok with the database kind and version', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ok',
      database: t.deps.dialect,
      version: expect.any(String),
    });
  });
});

describe('GET /api/me', () => {
  it('returns the role and permissions of the signed-in user', async () => {
    const res = await org.as.coordinator.get('/api/me');
    expect(res.statusCode).toBe(200);
    const me = res.json();
    expect(me.membership.role).toBe('coordinator');
    expect(me.permissions).toContain('people.manage');
    expect(me.permissions).not.toContain('people.pay.read');
  });
});

describe('response compression', () => {
  it('gzips a large JSON answer for a client that accepts it', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/openapi.json',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
  });
});
