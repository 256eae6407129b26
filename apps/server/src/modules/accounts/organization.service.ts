import {
  DEFAULT_ROLE_PERMISSIONS,
  type Me,
  type Member,
  type Organization,
  PERMISSION_CATALOGUE,
  PERMISSIONS,
  type Permission,
  ROLE_LABELS,
  ROLES,
  type Role,
} from '@keel/contracts';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import { lockOrganization } from '../../platform/db/locks.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { conflict, KeelError, notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor, isCursorId } from '../../platform/http/cursor.js';
import { employeeExists, missingSiteIds } from '../people/index.js';
import './accounts.tables.js';
import { rolePermissions } from './auth.service.js';

type OrgRow = DB['organizations'];

const toOrganization = (r: OrgRow): Organization => ({
  id: r.id,
  name: r.name,
  currency: r.currency,
  locale: r.locale,
  timeZone: r.time_zone,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const orgSnapshot = (r: OrgRow) => ({
  name: r.name,
  currency: r.currency,
  locale: r.locale,
  timeZone: r.time_zone,
});

/** Everything the web app needs to know about the caller, in one call. */
export async function getMe(deps: Deps, actor: Actor, csrfToken: string | null): Promise<Me> {
  const { db } = deps;
  const [user, org, orgs] = await Promise.all([
    db.selectFrom('users').selectAll().where('id', '=', actor.userId).executeTakeFirstOrThrow(),
    db
      .selectFrom('organizations')
      .selectAll()
      .where('id', '=', actor.orgId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('memberships as m')
      .innerJoin('organizations as o', 'o.id', 'm.org_id')
      .select(['o.id', 'o.name', 'm.role'])
      .where('m.user_id', '=', actor.userId)
      .where('m.status', '=', 'active')
      .orderBy('o.name')
      .execute(),
  ]);
  return {
    user: { id: user.id, email: user.email, name: user.name, locale: user.locale },
    csrfToken,
    organization: { id: org.id, name: org.name, currency: org.currency, timeZone: org.time_zone },
    membership: {
      id: actor.membershipId,
      role: actor.role,
      siteIds: actor.siteIds ? [...actor.siteIds] : null,
      employeeId: actor.employeeId,
    },
    permissions: PERMISSIONS.filter((p) => actor.permissions.has(p)),
    organizations: orgs.map((o) => ({ id: o.id, name: o.name, role: o.role as Role })),
    authenticatedBy: actor.via,
  };
}

export async function updateProfile(
  deps: Deps,
  actor: Actor,
  input: { name?: string | undefined; locale?: string | null | undefined },
) {
  const { db, clock } = deps;
  const now = clock.now().toISOString();
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('users')
      .selectAll()
      .where('id', '=', actor.userId)
      .executeTakeFirstOrThrow();
    const name = input.name ?? before.name;
    const locale = input.locale === undefined ? before.locale : input.locale;
    await trx
      .updateTable('users')
      .set({ name, locale, updated_at: now })
      .where('id', '=', actor.userId)
      .execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'update',
      entityType: 'user',
      entityId: actor.userId,
      entityLabel: name,
      before: { name: before.name, locale: before.locale },
      after: { name, locale },
      at: now,
    });
    return { id: before.id, email: before.email, name, locale };
  });
}

/** Moves the caller's session to another organization they are an active member of. */
export async function switchOrganization(deps: Deps, actor: Actor, organizationId: string) {
  const { db } = deps;
  if (!actor.sessionId) {
    throw new KeelError(
      'invalid',
      'TOKEN_BOUND_TO_ORGANIZATION',
      'An API token works in the organization it was created in.',
    );
  }
  const membership = await db
    .selectFrom('memberships')
    .select('id')
    .where('org_id', '=', organizationId)
    .where('user_id', '=', actor.userId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!membership) throw notFound('organization');
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('sessions')
      .set({ org_id: organizationId })
      .where('id', '=', actor.sessionId!)
      .execute();
    await trx
      .updateTable('users')
      .set({ last_org_id: organizationId })
      .where('id', '=', actor.userId)
      .execute();
  });
  deps.events.live.closeWhere((a) => a.sessionId === actor.sessionId);
}

export async function getOrganization(deps: Deps, actor: Actor): Promise<Organization> {
  const row = await deps.db
    .selectFrom('organizations')
    .selectAll()
    .where('id', '=', actor.orgId)
    .executeTakeFirstOrThrow();
  return toOrganization(row);
}

