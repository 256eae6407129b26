import type {
  schedulingPeople,
  TimeOffBalance,
  TimeOffRequest,
  TimeOffType,
} from '@keel/contracts';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit.service.js';
import { type Actor, can, canSeeSite } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import { lockOrganization } from '../../platform/db/locks.js';
import { type DB, toBool } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { conflict, forbidden, invalid, KeelError, notFound } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import { userIdsByEmployee, userNames } from '../accounts/index.js';
import { cancelApprovals, requestApproval } from '../approvals/index.js';
import { employeeIdsInSites, schedulingProfiles } from '../people/index.js';
import { constraintEvent, nowIso, recordOwner, targetEmployee } from './constraints.access.js';
import './constraints.tables.js';
import {
  minutesInYear,
  minutesPerWorkday,
  requestMinutes,
  spansOverlap,
  type TimeOffSpan,
  yearsOf,
} from './time-off.js';

// Time off: kinds (allowance, approval), requests with approval through the approvals
// capability, yearly balances, and cancelling.

export const TIME_OFF_APPROVAL = 'time_off.request';
export const TIME_OFF_ENTITY = 'time_off_request';

type TypeRow = DB['time_off_types'];
type RequestRow = DB['time_off_requests'];

// ── Types ──────────────────────────────────────────────────────────────────

const toType = (r: TypeRow): TimeOffType => ({
  id: r.id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  name: r.name,
  color: r.color,
  paid: toBool(r.paid),
  yearlyAllowanceMinutes: r.yearly_allowance_minutes,
  requiresApproval: toBool(r.requires_approval),
  archivedAt: r.archived_at,
});
const typeSnapshot = (r: TypeRow) => ({
  name: r.name,
  color: r.color,
  paid: toBool(r.paid),
  yearlyAllowanceMinutes: r.yearly_allowance_minutes,
  requiresApproval: toBool(r.requires_approval),
  archivedAt: r.archived_at,
});
const typeTaken = (err: unknown): never => {
  if (isUniqueViolation(err))
    throw conflict('TIME_OFF_TYPE_EXISTS', 'Another time-off type has this name.', [
      { field: 'name', message: 'is already used by another time-off type' },
    ]);
  throw err;
};

const typeEvent = (trx: Kysely<DB>, deps: Deps, actor: Actor, type: string, id: string) =>
  deps.events.record(trx, {
    orgId: actor.orgId,
    type,
    entityType: 'time_off_type',
    entityId: id,
    permission: 'scheduling.self',
    siteId: null,
    topics: ['scheduling'],
    actorUserId: actor.userId,
  });

export async function listTimeOffTypes(deps: Deps, actor: Actor, includeArchived: boolean) {
  let q = deps.db.selectFrom('time_off_types').selectAll().where('org_id', '=', actor.orgId);
  if (!includeArchived) q = q.where('archived_at', 'is', null);
  const rows = await q.orderBy('name_key').execute();
  return { items: rows.map(toType) };
}

export async function createTimeOffType(
  deps: Deps,
  actor: Actor,
  input: z.output<typeof schedulingPeople.createTimeOffTypeBody>,
) {
  const at = nowIso(deps);
  const row: TypeRow = {
    id: newId(),
    org_id: actor.orgId,
    created_at: at,
    created_by: actor.userId,
    updated_at: at,
    updated_by: actor.userId,
    name: input.name,
    name_key: input.name.toLowerCase(),
    color: input.color,
    paid: input.paid,
    yearly_allowance_minutes: input.yearlyAllowanceMinutes,
    requires_approval: input.requiresApproval,
    archived_at: null,
  };
  await deps.db
    .transaction()
    .execute(async (trx) => {
      await trx.insertInto('time_off_types').values(row).execute();
      await recordAudit(trx, {
        actor,
        orgId: actor.orgId,
        action: 'create',
        entityType: 'time_off_type',
        entityId: row.id,
        entityLabel: row.name,
        after: typeSnapshot(row),
        at,
      });
      await typeEvent(trx, deps, actor, 'time_off_type.created', row.id);
    })
    .catch(typeTaken);
  afterCommit(deps);
  return toType(row);
}

