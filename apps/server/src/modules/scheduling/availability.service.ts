import type {
  Availability,
  AvailabilityExceptionRecord,
  AvailabilityWindowRecord,
  schedulingPeople,
} from '@keel/contracts';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { invalid, notFound } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import {
  constraintEvent,
  nowIso,
  recordOwner,
  type TargetEmployee,
  targetEmployee,
} from './constraints.access.js';
import './constraints.tables.js';
import { WEEKDAY_SHORT } from './constraints.time.js';

// Availability: weekly windows (unavailable / preferred) and dated exceptions that replace a
// date's weekly windows. Staff manage their own; coordinators anyone's in their sites.

type WindowRow = DB['availability_windows'];
type ExceptionRow = DB['availability_exceptions'];

const KIND_LABEL: Record<string, string> = {
  unavailable: 'Unavailable',
  prefer: 'Prefers',
  available: 'Available',
};
const noted = (label: string, note: string | null) => (note ? `${label} (${note})` : label);

export const windowLabel = (
  w: Pick<WindowRow, 'kind' | 'weekday' | 'start_time' | 'end_time' | 'note'>,
) =>
  noted(
    `${KIND_LABEL[w.kind] ?? w.kind} ${WEEKDAY_SHORT[w.weekday - 1]} ${w.start_time}–${w.end_time}`,
    w.note,
  );

const exceptionLabel = (
  e: Pick<ExceptionRow, 'kind' | 'date' | 'start_time' | 'end_time' | 'note'>,
) =>
  noted(
    `${KIND_LABEL[e.kind] ?? e.kind} ${e.date} ${e.start_time && e.end_time ? `${e.start_time}–${e.end_time}` : 'all day'}`,
    e.note,
  );

const toWindow = (r: WindowRow): AvailabilityWindowRecord => ({
  id: r.id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  employeeId: r.employee_id,
  weekday: r.weekday,
  startTime: r.start_time,
  endTime: r.end_time,
  kind: r.kind as AvailabilityWindowRecord['kind'],
  note: r.note,
  validFrom: r.valid_from,
  validUntil: r.valid_until,
  label: windowLabel(r),
});

const toException = (r: ExceptionRow): AvailabilityExceptionRecord => ({
  id: r.id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  employeeId: r.employee_id,
  date: r.date,
  startTime: r.start_time,
  endTime: r.end_time,
  allDay: r.start_time === null,
  kind: r.kind as AvailabilityExceptionRecord['kind'],
  note: r.note,
  label: exceptionLabel(r),
});

const windowSnapshot = (r: WindowRow) => ({
  employeeId: r.employee_id,
  weekday: r.weekday,
  startTime: r.start_time,
  endTime: r.end_time,
  kind: r.kind,
  note: r.note,
  validFrom: r.valid_from,
  validUntil: r.valid_until,
});
const exceptionSnapshot = (r: ExceptionRow) => ({
  employeeId: r.employee_id,
  date: r.date,
  startTime: r.start_time,
  endTime: r.end_time,
  kind: r.kind,
  note: r.note,
});

/** Today's local date in the employee's site zone (UTC without a site). */
function today(deps: Deps, e: TargetEmployee) {
  const tz = e.site?.timeZone ?? 'UTC';
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(deps.clock.now());
}

export async function getAvailability(
  deps: Deps,
  actor: Actor,
  query: { employeeId?: string | undefined; from?: string | undefined },
): Promise<Availability> {
  const e = await targetEmployee(deps.db, actor, query.employeeId);
  const from = query.from ?? today(deps, e);
  const [windows, exceptions] = await Promise.all([
    deps.db
      .selectFrom('availability_windows')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .where('employee_id', '=', e.id)
      .orderBy('weekday')
      .orderBy('start_time')
      .orderBy('id')
      .execute(),
    deps.db
      .selectFrom('availability_exceptions')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .where('employee_id', '=', e.id)
      .where('date', '>=', from)
      .orderBy('date')
      .orderBy('start_time')
      .orderBy('id')
      .limit(500)
      .execute(),
  ]);
  return {
    employee: { id: e.id, name: e.name },
    site: e.site,
    windows: windows.map(toWindow),
    exceptions: exceptions.map(toException),
  };
}

