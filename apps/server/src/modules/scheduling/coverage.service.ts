import type { scheduling as contract } from '@keel/contracts';
import type { CoverageNeed } from '@keel/scheduling-rules';
import { addDays, daysBetween, isoWeekday } from '@keel/scheduling-rules';
import type { Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit.service.js';
import { type Actor, canSeeSite } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import { lockOrganization } from '../../platform/db/locks.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { invalid, notFound } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import { positionSummaries, siteSummaries } from '../people/index.js';
import './scheduling.tables.js';

/** Local-date arithmetic: the engine's, one implementation for the whole module. */
export { addDays, daysBetween, isoWeekday };

const DAY_MS = 86_400_000;

/** Local calendar dates 'YYYY-MM-DD' as plain day numbers (no time zone involved). */
export function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

const needKey = (shiftTypeId: string, positionId: string | null) =>
  `${shiftTypeId}|${positionId ?? ''}`;

/**
 * Coverage needs of a site expanded to each local date in [from, to] (inclusive):
 * - a weekday need applies to every date of that ISO weekday;
 * - a dated need replaces the weekday pattern for its (date, shift type, position);
 * - on a public holiday of the site the Sunday (7) pattern applies instead of the date's own
 *   weekday, except for the (shift type, position) pairs that have a dated need on that date.
 * Needs of archived shift types are left out (no shift of them can be planned).
 */
export async function coverageForRange(
  db: Kysely<DB>,
  query: { orgId: string; siteId: string; from: string; to: string },
): Promise<CoverageNeed[]> {
  const { orgId, siteId, from, to } = query;
  if (daysBetween(from, to) < 0) return [];
  const [rows, holidays] = await Promise.all([
    db
      .selectFrom('coverage_needs as c')
      .innerJoin('shift_types as t', (j) =>
        j.onRef('t.id', '=', 'c.shift_type_id').onRef('t.org_id', '=', 'c.org_id'),
      )
      .select([
        'c.shift_type_id',
        'c.position_id',
        'c.weekday',
        'c.date',
        'c.min_count',
        'c.ideal_count',
      ])
      .where('c.org_id', '=', orgId)
      .where('c.site_id', '=', siteId)
      .where('t.archived_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb('c.weekday', 'is not', null),
          eb.and([eb('c.date', '>=', from), eb('c.date', '<=', to)]),
        ]),
      )
      .orderBy('c.created_at')
      .orderBy('c.id')
      .execute(),
    db
      .selectFrom('public_holidays')
      .select('date')
      .where('org_id', '=', orgId)
      .where('site_id', '=', siteId)
      .where('date', '>=', from)
      .where('date', '<=', to)
      .execute(),
  ]);
  const holidayDates = new Set(holidays.map((h) => String(h.date)));
  const pattern = new Map<number, typeof rows>();
  const dated = new Map<string, typeof rows>();
  for (const r of rows) {
    if (r.date != null) {
      const list = dated.get(String(r.date)) ?? [];
      list.push(r);
      dated.set(String(r.date), list);
    } else if (r.weekday != null) {
      const w = Number(r.weekday);
      const list = pattern.get(w) ?? [];
      list.push(r);
      pattern.set(w, list);
    }
  }

  const out: CoverageNeed[] = [];
  const span = daysBetween(from, to);
  for (let i = 0; i <= span; i++) {
    const date = addDays(from, i);
    const weekday = holidayDates.has(date) ? 7 : isoWeekday(date);
    const overrides = dated.get(date) ?? [];
    const overridden = new Set(overrides.map((r) => needKey(r.shift_type_id, r.position_id)));
    for (const r of pattern.get(weekday) ?? []) {
      if (overridden.has(needKey(r.shift_type_id, r.position_id))) continue;
      out.push({
        siteId,
        date,
        shiftTypeId: r.shift_type_id,
        positionId: r.position_id,
        min: Number(r.min_count),
        ideal: Number(r.ideal_count),
      });
    }
    for (const r of overrides) {
      out.push({
        siteId,
        date,
        shiftTypeId: r.shift_type_id,
        positionId: r.position_id,
        min: Number(r.min_count),
        ideal: Number(r.ideal_count),
      });
    }
  }
  return out;
}

// ── Shared by the setup services ────────────────────────────────────────────

export const nowIso = (deps: Deps) => deps.clock.now().toISOString();

/** A site of the actor's organization inside their site access, else 404. */
export async function requireSite(db: Kysely<DB>, actor: Actor, siteId: string) {
  const site = (await siteSummaries(db, actor.orgId, [siteId])).get(siteId);
  if (!site || !canSeeSite(actor, siteId)) throw notFound('site');
  return site;
}

export type ShiftTypeRow = Selectable<DB['shift_types']>;

