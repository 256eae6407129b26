import type { Employee, people } from '@keel/contracts';
import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import type { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit.service.js';
import { type Actor, can, canSeeSite } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import {
  conflict,
  type FieldError,
  forbidden,
  KeelError,
  notFound,
} from '../../platform/errors.js';
import { decodeCursor, encodeCursor, isCursorId } from '../../platform/http/cursor.js';
import { organizationCurrency, userIdsByEmployee } from '../accounts/index.js';
import { setArchived } from './archive.js';
import { indexEmployees } from './employee-search.js';
import './people.tables.js';

export type CreateEmployeeInput = z.output<typeof people.createEmployeeBody>;
export type UpdateEmployeeInput = z.output<typeof people.updateEmployeeBody>;
export type ListEmployeesQuery = z.output<typeof people.listEmployeesQuery>;

type Row = DB['employees'];

/**
 * Employees of the actor's organization inside their site access; an employee without a site
 * is organization-wide and visible to every member who may read people.
 */
function scopedEmployees(db: Kysely<DB>, actor: Actor) {
  let q = db.selectFrom('employees as e').where('e.org_id', '=', actor.orgId);
  if (actor.siteIds) {
    const ids = actor.siteIds.length ? [...actor.siteIds] : ['-'];
    q = q.where((eb) => eb.or([eb('e.site_id', 'is', null), eb('e.site_id', 'in', ids)]));
  }
  return q;
}

/** The employee query with its references joined (no N+1), limited to what the actor can see. */
export function employeeQuery(db: Kysely<DB>, actor: Actor) {
  return scopedEmployees(db, actor)
    .leftJoin('sites as s', 's.id', 'e.site_id')
    .leftJoin('departments as d', 'd.id', 'e.department_id')
    .leftJoin('positions as p', 'p.id', 'e.position_id')
    .leftJoin('employees as m', 'm.id', 'e.manager_id')
    .selectAll('e')
    .select([
      's.name as site_name',
      'd.name as department_name',
      'p.title as position_title',
      'm.first_name as manager_first',
      'm.last_name as manager_last',
    ]);
}

type JoinedRow = Row & {
  site_name: string | null;
  department_name: string | null;
  position_title: string | null;
  manager_first: string | null;
  manager_last: string | null;
};

const ref = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);