export async function updateOrganization(
  deps: Deps,
  actor: Actor,
  input: {
    name?: string | undefined;
    currency?: string | undefined;
    locale?: string | undefined;
    timeZone?: string | undefined;
  },
): Promise<Organization> {
  const { db, clock } = deps;
  const now = clock.now().toISOString();
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('organizations')
      .selectAll()
      .where('id', '=', actor.orgId)
      .executeTakeFirstOrThrow();
    const after: OrgRow = {
      ...before,
      name: input.name ?? before.name,
      currency: input.currency ?? before.currency,
      locale: input.locale ?? before.locale,
      time_zone: input.timeZone ?? before.time_zone,
      updated_at: now,
      updated_by: actor.userId,
    };
    await trx.updateTable('organizations').set(after).where('id', '=', actor.orgId).execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'update',
      entityType: 'organization',
      entityId: actor.orgId,
      entityLabel: after.name,
      before: orgSnapshot(before),
      after: orgSnapshot(after),
      at: now,
    });
    return toOrganization(after);
  });
}

/**
 * Creates an organization with `ownerUserId` as its owner. Used by the API (a member starts a
 * new organization), `keel create-admin` and the demo seed.
 */
export async function createOrganization(
  db: Kysely<DB>,
  input: {
    name: string;
    currency: string;
    timeZone: string;
    locale: string;
    ownerUserId: string;
    ownerName: string;
    now: string;
  },
): Promise<Organization> {
  const row: OrgRow = {
    id: newId(),
    name: input.name,
    currency: input.currency,
    locale: input.locale,
    time_zone: input.timeZone,
    created_at: input.now,
    created_by: input.ownerUserId,
    updated_at: input.now,
    updated_by: input.ownerUserId,
  };
  await db.insertInto('organizations').values(row).execute();
  await db
    .insertInto('memberships')
    .values({
      id: newId(),
      org_id: row.id,
      user_id: input.ownerUserId,
      role: 'owner',
      site_ids: null,
      employee_id: null,
      status: 'active',
      created_at: input.now,
      created_by: input.ownerUserId,
      updated_at: input.now,
      updated_by: input.ownerUserId,
    })
    .execute();
  const actor = { userId: input.ownerUserId, userName: input.ownerName, via: 'session' as const };
  await recordAudit(db, {
    actor,
    orgId: row.id,
    action: 'create',
    entityType: 'organization',
    entityId: row.id,
    entityLabel: row.name,
    after: orgSnapshot(row),
    at: input.now,
  });
  return toOrganization(row);
}

export async function createOrganizationForActor(
  deps: Deps,
  actor: Actor,
  input: { name: string; currency: string; timeZone: string; locale: string },
): Promise<Organization> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const org = await createOrganization(trx, {
      ...input,
      ownerUserId: actor.userId,
      ownerName: actor.userName,
      now,
    });
    if (actor.sessionId) {
      await trx
        .updateTable('sessions')
        .set({ org_id: org.id })
        .where('id', '=', actor.sessionId)
        .execute();
    }
    await trx
      .updateTable('users')
      .set({ last_org_id: org.id })
      .where('id', '=', actor.userId)
      .execute();
    return org;
  });
}

// ── Members ────────────────────────────────────────────────────────────────

const memberQuery = (db: Kysely<DB>, orgId: string) =>
  db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select([
      'm.id',
      'm.user_id',
      'm.role',
      'm.site_ids',
      'm.employee_id',
      'm.status',
      'm.created_at',
      'u.email',
      'u.name',
      'u.last_login_at',
    ])
    .where('m.org_id', '=', orgId);

type MemberRow = Awaited<ReturnType<ReturnType<typeof memberQuery>['executeTakeFirstOrThrow']>>;

const toMember = (r: MemberRow): Member => ({
  id: r.id,
  userId: r.user_id,
  email: r.email,
  name: r.name,
  role: r.role as Role,
  siteIds: r.site_ids ? (JSON.parse(r.site_ids) as string[]) : null,
  employeeId: r.employee_id,
  status: r.status,
  lastLoginAt: r.last_login_at,
  createdAt: r.created_at,
});

const memberSnapshot = (m: Member) => ({
  role: m.role,
  siteIds: m.siteIds,
  employeeId: m.employeeId,
  status: m.status,
});

