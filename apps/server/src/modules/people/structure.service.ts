import type { Department, Position, Site } from '@keel/contracts';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { conflict, KeelError, notFound } from '../../platform/errors.js';
import { setArchived } from './archive.js';
import { indexEmployeesOf } from './employee-search.js';
import './people.tables.js';

type Opt<T> = T | null | undefined;

/** Counts active employees per site/department/position the actor can see. */
async function employeeCounts(
  db: Kysely<DB>,
  actor: Actor,
  column: 'site_id' | 'department_id' | 'position_id',
): Promise<Map<string, number>> {
  let q = db
    .selectFrom('employees')
    .select([column, (eb) => eb.fn.countAll<number>().as('n')])
    .where('org_id', '=', actor.orgId)
    .where('archived_at', 'is', null)
    .where(column, 'is not', null);
  if (actor.siteIds) {
    const ids = actor.siteIds.length ? [...actor.siteIds] : ['-'];
    q = q.where((eb) => eb.or([eb('site_id', 'is', null), eb('site_id', 'in', ids)]));
  }
  const rows = await q.groupBy(column).execute();
  return new Map(rows.map((r) => [r[column] as string, Number(r.n)]));
}

function uniqueCode<T>(entity: string, field: string) {
  return (err: unknown): T => {
    if (isUniqueViolation(err)) {
      throw conflict(
        `${entity.toUpperCase()}_${field.toUpperCase()}_TAKEN`,
        `Another ${entity} already uses this ${field}.`,
        [{ field, message: `is already used by another ${entity}` }],
      );
    }
    throw err;
  };
}

const now = (deps: Deps) => deps.clock.now().toISOString();

// ── Sites ──────────────────────────────────────────────────────────────────

type SiteRow = DB['sites'];

const toSite = (r: SiteRow, counts: Map<string, number>): Site => ({
  id: r.id,
  name: r.name,
  code: r.code,
  timeZone: r.time_zone,
  address: {
    line1: r.address_line1,
    line2: r.address_line2,
    city: r.city,
    region: r.region,
    postalCode: r.postal_code,
    country: r.country,
  },
  archivedAt: r.archived_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  employeeCount: counts.get(r.id) ?? 0,
});

/** Flat, so a history shows just the address line that changed. */
const siteSnapshot = (r: SiteRow) => ({
  name: r.name,
  code: r.code,
  timeZone: r.time_zone,
  addressLine1: r.address_line1,
  addressLine2: r.address_line2,
  city: r.city,
  region: r.region,
  postalCode: r.postal_code,
  country: r.country,
  archivedAt: r.archived_at,
});

function visibleSites(db: Kysely<DB>, actor: Actor) {
  let q = db.selectFrom('sites').selectAll().where('org_id', '=', actor.orgId);
  if (actor.siteIds) q = q.where('id', 'in', actor.siteIds.length ? [...actor.siteIds] : ['-']);
  return q;
}

export async function listSites(
  deps: Deps,
  actor: Actor,
  query: { q?: string | undefined; includeArchived: boolean },
) {
  let q = visibleSites(deps.db, actor);
  if (!query.includeArchived) q = q.where('archived_at', 'is', null);
  if (query.q) {
    const like = `%${query.q.toLowerCase()}%`;
    q = q.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['name']), 'like', like),
        eb(eb.fn('lower', ['code']), 'like', like),
      ]),
    );
  }
  const [rows, counts] = await Promise.all([
    q.orderBy('name').orderBy('id').execute(),
    employeeCounts(deps.db, actor, 'site_id'),
  ]);
  return { items: rows.map((r) => toSite(r, counts)) };
}

async function loadSite(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await visibleSites(db, actor).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('site');
  return row;
}

export async function getSite(deps: Deps, actor: Actor, id: string) {
  const row = await loadSite(deps.db, actor, id);
  return toSite(row, await employeeCounts(deps.db, actor, 'site_id'));
}

interface SiteInput {
  name?: string | undefined;
  code?: string | undefined;
  timeZone?: string | undefined;
  address?:
    | {
        line1?: Opt<string>;
        line2?: Opt<string>;
        city?: Opt<string>;
        region?: Opt<string>;
        postalCode?: Opt<string>;
        country?: Opt<string>;
      }
    | undefined;
}

