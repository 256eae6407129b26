import type { SchedulingSettings } from '@keel/contracts';
import type { RosterInput, RosterShift } from '@keel/scheduling-rules';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/types.js';
import { positionRequirements, siteEmployees, siteSummaries } from '../people/index.js';
import { loadConstraints } from './constraints.loader.js';
import { addDays, coverageForRange } from './coverage.service.js';
import { loadSchedulingSettings } from './settings.service.js';
import './scheduling.tables.js';

export interface RosterInputQuery {
  orgId: string;
  siteId: string;
  /** local dates, inclusive */
  from: string;
  to: string;
  /** limit people (and their shifts) to these; default: everyone with a shift or of the site */
  employeeIds?: readonly string[];
  /** drafts too (coordinators), or only published shifts */
  includeDrafts: boolean;
  /**
   * drafts among the context shifts (outside the period or at other sites); default
   * `includeDrafts`. Publishing checks its period against what is already published around it,
   * so next week's unfinished drafts never block publishing this week.
   */
  contextDrafts?: boolean;
  includePay: boolean;
}

/** Days of context loaded on either side of the period (rest, consecutive days, weekly hours). */
export const CONTEXT_DAYS = 14;

export type ShiftRow = DB['shifts'];

/** Columns the engine and publishing read (the roster view reads every column). */
const LEAN_COLUMNS = [
  'id',
  'site_id',
  'employee_id',
  'date',
  'start_time',
  'end_time',
  'starts_at',
  'ends_at',
  'paid_minutes',
  'shift_type_id',
  'position_id',
  'published_at',
  'changed_since_publish',
] as const;
const CONTEXT_COLUMNS = [
  'id',
  'site_id',
  'employee_id',
  'date',
  'starts_at',
  'ends_at',
  'paid_minutes',
  'shift_type_id',
  'position_id',
] as const;
export type SiteEmployee = Awaited<ReturnType<typeof siteEmployees>>[number];

export interface RosterData {
  input: RosterInput;
  site: { id: string; name: string; timeZone: string };
  settings: SchedulingSettings;
  /**
   * shifts of the site in the period (what the roster shows), by start; every column with
   * `full`, else only LEAN_COLUMNS (the others are undefined)
   */
  siteShifts: ShiftRow[];
  /** active employees of the site (filters applied) */
  siteEmployees: SiteEmployee[];
}

type ContextRow = Pick<ShiftRow, (typeof CONTEXT_COLUMNS)[number]>;

export const toRosterShift = (r: ContextRow, context: boolean): RosterShift => ({
  id: r.id,
  employeeId: r.employee_id,
  siteId: r.site_id,
  date: r.date,
  start: Date.parse(r.starts_at),
  end: Date.parse(r.ends_at),
  paidMinutes: Number(r.paid_minutes),
  shiftTypeId: r.shift_type_id,
  positionId: r.position_id,
  ...(context ? { context: true } : {}),
});

/**
 * Everything the rule engine reads for a site and period, plus what the roster view shows
 * (the site's shift rows and people). See `buildRosterInput`.
 */
