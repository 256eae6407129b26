import { expect } from 'vitest';
import { acceptInvitation, createInvitation } from '../src/modules/accounts/index.js';
import {
  buildEmployee,
  buildOrg,
  buildPosition,
  buildSite,
  lastMailLink,
  membersOf,
  PASSWORD,
  sessionClient,
  type TestOrg,
} from './factories.js';
import type { Client, TestApp } from './harness.js';

// A site with a few staff members linked to employees, a shift type and helpers to make and
// publish shifts through the scheduling API, for the self-service tests.

let seq = 0;

export interface Person {
  name: string;
  userId: string;
  memberId: string;
  employeeId: string;
  client: Client;
}

/** A new staff member of the organization (through an invitation), not yet linked. */
async function addMember(t: TestApp, org: TestOrg, name: string, role: 'staff' | 'coordinator') {
  const n = ++seq;
  const email = `${name.toLowerCase().replace(/\W/g, '')}${n}@acme.test`;
  await createInvitation(t.deps, org.owner, { email, role });
  const token = await lastMailLink(t, email, 'invite');
  await acceptInvitation(t.deps, { token, name, password: PASSWORD, ip: null, userAgent: 'test' });
  const m = await t.deps.db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.id', 'm.user_id'])
    .where('m.org_id', '=', org.orgId)
    .where('u.email', '=', email)
    .executeTakeFirstOrThrow();
  return {
    userId: m.user_id,
    memberId: m.id,
    client: await sessionClient(t, m.user_id, org.orgId, `10.77.${n}.1`),
  };
}

async function link(org: TestOrg, memberId: string, employeeId: string) {
  const res = await org.as.owner.patch(`/api/members/${memberId}`, { employeeId });
  expect(res.statusCode, res.body).toBe(200);
}

export interface Scene {
  org: TestOrg;
  siteId: string;
  positionId: string;
  shiftTypeId: string;
  /** the org's staff user, qualified */
  sam: Person;
  /** qualified colleague */
  colin: Person;
  /** colleague without the qualification the position requires */
  una: Person;
  coordinator: Client;
  coordinatorUserId: string;
}

export const SKILL = 'Press certified';

/** Site CMH (New York), position needing SKILL, shift type E 06:00–14:00 and three staff. */
export async function buildScene(t: TestApp, orgName = 'Acme Works'): Promise<Scene> {
  const org = await buildOrg(t, orgName);
  const ids = await membersOf(t, org);
  const site = await buildSite(t, org.owner, { name: 'Columbus', timeZone: 'America/New_York' });
  const position = await buildPosition(t, org.owner, {
    title: `Machine Operator ${++seq}`,
    requiredSkills: [SKILL],
  });
  const employee = (firstName: string, skills: string[]) =>
    buildEmployee(t, org.owner, {
      firstName,
      lastName: 'Test',
      siteId: site.id,
      positionId: position.id,
      skills,
    });
  const samEmp = await employee('Sam', [SKILL]);
  await link(org, ids.staff.memberId, samEmp.id);
  const colinEmp = await employee('Colin', [SKILL]);
  const colin = await addMember(t, org, 'Colin Test', 'staff');
  await link(org, colin.memberId, colinEmp.id);
  const unaEmp = await employee('Una', []);
  const una = await addMember(t, org, 'Una Test', 'staff');
  await link(org, una.memberId, unaEmp.id);
  const type = await org.as.coordinator.post('/api/scheduling/shift-types', {
    siteId: site.id,
    code: 'E',
    name: 'Early',
    startTime: '06:00',
    endTime: '14:00',
    color: '#fab005',
    positionId: position.id,
  });
  expect(type.statusCode, type.body).toBe(201);
  return {
    org,
    siteId: site.id,
    positionId: position.id,
    shiftTypeId: type.json().id,
    sam: {
      name: 'Sam Test',
      userId: ids.staff.userId,
      memberId: ids.staff.memberId,
      employeeId: samEmp.id,
      client: org.as.staff,
    },
    colin: { name: 'Colin Test', employeeId: colinEmp.id, ...colin },
    una: { name: 'Una Test', employeeId: unaEmp.id, ...una },
    coordinator: org.as.coordinator,
    coordinatorUserId: ids.coordinator.userId,
  };
}

/** Another qualified staff member of the scene's site (for concurrent claims). */
export async function addQualified(t: TestApp, s: Scene, firstName: string): Promise<Person> {
  const emp = await buildEmployee(t, s.org.owner, {
    firstName,
    lastName: 'Test',
    siteId: s.siteId,
    positionId: s.positionId,
    skills: [SKILL],
  });
  const m = await addMember(t, s.org, `${firstName} Test`, 'staff');
  await link(s.org, m.memberId, emp.id);
  return { name: `${firstName} Test`, employeeId: emp.id, ...m };
}

/** A draft shift of the scene's shift type (open when employeeId is null). */
export async function draftShift(s: Scene, date: string, employeeId: string | null) {
  const res = await s.coordinator.post('/api/scheduling/shifts', {
    siteId: s.siteId,
    date,
    shiftTypeId: s.shiftTypeId,
    employeeId,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().shift.id as string;
}

/** Publishes the site's drafts of [from, to]. */
export async function publish(s: Scene, from: string, to: string) {
  const res = await s.coordinator.post('/api/scheduling/roster/publish', {
    siteId: s.siteId,
    from,
    to,
  });
  expect(res.statusCode, res.body).toBe(201);
}

/** A published shift: drafted and published on its own date. */
export async function publishedShift(s: Scene, date: string, employeeId: string | null) {
  const id = await draftShift(s, date, employeeId);
  await publish(s, date, date);
  return id;
}

/** The user's notifications of one type, newest first. */
export async function notificationsOf(c: Client, type: string) {
  const res = await c.get('/api/notifications?limit=50');
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { type: string; title: string; body: string | null }[]).filter(
    (n) => n.type === type,
  );
}
