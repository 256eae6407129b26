import { z } from 'zod';
import {
  cursor,
  endpoint,
  id,
  idParams,
  isoDate,
  limit,
  ok,
  optionalText,
  page,
  recordMeta,
  sortOrder,
  text,
  timestamp,
  userRef,
} from './shared.js';

export const TASK_STATUSES = ['todo', 'in_progress', 'blocked', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** Statuses a task is still open in (My work, workload, due reminders). */
export const OPEN_TASK_STATUSES = ['todo', 'in_progress', 'blocked'] as const;
export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];
export const RECURRENCE_MODES = ['on_completion', 'on_schedule'] as const;
export const SIGNOFF_STATES = ['pending', 'approved', 'rejected'] as const;
export const TASK_SORTS = ['due', 'priority', 'createdAt', 'title', 'updatedAt'] as const;

/**
 * Hours a task without an estimate counts for in the workload view: one hour, so an unestimated
 * task still shows up as load (documented in the work module README).
 */
export const DEFAULT_TASK_ESTIMATE_HOURS = 1;

const ref = z.object({ id, name: z.string() }).nullable();

/** Local time of day, 24-hour `HH:MM`, in the task's time zone. */
export const timeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM (00:00–23:59)');

export const taskSubjectInput = z.strictObject({
  entityType: z.string().min(1).max(60),
  entityId: id,
});

export const taskSubject = z.object({
  entityType: z.string(),
  entityId: z.string(),
  label: z.string().nullable().describe('null when you may not read the record'),
  href: z.string().nullable(),
});

export const checklistItem = z.object({
  id,
  text: z.string(),
  done: z.boolean(),
  doneBy: userRef,
  doneAt: timestamp.nullable(),
  position: z.number().int(),
});
export type ChecklistItem = z.infer<typeof checklistItem>;

export const recurrence = z.object({
  seriesId: id,
  rrule: z.string(),
  mode: z.enum(RECURRENCE_MODES),
  active: z.boolean(),
});

export const statusChange = z.object({
  id,
  from: z.enum(TASK_STATUSES).nullable(),
  to: z.enum(TASK_STATUSES),
  at: timestamp,
  by: userRef,
  comment: z.string().nullable(),
});

/** A task as lists show it. */
export const taskSummary = z.object({
  ...recordMeta,
  title: z.string(),
  status: z.enum(TASK_STATUSES),
  priority: z.enum(TASK_PRIORITIES),
  assignees: z.array(z.object({ id, name: z.string() })),
  site: ref,
  department: ref,
  dueDate: isoDate.nullable(),
  dueTime: z.string().nullable().describe('HH:MM in the task time zone; null for all-day'),
  dueAt: timestamp
    .nullable()
    .describe('When the task is due: the due time, or the end of the due date in timeZone'),
  timeZone: z.string().describe('The site time zone, or the organization one'),
  overdue: z.boolean(),
  labels: z.array(z.string()),
  estimateHours: z.number().nullable(),
  requiresSignoff: z.boolean(),
  signoff: z.enum(SIGNOFF_STATES).nullable().describe('pending: awaiting sign-off'),
  checklist: z.object({ done: z.number().int(), total: z.number().int() }),
  recurring: z.boolean(),
  completedAt: timestamp.nullable(),
});
export type TaskSummary = z.infer<typeof taskSummary>;

export const task = taskSummary.extend({
  description: z.string().nullable().describe('Markdown'),
  watchers: z.array(z.object({ id, name: z.string() })),
  createdBy: userRef,
  completedBy: userRef,
  subject: taskSubject.nullable(),
  checklistItems: z.array(checklistItem),
  recurrence: recurrence.nullable(),
  occurrenceDate: isoDate.nullable(),
  signoffApprovalId: id.nullable(),
  statusHistory: z.array(statusChange),
  can: z.object({
    edit: z.boolean().describe('Change every field'),
    assign: z.boolean(),
    setStatus: z.boolean(),
    checklist: z.boolean(),
    delete: z.boolean(),
  }),
});
export type Task = z.infer<typeof task>;

const labels = z
  .array(z.string().trim().min(1, 'must not be empty').max(40, 'must be at most 40 characters'))
  .max(20, 'at most 20 labels');

const userIds = (max: number) => z.array(id).max(max, `at most ${max} people`);

