import type { EmployeeWorkRules, schedulingPeople, WorkRuleSet } from '@keel/contracts';
import type { WorkRules } from '@keel/scheduling-rules';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit.service.js';
import { type Actor, canSeeSite } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import { lockOrganization } from '../../platform/db/locks.js';
import { type DB, toBool } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { conflict, KeelError, notFound } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import {
  type SchedulingProfile,
  schedulingProfiles,
  searchSchedulingProfiles,
  siteSummaries,
} from '../people/index.js';
import { constraintEvent, nowIso } from './constraints.access.js';
import './constraints.tables.js';
import {
  BUILTIN_WORK_RULES,
  parseRules,
  resolveWorkRules,
  WORK_RULE_FIELDS,
} from './work-rules.js';

// Work rules: rule sets (one per contract type, one organization default) and per-employee
// overrides. Resolution, field by field: employee ▸ contract type set ▸ default set ▸ built-in.

type SetRow = DB['work_rule_sets'];
type EmploymentType = WorkRuleSet['employmentType'];

const toSet = (r: SetRow): WorkRuleSet => ({
  id: r.id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  name: r.name,
  employmentType: r.employment_type as EmploymentType,
  isDefault: toBool(r.is_default),
  rules: resolveWorkRules(parseRules(r.rules)),
});
const setSnapshot = (r: SetRow) => ({
  name: r.name,
  employmentType: r.employment_type,
  isDefault: toBool(r.is_default),
  rules: parseRules(r.rules),
});

const announce = (trx: Kysely<DB>, deps: Deps, actor: Actor, type: string, entityId: string) =>
  deps.events.record(trx, {
    orgId: actor.orgId,
    type,
    entityType: 'work_rule_set',
    entityId,
    permission: 'scheduling.manage',
    siteId: null,
    topics: ['scheduling'],
    actorUserId: actor.userId,
  });

/** maxShiftsOfType must name shift types of the organization. */
async function checkShiftTypes(
  db: Kysely<DB>,
  orgId: string,
  rules: Partial<WorkRules>,
  prefix: string,
) {
  const list = rules.maxShiftsOfType ?? [];
  if (list.length === 0) return;
  const rows = await db
    .selectFrom('shift_types')
    .select('id')
    .where('org_id', '=', orgId)
    .where(
      'id',
      'in',
      list.map((m) => m.shiftTypeId),
    )
    .execute();
  const found = new Set(rows.map((r) => r.id));
  const fields = list.flatMap((m, i) =>
    found.has(m.shiftTypeId)
      ? []
      : [
          {
            field: `${prefix}maxShiftsOfType.${i}.shiftTypeId`,
            message: 'is not a shift type of this organization',
          },
        ],
  );
  if (fields.length)
    throw new KeelError(
      'invalid',
      'SHIFT_TYPE_NOT_FOUND',
      fields.map((f) => `${f.field}: ${f.message}`).join('; '),
      { fields },
    );
}

export async function getWorkRules(deps: Deps, actor: Actor) {
  const rows = await deps.db
    .selectFrom('work_rule_sets')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .orderBy('is_default', 'desc')
    .orderBy('name')
    .execute();
  return { builtin: BUILTIN_WORK_RULES, sets: rows.map(toSet) };
}

const typeTaken = () =>
  conflict('WORK_RULE_SET_TYPE_TAKEN', 'Another rule set is already for this contract type.', [
    { field: 'employmentType', message: 'already has a rule set' },
  ]);

async function clearDefault(trx: Kysely<DB>, actor: Actor, exceptId: string, at: string) {
  const previous = await trx
    .selectFrom('work_rule_sets')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', '!=', exceptId)
    .execute();
  for (const p of previous.filter((r) => toBool(r.is_default))) {
    await trx
      .updateTable('work_rule_sets')
      .set({ is_default: false, updated_at: at, updated_by: actor.userId })
      .where('id', '=', p.id)
      .execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'update',
      entityType: 'work_rule_set',
      entityId: p.id,
      entityLabel: p.name,
      before: setSnapshot(p),
      after: { ...setSnapshot(p), isDefault: false },
      at,
    });
  }
}

export async function createWorkRuleSet(
  deps: Deps,
  actor: Actor,
  input: z.output<typeof schedulingPeople.createWorkRuleSetBody>,
): Promise<WorkRuleSet> {
  const at = nowIso(deps);
  const row: SetRow = {
    id: newId(),
    org_id: actor.orgId,
    created_at: at,
    created_by: actor.userId,
    updated_at: at,
    updated_by: actor.userId,
    name: input.name,
    employment_type: input.employmentType ?? null,
    is_default: input.isDefault,
    rules: JSON.stringify(input.rules),
  };
  const out = await deps.db
    .transaction()
    .execute(async (trx) => {
      await lockOrganization(trx, deps.dialect, actor.orgId);
      await checkShiftTypes(trx, actor.orgId, input.rules, 'rules.');
      if (input.isDefault) await clearDefault(trx, actor, row.id, at);
      await trx.insertInto('work_rule_sets').values(row).execute();
      await recordAudit(trx, {
        actor,
        orgId: actor.orgId,
        action: 'create',
        entityType: 'work_rule_set',
        entityId: row.id,
        entityLabel: row.name,
        after: setSnapshot(row),
        at,
      });
      await announce(trx, deps, actor, 'work_rule_set.created', row.id);
      return toSet(row);
    })
    .catch((err) => {
      if (isUniqueViolation(err)) throw typeTaken();
      throw err;
    });
  afterCommit(deps);
  return out;
}