export async function listMembers(
  deps: Deps,
  actor: Actor,
  query: { q?: string | undefined; cursor?: string | undefined; limit: number },
) {
  let q = memberQuery(deps.db, actor.orgId);
  if (query.q) {
    const like = `%${query.q.toLowerCase()}%`;
    q = q.where((eb) =>
      eb.or([eb(eb.fn('lower', ['u.name']), 'like', like), eb('u.email', 'like', like)]),
    );
  }
  const after = decodeCursor(
    query.cursor,
    (v) => v.length === 2 && typeof v[0] === 'string' && isCursorId(v[1]),
  );
  if (after) {
    const [name, id] = after as [string, string];
    q = q.where((eb) =>
      eb.or([eb('u.name', '>', name), eb.and([eb('u.name', '=', name), eb('m.id', '>', id)])]),
    );
  }
  const rows = await q
    .orderBy('u.name')
    .orderBy('m.id')
    .limit(query.limit + 1)
    .execute();
  const items = rows.slice(0, query.limit).map(toMember);
  const last = rows[query.limit - 1];
  return {
    items,
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.name, last.id]) : null,
  };
}

async function getMemberForUpdate(trx: Kysely<DB>, orgId: string, id: string) {
  const row = await memberQuery(trx, orgId).where('m.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('member');
  return toMember(row);
}

/**
 * Only an owner may make someone an owner or change an owner's access: `users.manage` alone
 * (which an organization may give other roles) must not be a path to full control.
 */
export function assertOwner(actor: Actor) {
  if (actor.role !== 'owner') {
    throw new KeelError(
      'forbidden',
      'OWNER_ROLE_REQUIRED',
      'Only an owner can grant, change or remove the owner role.',
    );
  }
}

async function assertNotLastOwner(trx: Kysely<DB>, orgId: string, memberId: string) {
  const owners = await trx
    .selectFrom('memberships')
    .select('id')
    .where('org_id', '=', orgId)
    .where('role', '=', 'owner')
    .where('status', '=', 'active')
    .execute();
  if (owners.length === 1 && owners[0]!.id === memberId) {
    throw conflict(
      'LAST_OWNER',
      'An organization needs at least one active owner. Make someone else owner first.',
    );
  }
}

/** Validates site ids and a linked employee against the organization. */
export async function checkAccessInput(
  db: Kysely<DB>,
  orgId: string,
  input: { siteIds?: string[] | null | undefined; employeeId?: string | null | undefined },
) {
  if (input.siteIds && input.siteIds.length > 0) {
    const missing = await missingSiteIds(db, orgId, input.siteIds);
    if (missing.length) {
      throw new KeelError('invalid', 'SITE_NOT_FOUND', `siteIds: unknown site ${missing[0]}`, {
        fields: missing.map((id) => ({
          field: `siteIds[${input.siteIds!.indexOf(id)}]`,
          message: 'is not a site of this organization',
        })),
      });
    }
  }
  if (input.employeeId && !(await employeeExists(db, orgId, input.employeeId))) {
    throw new KeelError(
      'invalid',
      'EMPLOYEE_NOT_FOUND',
      'employeeId: is not an employee of this organization',
      {
        fields: [{ field: 'employeeId', message: 'is not an employee of this organization' }],
      },
    );
  }
}

export async function updateMember(
  deps: Deps,
  actor: Actor,
  id: string,
  input: {
    role?: Role | undefined;
    siteIds?: string[] | null | undefined;
    employeeId?: string | null | undefined;
  },
): Promise<Member> {
  const { db, dialect, clock } = deps;
  const now = clock.now().toISOString();
  const member = await db.transaction().execute(async (trx) => {
    await lockOrganization(trx, dialect, actor.orgId);
    const before = await getMemberForUpdate(trx, actor.orgId, id);
    if (
      input.role &&
      input.role !== before.role &&
      (input.role === 'owner' || before.role === 'owner')
    ) {
      assertOwner(actor);
    }
    if (input.role && input.role !== 'owner' && before.role === 'owner') {
      await assertNotLastOwner(trx, actor.orgId, id);
    }
    await checkAccessInput(trx, actor.orgId, input);
    if (input.employeeId) {
      const taken = await trx
        .selectFrom('memberships')
        .select('id')
        .where('org_id', '=', actor.orgId)
        .where('employee_id', '=', input.employeeId)
        .where('id', '!=', id)
        .executeTakeFirst();
      if (taken) {
        throw conflict(
          'EMPLOYEE_ALREADY_LINKED',
          'That employee is already linked to another user.',
          [{ field: 'employeeId', message: 'is already linked to another user' }],
        );
      }
    }
    const siteIds =
      input.siteIds === undefined
        ? before.siteIds
        : input.siteIds?.length
          ? [...new Set(input.siteIds)]
          : null;
    const after: Member = {
      ...before,
      role: input.role ?? before.role,
      siteIds,
      employeeId: input.employeeId === undefined ? before.employeeId : input.employeeId,
    };
    await trx
      .updateTable('memberships')
      .set({
        role: after.role,
        site_ids: after.siteIds ? JSON.stringify(after.siteIds) : null,
        employee_id: after.employeeId,
        updated_at: now,
        updated_by: actor.userId,
      })
      .where('id', '=', id)
      .where('org_id', '=', actor.orgId)
      .execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'update',
      entityType: 'member',
      entityId: id,
      entityLabel: before.name,
      before: memberSnapshot(before),
      after: memberSnapshot(after),
      at: now,
    });
    return after;
  });
  // Live streams keep the rights they were opened with: a changed role or site access reconnects.
  deps.events.live.closeWhere((a) => a.membershipId === id);
  return member;
}

