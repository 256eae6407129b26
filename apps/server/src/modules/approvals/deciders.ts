import { ROLES, type Role } from '@keel/contracts';

/** Rank of a role: the higher, the more it may decide. */
export const roleRank = (role: string | null | undefined): number =>
  role ? Math.max(0, (ROLES as readonly string[]).length - 1 - ROLES.indexOf(role as Role)) : 0;

const OWNER_RANK = roleRank('owner');
const COORDINATOR_RANK = roleRank('coordinator');

export interface Candidate {
  userId: string;
  role: Role;
  /** null: every site. */
  siteIds: readonly string[] | null;
  hasPermission: boolean;
}

export interface DeciderQuestion {
  siteId: string | null;
  /** Lowest role allowed by the rule for the amount; null: any role holding the permission. */
  requiredRole: string | null;
  escalationLevel: number;
  requestedBy: string;
}

const coversSite = (c: Candidate, siteId: string | null) =>
  siteId === null || c.siteIds === null || c.siteIds.includes(siteId);

/**
 * Who may decide a request, and which role the escalation reached. The first deciders hold the
 * type's permission, have access to the site and at least the role the amount needs. Each
 * escalation level widens them one role up the chain (coordinator → manager → owner) from the
 * lowest first decider's role: members of the roles reached so far with access to the site
 * decide too, even without the permission (owners hold every permission anyway). The requester never decides their own request.
 */
export function decidersOf(candidates: readonly Candidate[], q: DeciderQuestion) {
  const required = Math.max(roleRank(q.requiredRole), COORDINATOR_RANK);
  const eligible = candidates.filter((c) => c.userId !== q.requestedBy && coversSite(c, q.siteId));
  const first = eligible.filter((c) => c.hasPermission && roleRank(c.role) >= required);
  const floor = first.length
    ? Math.min(...first.map((c) => roleRank(c.role)))
    : Math.max(required - 1, COORDINATOR_RANK - 1);
  const target = q.escalationLevel > 0 ? Math.min(floor + q.escalationLevel, OWNER_RANK) : null;
  const deciders =
    target === null
      ? first
      : eligible.filter(
          (c) =>
            (c.hasPermission && roleRank(c.role) >= required) ||
            (roleRank(c.role) > floor && roleRank(c.role) <= target),
        );
  return { deciders, floor, target };
}

/**
 * The role the next escalation reaches from `level` (skipping roles nobody at the site holds),
 * or null when it is already at the top.
 */
export function nextEscalation(
  candidates: readonly Candidate[],
  q: DeciderQuestion,
): { level: number; role: Role; userIds: string[] } | null {
  const { floor } = decidersOf(candidates, q);
  const eligible = candidates.filter((c) => c.userId !== q.requestedBy && coversSite(c, q.siteId));
  for (let level = q.escalationLevel + 1; floor + level <= OWNER_RANK; level++) {
    const rank = floor + level;
    const reached = eligible.filter((c) => roleRank(c.role) === rank);
    if (reached.length > 0)
      return { level, role: reached[0]!.role, userIds: reached.map((c) => c.userId) };
  }
  return null;
}
