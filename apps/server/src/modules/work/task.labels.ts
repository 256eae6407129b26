import type { Actor } from '../../platform/auth/actor.js';
import type { Deps } from '../../platform/deps.js';
import { visibleTasks } from './task.read.js';

/** Labels on tasks the actor can see, most used first (for filters and pickers). */
export async function labelsInUse(deps: Deps, actor: Actor) {
  const rows = await visibleTasks(deps.db, actor)
    .innerJoin('task_labels as l', 'l.task_id', 't.id')
    .select(['l.label', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('l.label')
    .orderBy('n', 'desc')
    .orderBy('l.label')
    .limit(200)
    .execute();
  return { items: rows.map((r) => ({ label: r.label, count: Number(r.n) })) };
}
