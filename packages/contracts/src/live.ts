import { z } from 'zod';
import { endpoint } from './shared.js';

/** One server-sent event's data: names of what changed, never the record itself. */
export const liveMessage = z.object({
  id: z.string(),
  type: z.string().describe('What happened, e.g. `task.updated` or `notification.created`.'),
  entityType: z.string(),
  entityId: z.string(),
  topics: z
    .array(z.string())
    .describe('Query topics to refresh, e.g. `tasks` or `task:ID`; refetch through the API.'),
});

export const eventStream = endpoint({
  operationId: 'streamEvents',
  method: 'GET',
  path: '/api/events',
  summary: 'Live updates (server-sent events) for the signed-in user',
  description:
    'A `text/event-stream` of `change` events (data: a JSON live message) for records the caller may see, sent only after the change is committed. Events carry names, never record data: refetch what they name. A `ready` event opens the stream; comment lines keep it alive; the server ends the stream after 30 minutes and the browser reconnects (signing in again is checked on reconnect).',
  tag: 'live',
  access: 'authenticated',
  response: z.string(),
  produces: 'text/event-stream',
});

export type LiveMessage = z.infer<typeof liveMessage>;
