import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { notFound } from '../errors.js';
import { decodeCursor, encodeCursor, idCursor } from '../http/cursor.js';
import './mailer.js';

const status = (s: DB['mail_messages']['status']) => (s === 'sending' ? 'pending' : s);

export async function listOutbox(
  db: Kysely<DB>,
  orgId: string,
  q: { cursor?: string | undefined; limit: number },
) {
  let query = db.selectFrom('mail_messages').selectAll().where('org_id', '=', orgId);
  const after = decodeCursor(q.cursor, idCursor);
  if (after) query = query.where('id', '<', String(after[0]));
  const rows = await query
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const items = rows.slice(0, q.limit).map((r) => ({
    id: r.id,
    to: r.to_address,
    subject: r.subject,
    status: status(r.status),
    createdAt: r.created_at,
    sentAt: r.sent_at,
    error: r.error,
  }));
  return {
    items,
    nextCursor: rows.length > q.limit ? encodeCursor([items[items.length - 1]!.id]) : null,
  };
}

export async function outboxMessage(db: Kysely<DB>, orgId: string, id: string) {
  const r = await db
    .selectFrom('mail_messages')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r) throw notFound('message', 'MAIL_MESSAGE_NOT_FOUND');
  return {
    id: r.id,
    to: r.to_address,
    subject: r.subject,
    status: status(r.status),
    createdAt: r.created_at,
    sentAt: r.sent_at,
    error: r.error,
    text: r.text_body,
    html: r.html_body,
  };
}