export function toEmployee(r: JoinedRow, actor: Actor, userId: string | null): Employee {
  const e: Employee = {
    id: r.id,
    employeeNumber: r.employee_number,
    firstName: r.first_name,
    lastName: r.last_name,
    name: `${r.first_name} ${r.last_name}`,
    email: r.email,
    phone: r.phone,
    site: ref(r.site_id, r.site_name),
    department: ref(r.department_id, r.department_name),
    position: ref(r.position_id, r.position_title),
    manager: ref(r.manager_id, r.manager_first ? `${r.manager_first} ${r.manager_last}` : null),
    employmentType: r.employment_type as Employee['employmentType'],
    startDate: r.start_date,
    contractHoursPerWeek:
      r.contract_hours_per_week === null ? null : Number(r.contract_hours_per_week),
    skills: JSON.parse(r.skills) as string[],
    status: r.archived_at ? 'archived' : 'active',
    archivedAt: r.archived_at,
    userId,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  if (can(actor, 'people.pay.read')) {
    e.pay =
      r.pay_type && r.pay_amount_minor !== null
        ? {
            type: r.pay_type as 'hourly' | 'salary',
            amountMinor: Number(r.pay_amount_minor),
            currency: r.pay_currency ?? '',
          }
        : null;
  }
  return e;
}

/** What the audit log keeps of an employee; pay fields are restricted to people.pay.read. */
export const employeeSnapshot = (r: Row) => ({
  employeeNumber: r.employee_number,
  firstName: r.first_name,
  lastName: r.last_name,
  email: r.email,
  phone: r.phone,
  siteId: r.site_id,
  departmentId: r.department_id,
  positionId: r.position_id,
  managerId: r.manager_id,
  employmentType: r.employment_type,
  startDate: r.start_date,
  contractHoursPerWeek: r.contract_hours_per_week,
  skills: JSON.parse(r.skills) as string[],
  payType: r.pay_type,
  payAmountMinor: r.pay_amount_minor,
  payCurrency: r.pay_currency,
  archivedAt: r.archived_at,
});
export const PAY_FIELDS = {
  payType: 'people.pay.read',
  payAmountMinor: 'people.pay.read',
  payCurrency: 'people.pay.read',
} as const;

async function withUsers(db: Kysely<DB>, actor: Actor, rows: JoinedRow[]) {
  const users = await userIdsByEmployee(
    db,
    actor.orgId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toEmployee(r, actor, users.get(r.id) ?? null));
}

type EmployeeFilter = Omit<ListEmployeesQuery, 'cursor' | 'limit' | 'sort' | 'order'>;
type EmployeeExpressions = ExpressionBuilder<DB & { e: DB['employees'] }, 'e'>;

/** The list filters as one condition on `e` (the employees table), for the page and its count. */
function employeeFilter(eb: EmployeeExpressions, f: EmployeeFilter): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [];
  if (f.status === 'active') parts.push(eb('e.archived_at', 'is', null));
  if (f.status === 'archived') parts.push(eb('e.archived_at', 'is not', null));
  if (f.siteId) parts.push(eb('e.site_id', '=', f.siteId));
  if (f.departmentId) parts.push(eb('e.department_id', '=', f.departmentId));
  if (f.positionId) parts.push(eb('e.position_id', '=', f.positionId));
  if (f.managerId) parts.push(eb('e.manager_id', '=', f.managerId));
  if (f.employmentType) parts.push(eb('e.employment_type', '=', f.employmentType));
  if (f.q) {
    const like = `%${f.q.toLowerCase()}%`;
    parts.push(
      eb.or([
        // `||` rather than concat(): PostgreSQL cannot type a bound parameter passed to concat().
        eb(
          eb.fn('lower', [
            sql<string>`${sql.ref('e.first_name')} || ' ' || ${sql.ref('e.last_name')}`,
          ]),
          'like',
          like,
        ),
        eb('e.sort_name', 'like', like),
        eb('e.email', 'like', like),
        eb(eb.fn('lower', ['e.employee_number']), 'like', like),
        eb(eb.fn('lower', ['e.skills']), 'like', like),
      ]),
    );
  }
  return eb.and(parts);
}

function applyFilters(q: ReturnType<typeof employeeQuery>, f: EmployeeFilter) {
  return q.where((eb) => employeeFilter(eb, f));
}

