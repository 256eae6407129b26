import type { Roster } from '@keel/contracts';
import {
  checkRoster,
  coverageCells,
  laborSummary,
  type RuleSeverities,
  withSeverity,
} from '@keel/scheduling-rules';
import { type Actor, can } from '../../platform/auth/actor.js';
import type { Deps } from '../../platform/deps.js';
import { invalid } from '../../platform/errors.js';
import { organizationCurrency } from '../accounts/index.js';
import {
  employeeCards,
  employeeSummaries,
  positionRequirements,
  positionSummaries,
} from '../people/index.js';
import { daysBetween } from './coverage.service.js';
import { loadRosterData } from './roster-input.js';
import { shiftTypeLabels, toShifts } from './shift.read.js';
import { toShiftTypes, visibleSite } from './shift-type.service.js';
import './scheduling.tables.js';

/** Longest roster period one request may ask for, in days. */
export const MAX_ROSTER_DAYS = 42;

/** from ≤ to and at most 42 days (400 naming `to`). */
export function checkPeriod(from: string, to: string) {
  const span = daysBetween(from, to);
  if (span < 0) throw invalid('PERIOD_INVALID', 'to', 'must not be before from');
  if (span >= MAX_ROSTER_DAYS)
    throw invalid('PERIOD_TOO_LONG', 'to', `must be at most ${MAX_ROSTER_DAYS} days after from`);
}

/**
 * The roster of a site for a period: people, shifts (planners see drafts, readers only published
 * shifts), the engine input the browser re-checks (its shifts only the context ones: the period's
 * shifts are sent once, in `shifts`), findings over the whole period, coverage, labor
 * (with people.pay.read) and how much is waiting to be published.
 */
export async function getRoster(
  deps: Deps,
  actor: Actor,
  query: { siteId: string; from: string; to: string; departmentId?: string; positionId?: string },
): Promise<Roster> {
  const db = deps.db;
  await visibleSite(db, actor, query.siteId);
  checkPeriod(query.from, query.to);
  const planner = can(actor, 'scheduling.manage');
  const pay = can(actor, 'people.pay.read');
  const data = await loadRosterData(db, {
    orgId: actor.orgId,
    siteId: query.siteId,
    from: query.from,
    to: query.to,
    includeDrafts: planner,
    includePay: pay,
    full: true,
    ...(query.departmentId ? { departmentId: query.departmentId } : {}),
    ...(query.positionId ? { positionId: query.positionId } : {}),
  });
  const { input, siteShifts } = data;

  // People of the site, then anyone else with a shift here in the period (lent from elsewhere).
  const known = new Set(data.siteEmployees.map((e) => e.id));
  const visitorIds = [
    ...new Set(siteShifts.flatMap((s) => (s.employee_id ? [s.employee_id] : []))),
  ].filter((id) => !known.has(id));
  const [visitors, visitorCards, typeRows, positionRows, holidays, pubs, currency] =
    await Promise.all([
      employeeSummaries(db, actor.orgId, visitorIds),
      employeeCards(db, actor.orgId, visitorIds),
      db
        .selectFrom('shift_types')
        .selectAll()
        .where('org_id', '=', actor.orgId)
        .where('site_id', '=', query.siteId)
        .orderBy('start_time')
        .orderBy('code_key')
        .execute(),
      positionRequirements(db, actor.orgId),
      db
        .selectFrom('public_holidays')
        .select(['date', 'name'])
        .where('org_id', '=', actor.orgId)
        .where('site_id', '=', query.siteId)
        .where('date', '>=', query.from)
        .where('date', '<=', query.to)
        .orderBy('date')
        .execute(),
      db
        .selectFrom('roster_publications')
        .select(['version', 'created_at'])
        .where('org_id', '=', actor.orgId)
        .where('site_id', '=', query.siteId)
        .where('period_from', '<=', query.to)
        .where('period_to', '>=', query.from)
        .orderBy('created_at', 'desc')
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst(),
      pay ? organizationCurrency(db, actor.orgId) : Promise.resolve(null),
    ]);

  const employees = [
    ...data.siteEmployees.map((e) => ({
      id: e.id,
      name: e.name,
      departmentId: e.departmentId,
      positionId: e.positionId,
      positionName: e.positionName,
      contractMinutesPerWeek:
        e.contractHoursPerWeek === null ? null : Math.round(e.contractHoursPerWeek * 60),
    })),
    ...visitorIds.flatMap((id) => {
      const v = visitors.get(id);
      if (!v) return [];
      return [
        {
          id,
          name: v.name,
          departmentId: null,
          positionId: v.positionId,
          positionName: visitorCards.get(id)?.positionTitle ?? null,
          contractMinutesPerWeek: null,
        },
      ];
    }),
  ].sort((a, b) => a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id));

  const usedTypes = new Set(siteShifts.flatMap((s) => (s.shift_type_id ? [s.shift_type_id] : [])));
  const types = typeRows.filter((t) => t.archived_at === null || usedTypes.has(t.id));
  const usedPositions = new Set<string>();
  for (const s of siteShifts) if (s.position_id) usedPositions.add(s.position_id);
  for (const t of types) if (t.position_id) usedPositions.add(t.position_id);
  const positions = positionRows
    .filter((p) => !p.archived || usedPositions.has(p.id))
    .map((p) => ({ id: p.id, name: p.name }));

  const typeLabels = new Map(
    typeRows.map((t) => [t.id, { id: t.id, code: t.code, name: t.name, color: t.color }]),
  );
  const missingTypes = [...usedTypes].filter((id) => !typeLabels.has(id));
  for (const [id, t] of await shiftTypeLabels(db, actor.orgId, missingTypes)) typeLabels.set(id, t);
  const names = new Map<string, { id: string; name: string }>();
  for (const e of employees) names.set(e.id, { id: e.id, name: e.name });
  for (const e of input.employees) if (!names.has(e.id)) names.set(e.id, e);
  const positionNames = await positionSummaries(db, actor.orgId, [...usedPositions]);

  const shifts = await toShifts(db, actor.orgId, siteShifts, {
    timeZones: new Map([[data.site.id, data.site.timeZone]]),
    types: typeLabels,
    positions: positionNames,
    employees: names,
  });
  const severities = data.settings.severities as RuleSeverities;
  const findings = withSeverity(checkRoster(input), severities);

  return {
    site: data.site,
    from: query.from,
    to: query.to,
    weekStartsOn: data.settings.weekStartsOn,
    currency,
    canEditDrafts: planner,
    canPublish: can(actor, 'scheduling.publish'),
    employees,
    shiftTypes: await toShiftTypes(db, actor.orgId, types),
    positions,
    holidays: holidays.map((h) => ({ date: h.date, name: h.name })),
    shifts,
    // Each shift once: the period's shifts are `shifts`; the engine input carries only the
    // context shifts and the browser rebuilds the rest (roster-model `engineInput`).
    input: { ...input, shifts: input.shifts.filter((s) => s.context) },
    severities: data.settings.severities,
    findings,
    coverage: coverageCells(input),
    labor: pay ? laborSummary(input) : null,
    publication: {
      draftCount: planner ? siteShifts.filter((s) => !s.published_at).length : 0,
      changedCount: planner
        ? siteShifts.filter((s) => s.published_at && Boolean(s.changed_since_publish)).length
        : 0,
      lastVersion: pubs ? Number(pubs.version) : null,
      lastPublishedAt: pubs?.created_at ?? null,
    },
  };
}
