import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { conflict, invalid } from '../../platform/errors.js';
import {
  addEvent,
  approvalEvent,
  auditRequest,
  cancelRow,
  decidersFor,
  notifyRequest,
  type RequestRow,
  subjectOf,
  typeOf,
} from './approvals.write.js';
import { ruleFor } from './rules.service.js';
import './approvals.tables.js';

// Asking for and withdrawing approvals: what other modules call, in their own transactions.

/** What a module gives when it asks for an approval. */
export interface RequestApprovalInput {
  orgId: string;
  /** A registered `ApprovalType.type`. */
  type: string;
  /** The subject, of the type's entityType. */
  entityId: string;
  siteId: string | null;
  amountMinor?: number | null;
  currency?: string | null;
  title: string;
  requestedBy: Actor;
}

/**
 * Asks for an approval, in the caller's transaction: stores the request, notifies its deciders
 * and records the history. One pending request per subject and type (409 APPROVAL_ALREADY_PENDING).
 * Call `afterCommit(deps)` after the commit.
 */
export async function requestApproval(
  db: Kysely<DB>,
  deps: Deps,
  input: RequestApprovalInput,
): Promise<{ id: string }> {
  const type = typeOf(deps, input.type);
  const actor = input.requestedBy;
  if (actor.orgId !== input.orgId)
    throw new Error('requestApproval: actor of another organization');
  const title = input.title.trim();
  if (!title) throw invalid('APPROVAL_TITLE_REQUIRED', 'title', 'must not be empty');
  const existing = await pendingApproval(db, {
    orgId: input.orgId,
    type: input.type,
    entityId: input.entityId,
  });
  if (existing)
    throw conflict('APPROVAL_ALREADY_PENDING', 'An approval for this record is already pending.');
  const rule = await ruleFor(db, input.orgId, input.type, input.siteId);
  const amount = input.amountMinor ?? null;
  const requiredRole =
    rule &&
    rule.threshold_minor !== null &&
    rule.required_role &&
    amount !== null &&
    amount > rule.threshold_minor
      ? rule.required_role
      : null;
  const now = deps.clock.now().toISOString();
  const row: RequestRow = {
    id: newId(),
    org_id: input.orgId,
    created_at: now,
    created_by: actor.userId,
    updated_at: now,
    updated_by: actor.userId,
    type: input.type,
    entity_type: type.entityType,
    entity_id: input.entityId,
    site_id: input.siteId,
    amount_minor: amount,
    currency: amount === null ? null : (input.currency ?? null),
    title,
    status: 'pending',
    requested_by: actor.userId,
    required_role: requiredRole,
    decided_by: null,
    decided_at: null,
    comment: null,
    escalation_level: 0,
    escalated_at: null,
    reminded_at: null,
  };
  await db.insertInto('approval_requests').values(row).execute();
  await addEvent(
    db,
    deps,
    row,
    'requested',
    actor.userId,
    null,
    requiredRole ? { requiredRole } : null,
  );
  await auditRequest(db, { actor, action: 'create', before: null, after: row, at: now });
  const deciders = await decidersFor(db, deps, row);
  const deciderIds = deciders.map((d) => d.userId);
  await notifyRequest(db, deps, row, {
    type: 'approval_requested',
    recipients: deciderIds,
    actorUserId: actor.userId,
    title: `${actor.userName} asks for your approval: ${title}`,
  });
  await approvalEvent(db, deps, row, {
    type: 'approval.requested',
    userIds: [...deciderIds, actor.userId],
    actorUserId: actor.userId,
    data: subjectOf(row),
  });
  return { id: row.id };
}

/** The pending request for a subject and type, if any. */
export async function pendingApproval(
  db: Kysely<DB>,
  q: { orgId: string; type: string; entityId: string },
): Promise<{ id: string; status: 'pending' } | null> {
  const row = await db
    .selectFrom('approval_requests')
    .select('id')
    .where('org_id', '=', q.orgId)
    .where('type', '=', q.type)
    .where('entity_id', '=', q.entityId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return row ? { id: row.id, status: 'pending' } : null;
}

/**
 * Withdraws the pending requests of a type for a subject (the subject was deleted, changed or
 * no longer needs it), in the caller's transaction. Returns how many were cancelled.
 */
export async function cancelApprovals(
  db: Kysely<DB>,
  deps: Deps,
  input: { orgId: string; type: string; entityId: string; actor: Actor | null },
): Promise<number> {
  const rows = await db
    .selectFrom('approval_requests')
    .selectAll()
    .where('org_id', '=', input.orgId)
    .where('type', '=', input.type)
    .where('entity_id', '=', input.entityId)
    .where('status', '=', 'pending')
    .execute();
  let n = 0;
  for (const r of rows) if (await cancelRow(db, deps, r, input.actor, null)) n++;
  return n;
}
