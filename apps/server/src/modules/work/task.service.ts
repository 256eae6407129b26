import type { Task, TaskPriority, TaskStatus, tasks } from '@keel/contracts';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import { can, canSeeSite } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import type { DB } from '../../platform/db/types.js';
import { toBool } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { conflict, invalid, KeelError, notFound } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import type { ApprovalDecidedContext } from '../../platform/registry.js';
import { activeMembers, organizationTimeZone } from '../accounts/index.js';
import { cancelApprovals, requestApproval } from '../approvals/index.js';
import { deleteRecordFiles } from '../collab/index.js';
import { notify } from '../notifications/index.js';
import { departmentSummaries, siteSummaries } from '../people/index.js';
import { normaliseLabels, normaliseRrule, RecurrenceError } from './schedule.js';
import {
  loadTask,
  NO_DUE_KEY,
  participantsOf,
  peopleOf,
  permissionsOn,
  type TaskRow,
  toTask,
} from './task.read.js';
import {
  insertChecklist,
  notifyAssigned,
  PRIORITY_RANK,
  publishDeleted,
  publishTask,
  recordStatusChange,
  refreshChecklistCounts,
  SIGNOFF_TYPE,
  setLabels,
  setPeople,
  snapshot,
  taskHref,
  templateOf,
  transition,
  withDue,
} from './task.write.js';

type CreateInput = z.output<typeof tasks.createTaskBody>;
type UpdateInput = z.output<typeof tasks.updateTaskBody>;
type BulkInput = z.output<typeof tasks.bulkTasksBody>;

const forbidden = (code: string, message: string, field?: string) =>
  new KeelError('forbidden', code, message, field ? { fields: [{ field, message }] } : {});

const toCentihours = (h: number | null | undefined) =>
  h === null || h === undefined ? null : Math.round(h * 100);

// ── Validation of references ────────────────────────────────────────────────

async function checkMembers(db: Kysely<DB>, orgId: string, ids: string[], field: string) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return unique;
  const found = new Set((await activeMembers(db, orgId, unique)).map((m) => m.userId));
  const missing = unique.filter((u) => !found.has(u));
  if (missing.length)
    throw invalid(
      'TASK_MEMBER_UNKNOWN',
      field,
      `${missing.join(', ')}: not an active member of the organization`,
    );
  return unique;
}

/** The site's time zone, or the organization's for tasks without a site. */
async function timeZoneFor(db: Kysely<DB>, actor: Actor, siteId: string | null) {
  if (siteId) {
    const site = (await siteSummaries(db, actor.orgId, [siteId])).get(siteId);
    if (site) return site.timeZone;
  }
  return (await organizationTimeZone(db, actor.orgId)) ?? 'UTC';
}

async function checkSite(db: Kysely<DB>, actor: Actor, siteId: string | null) {
  if (!siteId) return;
  const site = (await siteSummaries(db, actor.orgId, [siteId])).get(siteId);
  if (!site || !canSeeSite(actor, siteId))
    throw invalid('SITE_NOT_FOUND', 'siteId', 'is not a site you can see');
  if (site.archived) throw invalid('SITE_ARCHIVED', 'siteId', 'is archived');
}

async function checkDepartment(db: Kysely<DB>, actor: Actor, id: string | null) {
  if (!id) return;
  const d = (await departmentSummaries(db, actor.orgId, [id])).get(id);
  if (!d)
    throw invalid(
      'DEPARTMENT_NOT_FOUND',
      'departmentId',
      'is not a department of the organization',
    );
  if (d.archived) throw invalid('DEPARTMENT_ARCHIVED', 'departmentId', 'is archived');
}

/** A subject must be a kind other modules describe, exist, and be readable by the actor. */
async function checkSubject(
  deps: Deps,
  actor: Actor,
  subject: { entityType: string; entityId: string } | null,
) {
  if (!subject) return;
  const kind = deps.registry.entities.get(subject.entityType);
  if (!kind?.describe)
    throw invalid(
      'TASK_SUBJECT_KIND',
      'subject.entityType',
      'is not a kind of record a task can link to',
    );
  const ref = (await kind.describe(deps, actor, [subject.entityId])).get(subject.entityId);
  if (!ref)
    throw invalid(
      'TASK_SUBJECT_NOT_FOUND',
      'subject.entityId',
      'does not exist or you may not read it',
    );
}

function checkRrule(rrule: string): string {
  try {
    return normaliseRrule(rrule);
  } catch (err) {
    if (err instanceof RecurrenceError)
      throw invalid('TASK_RECURRENCE_INVALID', 'recurrence', err.message);
    throw err;
  }
}