export async function updateTimeOffType(
  deps: Deps,
  actor: Actor,
  id: string,
  input: z.output<NonNullable<typeof schedulingPeople.updateTimeOffType.body>>,
) {
  const at = nowIso(deps);
  const after = await deps.db
    .transaction()
    .execute(async (trx) => {
      const before = await trx
        .selectFrom('time_off_types')
        .selectAll()
        .where('org_id', '=', actor.orgId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!before) throw notFound('time-off type');
      const name = input.name ?? before.name;
      const after: TypeRow = {
        ...before,
        name,
        name_key: name.toLowerCase(),
        color: input.color ?? before.color,
        paid: input.paid ?? toBool(before.paid),
        yearly_allowance_minutes:
          input.yearlyAllowanceMinutes === undefined
            ? before.yearly_allowance_minutes
            : input.yearlyAllowanceMinutes,
        requires_approval: input.requiresApproval ?? toBool(before.requires_approval),
        archived_at:
          input.archived === undefined
            ? before.archived_at
            : input.archived
              ? (before.archived_at ?? at)
              : null,
        updated_at: at,
        updated_by: actor.userId,
      };
      await trx.updateTable('time_off_types').set(after).where('id', '=', id).execute();
      await recordAudit(trx, {
        actor,
        orgId: actor.orgId,
        action: 'update',
        entityType: 'time_off_type',
        entityId: id,
        entityLabel: after.name,
        before: typeSnapshot(before),
        after: typeSnapshot(after),
        at,
      });
      await typeEvent(trx, deps, actor, 'time_off_type.updated', id);
      return after;
    })
    .catch(typeTaken);
  afterCommit(deps);
  return toType(after);
}

// ── Balances ───────────────────────────────────────────────────────────────

async function usedMinutes(
  db: Kysely<DB>,
  orgId: string,
  employeeId: string,
  year: number,
  typeId?: string,
) {
  let q = db
    .selectFrom('time_off_requests')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('employee_id', '=', employeeId)
    .where('status', 'in', ['approved', 'pending'])
    .where('start_date', '<=', `${year}-12-31`)
    .where('end_date', '>=', `${year}-01-01`);
  if (typeId) q = q.where('type_id', '=', typeId);
  const rows = await q.execute();
  const out = new Map<string, { approved: number; pending: number }>();
  for (const r of rows) {
    const m = minutesInYear(spanOf(r), year);
    const acc = out.get(r.type_id) ?? { approved: 0, pending: 0 };
    if (r.status === 'approved') acc.approved += m;
    else acc.pending += m;
    out.set(r.type_id, acc);
  }
  return out;
}

const spanOf = (r: RequestRow): TimeOffSpan & { minutes: number } => ({
  startDate: r.start_date,
  endDate: r.end_date,
  allDay: toBool(r.all_day),
  startTime: r.start_time,
  endTime: r.end_time,
  minutes: r.minutes,
});

function thisYear(deps: Deps, timeZone: string | undefined) {
  return Number(
    new Intl.DateTimeFormat('en-CA', { timeZone: timeZone ?? 'UTC', year: 'numeric' }).format(
      deps.clock.now(),
    ),
  );
}

export async function getBalances(
  deps: Deps,
  actor: Actor,
  query: { employeeId?: string | undefined; year?: number | undefined },
) {
  const e = await targetEmployee(deps.db, actor, query.employeeId, {
    permission: 'scheduling.approve',
  });
  const year = query.year ?? thisYear(deps, e.site?.timeZone);
  const [types, used] = await Promise.all([
    deps.db
      .selectFrom('time_off_types')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .where('archived_at', 'is', null)
      .orderBy('name_key')
      .execute(),
    usedMinutes(deps.db, actor.orgId, e.id, year),
  ]);
  const items: TimeOffBalance[] = types.map((t) => {
    const u = used.get(t.id) ?? { approved: 0, pending: 0 };
    const allowance = t.yearly_allowance_minutes;
    return {
      type: {
        id: t.id,
        name: t.name,
        color: t.color,
        paid: toBool(t.paid),
        requiresApproval: toBool(t.requires_approval),
      },
      year,
      allowanceMinutes: allowance,
      approvedMinutes: u.approved,
      pendingMinutes: u.pending,
      remainingMinutes: allowance === null ? null : allowance - u.approved - u.pending,
    };
  });
  return {
    employee: { id: e.id, name: e.name },
    year,
    minutesPerWorkday: minutesPerWorkday(e.contractHoursPerWeek),
    items,
  };
}