export const recurrenceInput = z.strictObject({
  rrule: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(500)
    .describe('RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=MO,TH (DTSTART comes from the due date)'),
  mode: z.enum(RECURRENCE_MODES).default('on_completion'),
});

const estimateHours = z
  .number()
  .min(0, 'must not be negative')
  .max(1000, 'must be at most 1000')
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, 'must have at most two decimals');

export const createTaskBody = z.strictObject({
  title: text(200),
  description: optionalText(20_000),
  assigneeIds: userIds(20).optional().describe('User ids; without tasks.manage only yourself'),
  watcherIds: userIds(50).optional(),
  siteId: id.nullable().optional(),
  departmentId: id.nullable().optional(),
  dueDate: isoDate.nullable().optional(),
  dueTime: timeOfDay.nullable().optional(),
  priority: z.enum(TASK_PRIORITIES).default('normal'),
  labels: labels.optional(),
  estimateHours: estimateHours.nullable().optional(),
  subject: taskSubjectInput.nullable().optional(),
  requiresSignoff: z.boolean().default(false),
  checklist: z.array(text(300)).max(100, 'at most 100 items').optional(),
  recurrence: recurrenceInput.nullable().optional(),
});
export type CreateTaskBody = z.input<typeof createTaskBody>;

export const updateTaskBody = z.strictObject({
  title: text(200).optional(),
  description: optionalText(20_000),
  assigneeIds: userIds(20).optional(),
  watcherIds: userIds(50).optional(),
  siteId: id.nullable().optional(),
  departmentId: id.nullable().optional(),
  dueDate: isoDate.nullable().optional(),
  dueTime: timeOfDay.nullable().optional(),
  priority: z.enum(TASK_PRIORITIES).optional(),
  labels: labels.optional(),
  estimateHours: estimateHours.nullable().optional(),
  subject: taskSubjectInput.nullable().optional(),
  requiresSignoff: z.boolean().optional(),
  recurrence: recurrenceInput
    .nullable()
    .optional()
    .describe('null ends the series (this task stays)'),
});
export type UpdateTaskBody = z.input<typeof updateTaskBody>;

const csv = <T extends z.ZodType>(item: T) =>
  z
    .union([z.array(item), item])
    .transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[])
    .optional();

export const taskFilters = z.strictObject({
  status: csv(z.enum(TASK_STATUSES)),
  assigneeId: z.union([id, z.literal('me'), z.literal('none')]).optional(),
  siteId: id.optional(),
  departmentId: id.optional(),
  label: z.string().trim().min(1).max(40).optional(),
  priority: csv(z.enum(TASK_PRIORITIES)),
  dueFrom: isoDate.optional(),
  dueTo: isoDate.optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  q: z.string().trim().max(100).optional().describe('Matches title and description'),
  subjectType: z.string().max(60).optional(),
  subjectId: id.optional(),
});
export type TaskFilters = z.input<typeof taskFilters>;

export const listTasksQuery = taskFilters.extend({
  sort: z.enum(TASK_SORTS).default('due'),
  order: sortOrder,
  cursor,
  limit,
});

export const listTasks = endpoint({
  operationId: 'listTasks',
  method: 'GET',
  path: '/api/tasks',
  summary: 'Tasks, filtered, sorted and paginated',
  description:
    'With tasks.read: every task in your sites; without: tasks you are assigned to, watch or created.',
  tag: 'tasks',
  access: 'authenticated',
  query: listTasksQuery,
  response: page(taskSummary),
});

export const getTask = endpoint({
  operationId: 'getTask',
  method: 'GET',
  path: '/api/tasks/:id',
  summary: 'One task with its checklist, recurrence and status history',
  tag: 'tasks',
  access: 'authenticated',
  params: idParams,
  response: task,
});

export const createTask = endpoint({
  operationId: 'createTask',
  method: 'POST',
  path: '/api/tasks',
  summary: 'Create a task',
  description:
    'Anyone may create a task for themselves; assigning others needs tasks.manage. A date-only task is due at the end of that day in the site time zone (or the organization one).',
  tag: 'tasks',
  access: 'authenticated',
  body: createTaskBody,
  response: task,
  status: 201,
});

