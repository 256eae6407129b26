import { expect } from 'vitest';
import { acceptInvitation, createInvitation } from '../src/modules/accounts/index.js';
import {
  buildEmployee,
  buildOrg,
  buildSite,
  lastMailLink,
  membersOf,
  PASSWORD,
  sessionClient,
  type TestOrg,
} from './factories.js';
import type { Client, TestApp } from './harness.js';

// A New York site with staff linked to employees, and helpers to publish shifts through the
// scheduling API, for the attendance tests. The test clock starts 2026-11-25T09:00Z, which is
// 04:00 in New York (UTC−5 in November).

let seq = 0;
export const MIN = 60_000;
export const HOUR = 60 * MIN;

export interface Person {
  name: string;
  userId: string;
  employeeId: string;
  client: Client;
}

export interface Scene {
  org: TestOrg;
  siteId: string;
  /** the org's `staff` user */
  sam: Person;
  /** another staff member */
  pia: Person;
  /** an employee without an account */
  leeId: string;
  coordinator: Client;
}

async function link(org: TestOrg, memberId: string, employeeId: string) {
  const res = await org.as.owner.patch(`/api/members/${memberId}`, { employeeId });
  expect(res.statusCode, res.body).toBe(200);
}

export async function addStaff(
  t: TestApp,
  org: TestOrg,
  siteId: string,
  firstName: string,
): Promise<Person> {
  const n = ++seq;
  const email = `${firstName.toLowerCase()}${n}@acme.test`;
  await createInvitation(t.deps, org.owner, { email, role: 'staff' });
  const token = await lastMailLink(t, email, 'invite');
  const name = `${firstName} Clock`;
  await acceptInvitation(t.deps, { token, name, password: PASSWORD, ip: null, userAgent: 'test' });
  const m = await t.deps.db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.id', 'm.user_id'])
    .where('m.org_id', '=', org.orgId)
    .where('u.email', '=', email)
    .executeTakeFirstOrThrow();
  const emp = await buildEmployee(t, org.owner, {
    firstName,
    lastName: 'Clock',
    siteId,
    employeeNumber: `E-${n}`,
  });
  await link(org, m.id, emp.id);
  return {
    name,
    userId: m.user_id,
    employeeId: emp.id,
    client: await sessionClient(t, m.user_id, org.orgId, `10.88.${n}.1`),
  };
}

export async function buildScene(t: TestApp, orgName = 'Acme Works'): Promise<Scene> {
  const org = await buildOrg(t, orgName);
  const ids = await membersOf(t, org);
  const site = await buildSite(t, org.owner, { name: 'Columbus', timeZone: 'America/New_York' });
  const samEmp = await buildEmployee(t, org.owner, {
    firstName: 'Sam',
    lastName: 'Clock',
    siteId: site.id,
    employeeNumber: '=SUM(A1)',
  });
  await link(org, ids.staff.memberId, samEmp.id);
  const pia = await addStaff(t, org, site.id, 'Pia');
  const lee = await buildEmployee(t, org.owner, {
    firstName: 'Lee',
    lastName: 'Clock',
    siteId: site.id,
    employeeNumber: 'E-LEE',
  });
  return {
    org,
    siteId: site.id,
    sam: {
      name: 'Sam Clock',
      userId: ids.staff.userId,
      employeeId: samEmp.id,
      client: org.as.staff,
    },
    pia,
    leeId: lee.id,
    coordinator: org.as.coordinator,
  };
}

/** A published shift of a person at the scene's site (local date and times, New York). */
export async function publishedShift(
  s: Scene,
  employeeId: string,
  date: string,
  startTime: string,
  endTime: string,
  breakMinutes = 0,
): Promise<string> {
  const res = await s.coordinator.post('/api/scheduling/shifts', {
    siteId: s.siteId,
    date,
    startTime,
    endTime,
    breakMinutes,
    employeeId,
  });
  expect(res.statusCode, res.body).toBe(201);
  const pub = await s.coordinator.post('/api/scheduling/roster/publish', {
    siteId: s.siteId,
    from: date,
    to: date,
  });
  expect(pub.statusCode, pub.body).toBe(201);
  return res.json().shift.id as string;
}
