import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { buildEmployee, buildOrg, buildSite, membersOf, type TestOrg } from './factories.js';
import type { Client, TestApp } from './harness.js';

// An organization with a New York site, the org's staff member linked to an employee there,
// and a colleague without an account, for the constraints (scheduling-people) tests. The test
// clock starts 2026-11-25T09:00Z (a Wednesday, 04:00 in New York).

export interface PeopleScene {
  org: TestOrg;
  siteId: string;
  otherSiteId: string;
  /** the staff member's own employee (linked to org.as.staff) */
  staffEmployeeId: string;
  /** a colleague at the same site, no account */
  colleagueId: string;
  /** someone at the other site */
  farId: string;
  owner: Client;
  coordinator: Client;
  staff: Client;
  viewer: Client;
}

export async function peopleScene(t: TestApp, name = 'Acme Works'): Promise<PeopleScene> {
  const org = await buildOrg(t, name);
  const site = await buildSite(t, org.owner, { name: 'Columbus', timeZone: 'America/New_York' });
  const other = await buildSite(t, org.owner, { name: 'Reno', timeZone: 'America/Los_Angeles' });
  const sam = await buildEmployee(t, org.owner, {
    firstName: 'Sam',
    lastName: 'Staff',
    siteId: site.id,
    employmentType: 'full_time',
    contractHoursPerWeek: 40,
    skills: ['CNC machining'],
  });
  const pia = await buildEmployee(t, org.owner, {
    firstName: 'Pia',
    lastName: 'Part',
    siteId: site.id,
    employmentType: 'part_time',
    contractHoursPerWeek: 20,
  });
  const far = await buildEmployee(t, org.owner, {
    firstName: 'Fay',
    lastName: 'Far',
    siteId: other.id,
  });
  const ids = await membersOf(t, org);
  const res = await org.as.owner.patch(`/api/members/${ids.staff.memberId}`, {
    employeeId: sam.id,
  });
  expect(res.statusCode, res.body).toBe(200);
  return {
    org,
    siteId: site.id,
    otherSiteId: other.id,
    staffEmployeeId: sam.id,
    colleagueId: pia.id,
    farId: far.id,
    owner: org.as.owner,
    coordinator: org.as.coordinator,
    staff: org.as.staff,
    viewer: org.as.viewer,
  };
}

/** A parsed JSON body, loosely typed as in the other API tests. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions
type Json = any;

/** Asserts the status and returns the JSON body. */
export async function ok<T = Json>(p: Promise<LightMyRequestResponse>, status = 200): Promise<T> {
  const res = await p;
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
}

/** The field names of a 4xx problem. */
export async function fieldsOf(p: Promise<LightMyRequestResponse>, status = 400) {
  const res = await p;
  expect(res.statusCode, res.body).toBe(status);
  return ((res.json().errors ?? []) as { field: string }[]).map((e) => e.field);
}
