import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { type Attachment, collab } from '@keel/contracts';
import type { Kysely } from 'kysely';
import sharp from 'sharp';
import { recordAudit } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { KeelError, notFound } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import { userNames } from '../accounts/index.js';
import { notify } from '../notifications/index.js';
import {
  checkAttachmentType,
  contentDisposition,
  extensionOf,
  safeFileName,
} from './attachment-types.js';
import './collab.tables.js';
import { deleteRecordComments, TOPICS } from './comment.service.js';
import { participantsOf, type ReadableRecord, readableRecord } from './record-access.js';

type AttachmentRow = DB['attachments'];

const INLINE_MIME = /^(image\/(png|jpeg|gif|webp)|application\/pdf)$/;

const fileField = (message: string) => [{ field: 'file', message }];

export const tooLarge = () =>
  new KeelError(
    'too_large',
    'ATTACHMENT_TOO_LARGE',
    `file: is larger than ${collab.ATTACHMENT_MAX_BYTES / 1024 / 1024} MB`,
    {
      fields: fileField(`must be at most ${collab.ATTACHMENT_MAX_BYTES / 1024 / 1024} MB`),
      extra: { maxBytes: collab.ATTACHMENT_MAX_BYTES },
    },
  );

export const fileMissing = () =>
  new KeelError('invalid', 'ATTACHMENT_FILE_REQUIRED', 'file: is required', {
    fields: [{ field: 'file', message: 'is required (multipart/form-data, one file)' }],
  });

/** Storage keys are chosen here, never from the upload: `org/<orgId>/<attachmentId>`. */
export const storageKey = (orgId: string, id: string) => `org/${orgId}/${id}`;
const thumbnailKey = (orgId: string, id: string) => `org/${orgId}/${id}.thumb.webp`;

export async function toAttachments(
  db: Kysely<DB>,
  actor: Actor,
  rows: AttachmentRow[],
): Promise<Attachment[]> {
  const names = await userNames(
    db,
    rows.flatMap((r) => (r.created_by ? [r.created_by] : [])),
  );
  return rows.map((r) => ({
    id: r.id,
    entityType: r.entity_type,
    entityId: r.entity_id,
    name: r.name,
    size: Number(r.size),
    mimeType: r.mime_type,
    isImage: r.mime_type.startsWith('image/'),
    width: r.width === null ? null : Number(r.width),
    height: r.height === null ? null : Number(r.height),
    hasThumbnail: r.thumbnail_key !== null,
    sha256: r.sha256,
    uploadedBy: r.created_by ? { id: r.created_by, name: names.get(r.created_by) ?? '' } : null,
    createdAt: r.created_at,
    url: `/api/attachments/${r.id}`,
    thumbnailUrl: r.thumbnail_key ? `/api/attachments/${r.id}/thumbnail` : null,
    canDelete: r.created_by === actor.userId || actor.role === 'owner',
  }));
}