/** Deactivation ends the member's sessions and tokens in this organization. */
export async function setMemberStatus(
  deps: Deps,
  actor: Actor,
  id: string,
  status: 'active' | 'deactivated',
): Promise<Member> {
  const { db, dialect, clock } = deps;
  const now = clock.now().toISOString();
  const member = await db.transaction().execute(async (trx) => {
    await lockOrganization(trx, dialect, actor.orgId);
    const before = await getMemberForUpdate(trx, actor.orgId, id);
    if (before.status === status) return before;
    if (before.role === 'owner') assertOwner(actor);
    if (status === 'deactivated' && before.role === 'owner') {
      await assertNotLastOwner(trx, actor.orgId, id);
    }
    await trx
      .updateTable('memberships')
      .set({ status, updated_at: now, updated_by: actor.userId })
      .where('id', '=', id)
      .where('org_id', '=', actor.orgId)
      .execute();
    if (status === 'deactivated') {
      await trx
        .deleteFrom('sessions')
        .where('user_id', '=', before.userId)
        .where('org_id', '=', actor.orgId)
        .execute();
      await trx
        .updateTable('api_tokens')
        .set({ revoked_at: now })
        .where('user_id', '=', before.userId)
        .where('org_id', '=', actor.orgId)
        .where('revoked_at', 'is', null)
        .execute();
    }
    const after = { ...before, status };
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: status === 'active' ? 'reactivate' : 'deactivate',
      entityType: 'member',
      entityId: id,
      entityLabel: before.name,
      before: memberSnapshot(before),
      after: memberSnapshot(after),
      at: now,
    });
    return after;
  });
  // Its open live streams end; a reactivated member simply connects again.
  deps.events.live.closeWhere((a) => a.membershipId === id);
  return member;
}

// ── Roles ──────────────────────────────────────────────────────────────────

async function roleDefinition(db: Kysely<DB>, orgId: string, role: Role) {
  const count = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', orgId)
    .where('role', '=', role)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return {
    role,
    label: ROLE_LABELS[role],
    permissions: await rolePermissions(db, orgId, role),
    editable: role !== 'owner',
    memberCount: Number(count?.n ?? 0),
  };
}

export async function listRoles(deps: Deps, actor: Actor) {
  const items = [];
  for (const role of ROLES) items.push(await roleDefinition(deps.db, actor.orgId, role));
  const catalogue = PERMISSIONS.map((permission) => ({
    permission,
    module: PERMISSION_CATALOGUE[permission].module,
    label: PERMISSION_CATALOGUE[permission].label,
  }));
  return { items, catalogue };
}

