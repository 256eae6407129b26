import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/types.js';
import './accounts.tables.js';

/** One active member as the directory shows them (no e-mail, no role). */
export interface DirectoryEntry {
  userId: string;
  name: string;
  employeeId: string | null;
  /** null: every site. */
  siteIds: string[] | null;
}

/**
 * Active members of an organization, by name: all of them (bounded by `limit`), those whose name
 * or e-mail matches `q`, or just those among `userIds`. Deactivated members never appear, so the
 * directory is what a person may mention or assign.
 */
export async function listDirectory(
  db: Kysely<DB>,
  orgId: string,
  filter: { q?: string | undefined; userIds?: readonly string[] | undefined; limit: number },
): Promise<DirectoryEntry[]> {
  if (filter.userIds && filter.userIds.length === 0) return [];
  let q = db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'm.employee_id', 'm.site_ids', 'u.name'])
    .where('m.org_id', '=', orgId)
    .where('m.status', '=', 'active');
  if (filter.userIds) q = q.where('m.user_id', 'in', [...filter.userIds]);
  if (filter.q) {
    const like = `%${filter.q.toLowerCase()}%`;
    q = q.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['u.name']), 'like', like),
        eb(eb.fn('lower', ['u.email']), 'like', like),
      ]),
    );
  }
  const rows = await q.orderBy('u.name').orderBy('m.user_id').limit(filter.limit).execute();
  return rows.map((r) => ({
    userId: r.user_id,
    name: r.name,
    employeeId: r.employee_id,
    siteIds: r.site_ids ? (JSON.parse(r.site_ids) as string[]) : null,
  }));
}
