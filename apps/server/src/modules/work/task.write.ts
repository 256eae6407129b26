import type { TaskPriority, TaskStatus } from '@keel/contracts';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import type { DB } from '../../platform/db/types.js';
import { toBool } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { cancelApprovals } from '../approvals/index.js';
import { notify } from '../notifications/index.js';
import { indexDocument, removeDocument } from '../search/index.js';
import { addDays, dueInstant, localDate, nextOccurrence, occurrencesBetween } from './schedule.js';
import { NO_DUE_KEY, participantsOf, peopleOf, type TaskRow } from './task.read.js';
import './work.tables.js';

export const SIGNOFF_TYPE = 'task.signoff';
export const PRIORITY_RANK: Record<TaskPriority, number> = {
  low: 0,
  normal: 1,
  high: 2,
  urgent: 3,
};
export const taskHref = (id: string) => `/tasks/${id}`;

type Who = Pick<Actor, 'userId' | 'userName' | 'via'> | null;

/** What each new occurrence of a recurring task copies. */
export interface SeriesTemplate {
  title: string;
  description: string | null;
  priority: TaskPriority;
  siteId: string | null;
  departmentId: string | null;
  timeZone: string;
  dueTime: string | null;
  labels: string[];
  estimateCentihours: number | null;
  subjectType: string | null;
  subjectId: string | null;
  requiresSignoff: boolean;
  assigneeIds: string[];
  watcherIds: string[];
  checklist: string[];
  createdBy: string | null;
}

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

export async function setLabels(db: Kysely<DB>, row: TaskRow, labels: readonly string[]) {
  await db.deleteFrom('task_labels').where('task_id', '=', row.id).execute();
  if (labels.length) {
    await db
      .insertInto('task_labels')
      .values(labels.map((label) => ({ org_id: row.org_id, task_id: row.id, label })))
      .execute();
  }
}

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
  await recordAudit(db, {
    actor: opts.by,
    orgId: row.org_id,
    action: 'update',
    entityType: 'task',
    entityId: row.id,
    entityLabel: row.title,
    before: snapshot(row, people),
    after: snapshot(next, people),
    at,
  });
  if ((to === 'done' || to === 'cancelled') && row.series_id) {
    await continueSeries(db, deps, next, opts.by);
  }
  return next;
}

// ── Recurrence ──────────────────────────────────────────────────────────────

export const templateOf = (
  row: TaskRow,
  people: { assignees: string[]; watchers: string[] },
  checklist: string[],
): SeriesTemplate => ({
  title: row.title,
  description: row.description,
  priority: row.priority as TaskPriority,
  siteId: row.site_id,
  departmentId: row.department_id,
  timeZone: row.time_zone,
  dueTime: row.due_time,
  labels: JSON.parse(row.labels) as string[],
  estimateCentihours: row.estimate_centihours,
  subjectType: row.subject_type,
  subjectId: row.subject_id,
  requiresSignoff: toBool(row.requires_signoff),
  assigneeIds: people.assignees,
  watcherIds: people.watchers,
  checklist,
  createdBy: row.created_by,
});

/**
 * Creates the occurrence of a series on `date` unless it exists (the unique series+date key
 * makes concurrent or repeated runs harmless). Returns the new row, or null when it existed.
 */
