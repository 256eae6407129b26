import type { Actor } from '../../platform/auth/actor.js';
import type { Deps } from '../../platform/deps.js';
import type { KeelModule } from '../../platform/http/module.js';
import type { CalendarItem, EntityRef, SearchDocument } from '../../platform/registry.js';
import { addDays } from './schedule.js';
import { participantsOf, visibleTasks } from './task.read.js';
import { SIGNOFF_TYPE, taskHref } from './task.write.js';
import { decideSignoff } from './task-status.service.js';
import { workJobs } from './work.jobs.js';
import { workMigrations } from './work.migrations.js';
import { workRoutes } from './work.routes.js';
import './work.tables.js';

export { createTask } from './task.service.js';

async function describeTasks(deps: Deps, actor: Actor, ids: string[]) {
  const out = new Map<string, EntityRef>();
  if (ids.length === 0) return out;
  const rows = await visibleTasks(deps.db, actor)
    .select(['t.id', 't.title', 't.site_id'])
    .where('t.id', 'in', ids)
    .execute();
  for (const r of rows)
    out.set(r.id, {
      entityType: 'task',
      id: r.id,
      label: r.title,
      href: taskHref(r.id),
      siteId: r.site_id,
    });
  return out;
}

/** Dated tasks overlapping the range: all-day on their date, or at their due time (30 min). */
async function calendarTasks(
  deps: Deps,
  actor: Actor,
  range: { from: string; to: string; mine: boolean; limit: number },
): Promise<CalendarItem[]> {
  const firstDate = addDays(range.from.slice(0, 10), -1);
  const lastDate = addDays(range.to.slice(0, 10), 1);
  let q = visibleTasks(deps.db, actor)
    .select(['t.id', 't.title', 't.due_date', 't.due_time', 't.due_at', 't.site_id', 't.status'])
    .where('t.due_date', '>=', firstDate)
    .where('t.due_date', '<=', lastDate)
    // The due instant is within a day of the due date in any time zone: bounding it too lets
    // the (org_id, due_key) index scan just the range instead of every dated task.
    .where('t.due_key', '>=', `${addDays(firstDate, -1)}T00:00:00.000Z`)
    .where('t.due_key', '<', `${addDays(lastDate, 2)}T00:00:00.000Z`);
  if (range.mine) {
    q = q.where((eb) =>
      eb(
        't.id',
        'in',
        eb
          .selectFrom('task_people')
          .select('task_id')
          .where('org_id', '=', actor.orgId)
          .where('user_id', '=', actor.userId)
          .where('role', '=', 'assignee'),
      ),
    );
  }
  const rows = await q
    .orderBy('t.due_key')
    .orderBy('t.id')
    .limit(range.limit * 2)
    .execute();
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  const items: CalendarItem[] = [];
  for (const r of rows) {
    if (!r.due_date) continue;
    const allDay = r.due_time === null;
    const start = allDay ? `${r.due_date}T00:00:00.000Z` : r.due_at!;
    const end = allDay
      ? `${addDays(r.due_date, 1)}T00:00:00.000Z`
      : new Date(Date.parse(r.due_at!) + 30 * 60_000).toISOString();
    if (Date.parse(end) <= from || Date.parse(start) >= to) continue;
    items.push({
      uid: `task:${r.id}`,
      kind: 'task',
      title: r.title,
      start,
      end,
      allDay,
      href: taskHref(r.id),
      siteId: r.site_id,
      status: r.status,
      color: null,
    });
    if (items.length >= range.limit) break;
  }
  return items;
}

async function* taskDocuments(deps: Deps, orgId: string): AsyncIterable<SearchDocument> {
  let after = '';
  for (;;) {
    const rows = await deps.db
      .selectFrom('tasks')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .execute();
    if (rows.length === 0) return;
    for (const r of rows) {
      const labels = JSON.parse(r.labels) as string[];
      yield {
        orgId,
        entityType: 'task',
        entityId: r.id,
        siteId: r.site_id,
        title: r.title,
        subtitle: [r.status.replace('_', ' '), r.due_date ? `due ${r.due_date}` : null]
          .filter(Boolean)
          .join(' · '),
        body: [r.description ?? '', labels.join(' ')].join('\n').trim() || null,
        href: taskHref(r.id),
        permission: 'tasks.read',
        userIds: await participantsOf(deps.db, r),
      };
    }
    after = rows[rows.length - 1]!.id;
  }
}

/**
 * Tasks and delegation: tasks with checklists, recurrence, sign-off, saved views, My work,
 * the board and workload. See README.md.
 */
export const workModule: KeelModule = {
  name: 'work',
  migrations: workMigrations,
  routes: workRoutes,
  entities: [
    {
      entityType: 'task',
      canRead: async (deps, actor, id) => (await describeTasks(deps, actor, [id])).has(id),
      describe: describeTasks,
      participants: async (deps, orgId, id) => {
        const row = await deps.db
          .selectFrom('tasks')
          .selectAll()
          .where('org_id', '=', orgId)
          .where('id', '=', id)
          .executeTakeFirst();
        return row ? participantsOf(deps.db, row) : [];
      },
    },
  ],
  approvalTypes: [
    {
      type: SIGNOFF_TYPE,
      entityType: 'task',
      permission: 'tasks.manage',
      remindAfterDays: 1,
      escalateAfterDays: 3,
      onDecided: decideSignoff,
    },
  ],
  calendarSources: [{ kind: 'task', list: calendarTasks }],
  searchSources: [{ entityType: 'task', label: 'Tasks', reindex: taskDocuments }],
  jobs: workJobs,
};