function applySite(base: SiteRow, input: SiteInput): SiteRow {
  const a = input.address;
  const pick = (v: Opt<string>, old: string | null) => (v === undefined ? old : v);
  return {
    ...base,
    name: input.name ?? base.name,
    code: input.code ?? base.code,
    time_zone: input.timeZone ?? base.time_zone,
    address_line1: pick(a?.line1, base.address_line1),
    address_line2: pick(a?.line2, base.address_line2),
    city: pick(a?.city, base.city),
    region: pick(a?.region, base.region),
    postal_code: pick(a?.postalCode, base.postal_code),
    country: pick(a?.country?.toUpperCase(), base.country),
  };
}

export async function createSite(
  deps: Deps,
  actor: Actor,
  input: SiteInput & { name: string; code: string; timeZone: string },
) {
  const at = now(deps);
  const empty: SiteRow = {
    id: newId(),
    org_id: actor.orgId,
    name: '',
    code: '',
    time_zone: 'UTC',
    address_line1: null,
    address_line2: null,
    city: null,
    region: null,
    postal_code: null,
    country: null,
    archived_at: null,
    created_at: at,
    created_by: actor.userId,
    updated_at: at,
    updated_by: actor.userId,
  };
  const row = applySite(empty, input);
  return deps.db
    .transaction()
    .execute(async (trx) => {
      await trx.insertInto('sites').values(row).execute();
      await recordAudit(trx, {
        actor,
        orgId: actor.orgId,
        action: 'create',
        entityType: 'site',
        entityId: row.id,
        entityLabel: row.name,
        after: siteSnapshot(row),
        at,
      });
      return toSite(row, new Map());
    })
    .catch(uniqueCode<Site>('site', 'code'));
}

export async function updateSite(deps: Deps, actor: Actor, id: string, input: SiteInput) {
  const at = now(deps);
  return deps.db
    .transaction()
    .execute(async (trx) => {
      const before = await loadSite(trx, actor, id);
      const after = { ...applySite(before, input), updated_at: at, updated_by: actor.userId };
      await trx
        .updateTable('sites')
        .set(after)
        .where('id', '=', id)
        .where('org_id', '=', actor.orgId)
        .execute();
      await recordAudit(trx, {
        actor,
        orgId: actor.orgId,
        action: 'update',
        entityType: 'site',
        entityId: id,
        entityLabel: after.name,
        before: siteSnapshot(before),
        after: siteSnapshot(after),
        at,
      });
      // Employees' search entries show the site's name.
      if (after.name !== before.name)
        await indexEmployeesOf(trx, deps, actor.orgId, { siteId: id });
      return toSite(after, await employeeCounts(trx, actor, 'site_id'));
    })
    .catch(uniqueCode<Site>('site', 'code'));
}

export async function setSiteArchived(deps: Deps, actor: Actor, id: string, archived: boolean) {
  const row = await setArchived(
    deps,
    actor,
    {
      table: 'sites',
      entityType: 'site',
      id,
      load: (trx) => loadSite(trx, actor, id),
      label: (r) => r.name,
    },
    archived,
  );
  return toSite(row, await employeeCounts(deps.db, actor, 'site_id'));
}

// ── Departments ────────────────────────────────────────────────────────────

type DeptRow = DB['departments'];
const toDepartment = (r: DeptRow, counts: Map<string, number>): Department => ({
  id: r.id,
  name: r.name,
  code: r.code,
  description: r.description,
  archivedAt: r.archived_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  employeeCount: counts.get(r.id) ?? 0,
});
const deptSnapshot = (r: DeptRow) => ({
  name: r.name,
  code: r.code,
  description: r.description,
  archivedAt: r.archived_at,
});

export async function listDepartments(
  deps: Deps,
  actor: Actor,
  query: { q?: string | undefined; includeArchived: boolean },
) {
  let q = deps.db.selectFrom('departments').selectAll().where('org_id', '=', actor.orgId);
  if (!query.includeArchived) q = q.where('archived_at', 'is', null);
  if (query.q) {
    const like = `%${query.q.toLowerCase()}%`;
    q = q.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['name']), 'like', like),
        eb(eb.fn('lower', ['code']), 'like', like),
      ]),
    );
  }
  const [rows, counts] = await Promise.all([
    q.orderBy('name').orderBy('id').execute(),
    employeeCounts(deps.db, actor, 'department_id'),
  ]);
  return { items: rows.map((r) => toDepartment(r, counts)) };
}