// ── Create ──────────────────────────────────────────────────────────────────

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
      const seriesId = newId();
      row.series_id = seriesId;
      row.occurrence_date = dueDate;
      await trx
        .insertInto('task_series')
        .values({
          id: seriesId,
          org_id: actor.orgId,
          created_at: at,
          created_by: actor.userId,
          updated_at: at,
          updated_by: actor.userId,
          rrule,
          mode: input.recurrence.mode,
          dtstart: dueDate!,
          template: JSON.stringify(templateOf(row, people, checklist)),
          active: true,
          last_date: dueDate!,
        })
        .execute();
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

// ── Update ──────────────────────────────────────────────────────────────────

async function lockTask(trx: Kysely<DB>, deps: Deps, actor: Actor, id: string) {
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
async function refreshTemplate(trx: Kysely<DB>, deps: Deps, row: TaskRow) {
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
    const row = await lockTask(trx, deps, actor, id);
    const people = (await peopleOf(trx, [row.id])).get(row.id)!;
    const perms = permissionsOn(actor, row, people);
    if (!perms.edit)
      throw forbidden(
        'TASK_EDIT_FORBIDDEN',
        'Only tasks.manage or the creator of a task for themselves may change it.',
      );
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
        const seriesId = newId();
        await trx
          .insertInto('task_series')
          .values({
            id: seriesId,
            org_id: actor.orgId,
            created_at: at,
            created_by: actor.userId,
            updated_at: at,
            updated_by: actor.userId,
            rrule,
            mode: input.recurrence.mode,
            dtstart: dueDate!,
            template: '{}',
            active: true,
            last_date: dueDate!,
          })
          .execute();
        next.series_id = seriesId;
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
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'update',
      entityType: 'task',
      entityId: row.id,
      entityLabel: next.title,
      before: snapshot(row, people),
      after: {
        ...snapshot(next, nextPeople),
        ...(recurrenceChange !== undefined ? { recurrence: recurrenceChange } : {}),
      },
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

// ── Status ──────────────────────────────────────────────────────────────────

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
    const row = await lockTask(trx, deps, actor, id);
    const people = (await peopleOf(trx, [row.id])).get(row.id)!;
    if (!permissionsOn(actor, row, people).setStatus)
      throw forbidden(
        'TASK_STATUS_FORBIDDEN',
        'Only the assignees or tasks.manage may change the status.',
      );
    const next = await applyStatus(trx, deps, actor, row, input.status, input.comment ?? null);
    await publishTask(trx, deps, next, 'task.updated', actor.userId);
    return next;
  });
  afterCommit(deps);
  return toTask(deps, actor, result);
}

