import { type Comment, collab } from '@keel/contracts';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { KeelError, notFound } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import { decodeCursor, encodeCursor, isCursorId } from '../../platform/http/cursor.js';
import { activeMembers, userNames } from '../accounts/index.js';
import { notify } from '../notifications/index.js';
import './collab.tables.js';
import {
  participantsOf,
  type ReadableRecord,
  readableRecord,
  readersAmong,
} from './record-access.js';

/** More mentions than this in one comment is refused (each one is a notification). */
export const MAX_MENTIONS = 50;

type CommentRow = DB['comments'];

export const TOPICS = ['collab'];

/** The comment body as plain text for a notification: mention tokens read as `@Name`. */
export function plainExcerpt(body: string, max = 200): string {
  const text = body
    .replace(/@\[([^\]\n]{1,200})\]\(user:[A-Za-z0-9-]{1,64}\)/g, '@$1')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Shapes stored comments for a reader, with author and mention names in two queries. */
export async function toComments(
  db: Kysely<DB>,
  actor: Actor,
  rows: CommentRow[],
): Promise<Comment[]> {
  if (rows.length === 0) return [];
  const mentionRows = await db
    .selectFrom('comment_mentions')
    .select(['comment_id', 'user_id', 'id'])
    .where(
      'comment_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('id')
    .execute();
  const names = await userNames(db, [
    ...rows.flatMap((r) => (r.created_by ? [r.created_by] : [])),
    ...mentionRows.map((m) => m.user_id),
  ]);
  const mentions = new Map<string, { id: string; name: string }[]>();
  for (const m of mentionRows) {
    const list = mentions.get(m.comment_id) ?? [];
    list.push({ id: m.user_id, name: names.get(m.user_id) ?? '' });
    mentions.set(m.comment_id, list);
  }
  return rows.map((r) => ({
    id: r.id,
    entityType: r.entity_type,
    entityId: r.entity_id,
    body: r.body,
    author: r.created_by ? { id: r.created_by, name: names.get(r.created_by) ?? '' } : null,
    mentions: mentions.get(r.id) ?? [],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    editedAt: r.edited_at,
    canEdit: r.created_by === actor.userId,
    canDelete: r.created_by === actor.userId || actor.role === 'owner',
  }));
}

/** Refuses mentions of anyone who is not an active member of the organization (400 on body). */
async function checkMentions(deps: Deps, orgId: string, userIds: string[]) {
  if (userIds.length > MAX_MENTIONS) {
    throw new KeelError(
      'invalid',
      'TOO_MANY_MENTIONS',
      `body: mentions more than ${MAX_MENTIONS} people`,
      {
        fields: [{ field: 'body', message: `mentions more than ${MAX_MENTIONS} people` }],
      },
    );
  }
  if (userIds.length === 0) return;
  const members = new Set((await activeMembers(deps.db, orgId, userIds)).map((m) => m.userId));
  const outside = userIds.filter((id) => !members.has(id));
  if (outside.length) {
    const message = `mentions ${outside.join(', ')}, who ${outside.length === 1 ? 'is' : 'are'} not an active member of this organization`;
    throw new KeelError('invalid', 'MENTION_NOT_A_MEMBER', `body: ${message}`, {
      fields: [{ field: 'body', message }],
      extra: { userIds: outside },
    });
  }
}

async function loadComment(
  db: Kysely<DB>,
  orgId: string,
  id: string,
  lock: boolean,
  dialect: Deps['dialect'],
) {
  let q = db.selectFrom('comments').selectAll().where('org_id', '=', orgId).where('id', '=', id);
  if (lock && dialect === 'postgres') q = q.forUpdate();
  return q.executeTakeFirst();
}

/** A comment the actor may see: it exists in their organization and they may read its record. */
async function visibleComment(deps: Deps, actor: Actor, id: string) {
  const row = await loadComment(deps.db, actor.orgId, id, false, deps.dialect);
  if (!row) throw notFound('comment');
  let record: ReadableRecord;
  try {
    record = await readableRecord(deps, actor, row.entity_type, row.entity_id);
  } catch {
    throw notFound('comment');
  }
  return { row, record };
}

/** A record's comments, oldest first, keyset-paged on (created_at, id). */
export async function listComments(
  deps: Deps,
  actor: Actor,
  params: { entityType: string; entityId: string },
  query: { cursor?: string | undefined; limit: number },
) {
  await readableRecord(deps, actor, params.entityType, params.entityId);
  const base = deps.db
    .selectFrom('comments')
    .where('org_id', '=', actor.orgId)
    .where('entity_type', '=', params.entityType)
    .where('entity_id', '=', params.entityId);
  let q = base.selectAll();
  const after = decodeCursor(
    query.cursor,
    (v) => v.length === 2 && typeof v[0] === 'string' && isCursorId(v[1]),
  ) as [string, string] | null;
  if (after) {
    const [at, id] = after;
    q = q.where((eb) =>
      eb.or([eb('created_at', '>', at), eb.and([eb('created_at', '=', at), eb('id', '>', id)])]),
    );
  }
  const [rows, count] = await Promise.all([
    q
      .orderBy('created_at')
      .orderBy('id')
      .limit(query.limit + 1)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
  ]);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: await toComments(deps.db, actor, page),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.created_at, last.id]) : null,
    total: Number(count?.n ?? 0),
  };
}

