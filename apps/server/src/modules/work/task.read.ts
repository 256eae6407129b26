import type { ChecklistItem, Task, TaskFilters, TaskStatus, TaskSummary } from '@keel/contracts';
import { type ExpressionBuilder, type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import { can } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/db/types.js';
import { toBool } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { notFound } from '../../platform/errors.js';
import { describeEntity } from '../../platform/registry.js';
import { userNames } from '../accounts/index.js';
import { departmentSummaries, siteSummaries } from '../people/index.js';
import './work.tables.js';

export type TaskRow = DB['tasks'];
export const OPEN: TaskStatus[] = ['todo', 'in_progress', 'blocked'];
export const NO_DUE_KEY = '9999-12-31T00:00:00.000Z';

type TDB = DB & { t: DB['tasks'] };
export type TaskQB = SelectQueryBuilder<TDB, 't', object>;

/** Tasks the actor is assigned to, watches or created (an expression on `t`). */
export const involves = (eb: ExpressionBuilder<TDB, 't'>, actor: Actor) =>
  eb.or([
    eb('t.created_by', '=', actor.userId),
    eb(
      't.id',
      'in',
      eb
        .selectFrom('task_people')
        .select('task_id')
        .where('org_id', '=', actor.orgId)
        .where('user_id', '=', actor.userId),
    ),
  ]);

/**
 * The tasks an actor may see: with tasks.read every task in their sites (and org-wide ones),
 * plus — for everyone — tasks they are assigned to, watch or created.
 */
export function visibleTasks(db: Kysely<DB>, actor: Actor): TaskQB {
  const q: TaskQB = db.selectFrom('tasks as t').where('t.org_id', '=', actor.orgId);
  if (can(actor, 'tasks.read')) {
    if (actor.siteIds === null) return q;
    const ids = actor.siteIds.length ? [...actor.siteIds] : ['-'];
    return q.where((eb) =>
      eb.or([eb('t.site_id', 'is', null), eb('t.site_id', 'in', ids), involves(eb, actor)]),
    );
  }
  return q.where((eb) => involves(eb, actor));
}

export async function loadTask(db: Kysely<DB>, actor: Actor, id: string): Promise<TaskRow> {
  const row = await visibleTasks(db, actor)
    .selectAll('t')
    .where('t.id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('task');
  return row;
}

/** Assignee and watcher user ids per task. */
export async function peopleOf(db: Kysely<DB>, taskIds: readonly string[]) {
  const out = new Map<string, { assignees: string[]; watchers: string[] }>();
  for (const id of taskIds) out.set(id, { assignees: [], watchers: [] });
  if (taskIds.length === 0) return out;
  const rows = await db
    .selectFrom('task_people')
    .select(['task_id', 'user_id', 'role'])
    .where('task_id', 'in', [...taskIds])
    .execute();
  for (const r of rows) {
    const entry = out.get(r.task_id);
    if (!entry) continue;
    (r.role === 'assignee' ? entry.assignees : entry.watchers).push(r.user_id);
  }
  return out;
}

/** Everyone who follows a task: assignees, watchers and its creator. */
export async function participantsOf(db: Kysely<DB>, row: TaskRow): Promise<string[]> {
  const p = (await peopleOf(db, [row.id])).get(row.id)!;
  return [...new Set([...p.assignees, ...p.watchers, ...(row.created_by ? [row.created_by] : [])])];
}

const centihoursToHours = (v: number | null) => (v === null ? null : v / 100);

/** Shapes task rows for lists, loading names in a few batched queries (no N+1). */
export async function toSummaries(
  deps: Deps,
  orgId: string,
  rows: TaskRow[],
): Promise<TaskSummary[]> {
  if (rows.length === 0) return [];
  const db = deps.db;
  const people = await peopleOf(
    db,
    rows.map((r) => r.id),
  );
  const userIds = new Set<string>();
  for (const p of people.values()) for (const u of p.assignees) userIds.add(u);
  const [names, sites, depts] = await Promise.all([
    userNames(db, [...userIds]),
    siteSummaries(
      db,
      orgId,
      rows.flatMap((r) => (r.site_id ? [r.site_id] : [])),
    ),
    departmentSummaries(
      db,
      orgId,
      rows.flatMap((r) => (r.department_id ? [r.department_id] : [])),
    ),
  ]);
  const now = deps.clock.now().getTime();
  return rows.map((r) => {
    const p = people.get(r.id)!;
    const site = r.site_id ? sites.get(r.site_id) : undefined;
    const dept = r.department_id ? depts.get(r.department_id) : undefined;
    return {
      id: r.id,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      title: r.title,
      status: r.status as TaskStatus,
      priority: r.priority as TaskSummary['priority'],
      assignees: p.assignees
        .map((id) => ({ id, name: names.get(id) ?? '' }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      site: site ? { id: site.id, name: site.name } : null,
      department: dept ? { id: dept.id, name: dept.name } : null,
      dueDate: r.due_date,
      dueTime: r.due_time,
      dueAt: r.due_at,
      timeZone: r.time_zone,
      overdue:
        r.due_at !== null && OPEN.includes(r.status as TaskStatus) && Date.parse(r.due_at) < now,
      labels: JSON.parse(r.labels) as string[],
      estimateHours: centihoursToHours(r.estimate_centihours),
      requiresSignoff: toBool(r.requires_signoff),
      signoff: r.signoff_state as TaskSummary['signoff'],
      checklist: { done: r.checklist_done, total: r.checklist_total },
      recurring: r.series_id !== null,
      completedAt: r.completed_at,
    };
  });
}

/** What the actor may do to a task (the service enforces the same rules). */
export function permissionsOn(
  actor: Actor,
  row: TaskRow,
  people: { assignees: string[]; watchers: string[] },
) {
  const manage = can(actor, 'tasks.manage');
  const assignee = people.assignees.includes(actor.userId);
  const ownSelfTask =
    row.created_by === actor.userId && people.assignees.every((u) => u === actor.userId);
  return {
    edit: manage || ownSelfTask,
    assign: manage,
    setStatus: manage || assignee || ownSelfTask,
    checklist: manage || assignee || ownSelfTask,
    delete: manage || ownSelfTask,
  };
}

/** The full task as its page shows it. */
export async function toTask(deps: Deps, actor: Actor, row: TaskRow): Promise<Task> {
  const db = deps.db;
  const [summary] = await toSummaries(deps, actor.orgId, [row]);
  const people = (await peopleOf(db, [row.id])).get(row.id)!;
  const [items, history, series] = await Promise.all([
    db
      .selectFrom('task_checklist_items')
      .selectAll()
      .where('task_id', '=', row.id)
      .orderBy('position')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('task_status_changes')
      .selectAll()
      .where('task_id', '=', row.id)
      .orderBy('at')
      .orderBy('id')
      .execute(),
    row.series_id
      ? db
          .selectFrom('task_series')
          .select(['id', 'rrule', 'mode', 'active'])
          .where('id', '=', row.series_id)
          .executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  const names = await userNames(db, [
    ...people.watchers,
    ...(row.created_by ? [row.created_by] : []),
    ...(row.completed_by ? [row.completed_by] : []),
    ...items.flatMap((i) => (i.done_by ? [i.done_by] : [])),
    ...history.flatMap((h) => (h.by_user_id ? [h.by_user_id] : [])),
  ]);
  const userRef = (id: string | null) => (id ? { id, name: names.get(id) ?? '' } : null);
  let subject: Task['subject'] = null;
  if (row.subject_type && row.subject_id) {
    const ref = await describeEntity(deps, actor, row.subject_type, row.subject_id);
    subject = {
      entityType: row.subject_type,
      entityId: row.subject_id,
      label: ref?.label ?? null,
      href: ref?.href ?? null,
    };
  }
  const checklistItems: ChecklistItem[] = items.map((i) => ({
    id: i.id,
    text: i.text,
    done: toBool(i.done),
    doneBy: userRef(i.done_by),
    doneAt: i.done_at,
    position: i.position,
  }));
  return {
    ...summary!,
    description: row.description,
    watchers: people.watchers
      .map((id) => ({ id, name: names.get(id) ?? '' }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    createdBy: userRef(row.created_by),
    completedBy: userRef(row.completed_by),
    subject,
    checklistItems,
    recurrence: series
      ? {
          seriesId: series.id,
          rrule: series.rrule,
          mode: series.mode as 'on_completion' | 'on_schedule',
          active: toBool(series.active),
        }
      : null,
    occurrenceDate: row.occurrence_date,
    signoffApprovalId: row.signoff_approval_id,
    statusHistory: history.map((h) => ({
      id: h.id,
      from: h.from_status as TaskStatus | null,
      to: h.to_status as TaskStatus,
      at: h.at,
      by: userRef(h.by_user_id),
      comment: h.comment,
    })),
    can: permissionsOn(actor, row, people),
  };
}

export async function getTask(deps: Deps, actor: Actor, id: string): Promise<Task> {
  return toTask(deps, actor, await loadTask(deps.db, actor, id));
}

// ── Filters ─────────────────────────────────────────────────────────────────

type ParsedFilters = {
  [K in keyof TaskFilters]?: K extends 'status'
    ? TaskStatus[]
    : K extends 'priority'
      ? string[]
      : K extends 'overdue'
        ? boolean
        : TaskFilters[K];
};

/** Applies the list filters (shared by the list, the board and saved views). */
export function applyFilters(q: TaskQB, actor: Actor, f: ParsedFilters, now: Date): TaskQB {
  if (f.status?.length) q = q.where('t.status', 'in', f.status);
  if (f.priority?.length) q = q.where('t.priority', 'in', f.priority);
  if (f.siteId) q = q.where('t.site_id', '=', f.siteId);
  if (f.departmentId) q = q.where('t.department_id', '=', f.departmentId);
  if (f.assigneeId === 'none') {
    q = q.where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('task_people as p')
            .select('p.task_id')
            .whereRef('p.task_id', '=', 't.id')
            .where('p.role', '=', 'assignee'),
        ),
      ),
    );
  } else if (f.assigneeId) {
    const userId = f.assigneeId === 'me' ? actor.userId : f.assigneeId;
    q = q.where((eb) =>
      eb(
        't.id',
        'in',
        eb
          .selectFrom('task_people')
          .select('task_id')
          .where('org_id', '=', actor.orgId)
          .where('user_id', '=', userId)
          .where('role', '=', 'assignee'),
      ),
    );
  }
  if (f.label) {
    const label = f.label.trim().toLowerCase().replace(/\s+/g, ' ');
    q = q.where((eb) =>
      eb(
        't.id',
        'in',
        eb
          .selectFrom('task_labels')
          .select('task_id')
          .where('org_id', '=', actor.orgId)
          .where('label', '=', label),
      ),
    );
  }
  if (f.dueFrom) q = q.where('t.due_date', '>=', f.dueFrom);
  if (f.dueTo) q = q.where('t.due_date', '<=', f.dueTo);
  if (f.overdue === true) {
    q = q.where('t.status', 'in', OPEN).where('t.due_at', '<', now.toISOString());
  } else if (f.overdue === false) {
    q = q.where((eb) =>
      eb.or([
        eb('t.status', 'not in', OPEN),
        eb('t.due_at', 'is', null),
        eb('t.due_at', '>=', now.toISOString()),
      ]),
    );
  }
  if (f.q) {
    const like = `%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        sql<boolean>`t.title_key like ${like} escape '\\'`,
        sql<boolean>`lower(coalesce(t.description, '')) like ${like} escape '\\'`,
      ]),
    );
  }
  if (f.subjectType) q = q.where('t.subject_type', '=', f.subjectType);
  if (f.subjectId) q = q.where('t.subject_id', '=', f.subjectId);
  return q;
}

export type { ParsedFilters };
