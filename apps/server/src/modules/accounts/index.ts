import type { Permission } from '@keel/contracts';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/auth/actor.js';
import { can } from '../../platform/auth/actor.js';
import type { Deps } from '../../platform/deps.js';
import type { KeelModule } from '../../platform/http/module.js';
import { accountsMigrations } from './accounts.migrations.js';
import { accountsRoutes, SESSION_COOKIE } from './accounts.routes.js';
import { authenticate } from './auth.service.js';

export { createSession, login } from './auth.service.js';
export { acceptInvitation, createInvitation } from './invitation.service.js';
export { createOrganization, updateMember, userIdsByEmployee } from './organization.service.js';
export { ensureUser } from './user.service.js';
export { SESSION_COOKIE };

const onlyWith = (entityType: string, permission: Permission) => ({
  entityType,
  canRead: async (_deps: Deps, actor: Actor) => can(actor, permission),
});

export const accountsModule: KeelModule = {
  name: 'accounts',
  migrations: accountsMigrations,
  routes: accountsRoutes,
  historyEntities: [
    onlyWith('member', 'users.manage'),
    onlyWith('invitation', 'users.manage'),
    onlyWith('role', 'roles.manage'),
    onlyWith('organization', 'org.settings.manage'),
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
