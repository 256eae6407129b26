import type { Task, TaskPriority, tasks } from '@keel/contracts';
import type { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import { can } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import { toBool } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { invalid } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import { cancelApprovals } from '../approvals/index.js';
import { deleteRecordFiles } from '../collab/index.js';
import { normaliseLabels } from './schedule.js';
import { NO_DUE_KEY, participantsOf, type TaskRow, toTask } from './task.read.js';
import {
  auditTaskUpdate,
  forbidden,
  insertChecklist,
  lockTaskFor,
  notifyAssigned,
  PRIORITY_RANK,
  publishDeleted,
  publishTask,
  recordStatusChange,
  SIGNOFF_TYPE,
  setLabels,
  setPeople,
  snapshot,
  withDue,
} from './task.write.js';
import {
  checkDepartment,
  checkMembers,
  checkRrule,
  checkSite,
  checkSubject,
  timeZoneFor,
  toCentihours,
} from './task-checks.js';
import { insertSeries, refreshTemplate, templateOf } from './task-series.js';
import './work.tables.js';

// Creating, editing and deleting a task. Status, checklist and bulk changes have files of their own.

type CreateInput = z.output<typeof tasks.createTaskBody>;
type UpdateInput = z.output<typeof tasks.updateTaskBody>;

/**
 * Creates a task (and its series when it recurs). Anyone may create a task for themselves;
 * assigning anyone else needs tasks.manage. Other modules call this for follow-up work.
 */
export async function createTask(deps: Deps, actor: Actor, input: CreateInput): Promise<Task> {
  const manage = can(actor, 'tasks.manage');
  const assigneeIds = input.assigneeIds ?? (manage ? [] : [actor.userId]);
  if (!manage && assigneeIds.some((u) => u !== actor.userId))
    throw forbidden(
      'TASK_ASSIGN_FORBIDDEN',
      'Assigning tasks to others needs tasks.manage.',
      'assigneeIds',
    );
  const siteId = input.siteId ?? null;
  const departmentId = input.departmentId ?? null;
  const dueDate = input.dueDate ?? null;
  const dueTime = dueDate ? (input.dueTime ?? null) : null;
  if (!dueDate && input.dueTime)
    throw invalid('TASK_DUE_TIME_WITHOUT_DATE', 'dueTime', 'needs a due date');
  const rrule = input.recurrence ? checkRrule(input.recurrence.rrule) : null;
  if (rrule && !dueDate)
    throw invalid(
      'TASK_RECURRENCE_NEEDS_DATE',
      'recurrence',
      'needs a due date (the first occurrence)',
    );
  const db = deps.db;
  await checkSite(db, actor, siteId);
  await checkDepartment(db, actor, departmentId);
  await checkMembers(db, actor.orgId, assigneeIds, 'assigneeIds');
  const watcherIds = await checkMembers(db, actor.orgId, input.watcherIds ?? [], 'watcherIds');
  await checkSubject(deps, actor, input.subject ?? null);
  const timeZone = await timeZoneFor(db, actor, siteId);
  const labels = normaliseLabels(input.labels ?? []);
  const at = deps.clock.now().toISOString();
  const checklist = input.checklist ?? [];
  const row: TaskRow = withDue({
    id: newId(),
    org_id: actor.orgId,
    created_at: at,
    created_by: actor.userId,
    updated_at: at,
    updated_by: actor.userId,
    title: input.title,
    title_key: input.title.toLowerCase(),
    description: input.description ?? null,
    status: 'todo',
    priority: input.priority,
    priority_rank: PRIORITY_RANK[input.priority],
    site_id: siteId,
    department_id: departmentId,
    time_zone: timeZone,
    due_date: dueDate,
    due_time: dueTime,
    due_at: null,
    due_key: NO_DUE_KEY,
    estimate_centihours: toCentihours(input.estimateHours),
    labels: JSON.stringify(labels),
    subject_type: input.subject?.entityType ?? null,
    subject_id: input.subject?.entityId ?? null,
    requires_signoff: input.requiresSignoff,
    signoff_state: null,
    signoff_approval_id: null,
    series_id: null,
    occurrence_date: null,
    checklist_total: checklist.length,
    checklist_done: 0,
    completed_at: null,
    completed_by: null,
  });
  const people = { assignees: [...new Set(assigneeIds)], watchers: watcherIds };
  const created = await db.transaction().execute(async (trx) => {
    if (rrule && input.recurrence) {
      row.series_id = await insertSeries(trx, actor, {
        rrule,
        mode: input.recurrence.mode,
        dueDate: dueDate!,
        template: JSON.stringify(templateOf(row, people, checklist)),
        at,
      });
      row.occurrence_date = dueDate;
    }
    await trx.insertInto('tasks').values(row).execute();
    await setPeople(trx, row, 'assignee', people.assignees);
    await setPeople(trx, row, 'watcher', people.watchers);
    await setLabels(trx, row, labels);
    await insertChecklist(trx, row, checklist, actor.userId, at);
    await recordStatusChange(trx, row, null, 'todo', actor.userId, at, null);
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'create',
      entityType: 'task',
      entityId: row.id,
      entityLabel: row.title,
      after: { ...snapshot(row, people), recurrence: rrule },
      at,
    });
    await publishTask(trx, deps, row, 'task.created', actor.userId);
    await notifyAssigned(trx, deps, row, people.assignees, actor);
    return row;
  });
  afterCommit(deps);
  return toTask(deps, actor, created);
}

