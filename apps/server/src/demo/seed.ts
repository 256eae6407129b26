import type { Role } from '@keel/contracts';
import type { Kysely } from 'kysely';
import {
  acceptInvitation,
  actorForUser,
  createInvitation,
  createOrganization,
  endSession,
  ensureUser,
  findUserByEmail,
  updateMember,
  userExists,
} from '../modules/accounts/index.js';
import {
  createDepartment,
  createEmployee,
  createPosition,
  createSite,
  updateEmployee,
} from '../modules/people/index.js';
import type { Actor } from '../platform/auth/actor.js';
import type { DB } from '../platform/db/types.js';
import type { Deps } from '../platform/deps.js';
import type { DemoContext } from './context.js';
import { DEMO_PEOPLE, type DemoPerson } from './demo-people.js';
import { seedApprovals } from './seed-approvals.js';
import { seedCollab } from './seed-collab.js';
import { seedResources } from './seed-resources.js';
import { seedSchedulingAttendance } from './seed-scheduling-attendance.js';
import { seedSchedulingConstraints } from './seed-scheduling-constraints.js';
import { seedSchedulingCore } from './seed-scheduling-core.js';
import { seedSchedulingSelf } from './seed-scheduling-self.js';
import { seedSchedulingSetup } from './seed-scheduling-setup.js';
import { seedWork } from './seed-work.js';

/** Each module's demo records, in order (later ones may refer to earlier ones). */
const MODULE_SEEDERS: ((deps: Deps, demo: DemoContext) => Promise<void>)[] = [
  seedApprovals,
  seedCollab,
  seedResources,
  seedWork,
  seedSchedulingSetup,
  seedSchedulingConstraints,
  seedSchedulingCore,
  seedSchedulingSelf,
  seedSchedulingAttendance,
];

export { hasAnyOrganization } from '../modules/accounts/index.js';

export const DEMO_PASSWORD = 'keel-demo';
export const DEMO_ORG_NAME = 'Meridian Components';

export const DEMO_USERS: {
  email: string;
  role: Role;
  label: string;
  name: string;
  employeeKey?: string;
}[] = [
  {
    email: 'owner@demo.keel.test',
    role: 'owner',
    label: 'Owner / Admin',
    name: 'Dana Whitfield',
    employeeKey: 'gm',
  },
  {
    email: 'manager@demo.keel.test',
    role: 'manager',
    label: 'Operations Manager',
    name: 'Marcus Bell',
    employeeKey: 'opsmgr',
  },
  {
    email: 'coordinator@demo.keel.test',
    role: 'coordinator',
    label: 'Operations Coordinator',
    name: 'Priya Natarajan',
    employeeKey: 'coord',
  },
  {
    email: 'staff@demo.keel.test',
    role: 'staff',
    label: 'Staff (machine operator)',
    name: 'Luis Ortega',
    employeeKey: 'staff',
  },
  {
    email: 'viewer@demo.keel.test',
    role: 'viewer',
    label: 'Viewer (finance auditor)',
    name: 'Grace Kim',
  },
];

export const demoExists = (db: Kysely<DB>): Promise<boolean> =>
  userExists(db, DEMO_USERS[0]!.email);

/**
 * Creates the demo organization through the same services the API uses: sites, departments,
 * positions, ~60 employees with reporting lines, and the five demo sign-ins, which join by
 * accepting real invitations. Refuses to run twice.
 */