export async function createOccurrence(
  db: Kysely<DB>,
  deps: Deps,
  series: DB['task_series'],
  date: string,
  by: Who,
): Promise<TaskRow | null> {
  const tpl = JSON.parse(series.template) as SeriesTemplate;
  const at = deps.clock.now().toISOString();
  const row: TaskRow = withDue({
    id: newId(),
    org_id: series.org_id,
    created_at: at,
    created_by: tpl.createdBy,
    updated_at: at,
    updated_by: by?.userId ?? null,
    title: tpl.title,
    title_key: tpl.title.toLowerCase(),
    description: tpl.description,
    status: 'todo',
    priority: tpl.priority,
    priority_rank: PRIORITY_RANK[tpl.priority],
    site_id: tpl.siteId,
    department_id: tpl.departmentId,
    time_zone: tpl.timeZone,
    due_date: date,
    due_time: tpl.dueTime,
    due_at: null,
    due_key: NO_DUE_KEY,
    estimate_centihours: tpl.estimateCentihours,
    labels: JSON.stringify(tpl.labels),
    subject_type: tpl.subjectType,
    subject_id: tpl.subjectId,
    requires_signoff: tpl.requiresSignoff,
    signoff_state: null,
    signoff_approval_id: null,
    series_id: series.id,
    occurrence_date: date,
    checklist_total: tpl.checklist.length,
    checklist_done: 0,
    completed_at: null,
    completed_by: null,
  });
  const res = await db
    .insertInto('tasks')
    .values(row)
    .onConflict((oc) => oc.columns(['series_id', 'occurrence_date']).doNothing())
    .executeTakeFirst();
  if (Number(res.numInsertedOrUpdatedRows ?? 0) !== 1) return null;
  await setPeople(db, row, 'assignee', tpl.assigneeIds);
  await setPeople(db, row, 'watcher', tpl.watcherIds);
  await setLabels(db, row, tpl.labels);
  await insertChecklist(db, row, tpl.checklist, by?.userId ?? null, at);
  await recordStatusChange(db, row, null, 'todo', by?.userId ?? null, at, null);
  if (date > series.last_date) {
    await db
      .updateTable('task_series')
      .set({ last_date: date, updated_at: at })
      .where('id', '=', series.id)
      .where('last_date', '<', date)
      .execute();
  }
  await recordAudit(db, {
    actor: by,
    orgId: row.org_id,
    action: 'create',
    entityType: 'task',
    entityId: row.id,
    entityLabel: row.title,
    after: snapshot(row, { assignees: tpl.assigneeIds, watchers: tpl.watcherIds }),
    at,
  });
  await publishTask(db, deps, row, 'task.created', by?.userId ?? null);
  await notifyAssigned(db, deps, row, tpl.assigneeIds, by);
  return row;
}

/**
 * After an occurrence of an on-completion series is done or cancelled: the next occurrence, on or
 * after today (in the task's zone), unless a later occurrence already exists — so completing,
 * reopening and completing again never creates a second one.
 */
async function continueSeries(db: Kysely<DB>, deps: Deps, row: TaskRow, by: Who) {
  const series = await db
    .selectFrom('task_series')
    .selectAll()
    .where('id', '=', row.series_id!)
    .executeTakeFirst();
  if (!series || !toBool(series.active) || series.mode !== 'on_completion') return;
  const current = row.occurrence_date ?? row.due_date;
  if (!current) return;
  const later = await db
    .selectFrom('tasks')
    .select('id')
    .where('series_id', '=', series.id)
    .where('occurrence_date', '>', current)
    .executeTakeFirst();
  if (later) return;
  const today = localDate(deps.clock.now(), row.time_zone);
  const date = nextOccurrence(series.rrule, series.dtstart, current, today);
  if (!date) {
    await db
      .updateTable('task_series')
      .set({ active: false })
      .where('id', '=', series.id)
      .execute();
    return;
  }
  await createOccurrence(db, deps, series, date, by);
}

/** How far ahead the schedule job creates occurrences of on-schedule series (days). */
export const SCHEDULE_LOOKAHEAD_DAYS = 1;

/**
 * The on-schedule job for one series: every occurrence from today (or the day after the last
 * one) up to today + lookahead. Idempotent: the unique key skips occurrences that exist.
 */
export async function advanceSeries(
  db: Kysely<DB>,
  deps: Deps,
  series: DB['task_series'],
  now: Date,
) {
  const tpl = JSON.parse(series.template) as SeriesTemplate;
  const today = localDate(now, tpl.timeZone);
  const dayAfterLast = addDays(series.last_date, 1);
  const from = [dayAfterLast, today].sort()[1]!;
  const to = addDays(today, SCHEDULE_LOOKAHEAD_DAYS);
  if (from > to) return 0;
  const dates = occurrencesBetween(series.rrule, series.dtstart, from, to, 10);
  let created = 0;
  for (const date of dates) {
    if (await createOccurrence(db, deps, series, date, null)) created++;
  }
  if (dates.length === 0) {
    const next = nextOccurrence(series.rrule, series.dtstart, series.last_date);
    if (!next)
      await db
        .updateTable('task_series')
        .set({ active: false })
        .where('id', '=', series.id)
        .execute();
  }
  return created;
}
