import type { ActivityItem } from '@keel/contracts';
import { type SqlBool, sql } from 'kysely';
import { recordHistory } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Deps } from '../../platform/deps.js';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.js';
import { toAttachments } from './attachment.service.js';
import './collab.tables.js';
import { toComments } from './comment.service.js';
import { readableRecord } from './record-access.js';

/** History entries shown through the live item instead (a current comment or file). */
const SHOWN_AS_ITEMS = new Set(['comment.create', 'attachment.add']);

type Position = [at: string, key: string];

/** Newest first: later `at`, then the larger key (`kind:id`). */
export const isBefore = (a: Position, b: Position) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

/**
 * Rows of one kind strictly after the cursor in newest-first order: earlier, or at the same
 * instant with a smaller `kind:id` key. For single-table queries of comments or attachments.
 */
function afterCursor(kind: string, cursor: Position | null) {
  if (!cursor) return sql<SqlBool>`1 = 1`;
  const [at, key] = cursor;
  const prefix = `${kind}:`;
  if (key.startsWith(prefix)) {
    const id = key.slice(prefix.length);
    return sql<SqlBool>`(created_at < ${at} or (created_at = ${at} and id < ${id}))`;
  }
  return prefix < key ? sql<SqlBool>`created_at <= ${at}` : sql<SqlBool>`created_at < ${at}`;
}

/**
 * A record's activity, newest first: its audit history (field changes, edits and deletions of
 * comments and files) merged with its current comments and attachments. Keyset-paged on
 * (time, kind:id) across the three sources.
 */
export async function listActivity(
  deps: Deps,
  actor: Actor,
  params: { entityType: string; entityId: string },
  query: { cursor?: string | undefined; limit: number },
): Promise<{ items: ActivityItem[]; nextCursor: string | null }> {
  await readableRecord(deps, actor, params.entityType, params.entityId);
  const cursor = decodeCursor(
    query.cursor,
    (v) =>
      v.length === 2 &&
      typeof v[0] === 'string' &&
      typeof v[1] === 'string' &&
      /^(change|comment|attachment):.{1,64}$/.test(v[1]),
  ) as Position | null;
  const take = query.limit + 1;
  const [history, commentRows, attachmentRows] = await Promise.all([
    recordHistory(deps.db, actor, params.entityType, params.entityId),
    deps.db
      .selectFrom('comments')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .where('entity_type', '=', params.entityType)
      .where('entity_id', '=', params.entityId)
      .where(afterCursor('comment', cursor))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(take)
      .execute(),
    deps.db
      .selectFrom('attachments')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .where('entity_type', '=', params.entityType)
      .where('entity_id', '=', params.entityId)
      .where(afterCursor('attachment', cursor))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(take)
      .execute(),
  ]);

  const [comments, attachments] = await Promise.all([
    toComments(deps.db, actor, commentRows),
    toAttachments(deps.db, actor, attachmentRows),
  ]);
  const all: ActivityItem[] = [
    ...history
      .filter((e) => !SHOWN_AS_ITEMS.has(e.action))
      .map(
        (e): ActivityItem => ({
          id: `change:${e.id}`,
          kind: 'change',
          at: e.at,
          actor: e.actor,
          change: e,
          comment: null,
          attachment: null,
        }),
      ),
    ...comments.map(
      (c): ActivityItem => ({
        id: `comment:${c.id}`,
        kind: 'comment',
        at: c.createdAt,
        actor: c.author,
        change: null,
        comment: c,
        attachment: null,
      }),
    ),
    ...attachments.map(
      (a): ActivityItem => ({
        id: `attachment:${a.id}`,
        kind: 'attachment',
        at: a.createdAt,
        actor: a.uploadedBy,
        change: null,
        comment: null,
        attachment: a,
      }),
    ),
  ]
    .filter((item) => !cursor || isBefore([item.at, item.id], cursor))
    .sort((a, b) => (isBefore([a.at, a.id], [b.at, b.id]) ? 1 : -1));
  const items = all.slice(0, query.limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: all.length > query.limit && last ? encodeCursor([last.at, last.id]) : null,
  };
}
