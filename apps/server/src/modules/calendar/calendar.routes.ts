import { calendar } from '@keel/contracts';
import type { RouteContext } from '../../platform/http/module.js';
import * as service from './calendar.service.js';

export function calendarRoutes({ app, route, deps }: RouteContext): void {
  route(calendar.getCalendar, async ({ actor, query }) => service.getCalendar(deps, actor, query));
  route(calendar.getFeed, async ({ actor }) => service.getFeedStatus(deps, actor));
  route(calendar.createFeed, async ({ actor }) => service.createFeed(deps, actor));
  route(calendar.revokeFeed, async ({ actor }) => service.revokeFeed(deps, actor));
  route(calendar.icalFeed, async ({ params, reply }) => {
    const feed = await service.renderFeed(deps, params.token);
    // Calendar apps poll: let them and any cache revalidate cheaply, and never share the feed.
    reply.header('cache-control', `private, max-age=${service.FEED_REFRESH_SECONDS / 4}`);
    reply.header('etag', feed.etag);
    reply.header('content-disposition', 'inline; filename="keel.ics"');
    reply.header('x-robots-tag', 'noindex');
    return feed.body;
  });
  // A poll whose ETag still matches gets 304 without the body.
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.routeOptions.url !== calendar.icalFeed.path || reply.statusCode !== 200) return payload;
    const etag = reply.getHeader('etag');
    if (etag && req.headers['if-none-match'] === etag) {
      reply.code(304);
      return '';
    }
    return payload;
  });
}
