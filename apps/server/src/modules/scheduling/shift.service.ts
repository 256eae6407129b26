import type { scheduling as contract, Finding, Shift } from '@keel/contracts';
import { checkRoster, weekStart, withSeverity } from '@keel/scheduling-rules';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit.service.js';
import { type Actor, can, canSeeSite } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { forbidden, invalid, notFound } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import { userIdsByEmployee } from '../accounts/index.js';
import { notify } from '../notifications/index.js';
import { employeeSummaries, positionSummaries } from '../people/index.js';
import { addDays } from './coverage.service.js';
import { notifyOpenShifts } from './open-shift.service.js';
import { loadRosterData, type ShiftRow } from './roster-input.js';
import { loadSchedulingSettings } from './settings.service.js';
import { loadShift, shiftTypeLabels, toShifts } from './shift.read.js';
import { lockEmployees, overlapError, shiftsEvent, shiftsOverlapping } from './shift.write.js';
import { nominalPaidMinutes, shiftInstants } from './shift-time.js';
import { visibleSite } from './shift-type.service.js';
import { failSwapsOfShifts } from './swap.service.js';
import './scheduling.tables.js';

/** Local-date arithmetic: the engine's, one implementation for the whole module. */
export { weekStart };

const DAY_LABEL = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
});

/** "Mon 23 Nov" for a local date. */
export function dayLabel(date: string): string {
  return DAY_LABEL.format(new Date(`${date}T00:00:00Z`)).replace(',', '');
}

/**
 * Findings (with the organization's severities) for the people and dates a change touched,
 * checked over the whole week(s) around those dates with drafts included.
 */
export async function changeFindings(
  db: Kysely<DB>,
  orgId: string,
  siteId: string,
  dates: readonly string[],
  employeeIds: readonly (string | null)[],
): Promise<Finding[]> {
  const settings = await loadSchedulingSettings(db, orgId);
  const sorted = [...new Set(dates)].sort();
  const from = weekStart(sorted[0]!, settings.weekStartsOn);
  const to = addDays(weekStart(sorted[sorted.length - 1]!, settings.weekStartsOn), 6);
  const data = await loadRosterData(db, {
    orgId,
    siteId,
    from,
    to,
    includeDrafts: true,
    includePay: false,
  });
  const people = [...new Set(employeeIds.filter((x): x is string => !!x))];
  return withSeverity(checkRoster(data.input, { employeeIds: people, dates: sorted }), {
    ...data.settings.severities,
  } as Parameters<typeof withSeverity>[1]);
}

interface Resolved {
  date: string;
  shiftTypeId: string | null;
  startTime: string;
  endTime: string;
  breakMinutes: number;
  positionId: string | null;
  employeeId: string | null;
  notes: string | null;
}

/** Checks references and times of a shift about to be written (400 naming the field). */
async function validate(
  db: Kysely<DB>,
  actor: Actor,
  r: Resolved,
  changed: { shiftType: boolean; position: boolean; employee: boolean },
) {
  if (r.startTime === r.endTime)
    throw invalid('SHIFT_ZERO_LENGTH', 'endTime', 'must differ from the start time');
  if (r.breakMinutes >= nominalPaidMinutes(r.startTime, r.endTime, 0))
    throw invalid('BREAK_TOO_LONG', 'breakMinutes', 'must be shorter than the shift');
  if (changed.position && r.positionId) {
    const p = (await positionSummaries(db, actor.orgId, [r.positionId])).get(r.positionId);
    if (!p) throw invalid('POSITION_NOT_FOUND', 'positionId', 'no such position');
    if (p.archived) throw invalid('POSITION_ARCHIVED', 'positionId', 'the position is archived');
  }
  if (changed.employee && r.employeeId) {
    const e = (await employeeSummaries(db, actor.orgId, [r.employeeId])).get(r.employeeId);
    if (!e) throw invalid('EMPLOYEE_NOT_FOUND', 'employeeId', 'no such employee');
    if (e.archived)
      throw invalid('EMPLOYEE_ARCHIVED', 'employeeId', 'the employee is no longer active');
    if (!canSeeSite(actor, e.siteId))
      throw invalid('EMPLOYEE_NOT_FOUND', 'employeeId', 'no such employee');
  }
}

