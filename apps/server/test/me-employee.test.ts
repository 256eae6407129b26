import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEmployee, buildOrg, buildSite, membersOf, type TestOrg } from './factories.js';
import { createTestApp, type TestApp } from './harness.js';

let t: TestApp;
let acme: TestOrg;
let employeeId: string;

beforeAll(async () => {
  t = await createTestApp();
  acme = await buildOrg(t);
  const ids = await membersOf(t, acme);
  const site = await buildSite(t, acme.owner, { name: 'North', code: 'NTH' });
  const other = await buildSite(t, acme.owner, { name: 'South', code: 'STH' });
  const me = await buildEmployee(t, acme.owner, {
    firstName: 'Sam',
    lastName: 'Staff',
    phone: '+1 555 0100',
    siteId: other.id,
  });
  employeeId = me.id;
  // Linked to their own record, but limited to a site that is not theirs: self-service still works.
  const res = await acme.as.owner.patch(`/api/members/${ids.staff.memberId}`, {
    employeeId,
    siteIds: [site.id],
  });
  expect(res.statusCode, res.body).toBe(200);
});
afterAll(() => t.close());

describe('PATCH /api/me/employee', () => {
  it('lets a staff member change their own phone number, and audits it', async () => {
    const res = await acme.as.staff.patch('/api/me/employee', { phone: '+1 555 0142' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().employee.phone).toBe('+1 555 0142');
    expect(res.json().employee.pay).toBeUndefined();
    const history = await acme.as.owner.get(`/api/history/employee/${employeeId}`);
    expect(history.json().items[0]).toMatchObject({
      action: 'update',
      changes: { phone: { before: '+1 555 0100', after: '+1 555 0142' } },
    });
  });

  it('refuses any other field by name', async () => {
    const res = await acme.as.staff.patch('/api/me/employee', { lastName: 'Boss' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toContainEqual({
      field: 'lastName',
      message: 'is not a known field',
    });
  });

  it('answers 404 for a member who is not linked to an employee', async () => {
    const res = await acme.as.viewer.patch('/api/me/employee', { phone: '+1 555 0000' });
    expect(res.statusCode).toBe(404);
  });

  it('needs the CSRF token like every cookie write', async () => {
    const res = await acme.as.staff.request(
      'PATCH',
      '/api/me/employee',
      { phone: '1' },
      { 'x-csrf-token': 'wrong' },
    );
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('CSRF_TOKEN_INVALID');
  });
});