/**
 * Adds a comment. Mentions must name active members (400 on `body`); mentioned members who may
 * read the record get a `mentioned` notification, the record's participants a `commented` one.
 * Every permission check happens before the transaction; the comment, its mentions, the audit
 * entry, the notifications and the event commit together.
 */
export async function createComment(
  deps: Deps,
  actor: Actor,
  params: { entityType: string; entityId: string },
  input: { body: string },
): Promise<Comment> {
  const { kind, ref } = await readableRecord(deps, actor, params.entityType, params.entityId);
  const mentioned = collab.mentionedUserIds(input.body);
  await checkMentions(deps, actor.orgId, mentioned);
  const others = mentioned.filter((u) => u !== actor.userId);
  const mentionReaders = await readersAmong(deps, kind, actor.orgId, ref.id, others);
  const participants = await participantsOf(deps, kind, actor.orgId, ref.id);
  const now = deps.clock.now().toISOString();
  const id = newId();

  const row = await deps.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('comments')
      .values({
        id,
        org_id: actor.orgId,
        entity_type: params.entityType,
        entity_id: params.entityId,
        body: input.body,
        edited_at: null,
        created_at: now,
        created_by: actor.userId,
        updated_at: now,
        updated_by: actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    for (const userId of mentioned) {
      await trx
        .insertInto('comment_mentions')
        .values({
          id: newId(),
          org_id: actor.orgId,
          comment_id: id,
          user_id: userId,
          created_at: now,
        })
        .execute();
    }
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'comment.create',
      entityType: params.entityType,
      entityId: params.entityId,
      entityLabel: ref.label,
      at: now,
    });
    const excerpt = plainExcerpt(input.body);
    await notify(trx, deps, {
      orgId: actor.orgId,
      type: 'mentioned',
      recipients: mentionReaders,
      actorUserId: actor.userId,
      entity: { entityType: params.entityType, entityId: params.entityId },
      siteId: ref.siteId,
      title: `${actor.userName} mentioned you on “${ref.label}”`,
      body: excerpt,
      href: ref.href,
    });
    await notify(trx, deps, {
      orgId: actor.orgId,
      type: 'commented',
      recipients: participants.filter((u) => !mentionReaders.includes(u)),
      actorUserId: actor.userId,
      entity: { entityType: params.entityType, entityId: params.entityId },
      siteId: ref.siteId,
      title: `${actor.userName} commented on “${ref.label}”`,
      body: excerpt,
      href: ref.href,
    });
    await deps.events.record(trx, {
      orgId: actor.orgId,
      type: 'comment.created',
      entityType: params.entityType,
      entityId: params.entityId,
      siteId: ref.siteId,
      userIds: [...new Set([actor.userId, ...participants, ...mentionReaders])],
      topics: TOPICS,
      data: { commentId: id, mentioned: mentionReaders },
      actorUserId: actor.userId,
    });
    return inserted;
  });
  afterCommit(deps);
  return (await toComments(deps.db, actor, [row]))[0]!;
}

/**
 * Changes the actor's own comment and marks it edited. Members mentioned for the first time are
 * validated and notified like on a new comment; earlier mentions are kept as they were.
 */
