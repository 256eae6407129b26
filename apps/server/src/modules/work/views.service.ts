import type { SavedView } from '@keel/contracts';
import { recordAudit } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import { can } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import type { DB } from '../../platform/db/types.js';
import { toBool } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { KeelError, notFound } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import { userNames } from '../accounts/index.js';
import './work.tables.js';

type Row = DB['task_views'];

const toView = (r: Row, actor: Actor, names: Map<string, string>): SavedView => ({
  id: r.id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  name: r.name,
  filters: JSON.parse(r.filters) as Record<string, unknown>,
  shared: toBool(r.shared),
  owner: { id: r.user_id, name: names.get(r.user_id) ?? '' },
  mine: r.user_id === actor.userId,
});

/** The actor's saved views and those shared with the organization, by name. */
export async function listViews(deps: Deps, actor: Actor) {
  const rows = await deps.db
    .selectFrom('task_views')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where((eb) => eb.or([eb('user_id', '=', actor.userId), eb('shared', '=', true)]))
    .orderBy('name')
    .orderBy('id')
    .execute();
  const names = await userNames(
    deps.db,
    rows.map((r) => r.user_id),
  );
  return { items: rows.map((r) => toView(r, actor, names)) };
}

function checkShare(actor: Actor, shared: boolean | undefined) {
  if (shared && !can(actor, 'tasks.manage'))
    throw new KeelError(
      'forbidden',
      'TASK_VIEW_SHARE_FORBIDDEN',
      'Sharing a view with the organization needs tasks.manage.',
      {
        fields: [{ field: 'shared', message: 'needs tasks.manage' }],
      },
    );
}

const snap = (r: Row) => ({
  name: r.name,
  filters: JSON.parse(r.filters),
  shared: toBool(r.shared),
});

export async function createView(
  deps: Deps,
  actor: Actor,
  input: { name: string; filters: Record<string, string | string[]>; shared: boolean },
) {
  checkShare(actor, input.shared);
  const at = deps.clock.now().toISOString();
  const row: Row = {
    id: newId(),
    org_id: actor.orgId,
    created_at: at,
    created_by: actor.userId,
    updated_at: at,
    updated_by: actor.userId,
    user_id: actor.userId,
    name: input.name,
    filters: JSON.stringify(input.filters),
    shared: input.shared,
  };
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('task_views').values(row).execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'create',
      entityType: 'task_view',
      entityId: row.id,
      entityLabel: row.name,
      after: snap(row),
      at,
    });
    await deps.events.record(trx, {
      orgId: actor.orgId,
      type: 'task_view.created',
      entityType: 'task_view',
      entityId: row.id,
      ...(input.shared ? {} : { userIds: [actor.userId] }),
      topics: ['tasks'],
      actorUserId: actor.userId,
    });
  });
  afterCommit(deps);
  return toView(row, actor, new Map([[actor.userId, actor.userName]]));
}

async function ownView(deps: Deps, actor: Actor, id: string) {
  const row = await deps.db
    .selectFrom('task_views')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', '=', id)
    .where((eb) => eb.or([eb('user_id', '=', actor.userId), eb('shared', '=', true)]))
    .executeTakeFirst();
  if (!row) throw notFound('saved view', 'TASK_VIEW_NOT_FOUND');
  if (row.user_id !== actor.userId)
    throw new KeelError(
      'forbidden',
      'TASK_VIEW_NOT_YOURS',
      'Only the person who saved a view may change it.',
    );
  return row;
}

export async function updateView(
  deps: Deps,
  actor: Actor,
  id: string,
  input: {
    name?: string | undefined;
    filters?: Record<string, string | string[]> | undefined;
    shared?: boolean | undefined;
  },
) {
  checkShare(actor, input.shared);
  const row = await ownView(deps, actor, id);
  const at = deps.clock.now().toISOString();
  const next: Row = {
    ...row,
    name: input.name ?? row.name,
    filters: input.filters ? JSON.stringify(input.filters) : row.filters,
    shared: input.shared ?? toBool(row.shared),
    updated_at: at,
    updated_by: actor.userId,
  };
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('task_views')
      .set({
        name: next.name,
        filters: next.filters,
        shared: next.shared,
        updated_at: at,
        updated_by: actor.userId,
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'update',
      entityType: 'task_view',
      entityId: id,
      entityLabel: next.name,
      before: snap(row),
      after: snap(next),
      at,
    });
    await deps.events.record(trx, {
      orgId: actor.orgId,
      type: 'task_view.updated',
      entityType: 'task_view',
      entityId: id,
      userIds: [actor.userId],
      topics: ['tasks'],
      actorUserId: actor.userId,
    });
  });
  afterCommit(deps);
  return toView(next, actor, new Map([[actor.userId, actor.userName]]));
}

export async function deleteView(deps: Deps, actor: Actor, id: string) {
  const row = await ownView(deps, actor, id);
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('task_views').where('id', '=', id).execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'delete',
      entityType: 'task_view',
      entityId: id,
      entityLabel: row.name,
      before: snap(row),
      at: deps.clock.now().toISOString(),
    });
    await deps.events.record(trx, {
      orgId: actor.orgId,
      type: 'task_view.deleted',
      entityType: 'task_view',
      entityId: id,
      userIds: [actor.userId],
      topics: ['tasks'],
      actorUserId: actor.userId,
    });
  });
  afterCommit(deps);
  return { ok: true as const };
}