async function loadDepartment(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await db
    .selectFrom('departments')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('department');
  return row;
}

export async function getDepartment(deps: Deps, actor: Actor, id: string) {
  return toDepartment(
    await loadDepartment(deps.db, actor, id),
    await employeeCounts(deps.db, actor, 'department_id'),
  );
}

type DeptInput = {
  name?: string | undefined;
  code?: string | undefined;
  description?: Opt<string>;
};

export async function createDepartment(
  deps: Deps,
  actor: Actor,
  input: DeptInput & { name: string; code: string },
) {
  const at = now(deps);
  const row: DeptRow = {
    id: newId(),
    org_id: actor.orgId,
    name: input.name,
    code: input.code,
    description: input.description ?? null,
    archived_at: null,
    created_at: at,
    created_by: actor.userId,
    updated_at: at,
    updated_by: actor.userId,
  };
  return deps.db
    .transaction()
    .execute(async (trx) => {
      await trx.insertInto('departments').values(row).execute();
      await recordAudit(trx, {
        actor,
        orgId: actor.orgId,
        action: 'create',
        entityType: 'department',
        entityId: row.id,
        entityLabel: row.name,
        after: deptSnapshot(row),
        at,
      });
      return toDepartment(row, new Map());
    })
    .catch(uniqueCode<Department>('department', 'code'));
}

export async function updateDepartment(deps: Deps, actor: Actor, id: string, input: DeptInput) {
  const at = now(deps);
  return deps.db
    .transaction()
    .execute(async (trx) => {
      const before = await loadDepartment(trx, actor, id);
      const after: DeptRow = {
        ...before,
        name: input.name ?? before.name,
        code: input.code ?? before.code,
        description: input.description === undefined ? before.description : input.description,
        updated_at: at,
        updated_by: actor.userId,
      };
      await trx.updateTable('departments').set(after).where('id', '=', id).execute();
      await recordAudit(trx, {
        actor,
        orgId: actor.orgId,
        action: 'update',
        entityType: 'department',
        entityId: id,
        entityLabel: after.name,
        before: deptSnapshot(before),
        after: deptSnapshot(after),
        at,
      });
      if (after.name !== before.name)
        await indexEmployeesOf(trx, deps, actor.orgId, { departmentId: id });
      return toDepartment(after, await employeeCounts(trx, actor, 'department_id'));
    })
    .catch(uniqueCode<Department>('department', 'code'));
}

export async function setDepartmentArchived(
  deps: Deps,
  actor: Actor,
  id: string,
  archived: boolean,
) {
  const row = await setArchived(
    deps,
    actor,
    {
      table: 'departments',
      entityType: 'department',
      id,
      load: (trx) => loadDepartment(trx, actor, id),
      label: (r) => r.name,
    },
    archived,
  );
  return toDepartment(row, await employeeCounts(deps.db, actor, 'department_id'));
}

// ── Positions ──────────────────────────────────────────────────────────────