export async function seedDemo(deps: Deps): Promise<{ orgId: string; employees: number }> {
  if (await demoExists(deps.db)) throw new Error('The demo organization exists already.');
  const now = deps.clock.now().toISOString();
  const ownerSpec = DEMO_USERS[0]!;
  const owner = await ensureUser(deps.db, {
    email: ownerSpec.email,
    name: ownerSpec.name,
    password: DEMO_PASSWORD,
    now,
  });
  const org = await deps.db.transaction().execute((trx) =>
    createOrganization(trx, {
      name: DEMO_ORG_NAME,
      currency: 'USD',
      timeZone: 'America/New_York',
      locale: 'en-US',
      ownerUserId: owner.id,
      ownerName: owner.name,
      now,
    }),
  );
  const actor = await actorForUser(deps, owner.id, org.id);

  const columbus = await createSite(deps, actor, {
    name: 'Columbus Plant',
    code: 'CMH',
    timeZone: 'America/New_York',
    address: {
      line1: '2200 Refugee Rd',
      city: 'Columbus',
      region: 'OH',
      postalCode: '43207',
      country: 'US',
    },
  });
  const reno = await createSite(deps, actor, {
    name: 'Reno Distribution Center',
    code: 'RNO',
    timeZone: 'America/Los_Angeles',
    address: {
      line1: '1550 Vassar St',
      city: 'Reno',
      region: 'NV',
      postalCode: '89502',
      country: 'US',
    },
  });
  const siteId = { CMH: columbus.id, RNO: reno.id } as const;

  const departments = [
    ['OPS', 'Operations', 'Runs the day: schedules, resources, reporting.'],
    ['PROD', 'Production', 'Machining and assembly lines.'],
    ['WHS', 'Warehouse & Logistics', 'Receiving, storage, picking and shipping.'],
    ['MNT', 'Maintenance', 'Keeps machines and facilities running.'],
    ['QHS', 'Quality, Health & Safety', 'Inspections, incidents, compliance.'],
    ['HR', 'People & HR', 'Hiring, onboarding, training records.'],
  ] as const;
  const deptId: Record<string, string> = {};
  for (const [code, name, description] of departments) {
    deptId[code] = (await createDepartment(deps, actor, { code, name, description })).id;
  }

  const positionTitles = [...new Set(DEMO_PEOPLE.map((p) => p.position))];
  const positionDept = new Map(DEMO_PEOPLE.map((p) => [p.position, p.dept]));
  const posId: Record<string, string> = {};
  for (const title of positionTitles) {
    posId[title] = (
      await createPosition(deps, actor, { title, departmentId: deptId[positionDept.get(title)!] })
    ).id;
  }

  const employeeId: Record<string, string> = {};
  const pending: DemoPerson[] = [...DEMO_PEOPLE];
  let n = 1000;
  for (const p of pending) {
    const e = await createEmployee(deps, actor, {
      employeeNumber: `E${++n}`,
      firstName: p.first,
      lastName: p.last,
      email: `${`${p.first}.${p.last}`.toLowerCase().replace(/[^a-z.]/g, '')}@meridian.example`,
      phone: p.phone,
      siteId: siteId[p.site],
      departmentId: deptId[p.dept],
      positionId: posId[p.position],
      employmentType: p.type,
      startDate: p.start,
      contractHoursPerWeek: p.type === 'part_time' ? 24 : 40,
      skills: p.skills,
      pay: { type: p.pay.type, amountMinor: p.pay.amount, currency: 'USD' },
    });
    employeeId[p.key] = e.id;
  }
  for (const p of DEMO_PEOPLE) {
    if (p.manager)
      await updateEmployee(deps, actor, employeeId[p.key]!, { managerId: employeeId[p.manager] });
  }

  // Demo sign-ins join through invitations, as real users do.
  const ownerMembership = actor.membershipId;
  await updateMember(deps, actor, ownerMembership, {
    employeeId: employeeId[ownerSpec.employeeKey!],
  });
  for (const u of DEMO_USERS.slice(1)) {
    const { token } = await inviteForSeed(
      deps,
      actor,
      u.email,
      u.role,
      u.employeeKey ? employeeId[u.employeeKey] : undefined,
    );
    const joined = await acceptInvitation(deps, {
      token,
      name: u.name,
      password: DEMO_PASSWORD,
      ip: null,
      userAgent: 'keel seed-demo',
    });
    await endSession(deps, joined.session.secret);
  }
  const actors = { owner: actor } as DemoContext['actors'];
  for (const u of DEMO_USERS.slice(1)) {
    const user = await findUserByEmail(deps.db, u.email);
    actors[u.role] = await actorForUser(deps, user!.id, org.id);
  }
  const demo: DemoContext = {
    orgId: org.id,
    actors,
    siteId,
    deptId,
    employeeId,
    now: deps.clock.now(),
  };
  for (const seedModule of MODULE_SEEDERS) await seedModule(deps, demo);
  void deps.events.flush();
  void deps.mailer.flush();
  return { orgId: org.id, employees: DEMO_PEOPLE.length };
}

/** Invites through the real service and reads the link back from the queued e-mail. */
export async function inviteForSeed(
  deps: Deps,
  actor: Actor,
  email: string,
  role: Role,
  employeeId?: string,
) {
  await createInvitation(deps, actor, { email, role, employeeId: employeeId ?? null });
  const mail = await deps.db
    .selectFrom('mail_messages')
    .select('text_body')
    .where('to_address', '=', email)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail.text_body)?.[1];
  if (!token) throw new Error(`no invitation link in the mail to ${email}`);
  return { token };
}
