import type { Permission, Role } from '@keel/contracts';

/** Who is acting, in which organization, with what rights. Built once per request. */
export interface Actor {
  userId: string;
  userName: string;
  orgId: string;
  membershipId: string;
  role: Role;
  permissions: ReadonlySet<Permission>;
  /** null: every site of the organization. */
  siteIds: readonly string[] | null;
  employeeId: string | null;
  via: 'session' | 'token';
  sessionId: string | null;
  tokenId: string | null;
}

export const can = (actor: Actor, permission: Permission): boolean =>
  actor.permissions.has(permission);

/** Whether a record owned by `siteId` is inside the actor's site access (null site: org-wide). */
export const canSeeSite = (actor: Actor, siteId: string | null): boolean =>
  siteId === null || actor.siteIds === null || actor.siteIds.includes(siteId);