/** Sets (or with `null`, resets to default) what a role grants. The owner role is fixed. */
export async function setRolePermissions(
  deps: Deps,
  actor: Actor,
  role: Role,
  permissions: Permission[] | null,
) {
  if (role === 'owner') {
    throw conflict('ROLE_NOT_EDITABLE', 'The owner role always holds every permission.');
  }
  const { db, clock } = deps;
  const now = clock.now().toISOString();
  const definition = await db.transaction().execute(async (trx) => {
    // Both sides in catalogue order, so the audit diff shows real changes, not reordering.
    const canonical = (list: readonly Permission[]) => PERMISSIONS.filter((p) => list.includes(p));
    const before = canonical(await rolePermissions(trx, actor.orgId, role));
    const next = canonical(permissions ?? DEFAULT_ROLE_PERMISSIONS[role]);
    await trx
      .deleteFrom('role_permissions')
      .where('org_id', '=', actor.orgId)
      .where('role', '=', role)
      .execute();
    if (permissions) {
      await trx
        .insertInto('role_permissions')
        .values({
          org_id: actor.orgId,
          role,
          permissions: JSON.stringify(next),
          updated_at: now,
          updated_by: actor.userId,
        })
        .execute();
    }
    // A reset that changes nothing is not worth an entry, like an update that changes nothing.
    const changed = before.join() !== next.join();
    if (permissions || changed) {
      await recordAudit(trx, {
        actor,
        orgId: actor.orgId,
        action: permissions ? 'update' : 'reset',
        entityType: 'role',
        entityId: role,
        entityLabel: ROLE_LABELS[role],
        before: { permissions: before },
        after: { permissions: next },
        at: now,
      });
    }
    return roleDefinition(trx, actor.orgId, role);
  });
  deps.events.live.closeWhere((a) => a.orgId === actor.orgId && a.role === role);
  return definition;
}

/** Maps employee ids to the user linked to them (for the employee record's `userId`). */
export async function userIdsByEmployee(db: Kysely<DB>, orgId: string, employeeIds: string[]) {
  if (employeeIds.length === 0) return new Map<string, string>();
  const rows = await db
    .selectFrom('memberships')
    .select(['employee_id', 'user_id'])
    .where('org_id', '=', orgId)
    .where('employee_id', 'in', employeeIds)
    .execute();
  return new Map(rows.map((r) => [r.employee_id!, r.user_id]));
}

/**
 * Makes a user an active owner of an organization (the `keel create-admin` recovery path for
 * an existing organization), creating or restoring the membership. Audited as a system change.
 */
export async function grantOwnership(
  db: Kysely<DB>,
  input: { orgId: string; userId: string; now: string },
) {
  const before = await db
    .selectFrom('memberships')
    .selectAll()
    .where('org_id', '=', input.orgId)
    .where('user_id', '=', input.userId)
    .executeTakeFirst();
  const id = before?.id ?? newId();
  if (before) {
    await db
      .updateTable('memberships')
      .set({
        role: 'owner',
        status: 'active',
        site_ids: null,
        updated_at: input.now,
        updated_by: null,
      })
      .where('id', '=', id)
      .execute();
  } else {
    await db
      .insertInto('memberships')
      .values({
        id,
        org_id: input.orgId,
        user_id: input.userId,
        role: 'owner',
        site_ids: null,
        employee_id: null,
        status: 'active',
        created_at: input.now,
        created_by: null,
        updated_at: input.now,
        updated_by: null,
      })
      .execute();
  }
  await recordAudit(db, {
    actor: null,
    orgId: input.orgId,
    action: before ? 'update' : 'create',
    entityType: 'member',
    entityId: id,
    before: before
      ? {
          role: before.role,
          status: before.status,
          siteIds: before.site_ids ? JSON.parse(before.site_ids) : null,
        }
      : null,
    after: { role: 'owner', status: 'active', siteIds: null },
    at: input.now,
  });
}

/** An organization's currency (ISO 4217), for other modules' money defaults. */
export async function organizationCurrency(db: Kysely<DB>, orgId: string): Promise<string> {
  const org = await db
    .selectFrom('organizations')
    .select('currency')
    .where('id', '=', orgId)
    .executeTakeFirstOrThrow();
  return org.currency;
}

/** The id of the organization with exactly this name, if any (for `keel create-admin`). */
export async function findOrganizationByName(db: Kysely<DB>, name: string) {
  const row = await db
    .selectFrom('organizations')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Whether the deployment has any organization yet (first start seeds the demo when not). */
export async function hasAnyOrganization(db: Kysely<DB>): Promise<boolean> {
  return !!(await db.selectFrom('organizations').select('id').limit(1).executeTakeFirst());
}
