import type { ApprovalRule, Role } from '@keel/contracts';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import { lockOrganization } from '../../platform/db/locks.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import { missingSiteIds, siteSummaries } from '../people/index.js';
import './approvals.tables.js';

/** The rule that applies to a request: the site's own, else the organization-wide one. */
export async function ruleFor(
  db: Kysely<DB>,
  orgId: string,
  type: string,
  siteId: string | null,
): Promise<DB['approval_rules'] | null> {
  const rows = await db
    .selectFrom('approval_rules')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('type', '=', type)
    .execute();
  return (
    rows.find((r) => siteId !== null && r.site_id === siteId) ??
    rows.find((r) => r.site_id === null) ??
    null
  );
}

// ── Rules, edited by owners ───────────────────────────────────────────────

type RuleRow = DB['approval_rules'];

const toRule = (r: RuleRow, sites: Map<string, { id: string; name: string }>): ApprovalRule => ({
  id: r.id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  type: r.type,
  site: r.site_id ? { id: r.site_id, name: sites.get(r.site_id)?.name ?? 'Unknown site' } : null,
  thresholdMinor: r.threshold_minor === null ? null : Number(r.threshold_minor),
  requiredRole: (r.required_role as Role | null) ?? null,
  escalateAfterDays: r.escalate_after_days,
});

const ruleSnapshot = (r: RuleRow) => ({
  type: r.type,
  siteId: r.site_id,
  thresholdMinor: r.threshold_minor,
  requiredRole: r.required_role,
  escalateAfterDays: r.escalate_after_days,
});

async function withSites(db: Kysely<DB>, orgId: string, rows: RuleRow[]) {
  const sites = await siteSummaries(
    db,
    orgId,
    rows.map((r) => r.site_id).filter((x): x is string => !!x),
  );
  return rows.map((r) => toRule(r, sites));
}

export async function listRules(deps: Deps, actor: Actor) {
  const rows = await deps.db
    .selectFrom('approval_rules')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .orderBy('type')
    .orderBy('id')
    .execute();
  return {
    items: await withSites(deps.db, actor.orgId, rows),
    types: [...deps.registry.approvalTypes.values()]
      .map((t) => ({
        type: t.type,
        entityType: t.entityType,
        permission: t.permission,
        remindAfterDays: t.remindAfterDays,
        escalateAfterDays: t.escalateAfterDays,
      }))
      .sort((a, b) => a.type.localeCompare(b.type)),
  };
}

type RuleFields = {
  siteId?: string | null | undefined;
  thresholdMinor?: number | null | undefined;
  requiredRole?: string | null | undefined;
  escalateAfterDays?: number | null | undefined;
};

async function checkRule(
  db: Kysely<DB>,
  deps: Deps,
  actor: Actor,
  merged: {
    type: string;
    site_id: string | null;
    threshold_minor: number | null;
    required_role: string | null;
  },
  selfId: string | null,
) {
  if ((merged.threshold_minor === null) !== (merged.required_role === null))
    throw invalid(
      'APPROVAL_RULE_THRESHOLD_INCOMPLETE',
      merged.threshold_minor === null ? 'thresholdMinor' : 'requiredRole',
      'an amount threshold needs both the amount and the role required above it',
    );
  if (merged.site_id && (await missingSiteIds(db, actor.orgId, [merged.site_id])).length)
    throw invalid('SITE_NOT_FOUND', 'siteId', 'is not a site of this organization');
  // One rule per type and site, even when two owners save at once.
  await lockOrganization(db, deps.dialect, actor.orgId);
  let q = db
    .selectFrom('approval_rules')
    .select('id')
    .where('org_id', '=', actor.orgId)
    .where('type', '=', merged.type);
  q = merged.site_id ? q.where('site_id', '=', merged.site_id) : q.where('site_id', 'is', null);
  if (selfId) q = q.where('id', '!=', selfId);
  if (await q.executeTakeFirst())
    throw conflict(
      'APPROVAL_RULE_EXISTS',
      'There is already a rule for this approval type and site.',
      [{ field: 'siteId', message: 'already has a rule for this type' }],
    );
}

