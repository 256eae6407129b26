import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import { can } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import type { KeelModule } from '../../platform/http/module.js';
import type { EntityRef } from '../../platform/registry.js';
import { employeeQuery } from './employee.service.js';
import { employeeSearchSource } from './employee-search.js';
import { peopleMigrations } from './people.migrations.js';
import { peopleRoutes } from './people.routes.js';
import './people.tables.js';

export { createEmployee, getEmployee, updateEmployee } from './employee.service.js';
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

/** Name, time zone and archive state of the organization's sites among `ids`. */
export async function siteSummaries(
  db: Kysely<DB>,
  orgId: string,
  ids: readonly string[],
): Promise<Map<string, { id: string; name: string; timeZone: string; archived: boolean }>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('sites')
    .select(['id', 'name', 'time_zone', 'archived_at'])
    .where('org_id', '=', orgId)
    .where('id', 'in', unique)
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      { id: r.id, name: r.name, timeZone: r.time_zone, archived: r.archived_at !== null },
    ]),
  );
}

/** Name and archive state of the organization's departments among `ids`. */
export async function departmentSummaries(
  db: Kysely<DB>,
  orgId: string,
  ids: readonly string[],
): Promise<Map<string, { id: string; name: string; archived: boolean }>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('departments')
    .select(['id', 'name', 'archived_at'])
    .where('org_id', '=', orgId)
    .where('id', 'in', unique)
    .execute();
  return new Map(
    rows.map((r) => [r.id, { id: r.id, name: r.name, archived: r.archived_at !== null }]),
  );
}

/** Contract hours per week of the organization's employees among `ids` (null when not set). */
export async function contractHours(
  db: Kysely<DB>,
  orgId: string,
  ids: readonly string[],
): Promise<Map<string, number | null>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('employees')
    .select(['id', 'contract_hours_per_week'])
    .where('org_id', '=', orgId)
    .where('id', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.id, r.contract_hours_per_week]));
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

// ── Labels and links for other modules (comments, attachments, task subjects) ──────────────

const describeEmployees = async (deps: Deps, actor: Actor, ids: string[]) => {
  const out = new Map<string, EntityRef>();
  if (!can(actor, 'people.read') || ids.length === 0) return out;
  const rows = await employeeQuery(deps.db, actor).where('e.id', 'in', ids).execute();
  for (const r of rows) {
    out.set(r.id, {
      entityType: 'employee',
      id: r.id,
      label: `${r.first_name} ${r.last_name}`,
      href: `/people/${r.id}`,
      siteId: r.site_id,
    });
  }
  return out;
};

const describeSites = async (deps: Deps, actor: Actor, ids: string[]) => {
  const out = new Map<string, EntityRef>();
  if (!can(actor, 'sites.read') || ids.length === 0) return out;
  const rows = await deps.db
    .selectFrom('sites')
    .select(['id', 'name'])
    .where('org_id', '=', actor.orgId)
    .where('id', 'in', ids)
    .execute();
  for (const r of rows) {
    if (actor.siteIds !== null && !actor.siteIds.includes(r.id)) continue;
    out.set(r.id, { entityType: 'site', id: r.id, label: r.name, href: '/sites', siteId: r.id });
  }
  return out;
};

const describeNamed =
  (
    table: 'departments' | 'positions',
    permission: 'departments.read' | 'positions.read',
    href: string,
  ) =>
  async (deps: Deps, actor: Actor, ids: string[]) => {
    const out = new Map<string, EntityRef>();
    if (!can(actor, permission) || ids.length === 0) return out;
    const entityType = table === 'departments' ? 'department' : 'position';
    const rows =
      table === 'departments'
        ? await deps.db
            .selectFrom('departments')
            .select(['id', 'name as label'])
            .where('org_id', '=', actor.orgId)
            .where('id', 'in', ids)
            .execute()
        : await deps.db
            .selectFrom('positions')
            .select(['id', 'title as label'])
            .where('org_id', '=', actor.orgId)
            .where('id', 'in', ids)
            .execute();
    for (const r of rows)
      out.set(r.id, { entityType, id: r.id, label: r.label, href, siteId: null });
    return out;
  };

/** Job title, department and site of employees (for the member directory); unknown ids are left out. */
export async function employeeCards(
  db: Kysely<DB>,
  orgId: string,
  ids: readonly string[],
): Promise<
  Map<
    string,
    { positionTitle: string | null; departmentName: string | null; siteId: string | null }
  >
> {
  const out = new Map<
    string,
    { positionTitle: string | null; departmentName: string | null; siteId: string | null }
  >();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('employees as e')
    .leftJoin('positions as p', 'p.id', 'e.position_id')
    .leftJoin('departments as d', 'd.id', 'e.department_id')
    .select(['e.id', 'e.site_id', 'p.title as position_title', 'd.name as department_name'])
    .where('e.org_id', '=', orgId)
    .where('e.id', 'in', [...ids])
    .execute();
  for (const r of rows) {
    out.set(r.id, {
      positionTitle: r.position_title,
      departmentName: r.department_name,
      siteId: r.site_id,
    });
  }
  return out;
}

export const peopleModule: KeelModule = {
  name: 'people',
  migrations: peopleMigrations,
  routes: peopleRoutes,
  searchSources: [employeeSearchSource],
  entities: [
    { entityType: 'employee', canRead: visibleEmployee, describe: describeEmployees },
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
      describe: describeSites,
    },
    {
      entityType: 'department',
      canRead: inOrg('departments', 'departments.read'),
      describe: describeNamed('departments', 'departments.read', '/departments'),
    },
    {
      entityType: 'position',
      canRead: inOrg('positions', 'positions.read'),
      describe: describeNamed('positions', 'positions.read', '/positions'),
    },
  ],
};
