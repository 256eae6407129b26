import { auth, org } from '@keel/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../platform/deps.js';
import type { RouteContext } from '../../platform/http/module.js';
import * as authService from './auth.service.js';
import * as invitations from './invitation.service.js';
import * as orgService from './organization.service.js';
import * as tokens from './token.service.js';

export const SESSION_COOKIE = 'keel_session';

function setSessionCookie(
  deps: Deps,
  req: FastifyRequest,
  reply: FastifyReply,
  s: authService.SessionInfo,
) {
  reply.setCookie(SESSION_COOKIE, s.secret, {
    httpOnly: true,
    sameSite: 'lax',
    secure: req.protocol === 'https' || deps.config.publicUrl.startsWith('https:'),
    path: '/',
    expires: new Date(s.expiresAt),
  });
}

const client = (req: FastifyRequest) => ({
  ip: req.ip,
  userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null,
});

export function accountsRoutes({ route, deps }: RouteContext): void {
  route(auth.login, async ({ body, req, reply }) => {
    const result = await authService.login(deps, { ...body, ...client(req), ip: req.ip });
    setSessionCookie(deps, req, reply, result.session);
    return { user: result.user, csrfToken: result.session.csrfToken };
  });

  route(auth.logout, async ({ actor, reply }) => {
    await authService.logout(deps, actor);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  route(auth.logoutAll, async ({ actor, reply }) => {
    await authService.logoutAll(deps, actor);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  route(auth.requestPasswordReset, async ({ body }) => {
    await authService.requestPasswordReset(deps, body.email);
    return { ok: true as const };
  });

  route(auth.confirmPasswordReset, async ({ body }) => {
    await authService.confirmPasswordReset(deps, body.token, body.password);
    return { ok: true as const };
  });

  route(auth.getMe, async ({ actor, req }) => orgService.getMe(deps, actor, req.csrfToken));

  route(auth.updateMe, async ({ actor, body }) => orgService.updateProfile(deps, actor, body));

  route(auth.changePassword, async ({ actor, body }) => {
    await authService.changePassword(deps, actor, body);
    return { ok: true as const };
  });

  route(auth.switchOrganization, async ({ actor, body }) => {
    await orgService.switchOrganization(deps, actor, body.organizationId);
    return { ok: true as const };
  });

  route(auth.listApiTokens, async ({ actor }) => tokens.listTokens(deps, actor));
  route(auth.createApiToken, async ({ actor, body }) => tokens.createToken(deps, actor, body));
  route(auth.revokeApiToken, async ({ actor, params }) => {
    await tokens.revokeToken(deps, actor, params.id);
    return { ok: true as const };
  });

  route(org.getOrganization, async ({ actor }) => orgService.getOrganization(deps, actor));
  route(org.updateOrganization, async ({ actor, body }) =>
    orgService.updateOrganization(deps, actor, body),
  );
  route(org.createOrganization, async ({ actor, body }) =>
    orgService.createOrganizationForActor(deps, actor, body),
  );

  route(org.listMembers, async ({ actor, query }) => orgService.listMembers(deps, actor, query));
  route(org.updateMember, async ({ actor, params, body }) =>
    orgService.updateMember(deps, actor, params.id, body),
  );
  route(org.deactivateMember, async ({ actor, params }) =>
    orgService.setMemberStatus(deps, actor, params.id, 'deactivated'),
  );
  route(org.reactivateMember, async ({ actor, params }) =>
    orgService.setMemberStatus(deps, actor, params.id, 'active'),
  );

  route(org.listInvitations, async ({ actor, query }) =>
    invitations.listInvitations(deps, actor, query.status),
  );
  route(org.createInvitation, async ({ actor, body }) =>
    invitations.createInvitation(deps, actor, body),
  );
  route(org.resendInvitation, async ({ actor, params }) =>
    invitations.resendInvitation(deps, actor, params.id),
  );
  route(org.revokeInvitation, async ({ actor, params }) =>
    invitations.revokeInvitation(deps, actor, params.id),
  );
  route(org.getInvitationByToken, async ({ params }) =>
    invitations.previewInvitation(deps, params.token),
  );
  route(org.acceptInvitation, async ({ body, req, reply }) => {
    const result = await invitations.acceptInvitation(deps, { ...body, ...client(req) });
    setSessionCookie(deps, req, reply, result.session);
    return { user: result.user, csrfToken: result.session.csrfToken };
  });

  route(org.listRoles, async ({ actor }) => orgService.listRoles(deps, actor));
  route(org.updateRole, async ({ actor, params, body }) =>
    orgService.setRolePermissions(deps, actor, params.role, body.permissions as never),
  );
  route(org.resetRole, async ({ actor, params }) =>
    orgService.setRolePermissions(deps, actor, params.role, null),
  );
}