/** How many employees match, counted without the joins the page needs. */
async function countEmployees(db: Kysely<DB>, actor: Actor, f: EmployeeFilter) {
  const row = await scopedEmployees(db, actor)
    .where((eb) => employeeFilter(eb, f))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Sorts on columns that may be null put the nulls last; the others can walk an index. */
const NULLABLE_SORTS = new Set<ListEmployeesQuery['sort']>(['startDate', 'employeeNumber']);

const SORT_COLUMNS = {
  name: 'e.sort_name',
  startDate: 'e.start_date',
  createdAt: 'e.created_at',
  employeeNumber: 'e.employee_number',
} as const;

const isDate = (v: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
const isTimestamp = (v: string) => {
  const d = new Date(v);
  return !Number.isNaN(d.getTime()) && d.toISOString() === v;
};

/** A cursor must carry a sort value the column can hold (PostgreSQL rejects a bad date). */
function validCursor(sort: ListEmployeesQuery['sort'], v: unknown[]): boolean {
  const [value, id] = v;
  if (v.length !== 2 || !isCursorId(id)) return false;
  if (value === null) return sort === 'startDate' || sort === 'employeeNumber';
  if (typeof value !== 'string') return false;
  if (sort === 'startDate') return isDate(value);
  if (sort === 'createdAt') return isTimestamp(value);
  return true;
}

/**
 * Keyset-paginated list: the cursor holds the last row's sort value and id, so page N costs
 * the same as page 1. Rows whose sort value is null come last in either order.
 */
export async function listEmployees(deps: Deps, actor: Actor, query: ListEmployeesQuery) {
  const { db } = deps;
  const col = SORT_COLUMNS[query.sort];
  const dir = query.order;
  let q = applyFilters(employeeQuery(db, actor), query);
  const after = decodeCursor(query.cursor, (v) => validCursor(query.sort, v)) as
    | [string | null, string]
    | null;
  if (after) {
    const [value, id] = after;
    const cmp = dir === 'asc' ? '>' : '<';
    q = q.where((eb) => {
      const c = eb.ref(col);
      const idRef = eb.ref('e.id');
      const parts: Expression<SqlBool>[] = [];
      if (value === null) {
        // Already among the null tail: only later ids with null values remain.
        parts.push(eb.and([eb(c, 'is', null), eb(idRef, cmp, id)]));
      } else {
        parts.push(eb(c, cmp, value));
        parts.push(eb.and([eb(c, '=', value), eb(idRef, cmp, id)]));
        parts.push(eb(c, 'is', null));
      }
      return eb.or(parts);
    });
  }
  const [rows, total] = await Promise.all([
    (NULLABLE_SORTS.has(query.sort)
      ? q.orderBy((eb) => eb.case().when(eb.ref(col), 'is', null).then(1).else(0).end())
      : q
    )
      .orderBy(col, dir)
      .orderBy('e.id', dir)
      .limit(query.limit + 1)
      .execute(),
    countEmployees(db, actor, query),
  ]);
  const pageRows = rows.slice(0, query.limit);
  const last = pageRows[pageRows.length - 1];
  const sortValue = (r: JoinedRow) =>
    ({
      name: r.sort_name,
      startDate: r.start_date,
      createdAt: r.created_at,
      employeeNumber: r.employee_number,
    })[query.sort];
  return {
    items: await withUsers(db, actor, pageRows),
    nextCursor: rows.length > query.limit && last ? encodeCursor([sortValue(last), last.id]) : null,
    total,
  };
}

/** Every employee matching the filters (for export), in name order. */
export async function allEmployees(
  deps: Deps,
  actor: Actor,
  f: Omit<ListEmployeesQuery, 'cursor' | 'limit'>,
) {
  const rows = await applyFilters(employeeQuery(deps.db, actor), f)
    .orderBy('e.sort_name')
    .orderBy('e.id')
    .execute();
  return rows;
}

async function loadRow(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await employeeQuery(db, actor).where('e.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('employee');
  return row;
}

export async function getEmployee(deps: Deps, actor: Actor, id: string) {
  const [e] = await withUsers(deps.db, actor, [await loadRow(deps.db, actor, id)]);
  return e!;
}

export async function getMyEmployee(deps: Deps, actor: Actor) {
  if (!actor.employeeId) return { employee: null };
  // Your own record is yours to see whatever your site access; pay only with people.pay.read.
  const row = await employeeQuery(deps.db, { ...actor, siteIds: null })
    .where('e.id', '=', actor.employeeId)
    .executeTakeFirst();
  if (!row) return { employee: null };
  const [e] = await withUsers(deps.db, actor, [row]);
  return { employee: e! };
}

/**
 * The self-service part of a profile: a member linked to an employee keeps their own phone
 * number current, whatever their role or site access. Audited like any other change.
 */
export async function updateMyEmployee(
  deps: Deps,
  actor: Actor,
  input: { phone?: string | null | undefined },
) {
  if (!actor.employeeId) throw notFound('employee');
  const self = { ...actor, siteIds: null };
  const at = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const before = await loadRow(trx, self, actor.employeeId!);
    if (input.phone === undefined || input.phone === before.phone) return;
    await trx
      .updateTable('employees')
      .set({ phone: input.phone, updated_at: at, updated_by: actor.userId })
      .where('id', '=', before.id)
      .where('org_id', '=', actor.orgId)
      .execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'update',
      entityType: 'employee',
      entityId: before.id,
      entityLabel: `${before.first_name} ${before.last_name}`,
      before: { phone: before.phone },
      after: { phone: input.phone },
      at,
    });
  });
  return getMyEmployee(deps, actor) as Promise<{ employee: Employee }>;
}

