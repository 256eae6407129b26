import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { periods } from '../../platform/jobs/jobs.js';
import type { Job } from '../../platform/registry.js';
import { notify } from '../notifications/index.js';
import { localDate } from './schedule.js';
import { OPEN, peopleOf, type TaskRow } from './task.read.js';
import { taskHref } from './task.write.js';
import { advanceSeries } from './task-series.js';

const HOUR = 3_600_000;

/** On-schedule series: create occurrences ahead of time (idempotent per series and date). */
async function runSchedule(deps: Deps, now: Date) {
  const series = await deps.db
    .selectFrom('task_series')
    .selectAll()
    .where('active', '=', true)
    .where('mode', '=', 'on_schedule')
    .execute();
  for (const s of series) {
    try {
      await deps.db.transaction().execute((trx) => advanceSeries(trx, deps, s, now));
    } catch (err) {
      deps.log.error({ err, seriesId: s.id }, 'task series could not advance');
    }
  }
}

/** Claims a reminder (task, kind, key); false when it was sent before. */
async function claim(db: Kysely<DB>, row: TaskRow, kind: string, key: string, at: string) {
  const res = await db
    .insertInto('task_reminders')
    .values({ org_id: row.org_id, task_id: row.id, kind, key, sent_at: at })
    .onConflict((oc) => oc.columns(['task_id', 'kind', 'key']).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}

/**
 * Due soon (once per task and due instant, within 24 h) and overdue (once per task and day in
 * its time zone): tells the assignees.
 */
async function runReminders(deps: Deps, now: Date) {
  const at = now.toISOString();
  const soon = await deps.db
    .selectFrom('tasks')
    .selectAll()
    .where('status', 'in', OPEN)
    .where('due_at', '>=', at)
    .where('due_at', '<=', new Date(now.getTime() + 24 * HOUR).toISOString())
    .execute();
  const overdue = await deps.db
    .selectFrom('tasks')
    .selectAll()
    .where('status', 'in', OPEN)
    .where('due_at', '<', at)
    .execute();
  const send = async (row: TaskRow, kind: 'due_soon' | 'overdue', key: string, title: string) => {
    await deps.db.transaction().execute(async (trx) => {
      if (!(await claim(trx, row, kind, key, at))) return;
      const people = (await peopleOf(trx, [row.id])).get(row.id)!;
      if (people.assignees.length === 0) return;
      await notify(trx, deps, {
        orgId: row.org_id,
        type: kind,
        recipients: people.assignees,
        actorUserId: null,
        entity: { entityType: 'task', entityId: row.id },
        siteId: row.site_id,
        title,
        body: row.due_date ? `Due ${row.due_date}${row.due_time ? ` ${row.due_time}` : ''}` : null,
        href: taskHref(row.id),
      });
    });
  };
  for (const row of soon) await send(row, 'due_soon', row.due_at!, `“${row.title}” is due soon`);
  for (const row of overdue)
    await send(row, 'overdue', localDate(now, row.time_zone), `“${row.title}” is overdue`);
}

export const workJobs: Job[] = [
  { name: 'work.recurrence', period: periods.hourly, run: runSchedule },
  { name: 'work.reminders', period: periods.hourly, run: runReminders },
];