/** The status change rules shared by one task and bulk changes (inside the transaction). */
async function applyStatus(
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
  const status = row.status === 'in_progress' ? row.status : 'in_progress';
  const next: TaskRow = {
    ...row,
    status,
    signoff_state: 'pending',
    signoff_approval_id: approvalId,
    updated_at: at,
    updated_by: actor.userId,
  };
  await trx
    .updateTable('tasks')
    .set({
      status,
      signoff_state: 'pending',
      signoff_approval_id: approvalId,
      updated_at: at,
      updated_by: actor.userId,
    })
    .where('id', '=', row.id)
    .execute();
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
  await recordAudit(trx, {
    actor,
    orgId: row.org_id,
    action: 'update',
    entityType: 'task',
    entityId: row.id,
    entityLabel: row.title,
    before: snapshot(row, people),
    after: snapshot(next, people),
    at,
  });
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
    next = {
      ...row,
      status: 'in_progress',
      signoff_state: 'rejected',
      updated_at: at,
      updated_by: actor.userId,
    };
    await db
      .updateTable('tasks')
      .set({
        status: 'in_progress',
        signoff_state: 'rejected',
        updated_at: at,
        updated_by: actor.userId,
      })
      .where('id', '=', row.id)
      .execute();
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
    await recordAudit(db, {
      actor,
      orgId: row.org_id,
      action: 'update',
      entityType: 'task',
      entityId: row.id,
      entityLabel: row.title,
      before: snapshot(row, people),
      after: snapshot(next, people),
      at,
    });
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

// ── Checklist ───────────────────────────────────────────────────────────────

async function withChecklistRights(trx: Kysely<DB>, deps: Deps, actor: Actor, id: string) {
  const row = await lockTask(trx, deps, actor, id);
  const people = (await peopleOf(trx, [row.id])).get(row.id)!;
  if (!permissionsOn(actor, row, people).checklist)
    throw forbidden(
      'TASK_CHECKLIST_FORBIDDEN',
      'Only the assignees or tasks.manage may change the checklist.',
    );
  return row;
}

async function checklistChanged(
  trx: Kysely<DB>,
  deps: Deps,
  actor: Actor,
  row: TaskRow,
  action: string,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
) {
  const at = deps.clock.now().toISOString();
  await refreshChecklistCounts(trx, row.id);
  await trx
    .updateTable('tasks')
    .set({ updated_at: at, updated_by: actor.userId })
    .where('id', '=', row.id)
    .execute();
  await recordAudit(trx, {
    actor,
    orgId: row.org_id,
    action,
    entityType: 'task',
    entityId: row.id,
    entityLabel: row.title,
    before,
    after,
    at,
  });
  await publishTask(trx, deps, row, 'task.updated', actor.userId);
}

export async function addChecklistItem(deps: Deps, actor: Actor, id: string, text: string) {
  const row = await deps.db.transaction().execute(async (trx) => {
    const row = await withChecklistRights(trx, deps, actor, id);
    const last = await trx
      .selectFrom('task_checklist_items')
      .select((eb) => eb.fn.max('position').as('p'))
      .where('task_id', '=', row.id)
      .executeTakeFirst();
    const position = last?.p === null || last?.p === undefined ? 0 : Number(last.p) + 1;
    if (position >= 100)
      throw invalid('TASK_CHECKLIST_FULL', 'text', 'a checklist has at most 100 items');
    await insertChecklist(trx, row, [text], actor.userId, deps.clock.now().toISOString(), position);
    await checklistChanged(trx, deps, actor, row, 'checklist.add', null, { checklistItem: text });
    await refreshTemplate(trx, deps, row);
    return row;
  });
  afterCommit(deps);
  return toTask(deps, actor, await loadTask(deps.db, actor, row.id));
}

async function loadItem(trx: Kysely<DB>, taskId: string, itemId: string) {
  const item = await trx
    .selectFrom('task_checklist_items')
    .selectAll()
    .where('task_id', '=', taskId)
    .where('id', '=', itemId)
    .executeTakeFirst();
  if (!item) throw notFound('checklist item', 'TASK_CHECKLIST_ITEM_NOT_FOUND');
  return item;
}

export async function updateChecklistItem(
  deps: Deps,
  actor: Actor,
  id: string,
  itemId: string,
  input: { text?: string | undefined; done?: boolean | undefined; position?: number | undefined },
) {
  await deps.db.transaction().execute(async (trx) => {
    const row = await withChecklistRights(trx, deps, actor, id);
    const item = await loadItem(trx, row.id, itemId);
    const at = deps.clock.now().toISOString();
    const done = input.done ?? toBool(item.done);
    const changedDone = done !== toBool(item.done);
    await trx
      .updateTable('task_checklist_items')
      .set({
        text: input.text ?? item.text,
        done,
        done_by: changedDone ? (done ? actor.userId : null) : item.done_by,
        done_at: changedDone ? (done ? at : null) : item.done_at,
        position: input.position ?? item.position,
        updated_at: at,
        updated_by: actor.userId,
      })
      .where('id', '=', item.id)
      .execute();
    await checklistChanged(
      trx,
      deps,
      actor,
      row,
      'checklist.update',
      { checklistItem: item.text, done: toBool(item.done) },
      { checklistItem: input.text ?? item.text, done },
    );
    if (input.text !== undefined || input.position !== undefined)
      await refreshTemplate(trx, deps, row);
  });
  afterCommit(deps);
  return toTask(deps, actor, await loadTask(deps.db, actor, id));
}

export async function deleteChecklistItem(deps: Deps, actor: Actor, id: string, itemId: string) {
  await deps.db.transaction().execute(async (trx) => {
    const row = await withChecklistRights(trx, deps, actor, id);
    const item = await loadItem(trx, row.id, itemId);
    await trx.deleteFrom('task_checklist_items').where('id', '=', item.id).execute();
    await checklistChanged(
      trx,
      deps,
      actor,
      row,
      'checklist.remove',
      { checklistItem: item.text },
      null,
    );
    await refreshTemplate(trx, deps, row);
  });
  afterCommit(deps);
  return toTask(deps, actor, await loadTask(deps.db, actor, id));
}

// ── Delete ──────────────────────────────────────────────────────────────────

/**
 * Deletes a task with its checklist, history rows, comments and attachments in one transaction;
 * the attachment files go after the commit. tasks.manage, or the creator of a self-task.
 */
export async function deleteTask(deps: Deps, actor: Actor, id: string): Promise<{ ok: true }> {
  const files = await deps.db.transaction().execute(async (trx) => {
    const row = await lockTask(trx, deps, actor, id);
    const people = (await peopleOf(trx, [row.id])).get(row.id)!;
    if (!permissionsOn(actor, row, people).delete)
      throw forbidden(
        'TASK_DELETE_FORBIDDEN',
        'Only tasks.manage or the creator of an unassigned task may delete it.',
      );
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

// ── Bulk ────────────────────────────────────────────────────────────────────

/**
 * Assigns, reschedules or moves several tasks in one transaction. Any task that cannot be
 * changed fails the whole request with 400 naming it (ids[i]: reason); nothing is written.
 */
export async function bulkUpdate(
  deps: Deps,
  actor: Actor,
  input: BulkInput,
): Promise<{ updated: number }> {
  const ids = [...new Set(input.ids)];
  const updated = await deps.db.transaction().execute(async (trx) => {
    const failures: { field: string; message: string }[] = [];
    let assignees: string[] = [];
    if (input.action === 'assign')
      assignees = await checkMembers(trx, actor.orgId, input.assigneeIds, 'assigneeIds');
    let n = 0;
    for (const [i, id] of ids.entries()) {
      const field = `ids[${i}]`;
      let row: TaskRow;
      try {
        row = await lockTask(trx, deps, actor, id);
      } catch (err) {
        if (err instanceof KeelError && err.kind === 'not_found') {
          failures.push({ field, message: `${id}: task not found` });
          continue;
        }
        throw err;
      }
      const people = (await peopleOf(trx, [row.id])).get(row.id)!;
      const at = deps.clock.now().toISOString();
      if (input.action === 'assign') {
        await setPeople(trx, row, 'assignee', assignees);
        await trx
          .updateTable('tasks')
          .set({ updated_at: at, updated_by: actor.userId })
          .where('id', '=', row.id)
          .execute();
        await recordAudit(trx, {
          actor,
          orgId: row.org_id,
          action: 'update',
          entityType: 'task',
          entityId: row.id,
          entityLabel: row.title,
          before: snapshot(row, people),
          after: snapshot(row, { ...people, assignees }),
          at,
        });
        await refreshTemplate(trx, deps, row);
        await notifyAssigned(
          trx,
          deps,
          row,
          assignees.filter((u) => !people.assignees.includes(u)),
          actor,
        );
        await publishTask(trx, deps, row, 'task.updated', actor.userId);
      } else if (input.action === 'reschedule') {
        if (!input.dueDate && row.series_id) {
          failures.push({ field, message: `${id}: a recurring task needs a due date` });
          continue;
        }
        const next = withDue({
          ...row,
          due_date: input.dueDate,
          due_time: input.dueDate
            ? input.dueTime === undefined
              ? row.due_time
              : input.dueTime
            : null,
          updated_at: at,
          updated_by: actor.userId,
        });
        await trx
          .updateTable('tasks')
          .set({
            due_date: next.due_date,
            due_time: next.due_time,
            due_at: next.due_at,
            due_key: next.due_key,
            updated_at: at,
            updated_by: actor.userId,
          })
          .where('id', '=', row.id)
          .execute();
        await recordAudit(trx, {
          actor,
          orgId: row.org_id,
          action: 'update',
          entityType: 'task',
          entityId: row.id,
          entityLabel: row.title,
          before: snapshot(row, people),
          after: snapshot(next, people),
          at,
        });
        await publishTask(trx, deps, next, 'task.updated', actor.userId);
      } else {
        if (input.status === 'done' && toBool(row.requires_signoff) && row.status !== 'done') {
          failures.push({ field, message: `${id}: needs sign-off; complete it on its own page` });
          continue;
        }
        const next = await applyStatus(trx, deps, actor, row, input.status, null);
        await publishTask(trx, deps, next, 'task.updated', actor.userId);
      }
      n++;
    }
    if (failures.length) {
      throw new KeelError(
        'invalid',
        'TASK_BULK_FAILED',
        `${failures.length} of ${ids.length} tasks cannot be changed; nothing was changed.`,
        {
          fields: failures,
          extra: { failedIds: failures.map((f) => f.message.split(':')[0]) },
        },
      );
    }
    return n;
  });
  afterCommit(deps);
  return { updated };
}