async function shiftTypeOf(db: Kysely<DB>, actor: Actor, siteId: string, id: string) {
  const t = await db
    .selectFrom('shift_types')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!t) throw invalid('SHIFT_TYPE_NOT_FOUND', 'shiftTypeId', 'no such shift type');
  if (t.site_id !== siteId)
    throw invalid('SHIFT_TYPE_OTHER_SITE', 'shiftTypeId', 'must be a shift type of the site');
  if (t.archived_at)
    throw invalid('SHIFT_TYPE_ARCHIVED', 'shiftTypeId', 'the shift type is archived');
  return t;
}

const snapshot = (r: ShiftRow) => ({
  date: r.date,
  startTime: r.start_time,
  endTime: r.end_time,
  breakMinutes: r.break_minutes,
  shiftTypeId: r.shift_type_id,
  positionId: r.position_id,
  employeeId: r.employee_id,
  notes: r.notes,
  published: r.published_at !== null,
});

async function assertNoOverlap(trx: Kysely<DB>, row: ShiftRow) {
  if (!row.employee_id) return;
  const hit = (
    await shiftsOverlapping(trx, row.org_id, [row.employee_id], row.starts_at, row.ends_at)
  ).find((o) => o.id !== row.id);
  if (hit) throw overlapError(hit);
}

async function label(db: Kysely<DB>, orgId: string, r: ShiftRow) {
  const t = r.shift_type_id
    ? (await shiftTypeLabels(db, orgId, [r.shift_type_id])).get(r.shift_type_id)
    : undefined;
  return `${dayLabel(r.date)} ${t ? `${t.code} ` : ''}${r.start_time}–${r.end_time}`;
}

/** Tells the people a change to a published shift touches (old and new assignee). */
async function notifyChange(
  trx: Kysely<DB>,
  deps: Deps,
  actor: Actor,
  before: ShiftRow,
  after: ShiftRow | null,
) {
  const users = await userIdsByEmployee(
    trx,
    actor.orgId,
    [before.employee_id, after?.employee_id].filter((x): x is string => !!x),
  );
  const was = await label(trx, actor.orgId, before);
  const now = after ? await label(trx, actor.orgId, after) : null;
  const send = async (employeeId: string | null, title: string) => {
    const userId = employeeId ? users.get(employeeId) : undefined;
    if (!userId) return;
    await notify(trx, deps, {
      orgId: actor.orgId,
      type: 'shift_changed',
      recipients: [userId],
      actorUserId: actor.userId,
      entity: { entityType: 'shift', entityId: before.id },
      siteId: before.site_id,
      title,
      body: null,
      href: '/my-shifts',
    });
  };
  if (!after) {
    await send(before.employee_id, `Your shift ${was} was removed`);
  } else if (before.employee_id === after.employee_id) {
    await send(after.employee_id, `Your shift ${was} changed: now ${now}`);
  } else {
    await send(before.employee_id, `You no longer work ${was}`);
    await send(after.employee_id, `You were assigned ${now}`);
  }
}

