import { zonedTime } from '@keel/contracts';
import {
  assignmentFindings,
  checkRoster,
  DEFAULT_RULE_SEVERITIES,
  type RosterInput,
  type RuleSeverities,
  withSeverity,
} from '@keel/scheduling-rules';
import { siteEmployees, siteSummaries } from '../modules/people/index.js';
import { addDays } from '../modules/scheduling/coverage.service.js';
import { publishRoster } from '../modules/scheduling/publish.service.js';
import { buildRosterInput } from '../modules/scheduling/roster-input.js';
import { loadSchedulingSettings } from '../modules/scheduling/settings.service.js';
import { weekStart } from '../modules/scheduling/shift.service.js';
import { type DraftShift, insertDraftShifts } from '../modules/scheduling/shift.write.js';
import { shiftInstants } from '../modules/scheduling/shift-time.js';
import type { Actor } from '../platform/auth/actor.js';
import type { Deps } from '../platform/deps.js';
import { afterCommit } from '../platform/events/event-bus.js';
import type { DemoContext } from './context.js';

type Site = 'CMH' | 'RNO';

/** The site-local calendar date of an instant. */
const localDate = (now: Date, timeZone: string) =>
  new Date(zonedTime.wallClock(now.getTime(), timeZone)).toISOString().slice(0, 10);

/**
 * Fills one week of a site to roughly meet its coverage: for each need (date, shift type,
 * position) the minimum headcount, a little more on some days, each slot going to the first
 * person of that position the rule engine finds nothing against (availability, time off, rest,
 * weekly hours, consecutive days…) — preferring people already on that shift type this week so
 * crews stay together, and then those with the fewest shifts. Slots nobody fits stay unfilled
 * (an under-coverage warning, as in real life).
 */
async function planWeek(
  deps: Deps,
  demo: DemoContext,
  site: Site,
  from: string,
  prefer: readonly string[],
): Promise<DraftShift[]> {
  const orgId = demo.orgId;
  const siteId = demo.siteId[site];
  const to = addDays(from, 6);
  const [input, people, types, settings] = await Promise.all([
    buildRosterInput(deps.db, { orgId, siteId, from, to, includeDrafts: true, includePay: false }),
    siteEmployees(deps.db, orgId, siteId),
    deps.db
      .selectFrom('shift_types')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('site_id', '=', siteId)
      .where('archived_at', 'is', null)
      .execute(),
    loadSchedulingSettings(deps.db, orgId),
  ]);
  const severities = { ...DEFAULT_RULE_SEVERITIES, ...settings.severities } as RuleSeverities;
  const typeById = new Map(types.map((t) => [t.id, t]));
  const tz = (await siteSummaries(deps.db, orgId, [siteId])).get(siteId)?.timeZone ?? 'UTC';

  const working: RosterInput = { ...input, shifts: [...input.shifts] };
  const count = new Map<string, number>();
  const usual = new Map<string, string>();
  const order = new Map(prefer.map((id, i) => [id, i]));
  const planned: (DraftShift & { id: string })[] = [];
  let seq = 0;
  // Nights first: they constrain the next morning most.
  const needs = [...input.coverage].sort(
    (a, b) =>
      a.date.localeCompare(b.date) ||
      (typeById.get(b.shiftTypeId)?.start_time ?? '').localeCompare(
        typeById.get(a.shiftTypeId)?.start_time ?? '',
      ),
  );
  for (const need of needs) {
    const type = typeById.get(need.shiftTypeId);
    if (!type) continue;
    // Ideal headcount on weekdays that are not the first of the week, else the minimum.
    const want = need.date === from ? need.min : Math.max(need.min, need.ideal - 1);
    const candidates = people
      .filter((p) => need.positionId === null || p.positionId === need.positionId)
      .sort(
        (a, b) =>
          (order.get(a.id) ?? 999) - (order.get(b.id) ?? 999) ||
          Number(usual.get(b.id) === type.id) - Number(usual.get(a.id) === type.id) ||
          (count.get(a.id) ?? 0) - (count.get(b.id) ?? 0) ||
          a.name.localeCompare(b.name),
      );
    const times = shiftInstants(
      need.date,
      type.start_time,
      type.end_time,
      Number(type.break_minutes),
      tz,
    );
    let filled = 0;
    for (const strict of [true, false]) {
      for (const p of candidates) {
        if (filled >= want) break;
        if (working.shifts.some((s) => s.employeeId === p.id && s.date === need.date)) continue;
        const id = `plan-${++seq}`;
        working.shifts.push({
          id,
          employeeId: null,
          siteId,
          date: need.date,
          start: times.start,
          end: times.end,
          paidMinutes: times.paidMinutes,
          shiftTypeId: type.id,
          positionId: need.positionId,
        });
        const found = withSeverity(assignmentFindings(working, id, p.id), severities);
        const ok = strict ? found.length === 0 : found.every((f) => f.severity !== 'error');
        if (!ok) {
          working.shifts.pop();
          continue;
        }
        working.shifts[working.shifts.length - 1]!.employeeId = p.id;
        count.set(p.id, (count.get(p.id) ?? 0) + 1);
        if (!usual.has(p.id)) usual.set(p.id, type.id);
        planned.push({
          id,
          date: need.date,
          shiftTypeId: type.id,
          startTime: type.start_time,
          endTime: type.end_time,
          breakMinutes: Number(type.break_minutes),
          positionId: need.positionId,
          employeeId: p.id,
        });
        filled++;
      }
    }
  }
  // Belt and braces: drop planned shifts that a full check still finds in a blocking finding.
  for (let guard = 0; guard < 50; guard++) {
    const blocking = withSeverity(checkRoster(working), severities).find(
      (f) => f.severity === 'error' && f.shiftIds.some((id) => id.startsWith('plan-')),
    );
    if (!blocking) break;
    const drop = [...blocking.shiftIds].reverse().find((id) => id.startsWith('plan-'))!;
    working.shifts = working.shifts.filter((s) => s.id !== drop);
    const i = planned.findIndex((p) => p.id === drop);
    if (i >= 0) planned.splice(i, 1);
  }
  return planned.map(({ id: _id, ...d }) => d);
}

