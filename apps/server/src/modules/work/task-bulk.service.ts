import type { tasks } from '@keel/contracts';
import type { z } from 'zod';
import type { Actor } from '../../platform/auth/actor.js';
import { toBool } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { KeelError } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import { peopleOf, type TaskRow } from './task.read.js';
import {
  auditTaskUpdate,
  lockTask,
  notifyAssigned,
  publishTask,
  saveTask,
  setPeople,
  withDue,
} from './task.write.js';
import { checkMembers } from './task-checks.js';
import { refreshTemplate } from './task-series.js';
import { applyStatus } from './task-status.service.js';
import './work.tables.js';

type BulkInput = z.output<typeof tasks.bulkTasksBody>;

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
        await saveTask(trx, row, {}, actor.userId, at);
        await auditTaskUpdate(trx, {
          actor,
          before: row,
          people,
          after: row,
          afterPeople: { ...people, assignees },
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
        const due = withDue({
          ...row,
          due_date: input.dueDate,
          due_time: input.dueDate
            ? input.dueTime === undefined
              ? row.due_time
              : input.dueTime
            : null,
        });
        const next = await saveTask(
          trx,
          row,
          {
            due_date: due.due_date,
            due_time: due.due_time,
            due_at: due.due_at,
            due_key: due.due_key,
          },
          actor.userId,
          at,
        );
        await auditTaskUpdate(trx, { actor, before: row, people, after: next, at });
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