const fieldError = (code: string, field: string, message: string) =>
  new KeelError('invalid', code, `${field}: ${message}`, { fields: [{ field, message }] });

/** Checks that a referenced site/department/position/manager exists, is visible and active. */
async function checkRefs(
  db: Kysely<DB>,
  actor: Actor,
  input: {
    siteId?: string | null | undefined;
    departmentId?: string | null | undefined;
    positionId?: string | null | undefined;
    managerId?: string | null | undefined;
  },
  before: Row | null,
) {
  const changed = <K extends 'siteId' | 'departmentId' | 'positionId' | 'managerId'>(
    k: K,
    col: keyof Row,
  ) => input[k] !== undefined && input[k] !== null && input[k] !== (before ? before[col] : null);
  if (changed('siteId', 'site_id')) {
    const s = await db
      .selectFrom('sites')
      .select(['id', 'archived_at'])
      .where('org_id', '=', actor.orgId)
      .where('id', '=', input.siteId!)
      .executeTakeFirst();
    if (!s || !canSeeSite(actor, s.id))
      throw fieldError('SITE_NOT_FOUND', 'siteId', 'is not a site of this organization');
    if (s.archived_at) throw fieldError('SITE_ARCHIVED', 'siteId', 'is archived');
  }
  if (changed('departmentId', 'department_id')) {
    const d = await db
      .selectFrom('departments')
      .select(['archived_at'])
      .where('org_id', '=', actor.orgId)
      .where('id', '=', input.departmentId!)
      .executeTakeFirst();
    if (!d)
      throw fieldError(
        'DEPARTMENT_NOT_FOUND',
        'departmentId',
        'is not a department of this organization',
      );
    if (d.archived_at) throw fieldError('DEPARTMENT_ARCHIVED', 'departmentId', 'is archived');
  }
  if (changed('positionId', 'position_id')) {
    const p = await db
      .selectFrom('positions')
      .select(['archived_at'])
      .where('org_id', '=', actor.orgId)
      .where('id', '=', input.positionId!)
      .executeTakeFirst();
    if (!p)
      throw fieldError(
        'POSITION_NOT_FOUND',
        'positionId',
        'is not a position of this organization',
      );
    if (p.archived_at) throw fieldError('POSITION_ARCHIVED', 'positionId', 'is archived');
  }
  if (changed('managerId', 'manager_id')) {
    const m = await employeeQuery(db, actor)
      .where('e.id', '=', input.managerId!)
      .executeTakeFirst();
    if (!m)
      throw fieldError('MANAGER_NOT_FOUND', 'managerId', 'is not an employee of this organization');
    if (m.archived_at) throw fieldError('MANAGER_ARCHIVED', 'managerId', 'is archived');
    if (before) await assertNoCycle(db, actor.orgId, before.id, m.id);
  }
}

/** A reporting line may not loop: walking up from the new manager must never reach the employee. */
async function assertNoCycle(db: Kysely<DB>, orgId: string, employeeId: string, managerId: string) {
  let current: string | null = managerId;
  for (let depth = 0; current && depth < 1000; depth++) {
    if (current === employeeId) {
      throw fieldError(
        'MANAGER_CYCLE',
        'managerId',
        'would make the employee report to themselves',
      );
    }
    const next: { manager_id: string | null } | undefined = await db
      .selectFrom('employees')
      .select('manager_id')
      .where('org_id', '=', orgId)
      .where('id', '=', current)
      .executeTakeFirst();
    current = next?.manager_id ?? null;
  }
}