async function audited(
  trx: Kysely<DB>,
  deps: Deps,
  actor: Actor,
  e: TargetEmployee,
  a: {
    action: 'create' | 'update' | 'delete';
    entityType: 'availability_window' | 'availability_exception';
    id: string;
    label: string;
    before?: Record<string, unknown> | null;
    after?: Record<string, unknown> | null;
    at: string;
  },
) {
  await recordAudit(trx, {
    actor,
    orgId: actor.orgId,
    action: a.action,
    entityType: a.entityType,
    entityId: a.id,
    entityLabel: `${e.name}: ${a.label}`,
    before: a.before ?? null,
    after: a.after ?? null,
    at: a.at,
  });
  await constraintEvent(trx, deps, actor, {
    orgId: actor.orgId,
    type: `${a.entityType}.${a.action === 'create' ? 'created' : a.action === 'update' ? 'updated' : 'deleted'}`,
    entityType: a.entityType,
    entityId: a.id,
    employeeId: e.id,
    siteId: e.siteId,
  });
}

function checkValidRange(from: string | null, until: string | null) {
  if (from && until && until < from)
    throw invalid('AVAILABILITY_RANGE', 'validUntil', 'must not be before validFrom');
}
function checkTimes(start: string | null, end: string | null) {
  if (start !== null && end !== null && start === end)
    throw invalid('AVAILABILITY_TIMES', 'endTime', 'must differ from startTime');
  if ((start === null) !== (end === null))
    throw invalid(
      'AVAILABILITY_TIMES',
      start === null ? 'startTime' : 'endTime',
      'give both times, or neither for the whole day',
    );
}

export async function createWindow(
  deps: Deps,
  actor: Actor,
  input: z.output<typeof schedulingPeople.createAvailabilityWindowBody>,
) {
  const e = await targetEmployee(deps.db, actor, input.employeeId, { forWrite: true });
  const at = nowIso(deps);
  const row: WindowRow = {
    id: newId(),
    org_id: actor.orgId,
    created_at: at,
    created_by: actor.userId,
    updated_at: at,
    updated_by: actor.userId,
    employee_id: e.id,
    weekday: input.weekday,
    start_time: input.startTime,
    end_time: input.endTime,
    kind: input.kind,
    note: input.note ?? null,
    valid_from: input.validFrom ?? null,
    valid_until: input.validUntil ?? null,
  };
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('availability_windows').values(row).execute();
    await audited(trx, deps, actor, e, {
      action: 'create',
      entityType: 'availability_window',
      id: row.id,
      label: windowLabel(row),
      after: windowSnapshot(row),
      at,
    });
  });
  afterCommit(deps);
  return toWindow(row);
}

async function loadWindow(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await db
    .selectFrom('availability_windows')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('availability window');
  const e = await recordOwner(db, actor, row.employee_id, 'availability window');
  return { row, e };
}

export async function updateWindow(
  deps: Deps,
  actor: Actor,
  id: string,
  input: z.output<typeof schedulingPeople.updateAvailabilityWindowBody>,
) {
  const at = nowIso(deps);
  const after = await deps.db.transaction().execute(async (trx) => {
    const { row: before, e } = await loadWindow(trx, actor, id);
    const after: WindowRow = {
      ...before,
      weekday: input.weekday ?? before.weekday,
      start_time: input.startTime ?? before.start_time,
      end_time: input.endTime ?? before.end_time,
      kind: input.kind ?? before.kind,
      note: input.note === undefined ? before.note : input.note,
      valid_from: input.validFrom === undefined ? before.valid_from : input.validFrom,
      valid_until: input.validUntil === undefined ? before.valid_until : input.validUntil,
      updated_at: at,
      updated_by: actor.userId,
    };
    checkTimes(after.start_time, after.end_time);
    checkValidRange(after.valid_from, after.valid_until);
    await trx.updateTable('availability_windows').set(after).where('id', '=', id).execute();
    await audited(trx, deps, actor, e, {
      action: 'update',
      entityType: 'availability_window',
      id,
      label: windowLabel(after),
      before: windowSnapshot(before),
      after: windowSnapshot(after),
      at,
    });
    return after;
  });
  afterCommit(deps);
  return toWindow(after);
}

