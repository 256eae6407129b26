import { tasks } from '@keel/contracts';

const { DEFAULT_TASK_ESTIMATE_HOURS } = tasks;

import type { Actor } from '../../platform/auth/actor.js';
import type { Deps } from '../../platform/deps.js';
import { invalid } from '../../platform/errors.js';
import { activeMembers, employeeIdsOfUsers } from '../accounts/index.js';
import { contractHours } from '../people/index.js';
import { publishedMinutesByDay } from '../scheduling/index.js';
import { addDays, isoWeekday } from './schedule.js';
import { OPEN } from './task.read.js';

const MAX_DAYS = 31;

/**
 * Hours a member without published shifts can give on a date: contract hours per week ÷ 5 on
 * weekdays, 0 at weekends. Members with published shifts in the range use their shifts instead.
 */
export function dailyCapacity(weeklyHours: number | null, date: string): number {
  if (weeklyHours === null || isoWeekday(date) > 5) return 0;
  return Math.round((weeklyHours / 5) * 100) / 100;
}

/**
 * Hours due per member per day against capacity. A task's estimate (or the default for tasks
 * without one) is split evenly between its assignees and counted on its due date; only open
 * tasks count. Members: active members whose site access covers `siteId` (all without it).
 */
export async function workload(
  deps: Deps,
  actor: Actor,
  query: { from: string; to: string; siteId?: string | undefined; userIds?: string[] | undefined },
) {
  if (query.to < query.from)
    throw invalid('WORKLOAD_RANGE_INVALID', 'to', 'must not be before from');
  const days: string[] = [];
  for (let d = query.from; d <= query.to; d = addDays(d, 1)) {
    days.push(d);
    if (days.length > MAX_DAYS)
      throw invalid('WORKLOAD_RANGE_TOO_LONG', 'to', `the range may span at most ${MAX_DAYS} days`);
  }
  const db = deps.db;
  let members = await activeMembers(db, actor.orgId, query.userIds);
  if (query.siteId) {
    const site = query.siteId;
    members = members.filter((m) => m.siteIds === null || m.siteIds.includes(site));
  }
  const userIds = members.map((m) => m.userId);
  const employees = await employeeIdsOfUsers(db, actor.orgId, userIds);
  const hours = await contractHours(db, actor.orgId, [...employees.values()]);
  const rostered = await publishedMinutesByDay(
    db,
    actor.orgId,
    [...employees.values()],
    query.from,
    query.to,
  );

  const load = new Map<string, { hours: number; tasks: number }>();
  if (userIds.length) {
    let q = db
      .selectFrom('task_people as p')
      .innerJoin('tasks as t', 't.id', 'p.task_id')
      .select([
        'p.user_id',
        't.id',
        't.due_date',
        't.estimate_centihours',
        (eb) =>
          eb
            .selectFrom('task_people as a')
            .select((e) => e.fn.countAll<number>().as('n'))
            .whereRef('a.task_id', '=', 't.id')
            .where('a.role', '=', 'assignee')
            .as('assignee_count'),
      ])
      .where('p.org_id', '=', actor.orgId)
      .where('p.role', '=', 'assignee')
      .where('p.user_id', 'in', userIds)
      .where('t.status', 'in', OPEN)
      .where('t.due_date', '>=', query.from)
      .where('t.due_date', '<=', query.to);
    if (query.siteId) q = q.where('t.site_id', '=', query.siteId);
    for (const r of await q.execute()) {
      const key = `${r.user_id}|${r.due_date}`;
      const estimate =
        r.estimate_centihours === null ? DEFAULT_TASK_ESTIMATE_HOURS : r.estimate_centihours / 100;
      const share = estimate / Math.max(1, Number(r.assignee_count ?? 1));
      const cur = load.get(key) ?? { hours: 0, tasks: 0 };
      cur.hours += share;
      cur.tasks += 1;
      load.set(key, cur);
    }
  }
  return {
    from: query.from,
    to: query.to,
    defaultEstimateHours: DEFAULT_TASK_ESTIMATE_HOURS,
    members: members.map((m) => {
      const employeeId = employees.get(m.userId);
      const weeklyHours = employeeId ? (hours.get(employeeId) ?? null) : null;
      const shifts = employeeId ? rostered.get(employeeId) : undefined;
      return {
        userId: m.userId,
        name: m.name,
        weeklyHours,
        capacitySource: shifts ? ('roster' as const) : ('contract' as const),
        days: days.map((date) => {
          const l = load.get(`${m.userId}|${date}`) ?? { hours: 0, tasks: 0 };
          const capacity = shifts
            ? Math.round(((shifts.get(date) ?? 0) / 60) * 100) / 100
            : dailyCapacity(weeklyHours, date);
          const h = Math.round(l.hours * 100) / 100;
          return { date, hours: h, capacity, tasks: l.tasks, over: h > capacity };
        }),
      };
    }),
  };
}