export async function createShift(
  deps: Deps,
  actor: Actor,
  body: z.output<typeof contract.createShiftBody>,
): Promise<{ shift: Shift; findings: Finding[] }> {
  const site = await visibleSite(deps.db, actor, body.siteId);
  const type = body.shiftTypeId
    ? await shiftTypeOf(deps.db, actor, body.siteId, body.shiftTypeId)
    : null;
  const r: Resolved = {
    date: body.date,
    shiftTypeId: type?.id ?? null,
    startTime: body.startTime ?? type!.start_time,
    endTime: body.endTime ?? type!.end_time,
    breakMinutes: body.breakMinutes ?? (type ? Number(type.break_minutes) : 0),
    positionId: body.positionId !== undefined ? body.positionId : (type?.position_id ?? null),
    employeeId: body.employeeId ?? null,
    notes: body.notes ?? null,
  };
  await validate(deps.db, actor, r, {
    shiftType: true,
    position: true,
    employee: true,
  });
  const at = deps.clock.now().toISOString();
  const t = shiftInstants(r.date, r.startTime, r.endTime, r.breakMinutes, site.timeZone);
  const row: ShiftRow = {
    id: newId(),
    org_id: actor.orgId,
    site_id: body.siteId,
    date: r.date,
    start_time: r.startTime,
    end_time: r.endTime,
    starts_at: t.startsAt,
    ends_at: t.endsAt,
    break_minutes: r.breakMinutes,
    paid_minutes: t.paidMinutes,
    shift_type_id: r.shiftTypeId,
    position_id: r.positionId,
    employee_id: r.employeeId,
    notes: r.notes,
    published_at: null,
    published_version: null,
    changed_since_publish: false,
    created_at: at,
    created_by: actor.userId,
    updated_at: at,
    updated_by: actor.userId,
  };
  await deps.db.transaction().execute(async (trx) => {
    await lockEmployees(trx, deps, actor.orgId, [row.employee_id]);
    await assertNoOverlap(trx, row);
    await trx.insertInto('shifts').values(row).execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'create',
      entityType: 'shift',
      entityId: row.id,
      entityLabel: `${site.name} ${row.date} ${row.start_time}–${row.end_time}`,
      after: snapshot(row),
      at,
    });
    await shiftsEvent(trx, deps, {
      orgId: actor.orgId,
      siteId: row.site_id,
      type: 'shift.created',
      entityId: row.id,
      published: false,
      actorUserId: actor.userId,
    });
  });
  afterCommit(deps);
  const [shift] = await toShifts(deps.db, actor.orgId, [row], {
    timeZones: new Map([[site.id, site.timeZone]]),
  });
  const findings = await changeFindings(
    deps.db,
    actor.orgId,
    row.site_id,
    [row.date],
    [row.employee_id],
  );
  return { shift: shift!, findings };
}

function requirePublishRight(actor: Actor, row: ShiftRow) {
  if (row.published_at && !can(actor, 'scheduling.publish'))
    throw forbidden(
      'SHIFT_PUBLISHED',
      'This shift is published; changing it needs the right to publish the roster',
    );
}