function assertPayAllowed(actor: Actor, input: { pay?: unknown }) {
  if (input.pay !== undefined && !can(actor, 'people.pay.manage')) {
    throw forbidden(
      'PAY_PERMISSION_REQUIRED',
      'Changing pay needs the permission people.pay.manage.',
    );
  }
}

function mapUnique(err: unknown): never {
  if (isUniqueViolation(err)) {
    const msg = String((err as Error).message);
    const fields: FieldError[] = msg.includes('email')
      ? [{ field: 'email', message: 'is already used by another employee' }]
      : [{ field: 'employeeNumber', message: 'is already used by another employee' }];
    throw conflict('EMPLOYEE_DUPLICATE', `${fields[0]!.field}: ${fields[0]!.message}`, fields);
  }
  throw err;
}

/**
 * Contract hours keep two decimals (37.5, 22.25), so both databases store the same value and
 * absurd inputs such as 1e-300 become 0 instead of an unreadable float.
 */
const roundHours = (h: number) => Math.round(h * 100) / 100;

/** Builds the row for a create or an update (pay currency defaults to the organization's). */
export function applyEmployeeInput(
  base: Row,
  input: UpdateEmployeeInput,
  orgCurrency: string,
): Row {
  const pick = <T>(v: T | undefined, old: T) => (v === undefined ? old : v);
  const firstName = input.firstName ?? base.first_name;
  const lastName = input.lastName ?? base.last_name;
  const pay = input.pay;
  return {
    ...base,
    employee_number: pick(input.employeeNumber, base.employee_number),
    first_name: firstName,
    last_name: lastName,
    sort_name: `${lastName} ${firstName}`.toLowerCase(),
    email: pick(input.email, base.email),
    phone: pick(input.phone, base.phone),
    site_id: pick(input.siteId, base.site_id),
    department_id: pick(input.departmentId, base.department_id),
    position_id: pick(input.positionId, base.position_id),
    manager_id: pick(input.managerId, base.manager_id),
    employment_type: input.employmentType ?? base.employment_type,
    start_date: pick(input.startDate, base.start_date),
    contract_hours_per_week: pick(
      input.contractHoursPerWeek === undefined || input.contractHoursPerWeek === null
        ? input.contractHoursPerWeek
        : roundHours(input.contractHoursPerWeek),
      base.contract_hours_per_week,
    ),
    skills: input.skills ? JSON.stringify(input.skills) : base.skills,
    pay_type: pay === undefined ? base.pay_type : (pay?.type ?? null),
    pay_amount_minor: pay === undefined ? base.pay_amount_minor : (pay?.amountMinor ?? null),
    pay_currency:
      pay === undefined ? base.pay_currency : pay ? (pay.currency ?? orgCurrency) : null,
  };
}

export function blankEmployee(actor: Actor, at: string): Row {
  return {
    id: newId(),
    org_id: actor.orgId,
    employee_number: null,
    first_name: '',
    last_name: '',
    sort_name: '',
    email: null,
    phone: null,
    site_id: null,
    department_id: null,
    position_id: null,
    manager_id: null,
    employment_type: 'full_time',
    start_date: null,
    contract_hours_per_week: null,
    skills: '[]',
    pay_type: null,
    pay_amount_minor: null,
    pay_currency: null,
    archived_at: null,
    created_at: at,
    created_by: actor.userId,
    updated_at: at,
    updated_by: actor.userId,
  };
}

