import type { DirectoryMember } from '@keel/contracts';
import type { Actor } from '../../platform/auth/actor.js';
import type { Deps } from '../../platform/deps.js';
import { invalid } from '../../platform/errors.js';
import { listDirectory as directoryEntries } from '../accounts/index.js';
import { employeeCards } from '../people/index.js';

const ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * Active members of the actor's organization with their job title (from the linked employee):
 * who can be mentioned or assigned. Any member may list it; it carries no e-mail or role.
 */
export async function listDirectory(
  deps: Deps,
  actor: Actor,
  query: { q?: string | undefined; ids?: string | undefined; limit: number },
): Promise<{ items: DirectoryMember[] }> {
  let userIds: string[] | undefined;
  if (query.ids !== undefined) {
    userIds = [
      ...new Set(
        query.ids
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ];
    const bad = userIds.find((id) => !ID.test(id));
    if (bad !== undefined) throw invalid('INVALID_ID', 'ids', `"${bad.slice(0, 70)}" is not an id`);
  }
  const entries = await directoryEntries(deps.db, actor.orgId, {
    q: query.q || undefined,
    userIds,
    limit: query.limit,
  });
  const cards = await employeeCards(
    deps.db,
    actor.orgId,
    entries.flatMap((e) => (e.employeeId ? [e.employeeId] : [])),
  );
  return {
    items: entries.map((e) => {
      const card = e.employeeId ? cards.get(e.employeeId) : undefined;
      return {
        userId: e.userId,
        name: e.name,
        employeeId: e.employeeId,
        positionTitle: card?.positionTitle ?? null,
        departmentName: card?.departmentName ?? null,
        employeeSiteId: card?.siteId ?? null,
        siteIds: e.siteIds,
      };
    }),
  };
}