async function insert(deps: Deps, actor: Actor, siteId: string, drafts: DraftShift[]) {
  const result = await deps.db
    .transaction()
    .execute((trx) => insertDraftShifts(trx, deps, actor, siteId, drafts, { skipOverlaps: true }));
  afterCommit(deps);
  return result;
}

/**
 * The roster at both sites: the CURRENT week (the one containing demo.now, week start from the
 * settings) planned against coverage and the people's rules and published by the coordinator (so
 * everyone has their shifts and a notification), and the NEXT week as drafts with one deliberate
 * rest-time conflict at Columbus for the coordinator to find. Runs after the setup and
 * constraints seeders (shift types, coverage, rules, availability and time off).
 */
export async function seedSchedulingCore(deps: Deps, demo: DemoContext): Promise<void> {
  const { coordinator } = demo.actors;
  const settings = await loadSchedulingSettings(deps.db, demo.orgId);
  const staffId = demo.employeeId.staff;
  for (const site of ['CMH', 'RNO'] as const) {
    const siteId = demo.siteId[site];
    const timeZone =
      (await siteSummaries(deps.db, demo.orgId, [siteId])).get(siteId)?.timeZone ?? 'UTC';
    const current = weekStart(localDate(demo.now, timeZone), settings.weekStartsOn);
    const next = addDays(current, 7);
    const prefer = site === 'CMH' && staffId ? [staffId] : [];

    await insert(deps, coordinator, siteId, await planWeek(deps, demo, site, current, prefer));
    try {
      await publishRoster(deps, coordinator, {
        siteId,
        from: current,
        to: addDays(current, 6),
        message: null,
      });
    } catch (err) {
      // The plan avoids every blocking finding it causes; one it cannot cause (set up by an
      // earlier seeder) leaves the week as drafts rather than failing the whole demo.
      if ((err as { code?: string }).code !== 'ROSTER_HAS_BLOCKING_FINDINGS') throw err;
      deps.log.warn({ site, err: (err as Error).message }, 'demo roster left unpublished');
    }

    const drafts = await planWeek(deps, demo, site, next, prefer);
    await insert(deps, coordinator, siteId, drafts);
    if (site === 'CMH') {
      // The deliberate conflict: someone on a Late shift also gets the next day's Early — only
      // 8 h of rest and no other blocking finding, so it is easy to explain and to fix.
      const busy = new Set(drafts.map((d) => `${d.employeeId}|${d.date}`));
      const early = drafts.find((d) => d.startTime === '06:00');
      const input = await buildRosterInput(deps.db, {
        orgId: demo.orgId,
        siteId,
        from: next,
        to: addDays(next, 6),
        includeDrafts: true,
        includePay: false,
      });
      const severities = { ...DEFAULT_RULE_SEVERITIES, ...settings.severities } as RuleSeverities;
      const pick = drafts.find((d) => {
        if (!early?.shiftTypeId || !d.employeeId || d.startTime !== '14:00') return false;
        const day = addDays(d.date, 1);
        if (day > addDays(next, 6) || busy.has(`${d.employeeId}|${day}`)) return false;
        const t = shiftInstants(day, early.startTime, early.endTime, early.breakMinutes, timeZone);
        const probe: RosterInput = {
          ...input,
          shifts: [
            ...input.shifts,
            {
              id: 'probe',
              employeeId: null,
              siteId,
              date: day,
              start: t.start,
              end: t.end,
              paidMinutes: t.paidMinutes,
              shiftTypeId: early.shiftTypeId,
              positionId: d.positionId,
            },
          ],
        };
        const found = withSeverity(assignmentFindings(probe, 'probe', d.employeeId), severities);
        return (
          found.some((f) => f.rule === 'rest') &&
          found.every((f) => f.rule === 'rest' || f.severity === 'warning')
        );
      });
      if (pick?.employeeId && early) {
        await insert(deps, coordinator, siteId, [
          {
            ...early,
            date: addDays(pick.date, 1),
            positionId: pick.positionId,
            employeeId: pick.employeeId,
            notes: 'Covering a swap',
          },
        ]);
      }
    }
  }
}
