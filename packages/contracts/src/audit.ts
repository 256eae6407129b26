import { z } from 'zod';
import { cursor, endpoint, id, limit, page, timestamp } from './shared.js';

export const auditEntry = z.object({
  id,
  at: timestamp,
  actor: z.object({ id, name: z.string() }).nullable().describe('null for system changes'),
  via: z.enum(['session', 'token', 'system']),
  action: z.string().describe('create, update, archive, restore, delete, login…'),
  entityType: z.string(),
  entityId: z.string(),
  entityLabel: z.string().nullable(),
  changes: z
    .record(z.string(), z.object({ before: z.unknown(), after: z.unknown() }))
    .describe('Changed fields, before → after; restricted fields read as "[hidden]"'),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const listAudit = endpoint({
  operationId: 'listAuditLog',
  method: 'GET',
  path: '/api/audit',
  summary: 'The audit log, newest first',
  tag: 'audit',
  access: 'audit.read',
  query: z.strictObject({
    actorId: id.optional(),
    entityType: z.string().max(60).optional(),
    entityId: id.optional(),
    action: z.string().max(60).optional(),
    from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    cursor,
    limit,
  }),
  response: page(auditEntry),
});

export const getRecordHistory = endpoint({
  operationId: 'getRecordHistory',
  method: 'GET',
  path: '/api/history/:entityType/:entityId',
  summary: "A record's own history",
  description:
    'Needs the read permission of the record (for example people.read for an employee), not audit.read.',
  tag: 'audit',
  access: 'authenticated',
  params: z.strictObject({ entityType: z.string().max(60), entityId: id }),
  response: z.object({ items: z.array(auditEntry) }),
});
