import {
  type CreateEmployeeBody,
  type Department,
  type Employee,
  org,
  type Position,
  people,
  type Role,
  type Site,
} from '@keel/contracts';
import type { z } from 'zod';
import { authenticate } from '../src/modules/accounts/auth.service.js';
import {
  acceptInvitation,
  createInvitation,
  createOrganization,
  createSession,
  ensureUser,
} from '../src/modules/accounts/index.js';
import {
  createDepartment,
  createEmployee,
  createPosition,
  createSite,
} from '../src/modules/people/index.js';
import type { Actor } from '../src/platform/auth/actor.js';
import { Client, type TestApp } from './harness.js';

export const PASSWORD = 'correct horse battery';
let seq = 0;

export interface TestOrg {
  orgId: string;
  owner: Actor;
  emails: Record<Role, string>;
  /** A signed-in client per role. */
  as: Record<Role, Client>;
}

/** Reads the invitation link out of the last mail queued for an address. */
export async function lastMailLink(t: TestApp, to: string, kind: 'invite' | 'reset-password') {
  const mail = await t.deps.db
    .selectFrom('mail_messages')
    .select('text_body')
    .where('to_address', '=', to)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const token = new RegExp(`/${kind}/([A-Za-z0-9_-]+)`).exec(mail.text_body)?.[1];
  if (!token) throw new Error(`no ${kind} link in mail to ${to}`);
  return token;
}

export async function actorFor(t: TestApp, userId: string, orgId: string): Promise<Actor> {
  const s = await createSession(t.deps, t.deps.db, { userId, orgId, ip: null, userAgent: 'test' });
  return (await authenticate(t.deps, { sessionSecret: s.secret }))!.actor;
}

/** An organization with one signed-in user per role, built through the real services. */
export async function buildOrg(t: TestApp, name = 'Acme Works'): Promise<TestOrg> {
  const n = ++seq;
  const now = t.clock.now().toISOString();
  const emails = Object.fromEntries(
    (['owner', 'manager', 'coordinator', 'staff', 'viewer'] as Role[]).map((r) => [
      r,
      `${r}${n}@acme.test`,
    ]),
  ) as Record<Role, string>;
  const ownerUser = await ensureUser(t.deps.db, {
    email: emails.owner,
    name: `Owner ${n}`,
    password: PASSWORD,
    now,
  });
  const org = await t.deps.db.transaction().execute((trx) =>
    createOrganization(trx, {
      name,
      currency: 'USD',
      timeZone: 'UTC',
      locale: 'en-US',
      ownerUserId: ownerUser.id,
      ownerName: `Owner ${n}`,
      now,
    }),
  );
  const owner = await actorFor(t, ownerUser.id, org.id);
  for (const role of ['manager', 'coordinator', 'staff', 'viewer'] as Role[]) {
    await createInvitation(t.deps, owner, { email: emails[role], role });
    const token = await lastMailLink(t, emails[role], 'invite');
    await acceptInvitation(t.deps, {
      token,
      name: `${role} ${n}`,
      password: PASSWORD,
      ip: null,
      userAgent: 'test',
    });
  }
  const as = {} as Record<Role, Client>;
  for (const role of Object.keys(emails) as Role[]) {
    as[role] = new Client(t.app, `10.${n}.0.${Object.keys(as).length + 1}`);
    await as[role].login(emails[role], PASSWORD);
  }
  return { orgId: org.id, owner, emails, as };
}

// ── Cheap sessions and business data (through the services, never raw inserts) ─────────────

/** The user and membership ids behind each role of a test organization. */
export async function membersOf(t: TestApp, org: TestOrg) {
  const rows = await t.deps.db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.id', 'm.user_id', 'u.email'])
    .where('m.org_id', '=', org.orgId)
    .execute();
  const out = {} as Record<Role, { userId: string; memberId: string }>;
  for (const role of Object.keys(org.emails) as Role[]) {
    const row = rows.find((r) => r.email === org.emails[role]);
    if (!row) throw new Error(`no member for ${role}`);
    out[role] = { userId: row.user_id, memberId: row.id };
  }
  return out;
}

/**
 * A signed-in client without a password round trip (no argon2): a fresh session created by the
 * auth service, with its cookie and CSRF token, as a browser would hold them after sign-in.
 */
export async function sessionClient(
  t: TestApp,
  userId: string,
  orgId: string,
  ip = '10.250.0.1',
): Promise<Client> {
  const s = await createSession(t.deps, t.deps.db, { userId, orgId, ip, userAgent: 'test' });
  const c = new Client(t.app, ip);
  c.cookie = `keel_session=${s.secret}`;
  c.csrf = s.csrfToken;
  return c;
}

let dataSeq = 0;
const nextCode = (prefix: string) => `${prefix}${++dataSeq}`;

export async function buildSite(
  t: TestApp,
  actor: Actor,
  input: Partial<z.input<typeof org.createSiteBody>> = {},
): Promise<Site> {
  const body = org.createSiteBody.parse({
    name: `Site ${dataSeq + 1}`,
    code: nextCode('S'),
    timeZone: 'Europe/Berlin',
    ...input,
  });
  return createSite(t.deps, actor, body);
}

export async function buildDepartment(
  t: TestApp,
  actor: Actor,
  input: Partial<z.input<typeof org.createDepartmentBody>> = {},
): Promise<Department> {
  const body = org.createDepartmentBody.parse({
    name: `Department ${dataSeq + 1}`,
    code: nextCode('D'),
    ...input,
  });
  return createDepartment(t.deps, actor, body);
}

export async function buildPosition(
  t: TestApp,
  actor: Actor,
  input: Partial<z.input<typeof org.createPositionBody>> = {},
): Promise<Position> {
  const body = org.createPositionBody.parse({ title: `Position ${nextCode('')}`, ...input });
  return createPosition(t.deps, actor, body);
}

export async function buildEmployee(
  t: TestApp,
  actor: Actor,
  input: Partial<CreateEmployeeBody> = {},
): Promise<Employee> {
  const n = ++dataSeq;
  const body = people.createEmployeeBody.parse({
    firstName: `Fiona${n}`,
    lastName: `Lane${n}`,
    ...input,
  });
  return createEmployee(t.deps, actor, body);
}
