import type { scheduling as contract, ShiftType } from '@keel/contracts';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit.service.js';
import { type Actor, canSeeSite } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { conflict, invalid, KeelError, notFound } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import { positionSummaries, siteSummaries } from '../people/index.js';
import { nominalPaidMinutes } from './shift-time.js';
import './scheduling.tables.js';

export type ShiftTypeRow = DB['shift_types'];

/** Shift types as the API shows them (position names looked up in one query). */
export async function toShiftTypes(
  db: Kysely<DB>,
  orgId: string,
  rows: readonly ShiftTypeRow[],
): Promise<ShiftType[]> {
  const positions = await positionSummaries(
    db,
    orgId,
    rows.flatMap((r) => (r.position_id ? [r.position_id] : [])),
  );
  return rows.map((r) => {
    const p = r.position_id ? positions.get(r.position_id) : undefined;
    return {
      id: r.id,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      siteId: r.site_id,
      code: r.code,
      name: r.name,
      startTime: r.start_time,
      endTime: r.end_time,
      breakMinutes: Number(r.break_minutes),
      paidMinutes: nominalPaidMinutes(r.start_time, r.end_time, Number(r.break_minutes)),
      overnight: r.end_time <= r.start_time,
      color: r.color,
      position: p ? { id: p.id, name: p.name } : null,
      archived: r.archived_at !== null,
    };
  });
}

/** The site, if it is the organization's and inside the actor's site access (else 404). */
export async function visibleSite(db: Kysely<DB>, actor: Actor, siteId: string, field = 'siteId') {
  const site = (await siteSummaries(db, actor.orgId, [siteId])).get(siteId);
  if (!site || !canSeeSite(actor, siteId))
    throw new KeelError('not_found', 'SITE_NOT_FOUND', 'Site not found', {
      fields: [{ field, message: 'no such site' }],
    });
  return site;
}

async function loadShiftType(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await db
    .selectFrom('shift_types')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || !canSeeSite(actor, row.site_id)) throw notFound('shift type');
  return row;
}

async function checkPosition(db: Kysely<DB>, orgId: string, positionId: string | null) {
  if (!positionId) return;
  const p = (await positionSummaries(db, orgId, [positionId])).get(positionId);
  if (!p) throw invalid('POSITION_NOT_FOUND', 'positionId', 'no such position');
  if (p.archived) throw invalid('POSITION_ARCHIVED', 'positionId', 'the position is archived');
}

const snapshot = (r: ShiftTypeRow) => ({
  siteId: r.site_id,
  code: r.code,
  name: r.name,
  startTime: r.start_time,
  endTime: r.end_time,
  breakMinutes: r.break_minutes,
  color: r.color,
  positionId: r.position_id,
  archived: r.archived_at !== null,
});

function checkTimes(r: ShiftTypeRow) {
  if (r.start_time === r.end_time)
    throw invalid('SHIFT_TYPE_ZERO_LENGTH', 'endTime', 'must differ from the start time');
  if (r.break_minutes >= nominalPaidMinutes(r.start_time, r.end_time, 0))
    throw invalid('BREAK_TOO_LONG', 'breakMinutes', 'must be shorter than the shift');
}

const duplicate = (code: string) =>
  conflict('SHIFT_TYPE_CODE_TAKEN', `The site already has a shift type with code ${code}`, [
    { field: 'code', message: 'is already used at this site' },
  ]);

