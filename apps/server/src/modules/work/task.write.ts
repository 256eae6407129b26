import type { TaskPriority } from '@keel/contracts';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import type { DB } from '../../platform/db/types.js';
import { toBool } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { KeelError } from '../../platform/errors.js';
import { notify } from '../notifications/index.js';
import { indexDocument, removeDocument } from '../search/index.js';
import { dueInstant } from './schedule.js';
import {
  loadTask,
  NO_DUE_KEY,
  participantsOf,
  peopleOf,
  permissionsOn,
  type TaskRow,
} from './task.read.js';
import './work.tables.js';

// What every write of a task shares: locking with rights, saving, audit, events, notifications.

/** The approval type of task sign-off. */
export const SIGNOFF_TYPE = 'task.signoff';
/** Sort rank of each priority (higher is more urgent). */
export const PRIORITY_RANK: Record<TaskPriority, number> = {
  low: 0,
  normal: 1,
  high: 2,
  urgent: 3,
};
/** The web link of a task. */
export const taskHref = (id: string) => `/tasks/${id}`;

/** Who changes a task: a member, or null for the system. */
export type Who = Pick<Actor, 'userId' | 'userName' | 'via'> | null;

/** Flat snapshot of a task for the audit log (history shows just what changed). */
export function snapshot(
  row: TaskRow,
  people: { assignees: string[]; watchers: string[] },
): Record<string, unknown> {
  return {
    title: row.title,
    description: row.description,
    status: row.status,
    priority: row.priority,
    siteId: row.site_id,
    departmentId: row.department_id,
    dueDate: row.due_date,
    dueTime: row.due_time,
    labels: JSON.parse(row.labels),
    estimateHours: row.estimate_centihours === null ? null : row.estimate_centihours / 100,
    assigneeIds: [...people.assignees].sort(),
    watcherIds: [...people.watchers].sort(),
    subject: row.subject_type ? `${row.subject_type}:${row.subject_id}` : null,
    requiresSignoff: toBool(row.requires_signoff),
    signoff: row.signoff_state,
  };
}

/** Recomputes the derived due columns after due date, time or time zone change. */
export function withDue(row: TaskRow): TaskRow {
  const dueAt = dueInstant(row.due_date, row.due_time, row.time_zone);
  return { ...row, due_at: dueAt, due_key: dueAt ?? NO_DUE_KEY };
}

/** Replaces the assignees or watchers of a task. */
export async function setPeople(
  db: Kysely<DB>,
  row: TaskRow,
  role: 'assignee' | 'watcher',
  userIds: readonly string[],
) {
  await db
    .deleteFrom('task_people')
    .where('task_id', '=', row.id)
    .where('role', '=', role)
    .execute();
  const unique = [...new Set(userIds)];
  if (unique.length) {
    await db
      .insertInto('task_people')
      .values(unique.map((user_id) => ({ org_id: row.org_id, task_id: row.id, user_id, role })))
      .execute();
  }
}

/** Replaces the labels of a task (the lookup table; the row keeps the JSON). */
export async function setLabels(db: Kysely<DB>, row: TaskRow, labels: readonly string[]) {
  await db.deleteFrom('task_labels').where('task_id', '=', row.id).execute();
  if (labels.length) {
    await db
      .insertInto('task_labels')
      .values(labels.map((label) => ({ org_id: row.org_id, task_id: row.id, label })))
      .execute();
  }
}

/** Adds checklist items at positions from `startAt`, in order. */
export async function insertChecklist(
  db: Kysely<DB>,
  row: TaskRow,
  texts: readonly string[],
  by: string | null,
  at: string,
  startAt = 0,
) {
  if (texts.length === 0) return;
  await db
    .insertInto('task_checklist_items')
    .values(
      texts.map((text, i) => ({
        id: newId(),
        org_id: row.org_id,
        created_at: at,
        created_by: by,
        updated_at: at,
        updated_by: by,
        task_id: row.id,
        text,
        done: false,
        done_by: null,
        done_at: null,
        position: startAt + i,
      })),
    )
    .execute();
}

/** Keeps the task's checklist counters equal to its items. */
export async function refreshChecklistCounts(db: Kysely<DB>, taskId: string) {
  const items = await db
    .selectFrom('task_checklist_items')
    .select('done')
    .where('task_id', '=', taskId)
    .execute();
  const done = items.filter((i) => toBool(i.done)).length;
  await db
    .updateTable('tasks')
    .set({ checklist_total: items.length, checklist_done: done })
    .where('id', '=', taskId)
    .execute();
}

/** Appends one entry to the task's status history. */
export async function recordStatusChange(
  db: Kysely<DB>,
  row: TaskRow,
  from: string | null,
  to: string,
  byUserId: string | null,
  at: string,
  comment: string | null,
) {
  await db
    .insertInto('task_status_changes')
    .values({
      id: newId(),
      org_id: row.org_id,
      task_id: row.id,
      from_status: from,
      to_status: to,
      at,
      by_user_id: byUserId,
      comment,
    })
    .execute();
}

/**
 * Announces a change: the domain event (for those who may read tasks in the site, and for the
 * task's participants) and the search document. Call in the writing transaction.
 */
