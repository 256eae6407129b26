import { z } from 'zod';
import { cursor, endpoint, id, idParams, limit, page, timestamp } from './shared.js';

export const mailMessage = z.object({
  id,
  to: z.string(),
  subject: z.string(),
  status: z.enum(['pending', 'sent', 'stored', 'failed']),
  createdAt: timestamp,
  sentAt: timestamp.nullable(),
  error: z.string().nullable(),
});
export const mailMessageDetail = mailMessage.extend({
  text: z.string(),
  html: z.string().nullable(),
});

export const listOutbox = endpoint({
  operationId: 'listMailOutbox',
  method: 'GET',
  path: '/api/mail/outbox',
  summary: 'Mail sent or stored for this organization, newest first',
  description: 'Without SMTP settings, mail is kept here so invitations and resets still work.',
  tag: 'mail',
  access: 'mail.outbox.read',
  query: z.strictObject({ cursor, limit }),
  response: page(mailMessage),
});

export const getOutboxMessage = endpoint({
  operationId: 'getMailOutboxMessage',
  method: 'GET',
  path: '/api/mail/outbox/:id',
  summary: 'One message with its body',
  tag: 'mail',
  access: 'mail.outbox.read',
  params: idParams,
  response: mailMessageDetail,
});

export const health = endpoint({
  operationId: 'getHealth',
  method: 'GET',
  path: '/api/health',
  summary: 'Liveness and database check',
  tag: 'platform',
  access: 'public',
  response: z.object({
    status: z.literal('ok'),
    database: z.enum(['sqlite', 'postgres']),
    version: z.string(),
  }),
});
