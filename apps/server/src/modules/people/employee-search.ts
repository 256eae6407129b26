import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import type { SearchDocument, SearchSource } from '../../platform/registry.js';
import { indexDocument } from '../search/index.js';
import './people.tables.js';

/** Index work is done in chunks so a large import never builds one huge `in (…)` list. */
const CHUNK = 500;

function employeeRows(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('employees as e')
    .leftJoin('sites as s', 's.id', 'e.site_id')
    .leftJoin('positions as p', 'p.id', 'e.position_id')
    .leftJoin('departments as d', 'd.id', 'e.department_id')
    .where('e.org_id', '=', orgId)
    .select([
      'e.id',
      'e.org_id',
      'e.first_name',
      'e.last_name',
      'e.email',
      'e.phone',
      'e.employee_number',
      'e.skills',
      'e.site_id',
      'e.archived_at',
      's.name as site_name',
      'p.title as position_title',
      'd.name as department_name',
    ]);
}

type EmployeeSearchRow = Awaited<ReturnType<ReturnType<typeof employeeRows>['execute']>>[number];

/**
 * An employee as a search document: title the name, subtitle "position · site" (and
 * "Archived"), body e-mail, number, phone, department and skills. Readable with people.read
 * inside the employee's site.
 */
export function employeeDocument(r: EmployeeSearchRow): SearchDocument {
  const subtitle = [r.position_title, r.site_name, r.archived_at ? 'Archived' : null]
    .filter(Boolean)
    .join(' · ');
  const skills = JSON.parse(r.skills) as string[];
  return {
    orgId: r.org_id,
    entityType: 'employee',
    entityId: r.id,
    siteId: r.site_id,
    title: `${r.first_name} ${r.last_name}`,
    subtitle: subtitle || null,
    body: [r.email, r.employee_number, r.phone, r.department_name, ...skills]
      .filter(Boolean)
      .join(' '),
    href: `/people/${r.id}`,
    permission: 'people.read',
  };
}

/** Writes the search documents of these employees in the caller's transaction. */
export async function indexEmployees(
  db: Kysely<DB>,
  deps: Pick<Deps, 'dialect' | 'clock'>,
  orgId: string,
  ids: string[],
): Promise<void> {
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await employeeRows(db, orgId)
      .where('e.id', 'in', ids.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) await indexDocument(db, deps, employeeDocument(r));
  }
}

/** Re-indexes the employees whose site, position or department is `ref` (after a rename). */
export async function indexEmployeesOf(
  db: Kysely<DB>,
  deps: Pick<Deps, 'dialect' | 'clock'>,
  orgId: string,
  ref: { siteId?: string; positionId?: string; departmentId?: string },
): Promise<void> {
  let q = db.selectFrom('employees').select('id').where('org_id', '=', orgId);
  if (ref.siteId) q = q.where('site_id', '=', ref.siteId);
  if (ref.positionId) q = q.where('position_id', '=', ref.positionId);
  if (ref.departmentId) q = q.where('department_id', '=', ref.departmentId);
  const rows = await q.execute();
  await indexEmployees(
    db,
    deps,
    orgId,
    rows.map((r) => r.id),
  );
}

/** Every employee of an organization, for `keel reindex`. */
export const employeeSearchSource: SearchSource = {
  entityType: 'employee',
  label: 'People',
  async *reindex(deps, orgId) {
    let after = '';
    for (;;) {
      const rows = await employeeRows(deps.db, orgId)
        .where('e.id', '>', after)
        .orderBy('e.id')
        .limit(CHUNK)
        .execute();
      for (const r of rows) yield employeeDocument(r);
      if (rows.length < CHUNK) return;
      after = rows[rows.length - 1]!.id;
    }
  },
};