export async function publishTask(
  db: Kysely<DB>,
  deps: Deps,
  row: TaskRow,
  type: 'task.created' | 'task.updated',
  actorUserId: string | null,
) {
  const participants = await participantsOf(db, row);
  await deps.events.record(db, {
    orgId: row.org_id,
    type,
    entityType: 'task',
    entityId: row.id,
    siteId: row.site_id,
    permission: 'tasks.read',
    userIds: participants,
    topics: ['tasks'],
    actorUserId,
    data: { status: row.status },
  });
  const labels = JSON.parse(row.labels) as string[];
  await indexDocument(db, deps, {
    orgId: row.org_id,
    entityType: 'task',
    entityId: row.id,
    siteId: row.site_id,
    title: row.title,
    subtitle: [row.status.replace('_', ' '), row.due_date ? `due ${row.due_date}` : null]
      .filter(Boolean)
      .join(' · '),
    body: [row.description ?? '', labels.join(' ')].join('\n').trim() || null,
    href: taskHref(row.id),
    permission: 'tasks.read',
    userIds: participants,
  });
}

/** Announces a deleted task to those who could read it and drops its search document. */
export async function publishDeleted(
  db: Kysely<DB>,
  deps: Deps,
  row: TaskRow,
  participants: string[],
  actorUserId: string | null,
) {
  await deps.events.record(db, {
    orgId: row.org_id,
    type: 'task.deleted',
    entityType: 'task',
    entityId: row.id,
    siteId: row.site_id,
    permission: 'tasks.read',
    userIds: participants,
    topics: ['tasks'],
    actorUserId,
  });
  await removeDocument(db, deps, { orgId: row.org_id, entityType: 'task', entityId: row.id });
}

/** Tells newly assigned people about the task. */
export async function notifyAssigned(
  db: Kysely<DB>,
  deps: Deps,
  row: TaskRow,
  userIds: string[],
  by: Who,
) {
  if (userIds.length === 0) return;
  await notify(db, deps, {
    orgId: row.org_id,
    type: 'task_assigned',
    recipients: userIds,
    actorUserId: by?.userId ?? null,
    entity: { entityType: 'task', entityId: row.id },
    siteId: row.site_id,
    title: by ? `${by.userName} assigned you “${row.title}”` : `New task for you: “${row.title}”`,
    body: row.due_date ? `Due ${row.due_date}${row.due_time ? ` ${row.due_time}` : ''}` : null,
    href: taskHref(row.id),
  });
}

/** The assignees and watchers of a task. */
export type People = { assignees: string[]; watchers: string[] };

/** A forbidden error with a task code, naming a field when given. */
export const forbidden = (code: string, message: string, field?: string) =>
  new KeelError('forbidden', code, message, field ? { fields: [{ field, message }] } : {});

/** Loads a task the actor may see, locking its row on PostgreSQL until the transaction ends. */
export async function lockTask(trx: Kysely<DB>, deps: Deps, actor: Actor, id: string) {
  if (deps.dialect === 'postgres') {
    await trx
      .selectFrom('tasks')
      .select('id')
      .where('id', '=', id)
      .where('org_id', '=', actor.orgId)
      .forUpdate()
      .execute();
  }
  return loadTask(trx, actor, id);
}

/**
 * Locks a task (see `lockTask`) with its people, and throws `code` as forbidden unless the actor
 * holds `right` on it.
 */
export async function lockTaskFor(
  trx: Kysely<DB>,
  deps: Deps,
  actor: Actor,
  id: string,
  need: { right: keyof ReturnType<typeof permissionsOn>; code: string; message: string },
): Promise<{ row: TaskRow; people: People }> {
  const row = await lockTask(trx, deps, actor, id);
  const people = (await peopleOf(trx, [row.id])).get(row.id)!;
  if (!permissionsOn(actor, row, people)[need.right]) throw forbidden(need.code, need.message);
  return { row, people };
}

/**
 * Saves changed fields of a task with its `updated_at`/`updated_by` stamps; returns the new row.
 * Derived columns (due) must already be in `changes`.
 */
export async function saveTask(
  db: Kysely<DB>,
  row: TaskRow,
  changes: Partial<TaskRow>,
  byUserId: string | null,
  at: string,
): Promise<TaskRow> {
  const set = { ...changes, updated_at: at, updated_by: byUserId };
  await db.updateTable('tasks').set(set).where('id', '=', row.id).execute();
  return { ...row, ...set };
}

/** Audits an update of a task (snapshots before → after, `extra` added to after). */
export async function auditTaskUpdate(
  db: Kysely<DB>,
  change: {
    actor: Who;
    before: TaskRow;
    people: People;
    after: TaskRow;
    afterPeople?: People;
    extra?: Record<string, unknown>;
    at: string;
  },
) {
  const { before, after } = change;
  await recordAudit(db, {
    actor: change.actor,
    orgId: before.org_id,
    action: 'update',
    entityType: 'task',
    entityId: before.id,
    entityLabel: after.title,
    before: snapshot(before, change.people),
    after: { ...snapshot(after, change.afterPeople ?? change.people), ...change.extra },
    at: change.at,
  });
}