async function loadSet(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await db
    .selectFrom('work_rule_sets')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('work rule set');
  return row;
}

export async function updateWorkRuleSet(
  deps: Deps,
  actor: Actor,
  id: string,
  input: z.output<typeof schedulingPeople.updateWorkRuleSetBody>,
): Promise<WorkRuleSet> {
  const at = nowIso(deps);
  const out = await deps.db
    .transaction()
    .execute(async (trx) => {
      await lockOrganization(trx, deps.dialect, actor.orgId);
      const before = await loadSet(trx, actor, id);
      if (input.rules) await checkShiftTypes(trx, actor.orgId, input.rules, 'rules.');
      const after: SetRow = {
        ...before,
        name: input.name ?? before.name,
        employment_type:
          input.employmentType === undefined ? before.employment_type : input.employmentType,
        is_default: input.isDefault ?? toBool(before.is_default),
        rules: input.rules ? JSON.stringify(input.rules) : before.rules,
        updated_at: at,
        updated_by: actor.userId,
      };
      if (input.isDefault === true) await clearDefault(trx, actor, id, at);
      await trx.updateTable('work_rule_sets').set(after).where('id', '=', id).execute();
      await recordAudit(trx, {
        actor,
        orgId: actor.orgId,
        action: 'update',
        entityType: 'work_rule_set',
        entityId: id,
        entityLabel: after.name,
        before: setSnapshot(before),
        after: setSnapshot(after),
        at,
      });
      await announce(trx, deps, actor, 'work_rule_set.updated', id);
      return toSet(after);
    })
    .catch((err) => {
      if (isUniqueViolation(err)) throw typeTaken();
      throw err;
    });
  afterCommit(deps);
  return out;
}

export async function deleteWorkRuleSet(deps: Deps, actor: Actor, id: string) {
  const at = nowIso(deps);
  await deps.db.transaction().execute(async (trx) => {
    const before = await loadSet(trx, actor, id);
    await trx.deleteFrom('work_rule_sets').where('id', '=', id).execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'delete',
      entityType: 'work_rule_set',
      entityId: id,
      entityLabel: before.name,
      before: setSnapshot(before),
      at,
    });
    await announce(trx, deps, actor, 'work_rule_set.deleted', id);
  });
  afterCommit(deps);
  return { ok: true as const };
}

// ── Per-employee rules ─────────────────────────────────────────────────────

type Source = 'employee' | 'employment_type' | 'default' | 'builtin';

async function ruleContext(db: Kysely<DB>, orgId: string, ids: string[]) {
  const [sets, overrides] = await Promise.all([
    db.selectFrom('work_rule_sets').selectAll().where('org_id', '=', orgId).execute(),
    ids.length
      ? db
          .selectFrom('employee_work_rules')
          .selectAll()
          .where('org_id', '=', orgId)
          .where('employee_id', 'in', ids)
          .execute()
      : Promise.resolve([]),
  ]);
  return {
    defaultSet: sets.find((s) => toBool(s.is_default)) ?? null,
    typeSets: new Map(sets.filter((s) => s.employment_type).map((s) => [s.employment_type!, s])),
    overrides: new Map(overrides.map((o) => [o.employee_id, o])),
  };
}

function describeRules(
  p: SchedulingProfile,
  site: { id: string; name: string } | null,
  ctx: Awaited<ReturnType<typeof ruleContext>>,
): EmployeeWorkRules {
  const o = ctx.overrides.get(p.id);
  const layers: [Source, Partial<WorkRules>][] = [
    ['employee', parseRules(o?.rules)],
    ['employment_type', parseRules(ctx.typeSets.get(p.employmentType)?.rules)],
    ['default', parseRules(ctx.defaultSet?.rules)],
  ];
  const sources: Record<string, Source> = {};
  for (const key of WORK_RULE_FIELDS)
    sources[key] = layers.find(([, l]) => key in l)?.[0] ?? 'builtin';
  return {
    employee: { id: p.id, name: p.name },
    employmentType: p.employmentType as EmployeeWorkRules['employmentType'],
    site,
    override: o ? parseRules(o.rules) : null,
    note: o?.note ?? null,
    effective: resolveWorkRules(...layers.map(([, l]) => l)),
    sources,
    updatedAt: o?.updated_at ?? null,
  };
}