async function write(
  deps: Deps,
  actor: Actor,
  before: ShiftTypeRow | null,
  after: ShiftTypeRow,
  action: string,
) {
  try {
    await deps.db.transaction().execute(async (trx) => {
      const taken = await trx
        .selectFrom('shift_types')
        .select('id')
        .where('org_id', '=', after.org_id)
        .where('site_id', '=', after.site_id)
        .where('code_key', '=', after.code_key)
        .where('id', '!=', after.id)
        .executeTakeFirst();
      if (taken) throw duplicate(after.code);
      if (before)
        await trx.updateTable('shift_types').set(after).where('id', '=', after.id).execute();
      else await trx.insertInto('shift_types').values(after).execute();
      await recordAudit(trx, {
        actor,
        orgId: actor.orgId,
        action,
        entityType: 'shift_type',
        entityId: after.id,
        entityLabel: `${after.code} ${after.name}`,
        before: before ? snapshot(before) : null,
        after: snapshot(after),
        at: after.updated_at,
      });
      await deps.events.record(trx, {
        orgId: actor.orgId,
        type: `shift_type.${action}`,
        entityType: 'shift_type',
        entityId: after.id,
        siteId: after.site_id,
        permission: 'scheduling.read',
        topics: ['scheduling'],
        actorUserId: actor.userId,
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(after.code);
    throw err;
  }
  afterCommit(deps);
  return (await toShiftTypes(deps.db, actor.orgId, [after]))[0]!;
}

export async function listShiftTypes(
  deps: Deps,
  actor: Actor,
  query: { siteId?: string | undefined; includeArchived?: 'true' | 'false' | undefined },
) {
  if (query.siteId) await visibleSite(deps.db, actor, query.siteId);
  let q = deps.db.selectFrom('shift_types').selectAll().where('org_id', '=', actor.orgId);
  if (query.siteId) q = q.where('site_id', '=', query.siteId);
  else if (actor.siteIds !== null)
    q = actor.siteIds.length
      ? q.where('site_id', 'in', [...actor.siteIds])
      : q.where('id', '=', '');
  if (query.includeArchived !== 'true') q = q.where('archived_at', 'is', null);
  const rows = await q.orderBy('site_id').orderBy('start_time').orderBy('code_key').execute();
  return { items: await toShiftTypes(deps.db, actor.orgId, rows) };
}

export async function createShiftType(
  deps: Deps,
  actor: Actor,
  body: z.output<typeof contract.createShiftTypeBody>,
) {
  await visibleSite(deps.db, actor, body.siteId);
  await checkPosition(deps.db, actor.orgId, body.positionId ?? null);
  const at = deps.clock.now().toISOString();
  const row: ShiftTypeRow = {
    id: newId(),
    org_id: actor.orgId,
    site_id: body.siteId,
    code: body.code,
    code_key: body.code.toUpperCase(),
    name: body.name,
    start_time: body.startTime,
    end_time: body.endTime,
    break_minutes: body.breakMinutes,
    color: body.color,
    position_id: body.positionId ?? null,
    archived_at: null,
    created_at: at,
    created_by: actor.userId,
    updated_at: at,
    updated_by: actor.userId,
  };
  checkTimes(row);
  return write(deps, actor, null, row, 'create');
}

export async function updateShiftType(
  deps: Deps,
  actor: Actor,
  id: string,
  body: z.output<typeof contract.updateShiftTypeBody>,
) {
  const before = await loadShiftType(deps.db, actor, id);
  if (body.positionId !== undefined && body.positionId !== before.position_id)
    await checkPosition(deps.db, actor.orgId, body.positionId ?? null);
  const after: ShiftTypeRow = {
    ...before,
    code: body.code ?? before.code,
    code_key: (body.code ?? before.code).toUpperCase(),
    name: body.name ?? before.name,
    start_time: body.startTime ?? before.start_time,
    end_time: body.endTime ?? before.end_time,
    break_minutes: body.breakMinutes ?? before.break_minutes,
    color: body.color ?? before.color,
    position_id: body.positionId === undefined ? before.position_id : (body.positionId ?? null),
    updated_at: deps.clock.now().toISOString(),
    updated_by: actor.userId,
  };
  checkTimes(after);
  return write(deps, actor, before, after, 'update');
}

export async function setShiftTypeArchived(
  deps: Deps,
  actor: Actor,
  id: string,
  archived: boolean,
) {
  const before = await loadShiftType(deps.db, actor, id);
  if ((before.archived_at !== null) === archived)
    return (await toShiftTypes(deps.db, actor.orgId, [before]))[0]!;
  const at = deps.clock.now().toISOString();
  const after: ShiftTypeRow = {
    ...before,
    archived_at: archived ? at : null,
    updated_at: at,
    updated_by: actor.userId,
  };
  return write(deps, actor, before, after, archived ? 'archive' : 'restore');
}
