import { z } from 'zod';
import { auditEntry } from './audit.js';
import { cursor, endpoint, id, idParams, limit, ok, page, timestamp } from './shared.js';

/**
 * Comments, @mentions, attachments and the activity timeline of any record kind a module
 * registers (`EntityKind` with `canRead`), plus the member directory used to mention or assign
 * people. Whoever may read a record may comment on it and attach files to it.
 */

/** Longest comment body, in characters. */
export const COMMENT_MAX_LENGTH = 10_000;
/** Largest attachment, in bytes (25 MB). */
export const ATTACHMENT_MAX_BYTES = 25 * 1024 * 1024;
/** Longest side of an image thumbnail, in pixels. */
export const THUMBNAIL_MAX_PX = 320;

/**
 * File kinds an attachment may be, by extension. The server checks the name's extension AND the
 * sniffed content (magic bytes; text files must be UTF-8 text), so a renamed program is refused.
 */
export const ATTACHMENT_TYPES = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  csv: 'text/csv',
  txt: 'text/plain',
} as const;
export type AttachmentExtension = keyof typeof ATTACHMENT_TYPES;
export const ATTACHMENT_EXTENSIONS = Object.keys(ATTACHMENT_TYPES) as AttachmentExtension[];

/**
 * A mention inside a comment body is the token `@[Display Name](user:USER_ID)`: the name is
 * what readers see, the id is who is told. The web app inserts tokens from an autocomplete over
 * the directory; API callers write them by hand.
 */
export const MENTION_PATTERN = /@\[([^\]\n]{1,200})\]\(user:([A-Za-z0-9-]{1,64})\)/g;

/** The user ids mentioned in a comment body, in order of first appearance, without repeats. */
export function mentionedUserIds(body: string): string[] {
  const out: string[] = [];
  for (const m of body.matchAll(new RegExp(MENTION_PATTERN.source, 'g'))) {
    const userId = m[2]!;
    if (!out.includes(userId)) out.push(userId);
  }
  return out;
}

/** The token that mentions a user in a comment body. */
export function mentionToken(name: string, userId: string): string {
  const clean = name.replace(/[[\]\n]/g, ' ').trim() || 'someone';
  return `@[${clean}](user:${userId})`;
}

// ── Member directory ──────────────────────────────────────────────────────────

export const directoryMember = z.object({
  userId: id,
  name: z.string(),
  employeeId: id.nullable().describe('The employee record linked to this member, if any'),
  positionTitle: z.string().nullable().describe("The linked employee's job title, if any"),
  departmentName: z.string().nullable(),
  employeeSiteId: id.nullable().describe("The linked employee's site, if any"),
  siteIds: z
    .array(id)
    .nullable()
    .describe('Sites the member has access to; null: every site of the organization'),
});
export type DirectoryMember = z.infer<typeof directoryMember>;