/** A record's attachments, newest first (a record's files are few enough to list whole). */
export async function listAttachments(
  deps: Deps,
  actor: Actor,
  params: { entityType: string; entityId: string },
) {
  await readableRecord(deps, actor, params.entityType, params.entityId);
  const rows = await deps.db
    .selectFrom('attachments')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('entity_type', '=', params.entityType)
    .where('entity_id', '=', params.entityId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
  return { items: await toAttachments(deps.db, actor, rows) };
}

/** Size and a small webp of an image; null when the image cannot be decoded (kept, unthumbed). */
async function imageInfo(data: Buffer) {
  try {
    const meta = await sharp(data, { limitInputPixels: 100_000_000 }).metadata();
    const swap = (meta.orientation ?? 1) >= 5;
    const thumb = await sharp(data, { limitInputPixels: 100_000_000 })
      .rotate()
      .resize({
        width: collab.THUMBNAIL_MAX_PX,
        height: collab.THUMBNAIL_MAX_PX,
        fit: 'inside',
        withoutEnlargement: true,
      })
      .webp({ quality: 78 })
      .toBuffer();
    return {
      width: (swap ? meta.height : meta.width) ?? null,
      height: (swap ? meta.width : meta.height) ?? null,
      thumb,
    };
  } catch {
    return null;
  }
}

export interface UploadedFile {
  filename: string;
  data: Buffer;
}

/**
 * Attaches one file to a record the actor may read. Checks size, extension and sniffed content,
 * thumbnails images, then writes in an order that leaves nothing behind on failure: the bytes
 * first, then the row (with audit entry, notifications and event) in one transaction; when the
 * transaction fails the bytes are deleted again.
 *
 * `readFile` is only called once the record is known to be readable, so a caller without access
 * never gets as far as sending the bytes to storage.
 */
export async function uploadAttachment(
  deps: Deps,
  actor: Actor,
  params: { entityType: string; entityId: string },
  readFile: () => Promise<UploadedFile>,
): Promise<Attachment> {
  const { kind, ref }: ReadableRecord = await readableRecord(
    deps,
    actor,
    params.entityType,
    params.entityId,
  );
  const file = await readFile();
  if (file.data.length > collab.ATTACHMENT_MAX_BYTES) throw tooLarge();
  if (file.data.length === 0) {
    throw new KeelError('invalid', 'ATTACHMENT_EMPTY', 'file: is empty', {
      fields: fileField('is empty'),
    });
  }
  const type = await checkAttachmentType(file.filename, file.data);
  if (!type.ok) {
    throw new KeelError('invalid', 'ATTACHMENT_TYPE_NOT_ALLOWED', `file: ${type.reason}`, {
      fields: fileField(type.reason),
      extra: { extension: extensionOf(file.filename) },
    });
  }
  const name = safeFileName(file.filename, type.ext);
  const image = type.isImage ? await imageInfo(file.data) : null;
  const participants = await participantsOf(deps, kind, actor.orgId, ref.id);
  const id = newId();
  const key = storageKey(actor.orgId, id);
  const thumbKey = image ? thumbnailKey(actor.orgId, id) : null;
  const sha256 = createHash('sha256').update(file.data).digest('hex');
  const now = deps.clock.now().toISOString();

  const written: string[] = [];
  let row: AttachmentRow;
  try {
    written.push(key);
    await deps.files.put(key, file.data);
    if (image && thumbKey) {
      written.push(thumbKey);
      await deps.files.put(thumbKey, image.thumb);
    }
    row = await deps.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('attachments')
        .values({
          id,
          org_id: actor.orgId,
          entity_type: params.entityType,
          entity_id: params.entityId,
          name,
          size: file.data.length,
          mime_type: type.mimeType,
          sha256,
          width: image?.width ?? null,
          height: image?.height ?? null,
          storage_key: key,
          thumbnail_key: thumbKey,
          created_at: now,
          created_by: actor.userId,
          updated_at: now,
          updated_by: actor.userId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actor,
        orgId: actor.orgId,
        action: 'attachment.add',
        entityType: params.entityType,
        entityId: params.entityId,
        entityLabel: ref.label,
        after: { attachment: name },
        at: now,
      });
      await notify(trx, deps, {
        orgId: actor.orgId,
        type: 'commented',
        recipients: participants,
        actorUserId: actor.userId,
        entity: { entityType: params.entityType, entityId: params.entityId },
        siteId: ref.siteId,
        title: `${actor.userName} attached “${name}” to “${ref.label}”`,
        body: null,
        href: ref.href,
      });
      await deps.events.record(trx, {
        orgId: actor.orgId,
        type: 'attachment.created',
        entityType: params.entityType,
        entityId: params.entityId,
        siteId: ref.siteId,
        userIds: [...new Set([actor.userId, ...participants])],
        topics: TOPICS,
        data: { attachmentId: id },
        actorUserId: actor.userId,
      });
      return inserted;
    });
  } catch (err) {
    await Promise.all(written.map((k) => deps.files.delete(k).catch(() => undefined)));
    throw err;
  }
  afterCommit(deps);
  return (await toAttachments(deps.db, actor, [row]))[0]!;
}

/** An attachment the actor may see: in their organization, on a record they may read. */
async function visibleAttachment(deps: Deps, actor: Actor, id: string) {
  const row = await deps.db
    .selectFrom('attachments')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('attachment');
  try {
    return { row, record: await readableRecord(deps, actor, row.entity_type, row.entity_id) };
  } catch {
    throw notFound('attachment');
  }
}

export interface FileDownload {
  stream: Readable;
  contentType: string;
  disposition: string;
  size: number | null;
}

async function openStored(deps: Deps, key: string) {
  try {
    return await deps.files.read(key);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new KeelError('not_found', 'ATTACHMENT_FILE_MISSING', 'The stored file is missing.');
    }
    throw err;
  }
}

/** The stored bytes with the stored type; images and PDFs inline, anything else a download. */
export async function downloadAttachment(
  deps: Deps,
  actor: Actor,
  id: string,
): Promise<FileDownload> {
  const { row } = await visibleAttachment(deps, actor, id);
  const inline = INLINE_MIME.test(row.mime_type);
  return {
    stream: await openStored(deps, row.storage_key),
    contentType: row.mime_type.startsWith('text/')
      ? `${row.mime_type}; charset=utf-8`
      : row.mime_type,
    disposition: contentDisposition(row.name, inline),
    size: Number(row.size),
  };
}

