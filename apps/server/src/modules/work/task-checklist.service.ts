import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/db/types.js';
import { toBool } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { invalid, notFound } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import { loadTask, type TaskRow, toTask } from './task.read.js';
import { insertChecklist, lockTaskFor, publishTask, refreshChecklistCounts } from './task.write.js';
import { refreshTemplate } from './task-series.js';
import './work.tables.js';

// A task's checklist: add, change, tick and remove items (assignees or tasks.manage).

async function withChecklistRights(trx: Kysely<DB>, deps: Deps, actor: Actor, id: string) {
  const { row } = await lockTaskFor(trx, deps, actor, id, {
    right: 'checklist',
    code: 'TASK_CHECKLIST_FORBIDDEN',
    message: 'Only the assignees or tasks.manage may change the checklist.',
  });
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

/** Appends an item (at most 100 per task) and updates the counters and the series template. */
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

/** Changes an item's text, position or done state (stamped with who and when). */
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

/** Removes an item and updates the counters and the series template. */
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
