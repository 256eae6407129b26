import { type TaskStatus, type TaskSummary, tasks } from '@keel/contracts';
import type { Actor } from '../../platform/auth/actor.js';
import type { Deps } from '../../platform/deps.js';
import { invalid } from '../../platform/errors.js';
import { decodeCursor, encodeCursor, isCursorId } from '../../platform/http/cursor.js';
import { myWorkBucket } from './schedule.js';
import {
  applyFilters,
  OPEN,
  type ParsedFilters,
  type TaskRow,
  toSummaries,
  visibleTasks,
} from './task.read.js';

const SORT_COLUMN = {
  due: 't.due_key',
  priority: 't.priority_rank',
  createdAt: 't.created_at',
  updatedAt: 't.updated_at',
  title: 't.title_key',
} as const;
type Sort = keyof typeof SORT_COLUMN;

const sortValue = (r: TaskRow, sort: Sort): string | number =>
  sort === 'due'
    ? r.due_key
    : sort === 'priority'
      ? r.priority_rank
      : sort === 'createdAt'
        ? r.created_at
        : sort === 'updatedAt'
          ? r.updated_at
          : r.title_key;

function checkRange(f: ParsedFilters) {
  if (f.dueFrom && f.dueTo && f.dueFrom > f.dueTo)
    throw invalid('DUE_RANGE_INVALID', 'dueTo', 'must not be before dueFrom');
}

/** A page of the tasks the actor may see, filtered and sorted, keyset-paginated. */
export async function listTasks(
  deps: Deps,
  actor: Actor,
  query: ParsedFilters & {
    sort: Sort;
    order: 'asc' | 'desc';
    cursor?: string | undefined;
    limit: number;
  },
): Promise<{ items: TaskSummary[]; nextCursor: string | null }> {
  checkRange(query);
  const sort = query.sort;
  const numeric = sort === 'priority';
  const after = decodeCursor(
    query.cursor,
    (v) =>
      v.length === 2 &&
      (numeric ? typeof v[0] === 'number' : typeof v[0] === 'string') &&
      isCursorId(v[1]),
  );
  const col = SORT_COLUMN[sort];
  const dir = query.order;
  let q = applyFilters(visibleTasks(deps.db, actor), actor, query, deps.clock.now());
  if (after) {
    const [v, id] = after as [string | number, string];
    const op = dir === 'asc' ? '>' : '<';
    q = q.where((eb) => eb.or([eb(col, op, v), eb.and([eb(col, '=', v), eb('t.id', op, id)])]));
  }
  const rows = await q
    .selectAll('t')
    .orderBy(col, dir)
    .orderBy('t.id', dir)
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: await toSummaries(deps, actor.orgId, page),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor([sortValue(last, sort), last.id]) : null,
  };
}

/** Kanban: count and first cards of each status column, with the list filters. */
export async function taskBoard(
  deps: Deps,
  actor: Actor,
  query: ParsedFilters & { perColumn: number },
) {
  checkRange(query);
  const now = deps.clock.now();
  const base = () => applyFilters(visibleTasks(deps.db, actor), actor, query, now);
  const counts = await base()
    .select(['t.status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('t.status')
    .execute();
  const statuses = query.status?.length
    ? tasks.TASK_STATUSES.filter((s) => query.status!.includes(s))
    : tasks.TASK_STATUSES;
  const columns = await Promise.all(
    statuses.map(async (status) => {
      const rows = await base()
        .selectAll('t')
        .where('t.status', '=', status)
        .orderBy(
          status === 'done' || status === 'cancelled' ? 't.updated_at' : 't.due_key',
          status === 'done' || status === 'cancelled' ? 'desc' : 'asc',
        )
        .orderBy('t.id')
        .limit(query.perColumn)
        .execute();
      return {
        status: status as TaskStatus,
        count: Number(counts.find((c) => c.status === status)?.n ?? 0),
        items: await toSummaries(deps, actor.orgId, rows),
      };
    }),
  );
  return { columns };
}

/** At most this many tasks per kind of bucket (overdue, dated, undated). */
const MY_WORK_LIMIT = 100;

/**
 * The caller's open tasks in My work's buckets. Three indexed range reads of the caller's
 * assignments (task_people_user) joined to tasks by primary key — overdue, due within the next
 * days, undated — each capped; bucketing by each task's own time zone happens in memory.
 */
export async function myWork(deps: Deps, actor: Actor) {
  const now = deps.clock.now();
  const horizon = new Date(now.getTime() + 9 * 86_400_000).toISOString();
  const mine = () =>
    deps.db
      .selectFrom('task_people as p')
      .innerJoin('tasks as t', 't.id', 'p.task_id')
      .selectAll('t')
      .where('p.org_id', '=', actor.orgId)
      .where('p.user_id', '=', actor.userId)
      .where('p.role', '=', 'assignee')
      .where('t.status', 'in', OPEN);
  const at = now.toISOString();
  const [overdue, dated, undated] = await Promise.all([
    // The most recently missed first, so a backlog of old tasks never hides today's.
    mine()
      .where('t.due_at', '<', at)
      .orderBy('t.due_key', 'desc')
      .orderBy('t.id', 'desc')
      .limit(MY_WORK_LIMIT)
      .execute(),
    mine()
      .where('t.due_key', '>=', at)
      .where('t.due_key', '<', horizon)
      .orderBy('t.due_key')
      .orderBy('t.id')
      .limit(MY_WORK_LIMIT)
      .execute(),
    mine()
      .where('t.due_at', 'is', null)
      .orderBy('t.created_at', 'desc')
      .orderBy('t.id', 'desc')
      .limit(MY_WORK_LIMIT)
      .execute(),
  ]);
  const rows = [...overdue.reverse(), ...dated, ...undated];
  const summaries = await toSummaries(deps, actor.orgId, rows);
  const out = {
    overdue: [] as TaskSummary[],
    today: [] as TaskSummary[],
    upcoming: [] as TaskSummary[],
    noDate: [] as TaskSummary[],
  };
  for (const s of summaries) {
    const bucket = myWorkBucket(s, now);
    if (bucket !== 'later') out[bucket].push(s);
  }
  return out;
}