/**
 * Changes a task's fields. tasks.manage may change any task it can see; others only tasks they
 * created for themselves (and may not assign anyone else).
 */
export async function updateTask(
  deps: Deps,
  actor: Actor,
  id: string,
  input: UpdateInput,
): Promise<Task> {
  const manage = can(actor, 'tasks.manage');
  const result = await deps.db.transaction().execute(async (trx) => {
    const { row, people } = await lockTaskFor(trx, deps, actor, id, {
      right: 'edit',
      code: 'TASK_EDIT_FORBIDDEN',
      message: 'Only tasks.manage or the creator of a task for themselves may change it.',
    });
    const nextPeople = {
      assignees: input.assigneeIds ? [...new Set(input.assigneeIds)] : people.assignees,
      watchers: input.watcherIds ? [...new Set(input.watcherIds)] : people.watchers,
    };
    if (!manage && nextPeople.assignees.some((u) => u !== actor.userId))
      throw forbidden(
        'TASK_ASSIGN_FORBIDDEN',
        'Assigning tasks to others needs tasks.manage.',
        'assigneeIds',
      );
    if (input.assigneeIds)
      await checkMembers(trx, actor.orgId, nextPeople.assignees, 'assigneeIds');
    if (input.watcherIds) await checkMembers(trx, actor.orgId, nextPeople.watchers, 'watcherIds');
    const siteId = input.siteId === undefined ? row.site_id : input.siteId;
    if (input.siteId !== undefined && input.siteId !== row.site_id)
      await checkSite(trx, actor, siteId);
    const departmentId = input.departmentId === undefined ? row.department_id : input.departmentId;
    if (input.departmentId !== undefined && input.departmentId !== row.department_id)
      await checkDepartment(trx, actor, departmentId);
    if (input.subject !== undefined) await checkSubject(deps, actor, input.subject);
    const dueDate = input.dueDate === undefined ? row.due_date : input.dueDate;
    let dueTime = input.dueTime === undefined ? row.due_time : input.dueTime;
    if (!dueDate) {
      if (input.dueTime) throw invalid('TASK_DUE_TIME_WITHOUT_DATE', 'dueTime', 'needs a due date');
      dueTime = null;
    }
    const rrule = input.recurrence ? checkRrule(input.recurrence.rrule) : null;
    const recurringAfter =
      input.recurrence === undefined ? row.series_id !== null : input.recurrence !== null;
    if (recurringAfter && !dueDate) {
      throw input.dueDate === null
        ? invalid('TASK_RECURRENCE_NEEDS_DATE', 'dueDate', 'a recurring task needs a due date')
        : invalid(
            'TASK_RECURRENCE_NEEDS_DATE',
            'recurrence',
            'needs a due date (the first occurrence)',
          );
    }
    const at = deps.clock.now().toISOString();
    const labels = input.labels
      ? normaliseLabels(input.labels)
      : (JSON.parse(row.labels) as string[]);
    const priority = (input.priority ?? row.priority) as TaskPriority;
    let next: TaskRow = {
      ...row,
      title: input.title ?? row.title,
      title_key: (input.title ?? row.title).toLowerCase(),
      description: input.description === undefined ? row.description : input.description,
      priority,
      priority_rank: PRIORITY_RANK[priority],
      site_id: siteId,
      department_id: departmentId,
      time_zone: siteId !== row.site_id ? await timeZoneFor(trx, actor, siteId) : row.time_zone,
      due_date: dueDate,
      due_time: dueTime,
      estimate_centihours:
        input.estimateHours === undefined
          ? row.estimate_centihours
          : toCentihours(input.estimateHours),
      labels: JSON.stringify(labels),
      subject_type:
        input.subject === undefined ? row.subject_type : (input.subject?.entityType ?? null),
      subject_id: input.subject === undefined ? row.subject_id : (input.subject?.entityId ?? null),
      requires_signoff: input.requiresSignoff ?? toBool(row.requires_signoff),
      updated_at: at,
      updated_by: actor.userId,
    };
    next = withDue(next);
    // Recurrence: start, change or end the series.
    let recurrenceChange: string | null | undefined;
    if (input.recurrence === null && row.series_id) {
      await trx
        .updateTable('task_series')
        .set({ active: false, updated_at: at, updated_by: actor.userId })
        .where('id', '=', row.series_id)
        .execute();
      next.series_id = null;
      next.occurrence_date = null;
      recurrenceChange = null;
    } else if (input.recurrence && rrule) {
      if (row.series_id) {
        const series = await trx
          .selectFrom('task_series')
          .selectAll()
          .where('id', '=', row.series_id)
          .executeTakeFirstOrThrow();
        if (series.rrule !== rrule || series.mode !== input.recurrence.mode) {
          await trx
            .updateTable('task_series')
            .set({
              rrule,
              mode: input.recurrence.mode,
              dtstart: series.rrule !== rrule ? (row.occurrence_date ?? dueDate!) : series.dtstart,
              active: true,
              updated_at: at,
              updated_by: actor.userId,
            })
            .where('id', '=', series.id)
            .execute();
          recurrenceChange = rrule;
        }
      } else {
        next.series_id = await insertSeries(trx, actor, {
          rrule,
          mode: input.recurrence.mode,
          dueDate: dueDate!,
          template: '{}',
          at,
        });
        next.occurrence_date = dueDate;
        recurrenceChange = rrule;
      }
    }
    await trx
      .updateTable('tasks')
      .set({
        title: next.title,
        title_key: next.title_key,
        description: next.description,
        priority: next.priority,
        priority_rank: next.priority_rank,
        site_id: next.site_id,
        department_id: next.department_id,
        time_zone: next.time_zone,
        due_date: next.due_date,
        due_time: next.due_time,
        due_at: next.due_at,
        due_key: next.due_key,
        estimate_centihours: next.estimate_centihours,
        labels: next.labels,
        subject_type: next.subject_type,
        subject_id: next.subject_id,
        requires_signoff: next.requires_signoff,
        series_id: next.series_id,
        occurrence_date: next.occurrence_date,
        updated_at: at,
        updated_by: actor.userId,
      })
      .where('id', '=', row.id)
      .execute();
    if (input.assigneeIds) await setPeople(trx, next, 'assignee', nextPeople.assignees);
    if (input.watcherIds) await setPeople(trx, next, 'watcher', nextPeople.watchers);
    if (input.labels) await setLabels(trx, next, labels);
    await refreshTemplate(trx, deps, next);
    await auditTaskUpdate(trx, {
      actor,
      before: row,
      people,
      after: next,
      afterPeople: nextPeople,
      extra: recurrenceChange !== undefined ? { recurrence: recurrenceChange } : {},
      at,
    });
    await publishTask(trx, deps, next, 'task.updated', actor.userId);
    const added = nextPeople.assignees.filter((u) => !people.assignees.includes(u));
    await notifyAssigned(trx, deps, next, added, actor);
    return next;
  });
  afterCommit(deps);
  return toTask(deps, actor, result);
}
/**
 * Deletes a task with its checklist, history rows, comments and attachments in one transaction;
 * the attachment files go after the commit. tasks.manage, or the creator of a self-task.
 */
