import type {
  attendance as contract,
  SchedulingSettings,
  TimesheetRow,
  TimesheetTotals,
  TimesheetView,
} from '@keel/contracts';
import { laborSummary, type RosterInput } from '@keel/scheduling-rules';
import type { Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import { lockOrganization } from '../../platform/db/locks.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { conflict, invalid } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import { userNames } from '../accounts/index.js';
import { siteEmployees } from '../people/index.js';
import {
  addDays,
  attendanceRow,
  breakMs,
  dayStart,
  isPeriodStart,
  localDate,
  payPeriodOf,
  toMinutes,
  workedMs,
} from './attendance.compute.js';
import { timesOf } from './attendance.manage.service.js';
import {
  type EntryRow,
  people,
  publishedShifts,
  type Site,
  visibleSite,
} from './attendance.read.js';
import { loadConstraints } from './constraints.loader.js';
import { loadSchedulingSettings } from './settings.service.js';

// Timesheets per pay period: totals computed from entries and published shifts, approval
// snapshots them into `timesheets`, the CSV export for payroll.

const iso = (ms: number) => new Date(ms).toISOString();
type TimesheetDbRow = Selectable<DB['timesheets']>;

export interface Period {
  from: string;
  to: string;
}

/** The requested pay period (must start one), or the one containing today at the site. */
export function resolvePeriod(
  settings: SchedulingSettings,
  site: Site,
  now: number,
  periodFrom: string | undefined,
): Period {
  const { payPeriodDays: days, payPeriodAnchor: anchor } = settings;
  if (periodFrom === undefined) return payPeriodOf(localDate(now, site.timeZone), days, anchor);
  if (!isPeriodStart(periodFrom, days, anchor)) {
    const p = payPeriodOf(periodFrom, days, anchor);
    throw invalid(
      'NOT_A_PERIOD_START',
      'periodFrom',
      `must be a pay period start such as ${p.from}`,
    );
  }
  return { from: periodFrom, to: addDays(periodFrom, days - 1) };
}

export interface Computed extends TimesheetTotals {
  openEntries: number;
}

const zero = (): Computed => ({
  scheduledMinutes: 0,
  workedMinutes: 0,
  breakMinutes: 0,
  regularMinutes: 0,
  overtimeMinutes: 0,
  lateCount: 0,
  earlyCount: 0,
  missedCount: 0,
  openEntries: 0,
});

/**
 * Totals per person over the period (all their sites): scheduled minutes of published shifts
 * dated in the period; worked and break minutes of entries that belong to the period (by their
 * shift's date, else their local clock-in date); flag counts per shift; overtime from the
 * person's work rules (daily then weekly thresholds) over the actually worked intervals.
 */
export async function computeTotals(
  db: Kysely<DB>,
  orgId: string,
  site: Site,
  settings: SchedulingSettings,
  period: Period,
  employeeIds: readonly string[],
  now: number,
): Promise<Map<string, Computed>> {
  const out = new Map<string, Computed>(employeeIds.map((id) => [id, zero()]));
  if (employeeIds.length === 0) return out;
  const ids = [...employeeIds];
  const shifts = await publishedShifts(db, orgId)
    .where('employee_id', 'in', ids)
    .where('date', '>=', addDays(period.from, -1))
    .where('date', '<=', addDays(period.to, 1))
    .execute();
  const start = dayStart(period.from, site.timeZone);
  const end = dayStart(addDays(period.to, 1), site.timeZone);
  const entries = await db
    .selectFrom('attendance_entries')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('employee_id', 'in', ids)
    .where('clock_in_at', '>=', iso(start - 2 * 86_400_000))
    .where('clock_in_at', '<', iso(end + 2 * 86_400_000))
    .execute();
  const shiftById = new Map(shifts.map((s) => [s.id, s]));
  const inPeriod = (d: string) => d >= period.from && d <= period.to;
  const times = await timesOf(db, entries);
  const dateOf = (e: EntryRow) => {
    const s = e.shift_id ? shiftById.get(e.shift_id) : undefined;
    return s ? s.date : localDate(Date.parse(e.clock_in_at), site.timeZone);
  };
  const periodEntries = entries.filter((e) => inPeriod(dateOf(e)));
  const byShift = new Map<string, EntryRow[]>();
  for (const e of periodEntries) {
    const t = out.get(e.employee_id)!;
    const tm = times.get(e.id)!;
    t.workedMinutes += toMinutes(workedMs(tm, now));
    t.breakMinutes += toMinutes(breakMs(tm, now));
    if (e.clock_out_at === null) t.openEntries += 1;
    if (e.shift_id && shiftById.has(e.shift_id)) {
      const list = byShift.get(e.shift_id) ?? [];
      list.push(e);
      byShift.set(e.shift_id, list);
    }
  }
  for (const s of shifts) {
    if (!inPeriod(s.date)) continue;
    const t = out.get(s.employee_id!)!;
    t.scheduledMinutes += Number(s.paid_minutes);
    const r = attendanceRow(
      {
        start: Date.parse(s.starts_at),
        end: Date.parse(s.ends_at),
        paidMinutes: Number(s.paid_minutes),
      },
      (byShift.get(s.id) ?? []).map((e) => times.get(e.id)!),
      now,
      settings.lateGraceMinutes,
    );
    if (r.flags.includes('late')) t.lateCount += 1;
    if (r.flags.includes('early')) t.earlyCount += 1;
    if (r.flags.includes('missed')) t.missedCount += 1;
  }

  // Overtime: the engine's labor arithmetic over the worked intervals, with each person's rules.
  const constraints = await loadConstraints(db, {
    orgId,
    employeeIds: ids,
    from: period.from,
    to: period.to,
    timeZone: site.timeZone,
    includePay: false,
  });
  const worked = periodEntries
    .map((e) => {
      const tm = times.get(e.id)!;
      return { e, tm, minutes: toMinutes(workedMs(tm, now)) };
    })
    .filter((x) => x.minutes > 0);
  const input: RosterInput = {
    period: { from: period.from, to: period.to, weekStartsOn: settings.weekStartsOn },
    employees: constraints.employees,
    positions: [],
    shiftTypes: [],
    shifts: worked.map(({ e, tm, minutes }) => ({
      id: e.id,
      employeeId: e.employee_id,
      siteId: e.site_id,
      date: dateOf(e),
      start: tm.start,
      end: Math.max(tm.end ?? now, tm.start + 60_000),
      paidMinutes: minutes,
      shiftTypeId: null,
      positionId: null,
    })),
    availability: [],
    timeOff: [],
    coverage: [],
    preferences: [],
  };
  for (const line of laborSummary(input).lines) {
    const t = out.get(line.employeeId);
    if (t) t.overtimeMinutes += line.overtimeMinutes;
  }
  for (const t of out.values()) t.regularMinutes = Math.max(0, t.workedMinutes - t.overtimeMinutes);
  return out;
}

/**
 * The people a site's timesheet lists: active employees of the site, and anyone with a
 * published shift or an entry at the site in the period (or a timesheet row of it).
 */
async function sitePeople(db: Kysely<DB>, orgId: string, site: Site, period: Period) {
  const home = await siteEmployees(db, orgId, site.id);
  const shifted = await publishedShifts(db, orgId)
    .where('site_id', '=', site.id)
    .where('date', '>=', period.from)
    .where('date', '<=', period.to)
    .execute();
  const clocked = await db
    .selectFrom('attendance_entries')
    .select('employee_id')
    .distinct()
    .where('org_id', '=', orgId)
    .where('site_id', '=', site.id)
    .where('clock_in_at', '>=', iso(dayStart(period.from, site.timeZone)))
    .where('clock_in_at', '<', iso(dayStart(addDays(period.to, 1), site.timeZone)))
    .execute();
  const sheets = await db
    .selectFrom('timesheets')
    .select('employee_id')
    .where('org_id', '=', orgId)
    .where('site_id', '=', site.id)
    .where('period_from', '=', period.from)
    .execute();
  return [
    ...new Set([
      ...home.map((e) => e.id),
      ...shifted.map((s) => s.employee_id!),
      ...clocked.map((e) => e.employee_id),
      ...sheets.map((s) => s.employee_id),
    ]),
  ];
}

const totalsOfRow = (r: TimesheetDbRow): TimesheetTotals => ({
  scheduledMinutes: Number(r.scheduled_minutes),
  workedMinutes: Number(r.worked_minutes),
  breakMinutes: Number(r.break_minutes),
  regularMinutes: Math.max(0, Number(r.worked_minutes) - Number(r.overtime_minutes)),
  overtimeMinutes: Number(r.overtime_minutes),
  lateCount: Number(r.late_count),
  earlyCount: Number(r.early_count),
  missedCount: Number(r.missed_count),
});

const stripOpen = ({ openEntries: _, ...t }: Computed): TimesheetTotals => t;

export async function buildView(
  db: Kysely<DB>,
  actor: Actor,
  site: Site,
  settings: SchedulingSettings,
  period: Period,
  now: number,
): Promise<TimesheetView> {
  const ids = await sitePeople(db, actor.orgId, site, period);
  const [persons, computed, rows] = await Promise.all([
    people(db, actor.orgId, ids),
    computeTotals(db, actor.orgId, site, settings, period, ids, now),
    ids.length
      ? db
          .selectFrom('timesheets')
          .selectAll()
          .where('org_id', '=', actor.orgId)
          .where('period_from', '=', period.from)
          .where('employee_id', 'in', ids)
          .execute()
      : Promise.resolve([] as TimesheetDbRow[]),
  ]);
  const byEmployee = new Map(rows.map((r) => [r.employee_id, r]));
  const approvers = await userNames(
    db,
    rows.flatMap((r) => (r.approved_by ? [r.approved_by] : [])),
  );
  const list: TimesheetRow[] = ids
    .filter((id) => persons.has(id))
    .map((id) => {
      const p = persons.get(id)!;
      const row = byEmployee.get(id);
      const current = stripOpen(computed.get(id)!);
      const status = (row?.status ?? 'open') as TimesheetRow['status'];
      const approved = status === 'approved' && row ? totalsOfRow(row) : null;
      return {
        employee: { id, name: p.name, employeeNumber: p.employeeNumber },
        status,
        totals: approved ?? current,
        current,
        changedSinceApproval: !!approved && JSON.stringify(approved) !== JSON.stringify(current),
        openEntries: computed.get(id)!.openEntries,
        approvedBy: row?.approved_by
          ? { id: row.approved_by, name: approvers.get(row.approved_by) ?? 'Unknown user' }
          : null,
        approvedAt: row?.approved_at ?? null,
        note: row?.note ?? null,
      };
    })
    .sort(
      (a, b) =>
        a.employee.name.localeCompare(b.employee.name) ||
        a.employee.id.localeCompare(b.employee.id),
    );
  return {
    site,
    periodFrom: period.from,
    periodTo: period.to,
    previousFrom: addDays(period.from, -settings.payPeriodDays),
    nextFrom: addDays(period.from, settings.payPeriodDays),
    rows: list,
  };
}

export async function listTimesheets(
  deps: Deps,
  actor: Actor,
  query: z.output<typeof contract.timesheetQuery>,
): Promise<TimesheetView> {
  const now = deps.clock.now().getTime();
  const site = await visibleSite(deps.db, actor, query.siteId);
  const settings = await loadSchedulingSettings(deps.db, actor.orgId);
  const period = resolvePeriod(settings, site, now, query.periodFrom);
  return buildView(deps.db, actor, site, settings, period, now);
}

type Decision = z.output<typeof contract.decisionBody>;

async function decide(
  deps: Deps,
  actor: Actor,
  input: Decision,
  approve: boolean,
): Promise<TimesheetView> {
  const now = deps.clock.now().getTime();
  const at = iso(now);
  const site = await visibleSite(deps.db, actor, input.siteId).catch(() => {
    throw invalid('SITE_NOT_FOUND', 'siteId', 'is not a site you can see');
  });
  const settings = await loadSchedulingSettings(deps.db, actor.orgId);
  const period = resolvePeriod(settings, site, now, input.periodFrom);
  const ids = [...new Set(input.employeeIds)];
  try {
    await deps.db.transaction().execute(async (trx) => {
      await lockOrganization(trx, deps.dialect, actor.orgId);
      const listed = new Set(await sitePeople(trx, actor.orgId, site, period));
      const persons = await people(trx, actor.orgId, ids);
      const unknown = ids.findIndex((id) => !listed.has(id) || !persons.has(id));
      if (unknown >= 0)
        throw invalid(
          'EMPLOYEE_NOT_FOUND',
          `employeeIds[${input.employeeIds.indexOf(ids[unknown]!)}]`,
          'is not a person on this site’s timesheets',
        );
      const existing = new Map(
        (
          await trx
            .selectFrom('timesheets')
            .selectAll()
            .where('org_id', '=', actor.orgId)
            .where('period_from', '=', period.from)
            .where('employee_id', 'in', ids)
            .execute()
        ).map((r) => [r.employee_id, r]),
      );
      if (!approve) {
        const notApproved = ids.find((id) => existing.get(id)?.status !== 'approved');
        if (notApproved)
          throw conflict(
            'TIMESHEET_NOT_APPROVED',
            `The timesheet of ${persons.get(notApproved)!.name} is not approved.`,
          );
        for (const id of ids) {
          const before = existing.get(id)!;
          const after = {
            ...before,
            status: 'open',
            approved_by: null,
            approved_at: null,
            note: input.note ?? before.note,
            updated_at: at,
            updated_by: actor.userId,
          };
          await trx.updateTable('timesheets').set(after).where('id', '=', before.id).execute();
          await audit(trx, actor, 'reopen', persons.get(id)!.name, before, after, at);
        }
      } else {
        const totals = await computeTotals(trx, actor.orgId, site, settings, period, ids, now);
        const open = ids.find((id) => totals.get(id)!.openEntries > 0);
        if (open)
          throw conflict(
            'OPEN_ENTRY',
            `${persons.get(open)!.name} is still clocked in within this period; clock them out or correct the entry first.`,
            [
              {
                field: `employeeIds[${input.employeeIds.indexOf(open)}]`,
                message: 'has an open entry',
              },
            ],
          );
        for (const id of ids) {
          const t = totals.get(id)!;
          const before = existing.get(id) ?? null;
          const values = {
            site_id: site.id,
            period_to: period.to,
            status: 'approved',
            scheduled_minutes: t.scheduledMinutes,
            worked_minutes: t.workedMinutes,
            break_minutes: t.breakMinutes,
            overtime_minutes: t.overtimeMinutes,
            late_count: t.lateCount,
            early_count: t.earlyCount,
            missed_count: t.missedCount,
            approved_by: actor.userId,
            approved_at: at,
            note: input.note ?? before?.note ?? null,
            updated_at: at,
            updated_by: actor.userId,
          };
          if (before) {
            await trx.updateTable('timesheets').set(values).where('id', '=', before.id).execute();
            await audit(
              trx,
              actor,
              'approve',
              persons.get(id)!.name,
              before,
              { ...before, ...values },
              at,
            );
          } else {
            const row: TimesheetDbRow = {
              id: newId(),
              org_id: actor.orgId,
              created_at: at,
              created_by: actor.userId,
              employee_id: id,
              period_from: period.from,
              ...values,
            };
            await trx.insertInto('timesheets').values(row).execute();
            await audit(trx, actor, 'approve', persons.get(id)!.name, null, row, at);
          }
        }
      }
      await deps.events.record(trx, {
        orgId: actor.orgId,
        type: approve ? 'timesheet.approved' : 'timesheet.reopened',
        entityType: 'timesheet',
        entityId: `${site.id}:${period.from}`,
        siteId: site.id,
        permission: 'scheduling.manage',
        topics: ['scheduling'],
        actorUserId: actor.userId,
      });
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw conflict(
        'TIMESHEET_CHANGED',
        'Someone else decided these timesheets just now; reload.',
      );
    throw err;
  }
  afterCommit(deps);
  return buildView(deps.db, actor, site, settings, period, now);
}

const snapshot = (r: TimesheetDbRow | null) =>
  r && {
    employeeId: r.employee_id,
    siteId: r.site_id,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    status: r.status,
    scheduledMinutes: Number(r.scheduled_minutes),
    workedMinutes: Number(r.worked_minutes),
    breakMinutes: Number(r.break_minutes),
    overtimeMinutes: Number(r.overtime_minutes),
    lateCount: Number(r.late_count),
    earlyCount: Number(r.early_count),
    missedCount: Number(r.missed_count),
    approvedBy: r.approved_by,
    approvedAt: r.approved_at,
    note: r.note,
  };

async function audit(
  trx: Kysely<DB>,
  actor: Actor,
  action: string,
  name: string,
  before: TimesheetDbRow | null,
  after: TimesheetDbRow,
  at: string,
) {
  await recordAudit(trx, {
    actor,
    orgId: actor.orgId,
    action,
    entityType: 'timesheet',
    entityId: after.id,
    entityLabel: `Timesheet of ${name}, ${after.period_from} – ${after.period_to}`,
    before: snapshot(before),
    after: snapshot(after),
    at,
  });
}

export const approveTimesheets = (deps: Deps, actor: Actor, input: Decision) =>
  decide(deps, actor, input, true);
export const reopenTimesheets = (deps: Deps, actor: Actor, input: Decision) =>
  decide(deps, actor, input, false);
