import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import { can } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import type { KeelModule } from '../../platform/http/module.js';
import { employeeQuery } from './employee.service.js';
import { peopleMigrations } from './people.migrations.js';
import { peopleRoutes } from './people.routes.js';
import './people.tables.js';

export { createEmployee, updateEmployee } from './employee.service.js';
export { createDepartment, createPosition, createSite } from './structure.service.js';

/** Site ids in `ids` that are not sites of the organization. */
export async function missingSiteIds(
  db: Kysely<DB>,
  orgId: string,
  ids: string[],
): Promise<string[]> {
  const rows = await db
    .selectFrom('sites')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', 'in', ids)
    .execute();
  const found = new Set(rows.map((r) => r.id));
  return ids.filter((id) => !found.has(id));
}

export async function employeeExists(db: Kysely<DB>, orgId: string, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('employees')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return !!row;
}

const visibleEmployee = async (deps: Deps, actor: Actor, id: string) =>
  can(actor, 'people.read') &&
  !!(await employeeQuery(deps.db, actor).where('e.id', '=', id).executeTakeFirst());

const inOrg =
  (table: 'departments' | 'positions', permission: 'departments.read' | 'positions.read') =>
  async (deps: Deps, actor: Actor, id: string) =>
    can(actor, permission) &&
    !!(await deps.db
      .selectFrom(table)
      .select('id')
      .where('org_id', '=', actor.orgId)
      .where('id', '=', id)
      .executeTakeFirst());

export const peopleModule: KeelModule = {
  name: 'people',
  migrations: peopleMigrations,
  routes: peopleRoutes,
  entities: [
    { entityType: 'employee', canRead: visibleEmployee },
    {
      entityType: 'site',
      canRead: async (deps, actor, id) =>
        can(actor, 'sites.read') &&
        (actor.siteIds === null || actor.siteIds.includes(id)) &&
        !!(await deps.db
          .selectFrom('sites')
          .select('id')
          .where('org_id', '=', actor.orgId)
          .where('id', '=', id)
          .executeTakeFirst()),
    },
    { entityType: 'department', canRead: inOrg('departments', 'departments.read') },
    { entityType: 'position', canRead: inOrg('positions', 'positions.read') },
  ],
};
