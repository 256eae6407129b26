import type { ShiftPreferenceRecord, schedulingPeople } from '@keel/contracts';
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
import './scheduling.tables.js';

// Shift preferences: "I want / would rather avoid <shift type or any shift> on <date | weekday>",
// weighted 1–10; soft only (the engine reports them, never blocks on them).

type PrefRow = DB['shift_preferences'];
type ShiftTypeRef = { id: string; name: string; code: string };

const toPreference = (r: PrefRow, types: Map<string, ShiftTypeRef>): ShiftPreferenceRecord => ({
  id: r.id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  employeeId: r.employee_id,
  date: r.date,
  weekday: r.weekday,
  shiftType: r.shift_type_id ? (types.get(r.shift_type_id) ?? null) : null,
  kind: r.kind as ShiftPreferenceRecord['kind'],
  weight: r.weight,
  note: r.note,
});
const snapshot = (r: PrefRow) => ({
  employeeId: r.employee_id,
  date: r.date,
  weekday: r.weekday,
  shiftTypeId: r.shift_type_id,
  kind: r.kind,
  weight: r.weight,
  note: r.note,
});
const label = (r: PrefRow, types: Map<string, ShiftTypeRef>) => {
  const what = r.shift_type_id ? (types.get(r.shift_type_id)?.name ?? 'shift') : 'any shift';
  const when = r.date ?? (r.weekday ? `${WEEKDAY_SHORT[r.weekday - 1]}s` : '');
  return `${r.kind === 'want' ? 'Wants' : 'Avoids'} ${what} on ${when}`;
};

async function shiftTypesOf(db: Kysely<DB>, orgId: string, siteId: string | null) {
  let q = db
    .selectFrom('shift_types')
    .select(['id', 'name', 'code'])
    .where('org_id', '=', orgId)
    .where('archived_at', 'is', null);
  if (siteId) q = q.where('site_id', '=', siteId);
  return q.orderBy('start_time').orderBy('code_key').execute();
}

