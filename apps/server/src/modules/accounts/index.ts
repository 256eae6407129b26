import { type Permission, ROLES } from '@keel/contracts';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/auth/actor.js';
import { can } from '../../platform/auth/actor.js';
import type { Deps } from '../../platform/deps.js';
import type { KeelModule } from '../../platform/http/module.js';
import { accountsMigrations } from './accounts.migrations.js';
import { accountsRoutes, SESSION_COOKIE } from './accounts.routes.js';
import { authenticate } from './auth.service.js';

export {
  actorForUser,
  authenticate,
  createSession,
  endSession,
  login,
  memberActor,
} from './auth.service.js';
export { type DirectoryEntry, listDirectory } from './directory.query.js';
export { acceptInvitation, createInvitation } from './invitation.service.js';
export {
  activeMembers,
  type OrgMember,
  organizationIds,
  organizationName,
  organizationTimeZone,
  userNames,
} from './members.query.js';
export {
  createOrganization,
  findOrganizationByName,
  grantOwnership,
  hasAnyOrganization,
  organizationCurrency,
  updateMember,
  userIdsByEmployee,
} from './organization.service.js';
export { ensureUser, findUserByEmail, userExists } from './user.service.js';
export { SESSION_COOKIE };

/** The employee record linked to each of the given members (users without one are left out). */
export async function employeeIdsOfUsers(
  db: import('kysely').Kysely<import('../../platform/db/types.js').DB>,
  orgId: string,
  userIds: readonly string[],
): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('memberships')
    .select(['user_id', 'employee_id'])
    .where('org_id', '=', orgId)
    .where('user_id', 'in', [...new Set(userIds)])
    .where('employee_id', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.user_id, r.employee_id!]));
}

const isRole = (id: string) => (ROLES as readonly string[]).includes(id);

/**
 * History of an accounts record: needs the permission, and the record must belong to the
 * caller's organization (another organization's record answers 404 like an unknown one).
 */
const onlyWith = (
  entityType: string,
  permission: Permission,
  exists: (deps: Deps, actor: Actor, id: string) => Promise<boolean>,
) => ({
  entityType,
  canRead: async (deps: Deps, actor: Actor, id: string) =>
    can(actor, permission) && (await exists(deps, actor, id)),
});

const inOrg =
  (table: 'memberships' | 'invitations') => async (deps: Deps, actor: Actor, id: string) =>
    !!(await deps.db
      .selectFrom(table)
      .select('id')
      .where('org_id', '=', actor.orgId)
      .where('id', '=', id)
      .executeTakeFirst());

export const accountsModule: KeelModule = {
  name: 'accounts',
  migrations: accountsMigrations,
  routes: accountsRoutes,
  entities: [
    onlyWith('member', 'users.manage', inOrg('memberships')),
    onlyWith('invitation', 'users.manage', inOrg('invitations')),
    onlyWith('role', 'roles.manage', async (_deps, _actor, id) => isRole(id)),
    onlyWith('organization', 'org.settings.manage', async (_deps, actor, id) => id === actor.orgId),
  ],
};

/** Reads the session cookie or bearer token from a request and resolves the caller. */
export function requestAuthenticator(deps: Deps) {
  return async (req: FastifyRequest) => {
    const header = req.headers.authorization;
    const bearer =
      typeof header === 'string' && /^Bearer /i.test(header) ? header.slice(7).trim() : undefined;
    if (header && !bearer) return null;
    return authenticate(deps, {
      bearer,
      sessionSecret: bearer ? undefined : req.cookies[SESSION_COOKIE],
    });
  };
}