async function visibleProfile(db: Kysely<DB>, actor: Actor, id: string) {
  const p = (await schedulingProfiles(db, actor.orgId, [id])).get(id);
  if (!p || !canSeeSite(actor, p.siteId)) throw notFound('employee');
  const sites = p.siteId ? await siteSummaries(db, actor.orgId, [p.siteId]) : new Map();
  const s = p.siteId ? sites.get(p.siteId) : undefined;
  return { p, site: s ? { id: s.id, name: s.name } : null };
}

export async function getEmployeeWorkRules(deps: Deps, actor: Actor, id: string) {
  const { p, site } = await visibleProfile(deps.db, actor, id);
  return describeRules(p, site, await ruleContext(deps.db, actor.orgId, [id]));
}

export async function listEmployeeWorkRules(
  deps: Deps,
  actor: Actor,
  query: z.output<NonNullable<typeof schedulingPeople.listEmployeeWorkRules.query>>,
) {
  let onlyIds: string[] | undefined;
  if (query.overridden === 'true') {
    const rows = await deps.db
      .selectFrom('employee_work_rules')
      .select('employee_id')
      .where('org_id', '=', actor.orgId)
      .execute();
    onlyIds = rows.map((r) => r.employee_id);
    if (onlyIds.length === 0) return { items: [] };
  }
  const profiles = await searchSchedulingProfiles(deps.db, actor.orgId, {
    q: query.q,
    siteIds: actor.siteIds,
    ids: onlyIds,
    limit: query.limit,
  });
  const ctx = await ruleContext(
    deps.db,
    actor.orgId,
    profiles.map((p) => p.id),
  );
  const sites = await siteSummaries(
    deps.db,
    actor.orgId,
    profiles.map((p) => p.siteId).filter((s): s is string => !!s),
  );
  const items = profiles
    .filter((p) => query.overridden !== 'false' || !ctx.overrides.has(p.id))
    .map((p) => {
      const s = p.siteId ? sites.get(p.siteId) : undefined;
      return describeRules(p, s ? { id: s.id, name: s.name } : null, ctx);
    });
  return { items };
}

export async function setEmployeeWorkRules(
  deps: Deps,
  actor: Actor,
  id: string,
  input: z.output<typeof schedulingPeople.setEmployeeWorkRulesBody>,
) {
  const at = nowIso(deps);
  const { p, site } = await visibleProfile(deps.db, actor, id);
  await deps.db.transaction().execute(async (trx) => {
    await lockOrganization(trx, deps.dialect, actor.orgId);
    await checkShiftTypes(trx, actor.orgId, input.rules, 'rules.');
    const before = await trx
      .selectFrom('employee_work_rules')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .where('employee_id', '=', id)
      .executeTakeFirst();
    // Only the fields given are kept (undefined ones dropped by JSON).
    const rules = JSON.stringify(input.rules);
    if (before) {
      await trx
        .updateTable('employee_work_rules')
        .set({ rules, note: input.note ?? null, updated_at: at, updated_by: actor.userId })
        .where('id', '=', before.id)
        .execute();
    } else {
      await trx
        .insertInto('employee_work_rules')
        .values({
          id: newId(),
          org_id: actor.orgId,
          created_at: at,
          created_by: actor.userId,
          updated_at: at,
          updated_by: actor.userId,
          employee_id: id,
          rules,
          note: input.note ?? null,
        })
        .execute();
    }
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: before ? 'update' : 'create',
      entityType: 'employee_work_rules',
      entityId: id,
      entityLabel: p.name,
      before: before ? { rules: parseRules(before.rules), note: before.note } : null,
      after: { rules: parseRules(rules), note: input.note ?? null },
      at,
    });
    await constraintEvent(trx, deps, actor, {
      orgId: actor.orgId,
      type: 'employee_work_rules.updated',
      entityType: 'employee',
      entityId: id,
      employeeId: id,
      siteId: p.siteId,
    });
  });
  afterCommit(deps);
  return describeRules(p, site, await ruleContext(deps.db, actor.orgId, [id]));
}

export async function clearEmployeeWorkRules(deps: Deps, actor: Actor, id: string) {
  const at = nowIso(deps);
  const { p, site } = await visibleProfile(deps.db, actor, id);
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('employee_work_rules')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .where('employee_id', '=', id)
      .executeTakeFirst();
    if (!before) return;
    await trx.deleteFrom('employee_work_rules').where('id', '=', before.id).execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'delete',
      entityType: 'employee_work_rules',
      entityId: id,
      entityLabel: p.name,
      before: { rules: parseRules(before.rules), note: before.note },
      at,
    });
    await constraintEvent(trx, deps, actor, {
      orgId: actor.orgId,
      type: 'employee_work_rules.updated',
      entityType: 'employee',
      entityId: id,
      employeeId: id,
      siteId: p.siteId,
    });
  });
  afterCommit(deps);
  return describeRules(p, site, await ruleContext(deps.db, actor.orgId, [id]));
}
