import type { Task, TaskStatus } from '@keel/contracts';
import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/db/types.js';
import { toBool } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { conflict, notFound } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import type { ApprovalDecidedContext } from '../../platform/registry.js';
import { cancelApprovals, requestApproval } from '../approvals/index.js';
import { notify } from '../notifications/index.js';
import { peopleOf, type TaskRow, toTask } from './task.read.js';
import {
  auditTaskUpdate,
  lockTaskFor,
  publishTask,
  recordStatusChange,
  SIGNOFF_TYPE,
  saveTask,
  taskHref,
  type Who,
} from './task.write.js';
import { continueSeries } from './task-series.js';
import './work.tables.js';

// A task's status: moving it, sign-off (request and decision), completion and what follows it.

/**
 * Moves a task to a status (assignees, the creator of a self-task, tasks.manage). Completing a
 * task that requires sign-off asks for approval instead; it becomes done when approved.
 */
export async function setTaskStatus(
  deps: Deps,
  actor: Actor,
  id: string,
  input: { status: TaskStatus; comment?: string | null | undefined },
): Promise<Task> {
  const result = await deps.db.transaction().execute(async (trx) => {
    const { row } = await lockTaskFor(trx, deps, actor, id, {
      right: 'setStatus',
      code: 'TASK_STATUS_FORBIDDEN',
      message: 'Only the assignees or tasks.manage may change the status.',
    });
    const next = await applyStatus(trx, deps, actor, row, input.status, input.comment ?? null);
    await publishTask(trx, deps, next, 'task.updated', actor.userId);
    return next;
  });
  afterCommit(deps);
  return toTask(deps, actor, result);
}

/** The status change rules shared by one task and bulk changes (inside the transaction). */
export async function applyStatus(
  trx: Kysely<DB>,
  deps: Deps,
  actor: Actor,
  row: TaskRow,
  to: TaskStatus,
  comment: string | null,
): Promise<TaskRow> {
  if (to === 'done' && toBool(row.requires_signoff) && row.status !== 'done') {
    if (row.signoff_state === 'pending')
      throw conflict('TASK_SIGNOFF_PENDING', 'This task is already awaiting sign-off.');
    return requestSignoff(trx, deps, actor, row, comment);
  }
  if (to === row.status) return row;
  return transition(trx, deps, row, to, { by: actor, comment, actor });
}

async function requestSignoff(
  trx: Kysely<DB>,
  deps: Deps,
  actor: Actor,
  row: TaskRow,
  comment: string | null,
): Promise<TaskRow> {
  const at = deps.clock.now().toISOString();
  const { id: approvalId } = await requestApproval(trx, deps, {
    orgId: row.org_id,
    type: SIGNOFF_TYPE,
    entityId: row.id,
    siteId: row.site_id,
    title: `Sign off “${row.title}”`,
    requestedBy: actor,
  });
  const status = 'in_progress';
  const next = await saveTask(
    trx,
    row,
    { status, signoff_state: 'pending', signoff_approval_id: approvalId },
    actor.userId,
    at,
  );
  if (status !== row.status)
    await recordStatusChange(trx, row, row.status, status, actor.userId, at, null);
  await recordStatusChange(
    trx,
    row,
    status,
    status,
    actor.userId,
    at,
    comment ? `Sign-off requested: ${comment}` : 'Sign-off requested',
  );
  const people = (await peopleOf(trx, [row.id])).get(row.id)!;
  await auditTaskUpdate(trx, { actor, before: row, people, after: next, at });
  return next;
}

/**
 * The sign-off decision (runs in the approval's deciding transaction): approved → done;
 * rejected → back in progress, assignees told why.
 */
export async function decideSignoff(ctx: ApprovalDecidedContext): Promise<void> {
  const { db, deps, actor, request, decision, comment } = ctx;
  const row = await db
    .selectFrom('tasks')
    .selectAll()
    .where('org_id', '=', request.orgId)
    .where('id', '=', request.entityId)
    .executeTakeFirst();
  if (!row) throw notFound('task');
  if (row.signoff_state !== 'pending' || row.signoff_approval_id !== request.id)
    throw conflict('TASK_SIGNOFF_NOT_PENDING', 'This task is not awaiting this sign-off.');
  let next: TaskRow;
  if (decision === 'approved') {
    next = await transition(db, deps, row, 'done', {
      by: actor,
      comment: comment ? `Signed off: ${comment}` : 'Signed off',
      completedBy: request.requestedBy,
      actor,
    });
  } else {
    const at = deps.clock.now().toISOString();
    next = await saveTask(
      db,
      row,
      { status: 'in_progress', signoff_state: 'rejected' },
      actor.userId,
      at,
    );
    await recordStatusChange(
      db,
      row,
      row.status,
      'in_progress',
      actor.userId,
      at,
      comment ? `Sign-off rejected: ${comment}` : 'Sign-off rejected',
    );
    const people = (await peopleOf(db, [row.id])).get(row.id)!;
    await auditTaskUpdate(db, { actor, before: row, people, after: next, at });
    await notify(db, deps, {
      orgId: row.org_id,
      type: 'approval_decided',
      recipients: people.assignees.filter((u) => u !== request.requestedBy),
      actorUserId: actor.userId,
      entity: { entityType: 'task', entityId: row.id },
      siteId: row.site_id,
      title: `${actor.userName} did not sign off “${row.title}”`,
      body: comment,
      href: taskHref(row.id),
    });
  }
  await publishTask(db, deps, next, 'task.updated', actor.userId);
}

/**
 * Moves a task to another status inside the caller's transaction: status history, completion
 * stamps, audit, the next occurrence of an on-completion series, and the withdrawal of a pending
 * sign-off when the task leaves for anything but done. Returns the new row.
 */
export async function transition(
  db: Kysely<DB>,
  deps: Deps,
  row: TaskRow,
  to: TaskStatus,
  opts: { by: Who; comment?: string | null; completedBy?: string | null; actor: Actor | null },
): Promise<TaskRow> {
  const at = deps.clock.now().toISOString();
  const byId = opts.by?.userId ?? null;
  const people = (await peopleOf(db, [row.id])).get(row.id)!;
  const next: TaskRow = {
    ...row,
    status: to,
    updated_at: at,
    updated_by: byId,
    completed_at: to === 'done' ? at : null,
    completed_by: to === 'done' ? (opts.completedBy ?? byId) : null,
  };
  if (row.signoff_state === 'pending' && to !== 'done') {
    await cancelApprovals(db, deps, {
      orgId: row.org_id,
      type: SIGNOFF_TYPE,
      entityId: row.id,
      actor: opts.actor,
    });
    next.signoff_state = null;
    next.signoff_approval_id = null;
  }
  if (to === 'done' && toBool(row.requires_signoff)) next.signoff_state = 'approved';
  if (row.status === 'done' && to !== 'done' && row.signoff_state === 'approved')
    next.signoff_state = null;
  await db
    .updateTable('tasks')
    .set({
      status: next.status,
      updated_at: at,
      updated_by: byId,
      completed_at: next.completed_at,
      completed_by: next.completed_by,
      signoff_state: next.signoff_state,
      signoff_approval_id: next.signoff_approval_id,
    })
    .where('id', '=', row.id)
    .execute();
  await recordStatusChange(db, row, row.status, to, byId, at, opts.comment ?? null);
  await auditTaskUpdate(db, { actor: opts.by, before: row, people, after: next, at });
  if ((to === 'done' || to === 'cancelled') && row.series_id) {
    await continueSeries(db, deps, next, opts.by);
  }
  return next;
}
