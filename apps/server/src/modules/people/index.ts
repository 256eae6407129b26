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
export { addQualification } from './qualification.service.js';
export {
  createDepartment,
  createPosition,
  createSite,
  updatePosition,
} from './structure.service.js';

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

/**
 * Locks the organization's employee rows among `ids` until the transaction ends (PostgreSQL; in
 * id order so two callers never deadlock). For other modules' check-then-write per person (shift
 * overlaps); SQLite runs write transactions one at a time and needs nothing.
 */
export async function lockEmployeeRows(
  trx: Kysely<DB>,
  dialect: Deps['dialect'],
  orgId: string,
  ids: readonly string[],
): Promise<void> {
  const sorted = [...new Set(ids)].sort();
  if (dialect !== 'postgres' || sorted.length === 0) return;
  for (let i = 0; i < sorted.length; i += 1000)
    await trx
      .selectFrom('employees')
      .select('id')
      .where('org_id', '=', orgId)
      .where('id', 'in', sorted.slice(i, i + 1000))
      .orderBy('id')
      .forUpdate()
      .execute();
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

/** Title and archive state of the organization's positions among `ids`. */
export async function positionSummaries(
  db: Kysely<DB>,
  orgId: string,
  ids: readonly string[],
): Promise<Map<string, { id: string; name: string; archived: boolean }>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('positions')
    .select(['id', 'title', 'archived_at'])
    .where('org_id', '=', orgId)
    .where('id', 'in', unique)
    .execute();
  return new Map(
    rows.map((r) => [r.id, { id: r.id, name: r.title, archived: r.archived_at !== null }]),
  );
}

/** Active positions of the organization by title (as written). */
export async function positionIdsByTitle(
  db: Kysely<DB>,
  orgId: string,
): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('positions')
    .select(['id', 'title'])
    .where('org_id', '=', orgId)
    .where('archived_at', 'is', null)
    .execute();
  return new Map(rows.map((r) => [r.title, r.id]));
}

/** Name, site, position and archive state of the organization's employees among `ids`. */
export async function employeeSummaries(
  db: Kysely<DB>,
  orgId: string,
  ids: readonly string[],
): Promise<
  Map<
    string,
    {
      id: string;
      name: string;
      siteId: string | null;
      positionId: string | null;
      archived: boolean;
    }
  >
> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('employees')
    .select(['id', 'first_name', 'last_name', 'site_id', 'position_id', 'archived_at'])
    .where('org_id', '=', orgId)
    .where('id', 'in', unique)
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        name: `${r.first_name} ${r.last_name}`,
        siteId: r.site_id,
        positionId: r.position_id,
        archived: r.archived_at !== null,
      },
    ]),
  );
}

/** Employee numbers of the organization's employees among `ids` (null when not set). */
export async function employeeNumbers(
  db: Kysely<DB>,
  orgId: string,
  ids: readonly string[],
): Promise<Map<string, string | null>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('employees')
    .select(['id', 'employee_number'])
    .where('org_id', '=', orgId)
    .where('id', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.id, r.employee_number]));
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

/** Positions of the organization with the skills a person needs to work them (scheduling). */
export async function positionRequirements(
  db: Kysely<DB>,
  orgId: string,
  ids?: readonly string[],
): Promise<{ id: string; name: string; requires: string[]; archived: boolean }[]> {
  if (ids && ids.length === 0) return [];
  let q = db
    .selectFrom('positions')
    .select(['id', 'title', 'required_skills', 'archived_at'])
    .where('org_id', '=', orgId);
  if (ids) q = q.where('id', 'in', [...new Set(ids)]);
  const rows = await q.orderBy('title_key').execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.title,
    requires: parseNames(r.required_skills),
    archived: r.archived_at !== null,
  }));
}

