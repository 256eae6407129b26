import type { Actor } from '../../platform/auth/actor.js';
import type { Deps } from '../../platform/deps.js';
import { notFound } from '../../platform/errors.js';
import type { EntityKind, EntityRef } from '../../platform/registry.js';
import { actorForUser } from '../accounts/index.js';

export interface ReadableRecord {
  kind: EntityKind;
  ref: EntityRef;
}

/**
 * The record a thread hangs on, when the actor may read it. Unknown kinds, kinds that cannot be
 * described (no label or link to show), other organizations' records and records the actor may
 * not read all answer the same 404, so nobody learns what exists.
 *
 * Uses `deps.db` (the kinds' own queries): call it before opening a transaction.
 */
export async function readableRecord(
  deps: Deps,
  actor: Actor,
  entityType: string,
  entityId: string,
): Promise<ReadableRecord> {
  const kind = deps.registry.entities.get(entityType);
  if (!kind?.describe || !(await kind.canRead(deps, actor, entityId))) throw notFound('record');
  const ref = (await kind.describe(deps, actor, [entityId])).get(entityId);
  if (!ref) throw notFound('record');
  return { kind, ref };
}

/**
 * Those of `userIds` (active members of the organization) who may read the record, each checked
 * with their own rights. Outside any transaction (SQLite has one connection).
 */
export async function readersAmong(
  deps: Deps,
  kind: EntityKind,
  orgId: string,
  entityId: string,
  userIds: readonly string[],
): Promise<string[]> {
  const out: string[] = [];
  for (const userId of new Set(userIds)) {
    try {
      const them = await actorForUser(deps, userId, orgId);
      if (await kind.canRead(deps, them, entityId)) out.push(userId);
    } catch {
      // Not an active member any more: they learn nothing.
    }
  }
  return out;
}

/** Who follows the record (assignees, watchers…), as the kind says; none when it does not say. */
export async function participantsOf(
  deps: Deps,
  kind: EntityKind,
  orgId: string,
  entityId: string,
): Promise<string[]> {
  return kind.participants ? [...new Set(await kind.participants(deps, orgId, entityId))] : [];
}