async function typesById(db: Kysely<DB>, orgId: string, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (wanted.length === 0) return new Map<string, ShiftTypeRef>();
  const rows = await db
    .selectFrom('shift_types')
    .select(['id', 'name', 'code'])
    .where('org_id', '=', orgId)
    .where('id', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** The shift type must be of the organization (and of the person's site when they have one). */
async function checkShiftType(db: Kysely<DB>, actor: Actor, e: TargetEmployee, id: string | null) {
  if (!id) return;
  const row = await db
    .selectFrom('shift_types')
    .select(['id', 'site_id'])
    .where('org_id', '=', actor.orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || (e.siteId && row.site_id !== e.siteId))
    throw invalid(
      'SHIFT_TYPE_NOT_FOUND',
      'shiftTypeId',
      'is not a shift type of the person’s site',
    );
}

export async function listPreferences(
  deps: Deps,
  actor: Actor,
  query: { employeeId?: string | undefined },
) {
  const e = await targetEmployee(deps.db, actor, query.employeeId);
  const rows = await deps.db
    .selectFrom('shift_preferences')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('employee_id', '=', e.id)
    .orderBy('weekday')
    .orderBy('date')
    .orderBy('id')
    .execute();
  const [types, siteTypes] = await Promise.all([
    typesById(
      deps.db,
      actor.orgId,
      rows.map((r) => r.shift_type_id),
    ),
    shiftTypesOf(deps.db, actor.orgId, e.siteId),
  ]);
  return { items: rows.map((r) => toPreference(r, types)), shiftTypes: siteTypes };
}

async function audited(
  trx: Kysely<DB>,
  deps: Deps,
  actor: Actor,
  e: TargetEmployee,
  action: 'create' | 'update' | 'delete',
  before: PrefRow | null,
  after: PrefRow | null,
  at: string,
) {
  const row = (after ?? before)!;
  const types = await typesById(trx, actor.orgId, [
    before?.shift_type_id ?? null,
    after?.shift_type_id ?? null,
  ]);
  await recordAudit(trx, {
    actor,
    orgId: actor.orgId,
    action,
    entityType: 'shift_preference',
    entityId: row.id,
    entityLabel: `${e.name}: ${label(row, types)}`,
    before: before ? snapshot(before) : null,
    after: after ? snapshot(after) : null,
    at,
  });
  await constraintEvent(trx, deps, actor, {
    orgId: actor.orgId,
    type: `shift_preference.${action === 'create' ? 'created' : action === 'update' ? 'updated' : 'deleted'}`,
    entityType: 'shift_preference',
    entityId: row.id,
    employeeId: e.id,
    siteId: e.siteId,
  });
  return types;
}

export async function createPreference(
  deps: Deps,
  actor: Actor,
  input: z.output<typeof schedulingPeople.createPreferenceBody>,
) {
  const e = await targetEmployee(deps.db, actor, input.employeeId, { forWrite: true });
  const at = nowIso(deps);
  const row: PrefRow = {
    id: newId(),
    org_id: actor.orgId,
    created_at: at,
    created_by: actor.userId,
    updated_at: at,
    updated_by: actor.userId,
    employee_id: e.id,
    date: input.date ?? null,
    weekday: input.date ? null : (input.weekday ?? null),
    shift_type_id: input.shiftTypeId ?? null,
    kind: input.kind,
    weight: input.weight,
    note: input.note ?? null,
  };
  const types = await deps.db.transaction().execute(async (trx) => {
    await checkShiftType(trx, actor, e, row.shift_type_id);
    await trx.insertInto('shift_preferences').values(row).execute();
    return audited(trx, deps, actor, e, 'create', null, row, at);
  });
  afterCommit(deps);
  return toPreference(row, types);
}

async function loadPreference(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await db
    .selectFrom('shift_preferences')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('shift preference');
  return { row, e: await recordOwner(db, actor, row.employee_id, 'shift preference') };
}

export async function updatePreference(
  deps: Deps,
  actor: Actor,
  id: string,
  input: z.output<typeof schedulingPeople.updatePreferenceBody>,
) {
  const at = nowIso(deps);
  const { after, types } = await deps.db.transaction().execute(async (trx) => {
    const { row: before, e } = await loadPreference(trx, actor, id);
    // A date given replaces the weekday and the other way round.
    const date = input.date !== undefined ? input.date : input.weekday ? null : before.date;
    const weekday =
      input.weekday !== undefined ? input.weekday : input.date ? null : before.weekday;
    if ((date === null) === (weekday === null))
      throw invalid('PREFERENCE_WHEN', 'date', 'give either a date or a weekday (exactly one)');
    const after: PrefRow = {
      ...before,
      date,
      weekday,
      shift_type_id: input.shiftTypeId === undefined ? before.shift_type_id : input.shiftTypeId,
      kind: input.kind ?? before.kind,
      weight: input.weight ?? before.weight,
      note: input.note === undefined ? before.note : input.note,
      updated_at: at,
      updated_by: actor.userId,
    };
    if (after.shift_type_id !== before.shift_type_id)
      await checkShiftType(trx, actor, e, after.shift_type_id);
    await trx.updateTable('shift_preferences').set(after).where('id', '=', id).execute();
    const types = await audited(trx, deps, actor, e, 'update', before, after, at);
    return { after, types };
  });
  afterCommit(deps);
  return toPreference(after, types);
}

export async function deletePreference(deps: Deps, actor: Actor, id: string) {
  const at = nowIso(deps);
  await deps.db.transaction().execute(async (trx) => {
    const { row, e } = await loadPreference(trx, actor, id);
    await trx.deleteFrom('shift_preferences').where('id', '=', id).execute();
    await audited(trx, deps, actor, e, 'delete', row, null, at);
  });
  afterCommit(deps);
  return { ok: true as const };
}
