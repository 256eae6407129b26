import type { AuditEntry } from '@keel/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, lastMailLink, PASSWORD, type TestOrg } from './factories.js';
import { createTestApp, type TestApp } from './harness.js';

let t: TestApp;
let acme: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  acme = await buildOrg(t);
});
afterAll(() => t.close());

/** The newest audit entry of an action, as the owner reads the log. */
async function latest(action: string): Promise<AuditEntry | undefined> {
  const res = await acme.as.owner.get(`/api/audit?action=${action}&limit=5`);
  expect(res.statusCode).toBe(200);
  return res.json().items[0];
}

describe('security events on an account are audited, without secrets', () => {
  it('records a password change by the person', async () => {
    const res = await acme.as.staff.post('/api/me/password', {
      currentPassword: PASSWORD,
      newPassword: 'a-new-password-123',
    });
    expect(res.statusCode, res.body).toBe(200);
    const entry = await latest('password_change');
    expect(entry).toMatchObject({
      entityType: 'user',
      actor: { name: expect.any(String) },
      changes: {},
    });
    expect(JSON.stringify(entry)).not.toMatch(/password-123|argon2/);
  });

  it('records a password reset through the e-mailed link', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset',
      payload: { email: acme.emails.viewer },
    });
    const token = await lastMailLink(t, acme.emails.viewer, 'reset-password');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/confirm',
      payload: { token, password: 'reset-password-456' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const entry = await latest('password_reset');
    expect(entry).toMatchObject({ entityType: 'user', changes: {} });
    expect(JSON.stringify(entry)).not.toContain('reset-password-456');
  });

  it('records signing out everywhere', async () => {
    const res = await acme.as.coordinator.post('/api/auth/logout-all');
    expect(res.statusCode).toBe(200);
    expect(await latest('sign_out_everywhere')).toMatchObject({ entityType: 'user' });
  });
});