export async function deleteWindow(deps: Deps, actor: Actor, id: string) {
  const at = nowIso(deps);
  await deps.db.transaction().execute(async (trx) => {
    const { row, e } = await loadWindow(trx, actor, id);
    await trx.deleteFrom('availability_windows').where('id', '=', id).execute();
    await audited(trx, deps, actor, e, {
      action: 'delete',
      entityType: 'availability_window',
      id,
      label: windowLabel(row),
      before: windowSnapshot(row),
      at,
    });
  });
  afterCommit(deps);
  return { ok: true as const };
}

export async function createException(
  deps: Deps,
  actor: Actor,
  input: z.output<typeof schedulingPeople.createAvailabilityExceptionBody>,
) {
  const e = await targetEmployee(deps.db, actor, input.employeeId, { forWrite: true });
  const at = nowIso(deps);
  const row: ExceptionRow = {
    id: newId(),
    org_id: actor.orgId,
    created_at: at,
    created_by: actor.userId,
    updated_at: at,
    updated_by: actor.userId,
    employee_id: e.id,
    date: input.date,
    start_time: input.startTime ?? null,
    end_time: input.endTime ?? null,
    kind: input.kind,
    note: input.note ?? null,
  };
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('availability_exceptions').values(row).execute();
    await audited(trx, deps, actor, e, {
      action: 'create',
      entityType: 'availability_exception',
      id: row.id,
      label: exceptionLabel(row),
      after: exceptionSnapshot(row),
      at,
    });
  });
  afterCommit(deps);
  return toException(row);
}

async function loadException(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await db
    .selectFrom('availability_exceptions')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('availability exception');
  const e = await recordOwner(db, actor, row.employee_id, 'availability exception');
  return { row, e };
}

export async function updateException(
  deps: Deps,
  actor: Actor,
  id: string,
  input: z.output<typeof schedulingPeople.updateAvailabilityExceptionBody>,
) {
  const at = nowIso(deps);
  const after = await deps.db.transaction().execute(async (trx) => {
    const { row: before, e } = await loadException(trx, actor, id);
    const after: ExceptionRow = {
      ...before,
      date: input.date ?? before.date,
      start_time: input.startTime === undefined ? before.start_time : input.startTime,
      end_time: input.endTime === undefined ? before.end_time : input.endTime,
      kind: input.kind ?? before.kind,
      note: input.note === undefined ? before.note : input.note,
      updated_at: at,
      updated_by: actor.userId,
    };
    checkTimes(after.start_time, after.end_time);
    await trx.updateTable('availability_exceptions').set(after).where('id', '=', id).execute();
    await audited(trx, deps, actor, e, {
      action: 'update',
      entityType: 'availability_exception',
      id,
      label: exceptionLabel(after),
      before: exceptionSnapshot(before),
      after: exceptionSnapshot(after),
      at,
    });
    return after;
  });
  afterCommit(deps);
  return toException(after);
}

export async function deleteException(deps: Deps, actor: Actor, id: string) {
  const at = nowIso(deps);
  await deps.db.transaction().execute(async (trx) => {
    const { row, e } = await loadException(trx, actor, id);
    await trx.deleteFrom('availability_exceptions').where('id', '=', id).execute();
    await audited(trx, deps, actor, e, {
      action: 'delete',
      entityType: 'availability_exception',
      id,
      label: exceptionLabel(row),
      before: exceptionSnapshot(row),
      at,
    });
  });
  afterCommit(deps);
  return { ok: true as const };
}
