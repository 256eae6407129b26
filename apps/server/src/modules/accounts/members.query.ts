import { type Permission, ROLES, type Role } from '@keel/contracts';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/types.js';
import { rolePermissions } from './auth.service.js';
import './accounts.tables.js';

/** An active member as other modules need them: who, how to reach them, what they may do. */
export interface OrgMember {
  userId: string;
  name: string;
  email: string;
  role: Role;
  /** null: every site. */
  siteIds: string[] | null;
  permissions: ReadonlySet<Permission>;
}

/**
 * The organization's active members (or just those among `userIds`), with their role's
 * permissions: for deciding who is told about or may act on something.
 */
export async function activeMembers(
  db: Kysely<DB>,
  orgId: string,
  userIds?: readonly string[],
): Promise<OrgMember[]> {
  if (userIds && userIds.length === 0) return [];
  let q = db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'm.role', 'm.site_ids', 'u.name', 'u.email'])
    .where('m.org_id', '=', orgId)
    .where('m.status', '=', 'active');
  if (userIds) q = q.where('m.user_id', 'in', [...userIds]);
  const rows = await q.orderBy('u.name').execute();
  const byRole = new Map<string, ReadonlySet<Permission>>();
  const out: OrgMember[] = [];
  for (const r of rows) {
    if (!(ROLES as readonly string[]).includes(r.role)) continue;
    const role = r.role as Role;
    let perms = byRole.get(role);
    if (!perms) {
      perms = new Set(await rolePermissions(db, orgId, role));
      byRole.set(role, perms);
    }
    out.push({
      userId: r.user_id,
      name: r.name,
      email: r.email,
      role,
      siteIds: r.site_ids ? (JSON.parse(r.site_ids) as string[]) : null,
      permissions: perms,
    });
  }
  return out;
}

/** Display names of users (any organization's member or not), for "who did it" labels. */
export async function userNames(
  db: Kysely<DB>,
  userIds: readonly string[],
): Promise<Map<string, string>> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** An organization's display name (for e-mails); null when it does not exist. */
export async function organizationName(db: Kysely<DB>, orgId: string): Promise<string | null> {
  const row = await db
    .selectFrom('organizations')
    .select('name')
    .where('id', '=', orgId)
    .executeTakeFirst();
  return row?.name ?? null;
}

/** Every organization's id, oldest first (for maintenance commands such as `keel reindex`). */
export async function organizationIds(db: Kysely<DB>): Promise<string[]> {
  const rows = await db.selectFrom('organizations').select('id').orderBy('created_at').execute();
  return rows.map((r) => r.id);
}

/** An organization's time zone (IANA name); null when it does not exist. */
export async function organizationTimeZone(db: Kysely<DB>, orgId: string): Promise<string | null> {
  const row = await db
    .selectFrom('organizations')
    .select('time_zone')
    .where('id', '=', orgId)
    .executeTakeFirst();
  return row?.time_zone ?? null;
}