// ── Requests ───────────────────────────────────────────────────────────────

async function toRequests(db: Kysely<DB>, actor: Actor, rows: RequestRow[]) {
  if (rows.length === 0) return [];
  const [profiles, types, names] = await Promise.all([
    schedulingProfiles(
      db,
      actor.orgId,
      rows.map((r) => r.employee_id),
    ),
    db
      .selectFrom('time_off_types')
      .select(['id', 'name', 'color'])
      .where('org_id', '=', actor.orgId)
      .where('id', 'in', [...new Set(rows.map((r) => r.type_id))])
      .execute(),
    userNames(
      db,
      rows.flatMap((r) => [r.requested_by, r.decided_by]).filter((x): x is string => !!x),
    ),
  ]);
  const typeOf = new Map(types.map((t) => [t.id, t]));
  const user = (id: string | null) => (id ? { id, name: names.get(id) ?? '—' } : null);
  return rows.map((r): TimeOffRequest => {
    const p = profiles.get(r.employee_id);
    const t = typeOf.get(r.type_id);
    const own = actor.employeeId === r.employee_id;
    const approver = can(actor, 'scheduling.approve') && canSeeSite(actor, p?.siteId ?? null);
    return {
      id: r.id,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      employee: { id: r.employee_id, name: p?.name ?? '—', siteId: p?.siteId ?? null },
      type: { id: r.type_id, name: t?.name ?? '—', color: t?.color ?? '#868e96' },
      startDate: r.start_date,
      endDate: r.end_date,
      allDay: toBool(r.all_day),
      startTime: r.start_time,
      endTime: r.end_time,
      minutes: r.minutes,
      reason: r.reason,
      status: r.status as TimeOffRequest['status'],
      approvalId: r.approval_id,
      requestedBy: user(r.requested_by),
      decidedBy: user(r.decided_by),
      decidedAt: r.decided_at,
      canCancel:
        (r.status === 'pending' && (own || approver || r.requested_by === actor.userId)) ||
        (r.status === 'approved' && approver),
    };
  });
}

export async function listRequests(
  deps: Deps,
  actor: Actor,
  query: z.output<NonNullable<typeof schedulingPeople.listTimeOffRequests.query>>,
) {
  let q = deps.db.selectFrom('time_off_requests').selectAll().where('org_id', '=', actor.orgId);
  if (query.scope === 'team') {
    if (!can(actor, 'scheduling.approve') && !can(actor, 'scheduling.manage'))
      throw forbidden(
        'TEAM_REQUESTS_FORBIDDEN',
        'Only approvers and coordinators see team requests.',
      );
    if (query.siteId && !canSeeSite(actor, query.siteId)) return { items: [] };
    const siteIds = query.siteId ? [query.siteId] : actor.siteIds;
    if (siteIds) {
      const ids = await employeeIdsInSites(deps.db, actor.orgId, siteIds);
      if (ids.length === 0) return { items: [] };
      q = q.where('employee_id', 'in', ids);
    }
    if (query.employeeId) q = q.where('employee_id', '=', query.employeeId);
  } else {
    const e = await targetEmployee(deps.db, actor, query.employeeId, {
      permission: 'scheduling.approve',
    });
    q = q.where('employee_id', '=', e.id);
  }
  if (query.status) q = q.where('status', '=', query.status);
  if (query.from) q = q.where('end_date', '>=', query.from);
  if (query.to) q = q.where('start_date', '<=', query.to);
  const order = query.scope === 'team' ? 'asc' : 'desc';
  const rows = await q.orderBy('start_date', order).orderBy('id').limit(query.limit).execute();
  return { items: await toRequests(deps.db, actor, rows) };
}

async function loadRequest(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await db
    .selectFrom('time_off_requests')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('time-off request');
  if (row.requested_by !== actor.userId)
    await recordOwner(db, actor, row.employee_id, 'time-off request', 'scheduling.approve');
  return row;
}

export async function getRequest(deps: Deps, actor: Actor, id: string) {
  const row = await loadRequest(deps.db, actor, id);
  return (await toRequests(deps.db, actor, [row]))[0]!;
}

const requestSnapshot = (r: RequestRow) => ({
  employeeId: r.employee_id,
  typeId: r.type_id,
  startDate: r.start_date,
  endDate: r.end_date,
  allDay: toBool(r.all_day),
  startTime: r.start_time,
  endTime: r.end_time,
  minutes: r.minutes,
  reason: r.reason,
  status: r.status,
});

