import type { ApprovalDetail } from '@keel/contracts';
import type { Actor } from '../../platform/auth/actor.js';
import type { Deps } from '../../platform/deps.js';
import { conflict, forbidden, invalid, KeelError } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import { getApproval, loadVisible } from './approvals.read.js';
import {
  addEvent,
  approvalEvent,
  auditRequest,
  cancelRow,
  notifyRequest,
  subjectOf,
} from './approvals.write.js';
import './approvals.tables.js';

// Deciding a request (approve or reject, once) and the requester withdrawing it.

const alreadyDecided = () =>
  conflict('APPROVAL_ALREADY_DECIDED', 'This request has already been decided.');

/**
 * Approves or rejects a pending request (a comment is required to reject) as one of its
 * deciders, never the requester; exactly one decision wins, and the requesting module applies
 * it in the same transaction.
 */
export async function decideApproval(
  deps: Deps,
  actor: Actor,
  id: string,
  input: { decision: 'approved' | 'rejected'; comment?: string | null | undefined },
): Promise<ApprovalDetail> {
  const comment = input.comment ?? null;
  if (input.decision === 'rejected' && !comment)
    throw invalid('APPROVAL_COMMENT_REQUIRED', 'comment', 'is required when rejecting');
  await deps.db.transaction().execute(async (trx) => {
    const { row, deciders } = await loadVisible(trx, deps, actor, id, true);
    if (row.status !== 'pending') throw alreadyDecided();
    if (row.requested_by === actor.userId)
      throw forbidden('APPROVAL_OWN_REQUEST', 'You cannot decide your own request.');
    if (!deciders.some((d) => d.userId === actor.userId))
      throw forbidden('APPROVAL_NOT_DECIDER', 'You may not decide this request.');
    const type = deps.registry.approvalTypes.get(row.type);
    if (!type)
      throw new KeelError(
        'unprocessable',
        'APPROVAL_TYPE_UNKNOWN',
        'The module that asked for this approval is not installed.',
      );
    const now = deps.clock.now().toISOString();
    // Exactly one decision wins: the update only matches while the request is still pending.
    const res = await trx
      .updateTable('approval_requests')
      .set({
        status: input.decision,
        decided_by: actor.userId,
        decided_at: now,
        comment,
        updated_at: now,
        updated_by: actor.userId,
      })
      .where('id', '=', row.id)
      .where('org_id', '=', actor.orgId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw alreadyDecided();
    await type.onDecided({
      db: trx,
      deps,
      actor,
      request: {
        id: row.id,
        orgId: row.org_id,
        type: row.type,
        entityType: row.entity_type,
        entityId: row.entity_id,
        requestedBy: row.requested_by,
      },
      decision: input.decision,
      comment,
    });
    await addEvent(trx, deps, row, input.decision, actor.userId, comment);
    await auditRequest(trx, {
      actor,
      action: input.decision === 'approved' ? 'approve' : 'reject',
      before: row,
      after: { ...row, status: input.decision, decided_by: actor.userId, comment },
      at: now,
    });
    await notifyRequest(trx, deps, row, {
      type: 'approval_decided',
      recipients: [row.requested_by],
      actorUserId: actor.userId,
      title: `${actor.userName} ${input.decision === 'approved' ? 'approved' : 'rejected'}: ${row.title}`,
      body: comment,
    });
    await approvalEvent(trx, deps, row, {
      type: `approval.${input.decision}`,
      userIds: [...deciders.map((d) => d.userId), row.requested_by],
      actorUserId: actor.userId,
      data: subjectOf(row),
    });
  });
  afterCommit(deps);
  // Read back after the commit: subject labels come from other modules' queries.
  return getApproval(deps, actor, id);
}

/** The requester withdraws their pending request. */
export async function cancelOwnApproval(
  deps: Deps,
  actor: Actor,
  id: string,
  comment: string | null,
): Promise<ApprovalDetail> {
  await deps.db.transaction().execute(async (trx) => {
    const { row } = await loadVisible(trx, deps, actor, id, true);
    if (row.status !== 'pending') throw alreadyDecided();
    if (row.requested_by !== actor.userId)
      throw forbidden('APPROVAL_NOT_REQUESTER', 'Only the requester can withdraw a request.');
    if (!(await cancelRow(trx, deps, row, actor, comment))) throw alreadyDecided();
    await deps.registry.approvalTypes.get(row.type)?.onWithdrawn?.({
      db: trx,
      deps,
      actor,
      request: {
        id: row.id,
        orgId: row.org_id,
        type: row.type,
        entityType: row.entity_type,
        entityId: row.entity_id,
        requestedBy: row.requested_by,
      },
      comment,
    });
  });
  afterCommit(deps);
  // Read back after the commit: subject labels come from other modules' queries.
  return getApproval(deps, actor, id);
}