export async function createEmployee(deps: Deps, actor: Actor, input: CreateEmployeeInput) {
  assertPayAllowed(actor, input);
  const at = deps.clock.now().toISOString();
  const id = await deps.db
    .transaction()
    .execute(async (trx) => {
      await checkRefs(trx, actor, input, null);
      const row = applyEmployeeInput(
        blankEmployee(actor, at),
        input,
        await organizationCurrency(trx, actor.orgId),
      );
      await trx.insertInto('employees').values(row).execute();
      await recordAudit(trx, {
        actor,
        orgId: actor.orgId,
        action: 'create',
        entityType: 'employee',
        entityId: row.id,
        entityLabel: `${row.first_name} ${row.last_name}`,
        after: employeeSnapshot(row),
        restricted: PAY_FIELDS,
        at,
      });
      await indexEmployees(trx, deps, actor.orgId, [row.id]);
      return row.id;
    })
    .catch(mapUnique);
  return getEmployee(deps, actor, id);
}

export async function updateEmployee(
  deps: Deps,
  actor: Actor,
  id: string,
  input: UpdateEmployeeInput,
) {
  assertPayAllowed(actor, input);
  const at = deps.clock.now().toISOString();
  await deps.db
    .transaction()
    .execute(async (trx) => {
      const before = await loadRow(trx, actor, id);
      if (input.managerId === id)
        throw fieldError(
          'MANAGER_CYCLE',
          'managerId',
          'would make the employee report to themselves',
        );
      await checkRefs(trx, actor, input, before);
      const { site_name, department_name, position_title, manager_first, manager_last, ...base } =
        before;
      const after = {
        ...applyEmployeeInput(base, input, await organizationCurrency(trx, actor.orgId)),
        updated_at: at,
        updated_by: actor.userId,
      };
      await trx
        .updateTable('employees')
        .set(after)
        .where('id', '=', id)
        .where('org_id', '=', actor.orgId)
        .execute();
      await recordAudit(trx, {
        actor,
        orgId: actor.orgId,
        action: 'update',
        entityType: 'employee',
        entityId: id,
        entityLabel: `${after.first_name} ${after.last_name}`,
        before: employeeSnapshot(base),
        after: employeeSnapshot(after),
        restricted: PAY_FIELDS,
        at,
      });
      await indexEmployees(trx, deps, actor.orgId, [id]);
    })
    .catch(mapUnique);
  return getEmployee(deps, actor, id);
}

export async function setEmployeeArchived(deps: Deps, actor: Actor, id: string, archived: boolean) {
  await setArchived(
    deps,
    actor,
    {
      table: 'employees',
      entityType: 'employee',
      id,
      load: (trx) => loadRow(trx, actor, id),
      label: (r) => `${r.first_name} ${r.last_name}`,
      afterChange: (trx) => indexEmployees(trx, deps, actor.orgId, [id]),
    },
    archived,
  );
  return getEmployee(deps, actor, id);
}

export async function orgChart(
  deps: Deps,
  actor: Actor,
  f: { siteId?: string | undefined; departmentId?: string | undefined },
) {
  let q = employeeQuery(deps.db, actor).where('e.archived_at', 'is', null);
  if (f.siteId) q = q.where('e.site_id', '=', f.siteId);
  if (f.departmentId) q = q.where('e.department_id', '=', f.departmentId);
  const rows = await q.orderBy('e.sort_name').execute();
  const ids = new Set(rows.map((r) => r.id));
  const reports = new Map<string, number>();
  for (const r of rows)
    if (r.manager_id && ids.has(r.manager_id))
      reports.set(r.manager_id, (reports.get(r.manager_id) ?? 0) + 1);
  return {
    nodes: rows.map((r) => ({
      id: r.id,
      name: `${r.first_name} ${r.last_name}`,
      positionTitle: r.position_title,
      departmentName: r.department_name,
      siteName: r.site_name,
      managerId: r.manager_id && ids.has(r.manager_id) ? r.manager_id : null,
      directReports: reports.get(r.id) ?? 0,
    })),
  };
}