export async function updateShift(
  deps: Deps,
  actor: Actor,
  id: string,
  body: z.output<typeof contract.updateShiftBody>,
): Promise<{ shift: Shift; findings: Finding[] }> {
  const seen = await loadShift(deps.db, actor, id);
  requirePublishRight(actor, seen);
  const site = await visibleSite(deps.db, actor, seen.site_id);
  const typeChanged = body.shiftTypeId !== undefined && body.shiftTypeId !== seen.shift_type_id;
  const type =
    typeChanged && body.shiftTypeId
      ? await shiftTypeOf(deps.db, actor, seen.site_id, body.shiftTypeId)
      : null;
  const r: Resolved = {
    date: body.date ?? seen.date,
    shiftTypeId: body.shiftTypeId === undefined ? seen.shift_type_id : body.shiftTypeId,
    startTime: body.startTime ?? type?.start_time ?? seen.start_time,
    endTime: body.endTime ?? type?.end_time ?? seen.end_time,
    breakMinutes:
      body.breakMinutes ?? (type ? Number(type.break_minutes) : Number(seen.break_minutes)),
    positionId:
      body.positionId !== undefined
        ? body.positionId
        : type
          ? (type.position_id ?? seen.position_id)
          : seen.position_id,
    employeeId: body.employeeId === undefined ? seen.employee_id : body.employeeId,
    notes: body.notes === undefined ? seen.notes : (body.notes ?? null),
  };
  await validate(deps.db, actor, r, {
    shiftType: typeChanged,
    position: r.positionId !== seen.position_id,
    employee: r.employeeId !== seen.employee_id,
  });
  const at = deps.clock.now().toISOString();
  const t = shiftInstants(r.date, r.startTime, r.endTime, r.breakMinutes, site.timeZone);
  const result = await deps.db.transaction().execute(async (trx) => {
    await lockEmployees(trx, deps, actor.orgId, [seen.employee_id, r.employeeId]);
    const before = await loadShift(trx, actor, id);
    requirePublishRight(actor, before);
    const after: ShiftRow = {
      ...before,
      date: r.date,
      start_time: r.startTime,
      end_time: r.endTime,
      starts_at: t.startsAt,
      ends_at: t.endsAt,
      break_minutes: r.breakMinutes,
      paid_minutes: t.paidMinutes,
      shift_type_id: r.shiftTypeId,
      position_id: r.positionId,
      employee_id: r.employeeId,
      notes: r.notes,
      changed_since_publish: before.published_at !== null || Boolean(before.changed_since_publish),
      updated_at: at,
      updated_by: actor.userId,
    };
    await assertNoOverlap(trx, after);
    await trx.updateTable('shifts').set(after).where('id', '=', id).execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'update',
      entityType: 'shift',
      entityId: id,
      entityLabel: `${site.name} ${after.date} ${after.start_time}–${after.end_time}`,
      before: snapshot(before),
      after: snapshot(after),
      at,
    });
    await shiftsEvent(trx, deps, {
      orgId: actor.orgId,
      siteId: after.site_id,
      type: 'shift.updated',
      entityId: id,
      published: after.published_at !== null,
      actorUserId: actor.userId,
    });
    if (before.published_at) {
      await notifyChange(trx, deps, actor, before, after);
      // Open swap requests on a moved/re-timed/reassigned shift no longer describe it.
      const moved =
        before.employee_id !== after.employee_id ||
        before.starts_at !== after.starts_at ||
        before.ends_at !== after.ends_at ||
        before.date !== after.date;
      if (moved)
        await failSwapsOfShifts(trx, deps, actor, [id], 'The coordinator changed the shift.');
      if (before.employee_id !== null && after.employee_id === null)
        await notifyOpenShifts(trx, deps, actor, [id], {
          exceptEmployeeIds: [before.employee_id],
        });
    }
    return { before, after };
  });
  afterCommit(deps);
  const [shift] = await toShifts(deps.db, actor.orgId, [result.after], {
    timeZones: new Map([[site.id, site.timeZone]]),
  });
  const findings = await changeFindings(
    deps.db,
    actor.orgId,
    seen.site_id,
    [result.before.date, result.after.date],
    [result.before.employee_id, result.after.employee_id],
  );
  return { shift: shift!, findings };
}

export async function deleteShift(
  deps: Deps,
  actor: Actor,
  id: string,
): Promise<{ findings: Finding[] }> {
  const seen = await loadShift(deps.db, actor, id);
  requirePublishRight(actor, seen);
  const at = deps.clock.now().toISOString();
  const before = await deps.db.transaction().execute(async (trx) => {
    await lockEmployees(trx, deps, actor.orgId, [seen.employee_id]);
    const row = await trx
      .selectFrom('shifts')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('shift');
    requirePublishRight(actor, row);
    await trx.deleteFrom('shifts').where('id', '=', id).execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'delete',
      entityType: 'shift',
      entityId: id,
      entityLabel: `${row.date} ${row.start_time}–${row.end_time}`,
      before: snapshot(row),
      at,
    });
    await shiftsEvent(trx, deps, {
      orgId: actor.orgId,
      siteId: row.site_id,
      type: 'shift.deleted',
      entityId: id,
      published: row.published_at !== null,
      actorUserId: actor.userId,
    });
    if (row.published_at) {
      await notifyChange(trx, deps, actor, row, null);
      await failSwapsOfShifts(trx, deps, actor, [id], 'The coordinator removed the shift.');
    }
    return row;
  });
  afterCommit(deps);
  const findings = await changeFindings(
    deps.db,
    actor.orgId,
    before.site_id,
    [before.date],
    [before.employee_id],
  );
  return { findings };
}