/** An image attachment's webp thumbnail; 404 when it has none. */
export async function attachmentThumbnail(
  deps: Deps,
  actor: Actor,
  id: string,
): Promise<FileDownload> {
  const { row } = await visibleAttachment(deps, actor, id);
  if (!row.thumbnail_key) {
    throw new KeelError('not_found', 'THUMBNAIL_NOT_FOUND', 'This attachment has no thumbnail.');
  }
  const base = row.name.replace(/\.[^.]+$/, '');
  return {
    stream: await openStored(deps, row.thumbnail_key),
    contentType: 'image/webp',
    disposition: contentDisposition(`${base}.thumb.webp`, true),
    size: null,
  };
}

/** Deletes an attachment (its uploader or an owner may); the bytes go once the row is gone. */
export async function deleteAttachment(
  deps: Deps,
  actor: Actor,
  id: string,
): Promise<{ ok: true }> {
  const { row, record } = await visibleAttachment(deps, actor, id);
  if (row.created_by !== actor.userId && actor.role !== 'owner') {
    throw new KeelError(
      'forbidden',
      'ATTACHMENT_NOT_YOURS',
      'Only the uploader or an owner can delete an attachment.',
    );
  }
  const { kind, ref } = record;
  const participants = await participantsOf(deps, kind, actor.orgId, ref.id);
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom('attachments')
      .where('id', '=', id)
      .where('org_id', '=', actor.orgId)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) !== 1) throw notFound('attachment');
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'attachment.delete',
      entityType: row.entity_type,
      entityId: row.entity_id,
      entityLabel: ref.label,
      before: { attachment: row.name },
      at: now,
    });
    await deps.events.record(trx, {
      orgId: actor.orgId,
      type: 'attachment.deleted',
      entityType: row.entity_type,
      entityId: row.entity_id,
      siteId: ref.siteId,
      userIds: [...new Set([actor.userId, row.created_by ?? actor.userId, ...participants])],
      topics: TOPICS,
      data: { attachmentId: id },
      actorUserId: actor.userId,
    });
  });
  afterCommit(deps);
  await removeFiles(deps, [row.storage_key, row.thumbnail_key]);
  return { ok: true };
}

async function removeFiles(deps: Deps, keys: (string | null)[]) {
  for (const key of keys) {
    if (!key) continue;
    try {
      await deps.files.delete(key);
    } catch (err) {
      // The row is gone; a file left behind is logged, not fatal to the caller.
      deps.log.error({ err, key }, 'could not delete an attachment file');
    }
  }
}

export interface DeletedRecordFiles {
  /** How many attachment rows were deleted. */
  count: number;
  /** Storage keys of the deleted rows' files and thumbnails. */
  keys: string[];
  /** Deletes the files; call it AFTER the transaction commits (a rollback keeps them). */
  removeFiles: () => Promise<void>;
}

/**
 * For a module deleting one of its records: deletes the record's attachment rows (and comments)
 * in the caller's transaction and hands back the storage keys plus `removeFiles`, which the
 * caller runs after the commit — so a rolled-back delete never loses files, and a committed one
 * leaves none behind.
 *
 * ```ts
 * const files = await deps.db.transaction().execute(async (trx) => {
 *   await trx.deleteFrom('tasks')…;
 *   return deleteRecordFiles(trx, deps, { orgId, entityType: 'task', entityId });
 * });
 * await files.removeFiles();
 * ```
 */
export async function deleteRecordFiles(
  db: Kysely<DB>,
  deps: Deps,
  ref: { orgId: string; entityType: string; entityId: string },
): Promise<DeletedRecordFiles> {
  const rows = await db
    .selectFrom('attachments')
    .select(['id', 'storage_key', 'thumbnail_key'])
    .where('org_id', '=', ref.orgId)
    .where('entity_type', '=', ref.entityType)
    .where('entity_id', '=', ref.entityId)
    .execute();
  if (rows.length) {
    await db
      .deleteFrom('attachments')
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
  }
  await deleteRecordComments(db, ref);
  const keys = rows.flatMap((r) =>
    r.thumbnail_key ? [r.storage_key, r.thumbnail_key] : [r.storage_key],
  );
  return { count: rows.length, keys, removeFiles: () => removeFiles(deps, keys) };
}
