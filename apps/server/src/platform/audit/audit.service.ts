import type { AuditEntry, Permission } from '@keel/contracts';
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor.js';
import { can } from '../auth/actor.js';
import { newId } from '../clock.js';
import type { DB } from '../db/types.js';
import { decodeCursor, encodeCursor, idCursor } from '../http/cursor.js';

declare module '../db/types.js' {
  interface DB {
    audit_log: {
      id: string;
      org_id: string;
      at: string;
      actor_id: string | null;
      actor_name: string | null;
      via: string;
      action: string;
      entity_type: string;
      entity_id: string;
      entity_label: string | null;
      changes: string;
      restricted: string | null;
    };
  }
}

type Snapshot = Record<string, unknown>;

export interface AuditRecord {
  /** null for changes the system makes on its own (jobs, seeding). */
  actor: Pick<Actor, 'userId' | 'userName' | 'via'> | null;
  orgId: string;
  action: string;
  entityType: string;
  entityId: string;
  entityLabel?: string | null;
  before?: Snapshot | null;
  after?: Snapshot | null;
  /** Fields only readers holding the given permission may see (pay, for example). */
  restricted?: Partial<Record<string, Permission>>;
  at: string;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields that differ between two snapshots, before → after. */
export function diff(before: Snapshot | null | undefined, after: Snapshot | null | undefined) {
  // Own properties only, and no assignment by key, so a field named __proto__ is just a field.
  const read = (snap: Snapshot | null | undefined, key: string) =>
    snap && Object.hasOwn(snap, key) ? (snap[key] ?? null) : null;
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: [string, { before: unknown; after: unknown }][] = [];
  for (const key of keys) {
    const b = read(before, key);
    const a = read(after, key);
    if (!same(b, a)) changes.push([key, { before: b, after: a }]);
  }
  return Object.fromEntries(changes) as Record<string, { before: unknown; after: unknown }>;
}

/**
 * Writes one audit entry. Call it with the transaction that makes the change, so the change and
 * its entry commit or roll back together. An update that changes nothing writes nothing.
 */
export async function recordAudit(db: Kysely<DB>, rec: AuditRecord): Promise<void> {
  const changes = diff(rec.before, rec.after);
  if (rec.action === 'update' && Object.keys(changes).length === 0) return;
  const restricted = Object.fromEntries(
    Object.entries(rec.restricted ?? {}).filter(([field]) => field in changes),
  );
  await db
    .insertInto('audit_log')
    .values({
      id: newId(),
      org_id: rec.orgId,
      at: rec.at,
      actor_id: rec.actor?.userId ?? null,
      actor_name: rec.actor?.userName ?? null,
      via: rec.actor?.via ?? 'system',
      action: rec.action,
      entity_type: rec.entityType,
      entity_id: rec.entityId,
      entity_label: rec.entityLabel ?? null,
      changes: JSON.stringify(changes),
      restricted: Object.keys(restricted).length ? JSON.stringify(restricted) : null,
    })
    .execute();
}

type AuditRow = DB['audit_log'];

/** Shapes a stored entry for a reader, hiding fields the reader may not see. */
function toEntry(row: AuditRow, reader: Actor): AuditEntry {
  const changes = JSON.parse(row.changes) as AuditEntry['changes'];
  const restricted = row.restricted
    ? (JSON.parse(row.restricted) as Record<string, Permission>)
    : {};
  for (const [field, permission] of Object.entries(restricted)) {
    if (changes[field] && !can(reader, permission)) {
      changes[field] = { before: '[hidden]', after: '[hidden]' };
    }
  }
  return {
    id: row.id,
    at: row.at,
    actor: row.actor_id ? { id: row.actor_id, name: row.actor_name ?? '' } : null,
    via: row.via as AuditEntry['via'],
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    entityLabel: row.entity_label,
    changes,
  };
}

export interface AuditFilter {
  actorId?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** Newest-first page of the organization's audit log. Ids are time-ordered (UUIDv7). */
export async function listAudit(db: Kysely<DB>, reader: Actor, f: AuditFilter) {
  let q = db.selectFrom('audit_log').selectAll().where('org_id', '=', reader.orgId);
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.from) q = q.where('at', '>=', new Date(f.from).toISOString());
  if (f.to) {
    // A bare date means the whole of that day.
    const end = /^\d{4}-\d{2}-\d{2}$/.test(f.to)
      ? new Date(Date.parse(`${f.to}T00:00:00Z`) + 86_400_000).toISOString()
      : new Date(f.to).toISOString();
    q = q.where('at', '<', end);
  }
  const after = decodeCursor(f.cursor, idCursor);
  if (after) q = q.where('id', '<', String(after[0]));
  const rows = await q
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const items = rows.slice(0, f.limit).map((r) => toEntry(r, reader));
  const nextCursor = rows.length > f.limit ? encodeCursor([items[items.length - 1]!.id]) : null;
  return { items, nextCursor };
}

/** Every entry of one record, newest first (a record's history is short enough to list whole). */
export async function recordHistory(
  db: Kysely<DB>,
  reader: Actor,
  entityType: string,
  entityId: string,
) {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('org_id', '=', reader.orgId)
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => toEntry(r, reader));
}