const dateRange = (r: { start_date: string; end_date: string }) =>
  r.start_date === r.end_date ? r.start_date : `${r.start_date} – ${r.end_date}`;
const hours = (minutes: number) => `${Math.round((minutes / 60) * 10) / 10} h`;

export async function createRequest(
  deps: Deps,
  actor: Actor,
  input: z.output<typeof schedulingPeople.createTimeOffRequestBody>,
) {
  const e = await targetEmployee(deps.db, actor, input.employeeId, { forWrite: true });
  const at = nowIso(deps);
  const span: TimeOffSpan = {
    startDate: input.startDate,
    endDate: input.endDate,
    allDay: input.allDay,
    startTime: input.allDay ? null : (input.startTime ?? null),
    endTime: input.allDay ? null : (input.endTime ?? null),
  };
  const minutes = requestMinutes(span, minutesPerWorkday(e.contractHoursPerWeek));
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    // Overlap and balance are checked and written under one lock.
    await lockOrganization(trx, deps.dialect, actor.orgId);
    const type = await trx
      .selectFrom('time_off_types')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .where('id', '=', input.typeId)
      .executeTakeFirst();
    if (!type)
      throw invalid(
        'TIME_OFF_TYPE_NOT_FOUND',
        'typeId',
        'is not a time-off type of this organization',
      );
    if (type.archived_at) throw invalid('TIME_OFF_TYPE_ARCHIVED', 'typeId', 'is archived');

    const existing = await trx
      .selectFrom('time_off_requests')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .where('employee_id', '=', e.id)
      .where('status', 'in', ['pending', 'approved'])
      .where('start_date', '<=', span.endDate)
      .where('end_date', '>=', span.startDate)
      .execute();
    const clash = existing.find((r) => spansOverlap(spanOf(r), span));
    if (clash)
      throw new KeelError(
        'conflict',
        'TIME_OFF_OVERLAP',
        `This overlaps a ${clash.status} request (${dateRange(clash)}).`,
        {
          fields: [{ field: 'startDate', message: 'overlaps another request' }],
          extra: { requestId: clash.id },
        },
      );

    if (type.yearly_allowance_minutes !== null) {
      for (const year of yearsOf(span)) {
        const need = minutesInYear({ ...span, minutes }, year);
        if (need === 0) continue;
        const used = (await usedMinutes(trx, actor.orgId, e.id, year, type.id)).get(type.id) ?? {
          approved: 0,
          pending: 0,
        };
        const remaining = type.yearly_allowance_minutes - used.approved - used.pending;
        if (need > remaining)
          throw new KeelError(
            'conflict',
            'INSUFFICIENT_BALANCE',
            `Not enough ${type.name} left for ${year}: ${hours(need)} asked, ${hours(Math.max(0, remaining))} left.`,
            {
              fields: [
                {
                  field: 'typeId',
                  message: `only ${hours(Math.max(0, remaining))} left in ${year}`,
                },
              ],
              extra: { typeId: type.id, year, requestedMinutes: need, remainingMinutes: remaining },
            },
          );
      }
    }

    const needsApproval = toBool(type.requires_approval);
    const row: RequestRow = {
      id,
      org_id: actor.orgId,
      created_at: at,
      created_by: actor.userId,
      updated_at: at,
      updated_by: actor.userId,
      employee_id: e.id,
      type_id: type.id,
      start_date: span.startDate,
      end_date: span.endDate,
      all_day: span.allDay,
      start_time: span.startTime,
      end_time: span.endTime,
      minutes,
      reason: input.reason ?? null,
      status: needsApproval ? 'pending' : 'approved',
      approval_id: null,
      requested_by: actor.userId,
      decided_by: needsApproval ? null : actor.userId,
      decided_at: needsApproval ? null : at,
    };
    await trx.insertInto('time_off_requests').values(row).execute();
    if (needsApproval) {
      const when = span.allDay
        ? dateRange(row)
        : `${row.start_date} ${row.start_time}–${row.end_time}`;
      const approval = await requestApproval(trx, deps, {
        orgId: actor.orgId,
        type: TIME_OFF_APPROVAL,
        entityId: id,
        siteId: e.siteId,
        title: `${type.name} for ${e.name}: ${when} (${hours(minutes)})`,
        requestedBy: actor,
      });
      await trx
        .updateTable('time_off_requests')
        .set({ approval_id: approval.id })
        .where('id', '=', id)
        .execute();
    }
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'create',
      entityType: TIME_OFF_ENTITY,
      entityId: id,
      entityLabel: `${type.name}: ${e.name}, ${dateRange(row)}`,
      after: requestSnapshot(row),
      at,
    });
    await constraintEvent(trx, deps, actor, {
      orgId: actor.orgId,
      type: 'time_off_request.created',
      entityType: TIME_OFF_ENTITY,
      entityId: id,
      employeeId: e.id,
      siteId: e.siteId,
    });
  });
  afterCommit(deps);
  return getRequest(deps, actor, id);
}

