import type { TaskPriority } from '@keel/contracts';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import type { DB } from '../../platform/db/types.js';
import { toBool } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { addDays, localDate, nextOccurrence, occurrencesBetween } from './schedule.js';
import { NO_DUE_KEY, peopleOf, type TaskRow } from './task.read.js';
import {
  insertChecklist,
  notifyAssigned,
  type People,
  PRIORITY_RANK,
  publishTask,
  recordStatusChange,
  setLabels,
  setPeople,
  snapshot,
  type Who,
  withDue,
} from './task.write.js';
import './work.tables.js';

// Recurring tasks: series templates, creating occurrences, continuing a series.

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

/** The template a series copies from one of its tasks. */
export const templateOf = (row: TaskRow, people: People, checklist: string[]): SeriesTemplate => ({
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
export async function continueSeries(db: Kysely<DB>, deps: Deps, row: TaskRow, by: Who) {
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
/** Starts a series whose first occurrence is `dueDate`; returns its id. */
export async function insertSeries(
  db: Kysely<DB>,
  actor: Actor,
  s: {
    rrule: string;
    mode: DB['task_series']['mode'];
    dueDate: string;
    template: string;
    at: string;
  },
): Promise<string> {
  const id = newId();
  await db
    .insertInto('task_series')
    .values({
      id,
      org_id: actor.orgId,
      created_at: s.at,
      created_by: actor.userId,
      updated_at: s.at,
      updated_by: actor.userId,
      rrule: s.rrule,
      mode: s.mode,
      dtstart: s.dueDate,
      template: s.template,
      active: true,
      last_date: s.dueDate,
    })
    .execute();
  return id;
}

async function checklistTexts(db: Kysely<DB>, taskId: string) {
  const items = await db
    .selectFrom('task_checklist_items')
    .select('text')
    .where('task_id', '=', taskId)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return items.map((i) => i.text);
}

/** Copies an occurrence's fields into its series, so later occurrences follow the latest edit. */
export async function refreshTemplate(trx: Kysely<DB>, deps: Deps, row: TaskRow) {
  if (!row.series_id) return;
  const people = (await peopleOf(trx, [row.id])).get(row.id)!;
  await trx
    .updateTable('task_series')
    .set({
      template: JSON.stringify(templateOf(row, people, await checklistTexts(trx, row.id))),
      updated_at: deps.clock.now().toISOString(),
    })
    .where('id', '=', row.series_id)
    .execute();
}
