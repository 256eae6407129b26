import { live } from '@keel/contracts';
import type { RouteContext } from '../http/module.js';
import type { LiveMessage } from './live-hub.js';

const HEARTBEAT_MS = 25_000;
const MAX_STREAM_MS = 30 * 60_000;

/**
 * GET /api/events: the live stream. The connection keeps the actor it was opened with; it is
 * closed after 30 minutes so a changed role or ended session takes effect on the reconnect.
 */
export function liveRoutes({ app, route, deps }: RouteContext): void {
  // Open streams would keep the server from closing.
  app.addHook('preClose', async () => deps.events.live.closeAll());
  route(live.eventStream, async ({ actor, req, reply }) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const write = (chunk: string) => {
      if (!res.writableEnded) res.write(chunk);
    };
    write(`retry: 3000\nevent: ready\ndata: {}\n\n`);
    const unsubscribe = deps.events.live.connect(
      actor,
      (m: LiveMessage) => write(`id: ${m.id}\nevent: change\ndata: ${JSON.stringify(m)}\n\n`),
      () => end(),
    );
    const heartbeat = setInterval(() => write(': keep-alive\n\n'), HEARTBEAT_MS);
    const end = () => {
      clearInterval(heartbeat);
      clearTimeout(limit);
      unsubscribe();
      if (!res.writableEnded) res.end();
    };
    const limit = setTimeout(end, MAX_STREAM_MS);
    req.raw.on('close', end);
    // Hijacked: Fastify ignores the return value; the stream is the response.
    return '';
  });
}