export async function deleteTask(deps: Deps, actor: Actor, id: string): Promise<{ ok: true }> {
  const files = await deps.db.transaction().execute(async (trx) => {
    const { row, people } = await lockTaskFor(trx, deps, actor, id, {
      right: 'delete',
      code: 'TASK_DELETE_FORBIDDEN',
      message: 'Only tasks.manage or the creator of an unassigned task may delete it.',
    });
    const participants = await participantsOf(trx, row);
    if (row.signoff_state === 'pending') {
      await cancelApprovals(trx, deps, {
        orgId: row.org_id,
        type: SIGNOFF_TYPE,
        entityId: row.id,
        actor,
      });
    }
    const files = await deleteRecordFiles(trx, deps, {
      orgId: row.org_id,
      entityType: 'task',
      entityId: row.id,
    });
    for (const table of [
      'task_people',
      'task_labels',
      'task_checklist_items',
      'task_status_changes',
      'task_reminders',
    ] as const) {
      await trx.deleteFrom(table).where('task_id', '=', row.id).execute();
    }
    await trx.deleteFrom('tasks').where('id', '=', row.id).execute();
    await recordAudit(trx, {
      actor,
      orgId: row.org_id,
      action: 'delete',
      entityType: 'task',
      entityId: row.id,
      entityLabel: row.title,
      before: snapshot(row, people),
      at: deps.clock.now().toISOString(),
    });
    await publishDeleted(trx, deps, row, participants, actor.userId);
    return files;
  });
  afterCommit(deps);
  await files.removeFiles();
  return { ok: true };
}