export async function updateComment(
  deps: Deps,
  actor: Actor,
  id: string,
  input: { body: string },
): Promise<Comment> {
  const { row: current, record } = await visibleComment(deps, actor, id);
  if (current.created_by !== actor.userId) {
    throw new KeelError('forbidden', 'COMMENT_NOT_YOURS', 'Only the author can change a comment.');
  }
  if (current.body === input.body) return (await toComments(deps.db, actor, [current]))[0]!;
  const { kind, ref } = record;
  const before = new Set(collab.mentionedUserIds(current.body));
  const mentioned = collab.mentionedUserIds(input.body);
  const added = mentioned.filter((u) => !before.has(u));
  await checkMentions(deps, actor.orgId, added);
  const newReaders = await readersAmong(
    deps,
    kind,
    actor.orgId,
    ref.id,
    added.filter((u) => u !== actor.userId),
  );
  const participants = await participantsOf(deps, kind, actor.orgId, ref.id);
  const earlierReaders = await readersAmong(deps, kind, actor.orgId, ref.id, [...before]);
  const now = deps.clock.now().toISOString();

  const row = await deps.db.transaction().execute(async (trx) => {
    // Re-read under a row lock: a concurrent delete wins cleanly (404), never a half update.
    const locked = await loadComment(trx, actor.orgId, id, true, deps.dialect);
    if (!locked) throw notFound('comment');
    const updated = await trx
      .updateTable('comments')
      .set({ body: input.body, edited_at: now, updated_at: now, updated_by: actor.userId })
      .where('id', '=', id)
      .where('org_id', '=', actor.orgId)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw notFound('comment');
    const keep = new Set(collab.mentionedUserIds(locked.body));
    for (const userId of mentioned.filter((u) => !keep.has(u))) {
      await trx
        .insertInto('comment_mentions')
        .values({
          id: newId(),
          org_id: actor.orgId,
          comment_id: id,
          user_id: userId,
          created_at: now,
        })
        .execute();
    }
    const gone = [...keep].filter((u) => !mentioned.includes(u));
    if (gone.length) {
      await trx
        .deleteFrom('comment_mentions')
        .where('comment_id', '=', id)
        .where('user_id', 'in', gone)
        .execute();
    }
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'comment.update',
      entityType: current.entity_type,
      entityId: current.entity_id,
      entityLabel: ref.label,
      at: now,
    });
    await notify(trx, deps, {
      orgId: actor.orgId,
      type: 'mentioned',
      recipients: newReaders,
      actorUserId: actor.userId,
      entity: { entityType: current.entity_type, entityId: current.entity_id },
      siteId: ref.siteId,
      title: `${actor.userName} mentioned you on “${ref.label}”`,
      body: plainExcerpt(input.body),
      href: ref.href,
    });
    await deps.events.record(trx, {
      orgId: actor.orgId,
      type: 'comment.updated',
      entityType: current.entity_type,
      entityId: current.entity_id,
      siteId: ref.siteId,
      userIds: [...new Set([actor.userId, ...participants, ...earlierReaders, ...newReaders])],
      topics: TOPICS,
      data: { commentId: id },
      actorUserId: actor.userId,
    });
    return updated;
  });
  afterCommit(deps);
  return (await toComments(deps.db, actor, [row]))[0]!;
}

/** Deletes a comment: its author or an owner of the organization may. */
export async function deleteComment(deps: Deps, actor: Actor, id: string): Promise<{ ok: true }> {
  const { row: current, record } = await visibleComment(deps, actor, id);
  if (current.created_by !== actor.userId && actor.role !== 'owner') {
    throw new KeelError(
      'forbidden',
      'COMMENT_NOT_YOURS',
      'Only the author or an owner can delete a comment.',
    );
  }
  const { kind, ref } = record;
  const participants = await participantsOf(deps, kind, actor.orgId, ref.id);
  const readers = await readersAmong(
    deps,
    kind,
    actor.orgId,
    ref.id,
    collab.mentionedUserIds(current.body),
  );
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('comment_mentions').where('comment_id', '=', id).execute();
    const deleted = await trx
      .deleteFrom('comments')
      .where('id', '=', id)
      .where('org_id', '=', actor.orgId)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) !== 1) throw notFound('comment');
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'comment.delete',
      entityType: current.entity_type,
      entityId: current.entity_id,
      entityLabel: ref.label,
      at: now,
    });
    await deps.events.record(trx, {
      orgId: actor.orgId,
      type: 'comment.deleted',
      entityType: current.entity_type,
      entityId: current.entity_id,
      siteId: ref.siteId,
      userIds: [
        ...new Set([actor.userId, current.created_by ?? actor.userId, ...participants, ...readers]),
      ],
      topics: TOPICS,
      data: { commentId: id },
      actorUserId: actor.userId,
    });
  });
  afterCommit(deps);
  return { ok: true };
}

/**
 * Deletes every comment of a record in the caller's transaction (when the record itself is
 * deleted). Returns how many there were.
 */
export async function deleteRecordComments(
  db: Kysely<DB>,
  ref: { orgId: string; entityType: string; entityId: string },
): Promise<number> {
  const ids = (
    await db
      .selectFrom('comments')
      .select('id')
      .where('org_id', '=', ref.orgId)
      .where('entity_type', '=', ref.entityType)
      .where('entity_id', '=', ref.entityId)
      .execute()
  ).map((r) => r.id);
  if (ids.length === 0) return 0;
  await db.deleteFrom('comment_mentions').where('comment_id', 'in', ids).execute();
  await db.deleteFrom('comments').where('id', 'in', ids).execute();
  return ids.length;
}