type PosRow = DB['positions'];
const toPosition = (r: PosRow, counts: Map<string, number>): Position => ({
  id: r.id,
  title: r.title,
  departmentId: r.department_id,
  description: r.description,
  archivedAt: r.archived_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  employeeCount: counts.get(r.id) ?? 0,
  requiredSkills: parseSkills(r.required_skills),
});
function parseSkills(json: string | null | undefined): string[] {
  try {
    const v: unknown = JSON.parse(json ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
const posSnapshot = (r: PosRow) => ({
  title: r.title,
  departmentId: r.department_id,
  description: r.description,
  requiredSkills: parseSkills(r.required_skills),
  archivedAt: r.archived_at,
});

export async function listPositions(
  deps: Deps,
  actor: Actor,
  query: { q?: string | undefined; includeArchived: boolean },
) {
  let q = deps.db.selectFrom('positions').selectAll().where('org_id', '=', actor.orgId);
  if (!query.includeArchived) q = q.where('archived_at', 'is', null);
  if (query.q) q = q.where('title_key', 'like', `%${query.q.toLowerCase()}%`);
  const [rows, counts] = await Promise.all([
    q.orderBy('title_key').orderBy('id').execute(),
    employeeCounts(deps.db, actor, 'position_id'),
  ]);
  return { items: rows.map((r) => toPosition(r, counts)) };
}

async function loadPosition(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await db
    .selectFrom('positions')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('position');
  return row;
}

export async function getPosition(deps: Deps, actor: Actor, id: string) {
  return toPosition(
    await loadPosition(deps.db, actor, id),
    await employeeCounts(deps.db, actor, 'position_id'),
  );
}

async function checkDepartmentRef(db: Kysely<DB>, orgId: string, id: Opt<string>, field: string) {
  if (!id) return;
  const row = await db
    .selectFrom('departments')
    .select(['id', 'archived_at'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row)
    throw new KeelError(
      'invalid',
      'DEPARTMENT_NOT_FOUND',
      `${field}: is not a department of this organization`,
      { fields: [{ field, message: 'is not a department of this organization' }] },
    );
  if (row.archived_at)
    throw new KeelError('invalid', 'DEPARTMENT_ARCHIVED', `${field}: is archived`, {
      fields: [{ field, message: 'is archived' }],
    });
}

type PosInput = {
  title?: string | undefined;
  departmentId?: Opt<string>;
  description?: Opt<string>;
  requiredSkills?: string[] | undefined;
};

export async function createPosition(
  deps: Deps,
  actor: Actor,
  input: PosInput & { title: string },
) {
  const at = now(deps);
  const row: PosRow = {
    id: newId(),
    org_id: actor.orgId,
    title: input.title,
    title_key: input.title.toLowerCase(),
    department_id: input.departmentId ?? null,
    description: input.description ?? null,
    required_skills: JSON.stringify(input.requiredSkills ?? []),
    archived_at: null,
    created_at: at,
    created_by: actor.userId,
    updated_at: at,
    updated_by: actor.userId,
  };
  return deps.db
    .transaction()
    .execute(async (trx) => {
      await checkDepartmentRef(trx, actor.orgId, input.departmentId, 'departmentId');
      await trx.insertInto('positions').values(row).execute();
      await recordAudit(trx, {
        actor,
        orgId: actor.orgId,
        action: 'create',
        entityType: 'position',
        entityId: row.id,
        entityLabel: row.title,
        after: posSnapshot(row),
        at,
      });
      return toPosition(row, new Map());
    })
    .catch(uniqueCode<Position>('position', 'title'));
}

export async function updatePosition(deps: Deps, actor: Actor, id: string, input: PosInput) {
  const at = now(deps);
  return deps.db
    .transaction()
    .execute(async (trx) => {
      const before = await loadPosition(trx, actor, id);
      if (input.departmentId !== undefined && input.departmentId !== before.department_id) {
        await checkDepartmentRef(trx, actor.orgId, input.departmentId, 'departmentId');
      }
      const title = input.title ?? before.title;
      const after: PosRow = {
        ...before,
        title,
        title_key: title.toLowerCase(),
        department_id: input.departmentId === undefined ? before.department_id : input.departmentId,
        description: input.description === undefined ? before.description : input.description,
        required_skills:
          input.requiredSkills === undefined
            ? before.required_skills
            : JSON.stringify(input.requiredSkills),
        updated_at: at,
        updated_by: actor.userId,
      };
      await trx.updateTable('positions').set(after).where('id', '=', id).execute();
      await recordAudit(trx, {
        actor,
        orgId: actor.orgId,
        action: 'update',
        entityType: 'position',
        entityId: id,
        entityLabel: after.title,
        before: posSnapshot(before),
        after: posSnapshot(after),
        at,
      });
      if (after.title !== before.title)
        await indexEmployeesOf(trx, deps, actor.orgId, { positionId: id });
      return toPosition(after, await employeeCounts(trx, actor, 'position_id'));
    })
    .catch(uniqueCode<Position>('position', 'title'));
}

export async function setPositionArchived(deps: Deps, actor: Actor, id: string, archived: boolean) {
  const row = await setArchived(
    deps,
    actor,
    {
      table: 'positions',
      entityType: 'position',
      id,
      load: (trx) => loadPosition(trx, actor, id),
      label: (r) => r.title,
    },
    archived,
  );
  return toPosition(row, await employeeCounts(deps.db, actor, 'position_id'));
}