export async function cancelRequest(
  deps: Deps,
  actor: Actor,
  id: string,
  input: { reason?: string | null | undefined },
) {
  const at = nowIso(deps);
  await deps.db.transaction().execute(async (trx) => {
    await lockOrganization(trx, deps.dialect, actor.orgId);
    const before = await loadRequest(trx, actor, id);
    const profile = (await schedulingProfiles(trx, actor.orgId, [before.employee_id])).get(
      before.employee_id,
    );
    const siteId = profile?.siteId ?? null;
    const approver = can(actor, 'scheduling.approve') && canSeeSite(actor, siteId);
    const mine = before.employee_id === actor.employeeId || before.requested_by === actor.userId;
    if (before.status === 'pending') {
      if (!mine && !approver)
        throw forbidden('TIME_OFF_CANCEL_FORBIDDEN', 'You may not cancel this request.');
    } else if (before.status === 'approved') {
      if (!approver)
        throw forbidden(
          'TIME_OFF_CANCEL_FORBIDDEN',
          'Approved time off can only be cancelled by an approver.',
        );
    } else {
      throw conflict('TIME_OFF_NOT_CANCELLABLE', `This request is already ${before.status}.`);
    }
    const after: RequestRow = {
      ...before,
      status: 'cancelled',
      reason: input.reason
        ? `${before.reason ? `${before.reason} — ` : ''}Cancelled: ${input.reason}`
        : before.reason,
      updated_at: at,
      updated_by: actor.userId,
    };
    await trx.updateTable('time_off_requests').set(after).where('id', '=', id).execute();
    if (before.status === 'pending')
      await cancelApprovals(trx, deps, {
        orgId: actor.orgId,
        type: TIME_OFF_APPROVAL,
        entityId: id,
        actor,
      });
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'cancel',
      entityType: TIME_OFF_ENTITY,
      entityId: id,
      entityLabel: `${profile?.name ?? ''}, ${dateRange(before)}`,
      before: requestSnapshot(before),
      after: requestSnapshot(after),
      at,
    });
    await constraintEvent(trx, deps, actor, {
      orgId: actor.orgId,
      type: 'time_off_request.cancelled',
      entityType: TIME_OFF_ENTITY,
      entityId: id,
      employeeId: before.employee_id,
      siteId,
    });
  });
  afterCommit(deps);
  return getRequest(deps, actor, id);
}

/** Applies an approval decision to its request; runs in the deciding transaction. */
export async function applyTimeOffDecision(
  trx: Kysely<DB>,
  deps: Deps,
  actor: Actor,
  request: { orgId: string; entityId: string },
  decision: 'approved' | 'rejected',
) {
  const at = nowIso(deps);
  const before = await trx
    .selectFrom('time_off_requests')
    .selectAll()
    .where('org_id', '=', request.orgId)
    .where('id', '=', request.entityId)
    .executeTakeFirst();
  if (!before) throw notFound('time-off request');
  if (before.status !== 'pending')
    throw conflict('TIME_OFF_NOT_PENDING', `This request is already ${before.status}.`);
  const after: RequestRow = {
    ...before,
    status: decision,
    decided_by: actor.userId,
    decided_at: at,
    updated_at: at,
    updated_by: actor.userId,
  };
  const res = await trx
    .updateTable('time_off_requests')
    .set(after)
    .where('id', '=', before.id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1)
    throw conflict('TIME_OFF_NOT_PENDING', 'This request is no longer pending.');
  const profile = (await schedulingProfiles(trx, request.orgId, [before.employee_id])).get(
    before.employee_id,
  );
  await recordAudit(trx, {
    actor,
    orgId: request.orgId,
    action: decision === 'approved' ? 'approve' : 'reject',
    entityType: TIME_OFF_ENTITY,
    entityId: before.id,
    entityLabel: `${profile?.name ?? ''}, ${dateRange(before)}`,
    before: requestSnapshot(before),
    after: requestSnapshot(after),
    at,
  });
  await constraintEvent(trx, deps, actor, {
    orgId: request.orgId,
    type: `time_off_request.${decision}`,
    entityType: TIME_OFF_ENTITY,
    entityId: before.id,
    employeeId: before.employee_id,
    siteId: profile?.siteId ?? null,
  });
}

