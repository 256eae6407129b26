import multipart from '@fastify/multipart';
import { collab } from '@keel/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { KeelError } from '../../platform/errors.js';
import type { RouteContext } from '../../platform/http/module.js';
import { route } from '../../platform/http/route.js';
import * as activity from './activity.service.js';
import * as attachments from './attachment.service.js';
import * as comments from './comment.service.js';
import { listDirectory } from './directory.service.js';

/** Sends a stored file: its own type, nosniff, and inline only where that is safe. */
function sendFile(reply: FastifyReply, file: attachments.FileDownload) {
  reply.header('content-type', file.contentType);
  reply.header('content-disposition', file.disposition);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('cache-control', 'private, max-age=3600');
  if (file.size !== null) reply.header('content-length', String(file.size));
  return file.stream;
}

/**
 * Reads the one file of a multipart upload (field `file`) into memory, at most 25 MB. Anything
 * else — no multipart body, another field name, a second file — is a 400 naming `file`.
 */
async function readUpload(req: FastifyRequest): Promise<attachments.UploadedFile> {
  if (!req.isMultipart()) throw attachments.fileMissing();
  let found: attachments.UploadedFile | null = null;
  try {
    for await (const part of req.parts()) {
      if (part.type !== 'file') continue;
      if (part.fieldname !== 'file' || found) {
        // Drain it so the request finishes, then refuse.
        await part.toBuffer().catch(() => undefined);
        throw new KeelError(
          'invalid',
          'ATTACHMENT_ONE_FILE',
          'file: send exactly one file, in the field "file"',
          {
            fields: [{ field: 'file', message: 'send exactly one file, in the field "file"' }],
          },
        );
      }
      found = { filename: part.filename, data: await part.toBuffer() };
    }
  } catch (err) {
    if (err instanceof KeelError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw attachments.tooLarge();
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw new KeelError(
        'invalid',
        'ATTACHMENT_ONE_FILE',
        'file: send exactly one file, in the field "file"',
        {
          fields: [{ field: 'file', message: 'send exactly one file, in the field "file"' }],
        },
      );
    }
    throw new KeelError(
      'invalid',
      'MALFORMED_MULTIPART',
      'file: the multipart body could not be read',
      {
        fields: [{ field: 'file', message: 'the multipart body could not be read' }],
      },
    );
  }
  if (!found) throw attachments.fileMissing();
  return found;
}

export function collabRoutes({ app, deps, authenticate, route: r }: RouteContext): void {
  r(collab.listDirectory, async ({ actor, query }) => listDirectory(deps, actor, query));

  r(collab.listComments, async ({ actor, params, query }) =>
    comments.listComments(deps, actor, params, query),
  );
  r(collab.createComment, async ({ actor, params, body }) =>
    comments.createComment(deps, actor, params, body),
  );
  r(collab.updateComment, async ({ actor, params, body }) =>
    comments.updateComment(deps, actor, params.id, body),
  );
  r(collab.deleteComment, async ({ actor, params }) =>
    comments.deleteComment(deps, actor, params.id),
  );

  r(collab.listAttachments, async ({ actor, params }) =>
    attachments.listAttachments(deps, actor, params),
  );
  r(
    collab.downloadAttachment,
    async ({ actor, params, reply }) =>
      // A stream of the stored bytes (raw endpoint: no JSON encoding).
      sendFile(reply, await attachments.downloadAttachment(deps, actor, params.id)) as never,
  );
  r(
    collab.attachmentThumbnail,
    async ({ actor, params, reply }) =>
      sendFile(reply, await attachments.attachmentThumbnail(deps, actor, params.id)) as never,
  );
  r(collab.deleteAttachment, async ({ actor, params }) =>
    attachments.deleteAttachment(deps, actor, params.id),
  );

  r(collab.listActivity, async ({ actor, params, query }) =>
    activity.listActivity(deps, actor, params, query),
  );

  // Multipart parsing exists only for the upload route: registered in its own encapsulated
  // context, so no other endpoint accepts multipart bodies.
  void app.register(async (child: FastifyInstance) => {
    await child.register(multipart, {
      throwFileSizeLimit: true,
      limits: { fileSize: collab.ATTACHMENT_MAX_BYTES, files: 1, fields: 10, parts: 11 },
    });
    route(child, authenticate, collab.uploadAttachment, async ({ actor, params, req }) =>
      attachments.uploadAttachment(deps, actor, params, () => readUpload(req)),
    );
  });
}