/** The site's shift types by id (archived included). */
export async function siteShiftTypes(
  db: Kysely<DB>,
  orgId: string,
  siteId: string,
): Promise<Map<string, ShiftTypeRow>> {
  const rows = await db
    .selectFrom('shift_types')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('site_id', '=', siteId)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** A live event on the scheduling topic for everyone who reads the site's roster. */
export async function setupEvent(
  trx: Kysely<DB>,
  deps: Deps,
  actor: Actor,
  e: { type: string; entityType: string; entityId: string; siteId: string | null },
) {
  await deps.events.record(trx, {
    orgId: actor.orgId,
    type: e.type,
    entityType: e.entityType,
    entityId: e.entityId,
    siteId: e.siteId,
    permission: 'scheduling.read',
    topics: ['scheduling'],
    actorUserId: actor.userId,
  });
}

// ── Coverage needs (weekly pattern and dated overrides) ─────────────────────

type CoverageRow = Selectable<DB['coverage_needs']>;

const toCoverageNeed = (r: CoverageRow) => ({
  id: r.id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  siteId: r.site_id,
  shiftTypeId: r.shift_type_id,
  positionId: r.position_id,
  weekday: r.weekday == null ? null : Number(r.weekday),
  date: r.date == null ? null : String(r.date),
  min: Number(r.min_count),
  ideal: Number(r.ideal_count),
});

async function coverageRows(db: Kysely<DB>, orgId: string, siteId: string) {
  const rows = await db
    .selectFrom('coverage_needs')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('site_id', '=', siteId)
    .execute();
  return sortCoverage(rows);
}

/** Weekday needs first (Mon…Sun), then dated needs by date. */
function sortCoverage(rows: CoverageRow[]) {
  return [...rows].sort(
    (a, b) =>
      (a.weekday == null ? 1 : 0) - (b.weekday == null ? 1 : 0) ||
      Number(a.weekday ?? 0) - Number(b.weekday ?? 0) ||
      String(a.date ?? '').localeCompare(String(b.date ?? '')) ||
      a.shift_type_id.localeCompare(b.shift_type_id) ||
      (a.position_id ?? '').localeCompare(b.position_id ?? ''),
  );
}

/** The coverage needs of a site the actor sees. */
export async function listCoverage(deps: Deps, actor: Actor, siteId: string) {
  await requireSite(deps.db, actor, siteId);
  return { items: (await coverageRows(deps.db, actor.orgId, siteId)).map(toCoverageNeed) };
}

type NeedInput = z.output<typeof contract.coverageNeedBody>;

const auditNeed = (n: {
  shiftTypeId: string;
  positionId: string | null;
  weekday: number | null;
  date: string | null;
  min: number;
  ideal: number;
}) => `${n.shiftTypeId}/${n.positionId ?? '*'}@${n.date ?? `wd${n.weekday}`}:${n.min}-${n.ideal}`;

/**
 * Replaces every coverage need of a site, all or nothing: each shift type must be an active
 * shift type of the site, each position an active position of the organization, and no
 * (shift type, position, weekday or date) may appear twice.
 */
export async function setCoverage(
  deps: Deps,
  actor: Actor,
  input: { siteId: string; needs: NeedInput[] },
) {
  const site = await requireSite(deps.db, actor, input.siteId);
  const at = nowIso(deps);
  const result = await deps.db.transaction().execute(async (trx) => {
    await lockOrganization(trx, deps.dialect, actor.orgId);
    const types = await siteShiftTypes(trx, actor.orgId, site.id);
    const positions = await positionSummaries(
      trx,
      actor.orgId,
      input.needs.flatMap((n) => (n.positionId ? [n.positionId] : [])),
    );
    const seen = new Set<string>();
    const rows: CoverageRow[] = input.needs.map((n, i) => {
      const type = types.get(n.shiftTypeId);
      if (!type)
        throw invalid(
          'SHIFT_TYPE_NOT_FOUND',
          `needs[${i}].shiftTypeId`,
          'is not a shift type of this site',
        );
      if (type.archived_at)
        throw invalid('SHIFT_TYPE_ARCHIVED', `needs[${i}].shiftTypeId`, 'is archived');
      const positionId = n.positionId ?? null;
      if (positionId) {
        const p = positions.get(positionId);
        if (!p)
          throw invalid(
            'POSITION_NOT_FOUND',
            `needs[${i}].positionId`,
            'is not a position of this organization',
          );
        if (p.archived) throw invalid('POSITION_ARCHIVED', `needs[${i}].positionId`, 'is archived');
      }
      if (n.ideal < n.min)
        throw invalid('IDEAL_BELOW_MIN', `needs[${i}].ideal`, 'must be at least min');
      const weekday = n.date ? null : (n.weekday ?? null);
      const date = n.date ?? null;
      const key = `${n.shiftTypeId}|${positionId ?? ''}|${date ?? `w${weekday}`}`;
      if (seen.has(key))
        throw invalid(
          'DUPLICATE_COVERAGE_NEED',
          `needs[${i}]`,
          'repeats the shift type, position and day of an earlier need',
        );
      seen.add(key);
      return {
        id: newId(),
        org_id: actor.orgId,
        site_id: site.id,
        shift_type_id: n.shiftTypeId,
        position_id: positionId,
        weekday,
        date,
        min_count: n.min,
        ideal_count: n.ideal,
        created_at: at,
        created_by: actor.userId,
        updated_at: at,
        updated_by: actor.userId,
      };
    });
    const before = await coverageRows(trx, actor.orgId, site.id);
    await trx
      .deleteFrom('coverage_needs')
      .where('org_id', '=', actor.orgId)
      .where('site_id', '=', site.id)
      .execute();
    for (let i = 0; i < rows.length; i += 200) {
      await trx
        .insertInto('coverage_needs')
        .values(rows.slice(i, i + 200))
        .execute();
    }
    const after = sortCoverage(rows).map(toCoverageNeed);
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'update',
      entityType: 'coverage',
      entityId: site.id,
      entityLabel: `Coverage needs of ${site.name}`,
      before: { needs: before.map(toCoverageNeed).map(auditNeed).sort() },
      after: { needs: after.map(auditNeed).sort() },
      at,
    });
    await setupEvent(trx, deps, actor, {
      type: 'scheduling.coverage_updated',
      entityType: 'site',
      entityId: site.id,
      siteId: site.id,
    });
    return after;
  });
  afterCommit(deps);
  return { items: result };
}