// ── Entity kind (approvals, history) ───────────────────────────────────────

export async function describeTimeOffRequests(deps: Deps, actor: Actor, ids: string[]) {
  const out = new Map<
    string,
    { entityType: string; id: string; label: string; href: string; siteId: string | null }
  >();
  if (ids.length === 0) return out;
  const rows = await deps.db
    .selectFrom('time_off_requests as r')
    .innerJoin('time_off_types as t', 't.id', 'r.type_id')
    .select([
      'r.id',
      'r.employee_id',
      'r.requested_by',
      'r.start_date',
      'r.end_date',
      't.name as type_name',
    ])
    .where('r.org_id', '=', actor.orgId)
    .where('r.id', 'in', ids)
    .execute();
  const profiles = await schedulingProfiles(
    deps.db,
    actor.orgId,
    rows.map((r) => r.employee_id),
  );
  const staff = can(actor, 'scheduling.approve') || can(actor, 'scheduling.manage');
  for (const r of rows) {
    const p = profiles.get(r.employee_id);
    const siteId = p?.siteId ?? null;
    const visible =
      r.employee_id === actor.employeeId ||
      r.requested_by === actor.userId ||
      (staff && canSeeSite(actor, siteId));
    if (!visible) continue;
    out.set(r.id, {
      entityType: TIME_OFF_ENTITY,
      id: r.id,
      label: `${r.type_name}: ${p?.name ?? '—'}, ${dateRange(r)}`,
      href: r.employee_id === actor.employeeId ? '/time-off' : '/time-off?tab=team',
      siteId,
    });
  }
  return out;
}

export async function timeOffParticipants(deps: Deps, orgId: string, id: string) {
  const row = await deps.db
    .selectFrom('time_off_requests')
    .select(['employee_id', 'requested_by'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return [];
  const users = await userIdsByEmployee(deps.db, orgId, [row.employee_id]);
  return [...new Set([...users.values(), ...(row.requested_by ? [row.requested_by] : [])])];
}

/**
 * The requester withdrew the approval from the approvals inbox: the pending request is cancelled
 * in that transaction (its hours stop counting against the balance).
 */
export async function withdrawTimeOff(
  trx: Kysely<DB>,
  deps: Deps,
  actor: Actor,
  request: { orgId: string; entityId: string },
) {
  const before = await trx
    .selectFrom('time_off_requests')
    .selectAll()
    .where('org_id', '=', request.orgId)
    .where('id', '=', request.entityId)
    .executeTakeFirst();
  if (before?.status !== 'pending') return;
  const at = nowIso(deps);
  const after: RequestRow = {
    ...before,
    status: 'cancelled',
    updated_at: at,
    updated_by: actor.userId,
  };
  await trx.updateTable('time_off_requests').set(after).where('id', '=', before.id).execute();
  const profile = (await schedulingProfiles(trx, request.orgId, [before.employee_id])).get(
    before.employee_id,
  );
  await recordAudit(trx, {
    actor,
    orgId: request.orgId,
    action: 'cancel',
    entityType: TIME_OFF_ENTITY,
    entityId: before.id,
    entityLabel: `${profile?.name ?? ''}, ${dateRange(before)}`,
    before: requestSnapshot(before),
    after: requestSnapshot(after),
    at,
  });
  await constraintEvent(trx, deps, actor, {
    orgId: request.orgId,
    type: 'time_off_request.cancelled',
    entityType: TIME_OFF_ENTITY,
    entityId: before.id,
    employeeId: before.employee_id,
    siteId: profile?.siteId ?? null,
  });
}