export async function loadRosterData(
  db: Kysely<DB>,
  query: RosterInputQuery & { departmentId?: string; positionId?: string; full?: boolean },
): Promise<RosterData> {
  const { orgId, siteId, from, to } = query;
  const site = (await siteSummaries(db, orgId, [siteId])).get(siteId);
  const timeZone = site?.timeZone ?? 'UTC';
  const filter = {
    ...(query.departmentId ? { departmentId: query.departmentId } : {}),
    ...(query.positionId ? { positionId: query.positionId } : {}),
  };
  const [settings, people, rows] = await Promise.all([
    loadSchedulingSettings(db, orgId),
    siteEmployees(db, orgId, siteId, filter),
    (() => {
      const base = db.selectFrom('shifts');
      let q = (query.full ? base.selectAll() : base.select(LEAN_COLUMNS))
        .where('org_id', '=', orgId)
        .where('site_id', '=', siteId)
        .where('date', '>=', from)
        .where('date', '<=', to);
      if (!query.includeDrafts) q = q.where('published_at', 'is not', null);
      return q.orderBy('starts_at').orderBy('id').execute() as Promise<ShiftRow[]>;
    })(),
  ]);

  const filtered = !!(query.employeeIds || query.departmentId || query.positionId);
  const allowed = query.employeeIds
    ? new Set(query.employeeIds)
    : filtered
      ? new Set(people.map((p) => p.id))
      : null;
  // With a people filter, their shifts and the open ones; else every shift of the site.
  const siteShifts = allowed
    ? rows.filter((r) => r.employee_id === null || allowed.has(r.employee_id))
    : rows;
  const employeeIds = new Set<string>(
    query.employeeIds ? query.employeeIds : people.map((p) => p.id),
  );
  if (!query.employeeIds)
    for (const r of siteShifts) if (r.employee_id) employeeIds.add(r.employee_id);
  const ids = [...employeeIds];

  const ctxFrom = addDays(from, -CONTEXT_DAYS);
  const ctxTo = addDays(to, CONTEXT_DAYS);
  // Their shifts around the period (any site) and inside it at other sites; the site's own
  // shifts in the period are already loaded.
  const context: ContextRow[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    let q = db
      .selectFrom('shifts')
      .select(CONTEXT_COLUMNS)
      .where('org_id', '=', orgId)
      .where('employee_id', 'in', ids.slice(i, i + 500))
      .where('date', '>=', ctxFrom)
      .where('date', '<=', ctxTo)
      .where((eb) =>
        eb.or([eb('date', '<', from), eb('date', '>', to), eb('site_id', '!=', siteId)]),
      );
    if (!(query.contextDrafts ?? query.includeDrafts)) q = q.where('published_at', 'is not', null);
    context.push(...(await q.execute()));
  }

  const typeIds = new Set<string>();
  for (const r of [...siteShifts, ...context]) if (r.shift_type_id) typeIds.add(r.shift_type_id);
  const [constraints, coverage, positions, types] = await Promise.all([
    loadConstraints(db, {
      orgId,
      employeeIds: ids,
      from: ctxFrom,
      to: ctxTo,
      timeZone,
      includePay: query.includePay,
    }),
    coverageForRange(db, { orgId, siteId, from, to }),
    positionRequirements(db, orgId),
    db
      .selectFrom('shift_types')
      .select(['id', 'code', 'name'])
      .where('org_id', '=', orgId)
      .where((eb) =>
        typeIds.size > 0
          ? eb.or([eb('site_id', '=', siteId), eb('id', 'in', [...typeIds])])
          : eb('site_id', '=', siteId),
      )
      .orderBy('start_time')
      .orderBy('code_key')
      .execute(),
  ]);

  const input: RosterInput = {
    period: { from, to, weekStartsOn: settings.weekStartsOn },
    employees: constraints.employees,
    positions: positions.map((p) => ({ id: p.id, name: p.name, requires: p.requires })),
    shiftTypes: types.map((t) => ({ id: t.id, code: t.code, name: t.name })),
    shifts: [
      ...siteShifts.map((r) => toRosterShift(r, false)),
      ...context.map((r) => toRosterShift(r, true)),
    ],
    availability: constraints.availability,
    timeOff: constraints.timeOff,
    coverage,
    preferences: constraints.preferences,
  };
  return {
    input,
    site: { id: siteId, name: site?.name ?? '—', timeZone },
    settings,
    siteShifts,
    siteEmployees: people,
  };
}

/**
 * Everything the rule engine reads for a site and period: shifts in the period plus context
 * shifts of the same people 14 days around it from any site (flagged `context`), people with
 * their rules, qualifications, availability, approved time off and preferences, positions with
 * requirements, coverage needs expanded to dates.
 */
export async function buildRosterInput(
  db: Kysely<DB>,
  query: RosterInputQuery,
): Promise<RosterInput> {
  return (await loadRosterData(db, query)).input;
}