export const listDirectoryQuery = z.strictObject({
  q: z.string().trim().max(100).optional().describe('Matches the name or e-mail'),
  ids: z
    .string()
    .max(4000)
    .optional()
    .describe('Comma-separated user ids: only these members (to show names of picked people)'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const listDirectory = endpoint({
  operationId: 'listDirectory',
  method: 'GET',
  path: '/api/directory',
  summary: 'Active members of my organization, to mention or assign',
  description:
    'Sorted by name. Deactivated members are left out. Carries no e-mail addresses or roles.',
  tag: 'collab',
  access: 'authenticated',
  query: listDirectoryQuery,
  response: z.object({ items: z.array(directoryMember) }),
});

// ── Records ───────────────────────────────────────────────────────────────────

export const recordParams = z.strictObject({
  entityType: z.string().min(1).max(60).describe('A registered record kind, e.g. `employee`'),
  entityId: id,
});

const person = z.object({ id, name: z.string() });

export const comment = z.object({
  id,
  entityType: z.string(),
  entityId: id,
  body: z.string().describe('Markdown with mention tokens `@[Name](user:ID)`'),
  author: person.nullable(),
  mentions: z.array(person).describe('Mentioned members, with their current names'),
  createdAt: timestamp,
  updatedAt: timestamp,
  editedAt: timestamp.nullable().describe('Set once the author changed the body'),
  canEdit: z.boolean().describe('The caller wrote it'),
  canDelete: z.boolean().describe('The caller wrote it or is an owner'),
});
export type Comment = z.infer<typeof comment>;

const commentBody = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(COMMENT_MAX_LENGTH, `must be at most ${COMMENT_MAX_LENGTH} characters`);

export const createCommentBody = z.strictObject({ body: commentBody });
export const updateCommentBody = z.strictObject({ body: commentBody });

export const listComments = endpoint({
  operationId: 'listComments',
  method: 'GET',
  path: '/api/records/:entityType/:entityId/comments',
  summary: "A record's comments, oldest first",
  description:
    'Unknown record kinds, records of another organization and records the caller may not read answer 404.',
  tag: 'collab',
  access: 'authenticated',
  params: recordParams,
  query: z.strictObject({ cursor, limit }),
  response: page(comment).extend({ total: z.number().int() }),
});

export const createComment = endpoint({
  operationId: 'createComment',
  method: 'POST',
  path: '/api/records/:entityType/:entityId/comments',
  summary: 'Comment on a record',
  description:
    "Markdown, at most 10,000 characters. Mention someone with the token `@[Display Name](user:USER_ID)`; a mention of anyone who is not an active member of the organization answers 400 naming `body`. Mentioned members who may read the record are notified (`mentioned`); the record's participants (assignees, watchers…) are told too (`commented`).",
  tag: 'collab',
  access: 'authenticated',
  params: recordParams,
  body: createCommentBody,
  response: comment,
  status: 201,
});

export const updateComment = endpoint({
  operationId: 'updateComment',
  method: 'PATCH',
  path: '/api/comments/:id',
  summary: 'Change my comment',
  description:
    'Only the author may change a comment; it is then marked edited. Members mentioned for the first time are notified.',
  tag: 'collab',
  access: 'authenticated',
  params: idParams,
  body: updateCommentBody,
  response: comment,
});

export const deleteComment = endpoint({
  operationId: 'deleteComment',
  method: 'DELETE',
  path: '/api/comments/:id',
  summary: 'Delete a comment',
  description: 'The author or an organization owner may delete a comment.',
  tag: 'collab',
  access: 'authenticated',
  params: idParams,
  response: ok,
});

// ── Attachments ───────────────────────────────────────────────────────────────

export const attachment = z.object({
  id,
  entityType: z.string(),
  entityId: id,
  name: z.string().describe('File name as uploaded (sanitised)'),
  size: z.number().int().describe('Bytes'),
  mimeType: z.string(),
  isImage: z.boolean(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  hasThumbnail: z.boolean(),
  sha256: z.string(),
  uploadedBy: person.nullable(),
  createdAt: timestamp,
  url: z.string().describe('Download path'),
  thumbnailUrl: z.string().nullable(),
  canDelete: z.boolean().describe('The caller uploaded it or is an owner'),
});
export type Attachment = z.infer<typeof attachment>;

export const listAttachments = endpoint({
  operationId: 'listAttachments',
  method: 'GET',
  path: '/api/records/:entityType/:entityId/attachments',
  summary: "A record's attachments, newest first",
  tag: 'collab',
  access: 'authenticated',
  params: recordParams,
  response: z.object({ items: z.array(attachment) }),
});

export const uploadAttachment = endpoint({
  operationId: 'uploadAttachment',
  method: 'POST',
  path: '/api/records/:entityType/:entityId/attachments',
  summary: 'Attach a file to a record',
  description:
    'Body: `multipart/form-data` with exactly one file in the field `file`. At most 25 MB (413 `ATTACHMENT_TOO_LARGE`). Allowed: images (png, jpg/jpeg, gif, webp, heic), PDF, office files (docx, xlsx, pptx, odt, ods) and text (csv, txt). Both the extension and the sniffed content must be one of these and agree (400 `ATTACHMENT_TYPE_NOT_ALLOWED`). Images get a thumbnail (webp, at most 320 px).',
  tag: 'collab',
  access: 'authenticated',
  params: recordParams,
  response: attachment,
  status: 201,
});

export const downloadAttachment = endpoint({
  operationId: 'downloadAttachment',
  method: 'GET',
  path: '/api/attachments/:id',
  summary: 'Download an attachment',
  description:
    'The stored bytes with the stored content type. Images and PDFs are served inline, anything else as a download; always `x-content-type-options: nosniff`.',
  tag: 'collab',
  access: 'authenticated',
  params: idParams,
  response: z.string(),
  produces: 'application/octet-stream',
});

export const attachmentThumbnail = endpoint({
  operationId: 'attachmentThumbnail',
  method: 'GET',
  path: '/api/attachments/:id/thumbnail',
  summary: "An image attachment's thumbnail (webp)",
  description: '404 when the attachment has no thumbnail (not an image).',
  tag: 'collab',
  access: 'authenticated',
  params: idParams,
  response: z.string(),
  produces: 'image/webp',
});

export const deleteAttachment = endpoint({
  operationId: 'deleteAttachment',
  method: 'DELETE',
  path: '/api/attachments/:id',
  summary: 'Delete an attachment and its file',
  description: 'The uploader or an organization owner may delete an attachment.',
  tag: 'collab',
  access: 'authenticated',
  params: idParams,
  response: ok,
});

// ── Activity ──────────────────────────────────────────────────────────────────

export const ACTIVITY_KINDS = ['change', 'comment', 'attachment'] as const;

export const activityItem = z.object({
  id: z.string().describe('`change:ID`, `comment:ID` or `attachment:ID`'),
  kind: z.enum(ACTIVITY_KINDS),
  at: timestamp,
  actor: person.nullable(),
  change: auditEntry.nullable().describe('kind change: the audit entry'),
  comment: comment.nullable().describe('kind comment'),
  attachment: attachment.nullable().describe('kind attachment'),
});
export type ActivityItem = z.infer<typeof activityItem>;

export const listActivity = endpoint({
  operationId: 'listActivity',
  method: 'GET',
  path: '/api/records/:entityType/:entityId/activity',
  summary: "A record's activity: its history, comments and attachments, newest first",
  description:
    'The audit history of the record (changes, and deleted comments or files) merged with its current comments and attachments.',
  tag: 'collab',
  access: 'authenticated',
  params: recordParams,
  query: z.strictObject({ cursor, limit }),
  response: page(activityItem),
});