export async function createRule(
  deps: Deps,
  actor: Actor,
  input: RuleFields & { type: string },
): Promise<ApprovalRule> {
  if (!deps.registry.approvalTypes.has(input.type))
    throw invalid('APPROVAL_TYPE_UNKNOWN', 'type', 'is not a registered approval type');
  const now = deps.clock.now().toISOString();
  const row: RuleRow = {
    id: newId(),
    org_id: actor.orgId,
    created_at: now,
    created_by: actor.userId,
    updated_at: now,
    updated_by: actor.userId,
    type: input.type,
    site_id: input.siteId ?? null,
    threshold_minor: input.thresholdMinor ?? null,
    required_role: input.requiredRole ?? null,
    escalate_after_days: input.escalateAfterDays ?? null,
  };
  const result = await deps.db.transaction().execute(async (trx) => {
    await checkRule(trx, deps, actor, row, null);
    await trx.insertInto('approval_rules').values(row).execute();
    await recordAudit(trx, {
      actor: { userId: actor.userId, userName: actor.userName, via: actor.via },
      orgId: actor.orgId,
      action: 'create',
      entityType: 'approval_rule',
      entityId: row.id,
      entityLabel: row.type,
      after: ruleSnapshot(row),
      at: now,
    });
    await ruleEvent(trx, deps, actor, row.id, 'approval_rule.created');
    return (await withSites(trx, actor.orgId, [row]))[0]!;
  });
  afterCommit(deps);
  return result;
}

async function ruleEvent(db: Kysely<DB>, deps: Deps, actor: Actor, id: string, type: string) {
  await deps.events.record(db, {
    orgId: actor.orgId,
    type,
    entityType: 'approval_rule',
    entityId: id,
    permission: 'org.settings.manage',
    topics: ['approvals'],
    actorUserId: actor.userId,
  });
}

async function loadRule(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await db
    .selectFrom('approval_rules')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('approval rule');
  return row;
}

export async function updateRule(
  deps: Deps,
  actor: Actor,
  id: string,
  input: RuleFields,
): Promise<ApprovalRule> {
  const now = deps.clock.now().toISOString();
  const result = await deps.db.transaction().execute(async (trx) => {
    const before = await loadRule(trx, actor, id);
    const after: RuleRow = {
      ...before,
      site_id: input.siteId === undefined ? before.site_id : input.siteId,
      threshold_minor:
        input.thresholdMinor === undefined ? before.threshold_minor : input.thresholdMinor,
      required_role: input.requiredRole === undefined ? before.required_role : input.requiredRole,
      escalate_after_days:
        input.escalateAfterDays === undefined
          ? before.escalate_after_days
          : input.escalateAfterDays,
      updated_at: now,
      updated_by: actor.userId,
    };
    await checkRule(trx, deps, actor, after, id);
    await trx
      .updateTable('approval_rules')
      .set({
        site_id: after.site_id,
        threshold_minor: after.threshold_minor,
        required_role: after.required_role,
        escalate_after_days: after.escalate_after_days,
        updated_at: now,
        updated_by: actor.userId,
      })
      .where('id', '=', id)
      .where('org_id', '=', actor.orgId)
      .execute();
    await recordAudit(trx, {
      actor: { userId: actor.userId, userName: actor.userName, via: actor.via },
      orgId: actor.orgId,
      action: 'update',
      entityType: 'approval_rule',
      entityId: id,
      entityLabel: after.type,
      before: ruleSnapshot(before),
      after: ruleSnapshot(after),
      at: now,
    });
    await ruleEvent(trx, deps, actor, id, 'approval_rule.updated');
    return (await withSites(trx, actor.orgId, [after]))[0]!;
  });
  afterCommit(deps);
  return result;
}

export async function deleteRule(deps: Deps, actor: Actor, id: string): Promise<void> {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const before = await loadRule(trx, actor, id);
    await trx
      .deleteFrom('approval_rules')
      .where('id', '=', id)
      .where('org_id', '=', actor.orgId)
      .execute();
    await recordAudit(trx, {
      actor: { userId: actor.userId, userName: actor.userName, via: actor.via },
      orgId: actor.orgId,
      action: 'delete',
      entityType: 'approval_rule',
      entityId: id,
      entityLabel: before.type,
      before: ruleSnapshot(before),
      at: now,
    });
    await ruleEvent(trx, deps, actor, id, 'approval_rule.deleted');
  });
  afterCommit(deps);
}
