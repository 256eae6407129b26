import type { Kysely, Selectable } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.service.js';
import { type Actor, canSeeSite } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { conflict, notFound } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import { nowIso, requireSite, setupEvent } from './coverage.service.js';
import './scheduling.tables.js';

type HolidayRow = Selectable<DB['public_holidays']>;

const toHoliday = (r: HolidayRow) => ({
  id: r.id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  siteId: r.site_id,
  date: String(r.date),
  name: r.name,
});

/** Public holidays of a site, by date; one calendar year when `year` is given. */
export async function listHolidays(
  deps: Deps,
  actor: Actor,
  query: { siteId: string; year?: number | undefined },
) {
  await requireSite(deps.db, actor, query.siteId);
  let q = deps.db
    .selectFrom('public_holidays')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('site_id', '=', query.siteId);
  if (query.year != null)
    q = q.where('date', '>=', `${query.year}-01-01`).where('date', '<=', `${query.year}-12-31`);
  const rows = await q.orderBy('date').limit(1000).execute();
  return { items: rows.map(toHoliday) };
}

const duplicate = () =>
  conflict('HOLIDAY_EXISTS', 'This site already has a public holiday on that date', [
    { field: 'date', message: 'already has a public holiday' },
  ]);

/** Adds a public holiday to a site; one per site and date (409 otherwise). */
export async function createHoliday(
  deps: Deps,
  actor: Actor,
  input: { siteId: string; date: string; name: string },
) {
  const site = await requireSite(deps.db, actor, input.siteId);
  const at = nowIso(deps);
  const row: HolidayRow = {
    id: newId(),
    org_id: actor.orgId,
    site_id: site.id,
    date: input.date,
    name: input.name,
    created_at: at,
    created_by: actor.userId,
    updated_at: at,
    updated_by: actor.userId,
  };
  try {
    await deps.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('public_holidays')
        .select('id')
        .where('org_id', '=', actor.orgId)
        .where('site_id', '=', site.id)
        .where('date', '=', input.date)
        .executeTakeFirst();
      if (existing) throw duplicate();
      await trx.insertInto('public_holidays').values(row).execute();
      await recordAudit(trx, {
        actor,
        orgId: actor.orgId,
        action: 'create',
        entityType: 'public_holiday',
        entityId: row.id,
        entityLabel: `${site.name}: ${row.name} (${row.date})`,
        after: { siteId: row.site_id, date: row.date, name: row.name },
        at,
      });
      await setupEvent(trx, deps, actor, {
        type: 'scheduling.holiday_created',
        entityType: 'public_holiday',
        entityId: row.id,
        siteId: site.id,
      });
    });
  } catch (err) {
    // Two requests for the same date at once: the unique constraint decides.
    if (isUniqueViolation(err)) throw duplicate();
    throw err;
  }
  afterCommit(deps);
  return toHoliday(row);
}

async function loadHoliday(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await db
    .selectFrom('public_holidays')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || !canSeeSite(actor, row.site_id)) throw notFound('holiday');
  return row;
}

/** Removes a public holiday. */
export async function deleteHoliday(deps: Deps, actor: Actor, id: string) {
  await loadHoliday(deps.db, actor, id);
  const at = nowIso(deps);
  await deps.db.transaction().execute(async (trx) => {
    const row = await loadHoliday(trx, actor, id);
    await trx.deleteFrom('public_holidays').where('id', '=', row.id).execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'delete',
      entityType: 'public_holiday',
      entityId: row.id,
      entityLabel: `${row.name} (${String(row.date)})`,
      before: { siteId: row.site_id, date: String(row.date), name: row.name },
      at,
    });
    await setupEvent(trx, deps, actor, {
      type: 'scheduling.holiday_deleted',
      entityType: 'public_holiday',
      entityId: row.id,
      siteId: row.site_id,
    });
  });
  afterCommit(deps);
  return { ok: true as const };
}