export const updateTask = endpoint({
  operationId: 'updateTask',
  method: 'PATCH',
  path: '/api/tasks/:id',
  summary: 'Change a task',
  description:
    'tasks.manage may change any task; without it you may change tasks you created for yourself.',
  tag: 'tasks',
  access: 'authenticated',
  params: idParams,
  body: updateTaskBody,
  response: task,
});

export const deleteTask = endpoint({
  operationId: 'deleteTask',
  method: 'DELETE',
  path: '/api/tasks/:id',
  summary: 'Delete a task with its checklist, comments and attachments',
  description: 'tasks.manage, or the creator of a task assigned to nobody else.',
  tag: 'tasks',
  access: 'authenticated',
  params: idParams,
  response: ok,
});

export const setTaskStatusBody = z.strictObject({
  status: z.enum(TASK_STATUSES),
  comment: optionalText(2000),
});

export const setTaskStatus = endpoint({
  operationId: 'setTaskStatus',
  method: 'POST',
  path: '/api/tasks/:id/status',
  summary: 'Move a task to another status',
  description:
    'Assignees and tasks.manage. Completing a task that requires sign-off asks for approval instead: it becomes done when approved.',
  tag: 'tasks',
  access: 'authenticated',
  params: idParams,
  body: setTaskStatusBody,
  response: task,
});

export const addChecklistItem = endpoint({
  operationId: 'addTaskChecklistItem',
  method: 'POST',
  path: '/api/tasks/:id/checklist',
  summary: 'Add a checklist item',
  tag: 'tasks',
  access: 'authenticated',
  params: idParams,
  body: z.strictObject({ text: text(300) }),
  response: task,
  status: 201,
});

const itemParams = z.strictObject({ id, itemId: id });

export const updateChecklistItem = endpoint({
  operationId: 'updateTaskChecklistItem',
  method: 'PATCH',
  path: '/api/tasks/:id/checklist/:itemId',
  summary: 'Tick, untick, rename or move a checklist item',
  tag: 'tasks',
  access: 'authenticated',
  params: itemParams,
  body: z.strictObject({
    text: text(300).optional(),
    done: z.boolean().optional(),
    position: z.number().int().min(0).max(1000).optional(),
  }),
  response: task,
});

export const deleteChecklistItem = endpoint({
  operationId: 'deleteTaskChecklistItem',
  method: 'DELETE',
  path: '/api/tasks/:id/checklist/:itemId',
  summary: 'Remove a checklist item',
  tag: 'tasks',
  access: 'authenticated',
  params: itemParams,
  response: task,
});

export const myWork = endpoint({
  operationId: 'getMyWork',
  method: 'GET',
  path: '/api/my-work',
  summary: 'Your open tasks: overdue, today, the next 7 days, and without a date',
  description: '"Today" is the due date in each task’s own time zone.',
  tag: 'tasks',
  access: 'authenticated',
  response: z.object({
    overdue: z.array(taskSummary),
    today: z.array(taskSummary),
    upcoming: z.array(taskSummary),
    noDate: z.array(taskSummary),
  }),
});

export const taskBoard = endpoint({
  operationId: 'getTaskBoard',
  method: 'GET',
  path: '/api/tasks/board',
  summary: 'Tasks by status (kanban), with the list filters',
  tag: 'tasks',
  access: 'authenticated',
  query: taskFilters.extend({ perColumn: z.coerce.number().int().min(1).max(200).default(50) }),
  response: z.object({
    columns: z.array(
      z.object({
        status: z.enum(TASK_STATUSES),
        count: z.number().int(),
        items: z.array(taskSummary),
      }),
    ),
  }),
});

export const BULK_ACTIONS = ['assign', 'reschedule', 'status'] as const;

export const bulkTasksBody = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('assign'),
    ids: z.array(id).min(1).max(200),
    assigneeIds: userIds(20),
  }),
  z.strictObject({
    action: z.literal('reschedule'),
    ids: z.array(id).min(1).max(200),
    dueDate: isoDate.nullable(),
    dueTime: timeOfDay.nullable().optional(),
  }),
  z.strictObject({
    action: z.literal('status'),
    ids: z.array(id).min(1).max(200),
    status: z.enum(TASK_STATUSES),
  }),
]);
export type BulkTasksBody = z.input<typeof bulkTasksBody>;