function parseNames(json: string | null): string[] {
  if (!json) return [];
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** What scheduling needs about people: contract, site, skills, pay (unknown ids are left out). */
export interface SchedulingProfile {
  id: string;
  name: string;
  siteId: string | null;
  positionId: string | null;
  employmentType: string;
  contractHoursPerWeek: number | null;
  skills: string[];
  pay: { type: string; amountMinor: number; currency: string | null } | null;
  archived: boolean;
}

export async function schedulingProfiles(
  db: Kysely<DB>,
  orgId: string,
  ids: readonly string[],
): Promise<Map<string, SchedulingProfile>> {
  const unique = [...new Set(ids)];
  const out = new Map<string, SchedulingProfile>();
  if (unique.length === 0) return out;
  const rows = await db
    .selectFrom('employees')
    .select([
      'id',
      'first_name',
      'last_name',
      'site_id',
      'position_id',
      'employment_type',
      'contract_hours_per_week',
      'skills',
      'pay_type',
      'pay_amount_minor',
      'pay_currency',
      'archived_at',
    ])
    .where('org_id', '=', orgId)
    .where('id', 'in', unique)
    .execute();
  for (const r of rows) {
    out.set(r.id, {
      id: r.id,
      name: `${r.first_name} ${r.last_name}`,
      siteId: r.site_id,
      positionId: r.position_id,
      employmentType: r.employment_type,
      contractHoursPerWeek: r.contract_hours_per_week,
      skills: parseNames(r.skills),
      pay:
        r.pay_type && r.pay_amount_minor !== null
          ? { type: r.pay_type, amountMinor: Number(r.pay_amount_minor), currency: r.pay_currency }
          : null,
      archived: r.archived_at !== null,
    });
  }
  return out;
}

/** Active (not archived) employees of a site, optionally of one department / position, by name. */
export async function siteEmployees(
  db: Kysely<DB>,
  orgId: string,
  siteId: string,
  filter: { departmentId?: string; positionId?: string } = {},
): Promise<
  {
    id: string;
    name: string;
    departmentId: string | null;
    positionId: string | null;
    positionName: string | null;
    contractHoursPerWeek: number | null;
  }[]
> {
  let q = db
    .selectFrom('employees as e')
    .leftJoin('positions as p', 'p.id', 'e.position_id')
    .select([
      'e.id',
      'e.first_name',
      'e.last_name',
      'e.department_id',
      'e.position_id',
      'p.title as position_title',
      'e.contract_hours_per_week',
    ])
    .where('e.org_id', '=', orgId)
    .where('e.site_id', '=', siteId)
    .where('e.archived_at', 'is', null);
  if (filter.departmentId) q = q.where('e.department_id', '=', filter.departmentId);
  if (filter.positionId) q = q.where('e.position_id', '=', filter.positionId);
  const rows = await q.orderBy('e.sort_name').orderBy('e.id').execute();
  return rows.map((r) => ({
    id: r.id,
    name: `${r.first_name} ${r.last_name}`,
    departmentId: r.department_id,
    positionId: r.position_id,
    positionName: r.position_title,
    contractHoursPerWeek:
      r.contract_hours_per_week === null ? null : Number(r.contract_hours_per_week),
  }));
}

/** Active employees by name search within sites (null: all), for scheduling lists. */
export async function searchSchedulingProfiles(
  db: Kysely<DB>,
  orgId: string,
  f: {
    q?: string | undefined;
    siteIds: readonly string[] | null;
    ids?: readonly string[] | undefined;
    limit: number;
  },
): Promise<SchedulingProfile[]> {
  if (f.siteIds && f.siteIds.length === 0) return [];
  let q = db
    .selectFrom('employees')
    .select(['id'])
    .where('org_id', '=', orgId)
    .where('archived_at', 'is', null);
  if (f.siteIds) q = q.where('site_id', 'in', [...f.siteIds]);
  if (f.ids) q = q.where('id', 'in', [...f.ids]);
  if (f.q) {
    const term = `%${f.q.toLowerCase()}%`;
    q = q.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['first_name']), 'like', term),
        eb(eb.fn('lower', ['last_name']), 'like', term),
        eb(eb.fn('lower', ['sort_name']), 'like', term),
      ]),
    );
  }
  const rows = await q.orderBy('sort_name').orderBy('id').limit(f.limit).execute();
  const profiles = await schedulingProfiles(
    db,
    orgId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => profiles.get(r.id)).filter((p): p is SchedulingProfile => !!p);
}

/** Ids of the organization's employees whose site is among `siteIds` (archived included). */
export async function employeeIdsInSites(
  db: Kysely<DB>,
  orgId: string,
  siteIds: readonly string[],
): Promise<string[]> {
  if (siteIds.length === 0) return [];
  const rows = await db
    .selectFrom('employees')
    .select('id')
    .where('org_id', '=', orgId)
    .where('site_id', 'in', [...siteIds])
    .execute();
  return rows.map((r) => r.id);
}

/** Dated qualifications (certifications) of the organization's employees among `ids`. */
export async function qualificationsOf(
  db: Kysely<DB>,
  orgId: string,
  ids: readonly string[],
): Promise<
  { employeeId: string; name: string; issuedOn: string | null; expiresOn: string | null }[]
> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const rows = await db
    .selectFrom('employee_qualifications')
    .select(['employee_id', 'name', 'issued_on', 'expires_on'])
    .where('org_id', '=', orgId)
    .where('employee_id', 'in', unique)
    .orderBy('name_key')
    .execute();
  return rows.map((r) => ({
    employeeId: r.employee_id,
    name: r.name,
    issuedOn: r.issued_on,
    expiresOn: r.expires_on,
  }));
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