export const bulkTasks = endpoint({
  operationId: 'bulkUpdateTasks',
  method: 'POST',
  path: '/api/tasks/bulk',
  summary: 'Assign, reschedule or set the status of several tasks at once (all or nothing)',
  description: 'One transaction: if any task cannot be changed, none is, and the answer names it.',
  tag: 'tasks',
  access: 'tasks.manage',
  body: bulkTasksBody,
  response: z.object({ updated: z.number().int() }),
});

export const workloadDay = z.object({
  date: isoDate,
  hours: z.number(),
  capacity: z.number(),
  tasks: z.number().int(),
  over: z.boolean(),
});

export const workload = endpoint({
  operationId: 'getTaskWorkload',
  method: 'GET',
  path: '/api/tasks/workload',
  summary: 'Hours due per member per day against their capacity',
  description: `Hours: estimates of open tasks due that day (a task without an estimate counts ${DEFAULT_TASK_ESTIMATE_HOURS} h), split evenly between its assignees. Capacity: when the linked employee has published shifts in the range, the paid hours of their shifts that day (0 on days off); otherwise their contract hours per week ÷ 5 on weekdays, 0 on weekends and for members without contract hours. At most 31 days.`,
  tag: 'tasks',
  access: 'tasks.manage',
  query: z.strictObject({
    from: isoDate,
    to: isoDate,
    siteId: id.optional(),
    userIds: csv(id),
  }),
  response: z.object({
    from: isoDate,
    to: isoDate,
    defaultEstimateHours: z.number(),
    members: z.array(
      z.object({
        userId: id,
        name: z.string(),
        weeklyHours: z.number().nullable(),
        capacitySource: z
          .enum(['roster', 'contract'])
          .describe('roster: capacity from published shifts; contract: contract hours ÷ 5'),
        days: z.array(workloadDay),
      }),
    ),
  }),
});

export const taskLabels = endpoint({
  operationId: 'listTaskLabels',
  method: 'GET',
  path: '/api/tasks/labels',
  summary: 'Labels in use on tasks you can see, most used first',
  tag: 'tasks',
  access: 'authenticated',
  response: z.object({ items: z.array(z.object({ label: z.string(), count: z.number().int() })) }),
});

// ── Saved views ──────────────────────────────────────────────────────────────

export const savedView = z.object({
  ...recordMeta,
  name: z.string(),
  filters: z.record(z.string(), z.unknown()).describe('Query parameters of the task list'),
  shared: z.boolean(),
  owner: userRef,
  mine: z.boolean(),
});
export type SavedView = z.infer<typeof savedView>;

const savedViewFilterInput = z
  .record(z.string(), z.union([z.string().max(200), z.array(z.string().max(200)).max(20)]))
  .describe('Task list query parameters (status, assigneeId, siteId…)');

export const createSavedViewBody = z.strictObject({
  name: text(80),
  filters: savedViewFilterInput,
  shared: z.boolean().default(false),
});

export const listSavedViews = endpoint({
  operationId: 'listTaskViews',
  method: 'GET',
  path: '/api/task-views',
  summary: 'Your saved task views and those shared with the organization',
  tag: 'tasks',
  access: 'authenticated',
  response: z.object({ items: z.array(savedView) }),
});

export const createSavedView = endpoint({
  operationId: 'createTaskView',
  method: 'POST',
  path: '/api/task-views',
  summary: 'Save the current task filters as a view',
  description: 'Sharing with the organization needs tasks.manage.',
  tag: 'tasks',
  access: 'authenticated',
  body: createSavedViewBody,
  response: savedView,
  status: 201,
});

export const updateSavedView = endpoint({
  operationId: 'updateTaskView',
  method: 'PATCH',
  path: '/api/task-views/:id',
  summary: 'Rename, refilter or (un)share a saved view of yours',
  tag: 'tasks',
  access: 'authenticated',
  params: idParams,
  body: createSavedViewBody.partial(),
  response: savedView,
});

export const deleteSavedView = endpoint({
  operationId: 'deleteTaskView',
  method: 'DELETE',
  path: '/api/task-views/:id',
  summary: 'Delete a saved view of yours',
  tag: 'tasks',
  access: 'authenticated',
  params: idParams,
  response: ok,
});
