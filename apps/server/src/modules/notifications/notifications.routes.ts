import { notifications } from '@keel/contracts';
import type { RouteContext } from '../../platform/http/module.js';
import * as service from './notifications.service.js';

export function notificationsRoutes({ route, deps }: RouteContext): void {
  route(notifications.listNotifications, async ({ actor, query }) =>
    service.listNotifications(deps, actor, query),
  );
  route(notifications.unreadNotificationCount, async ({ actor }) => ({
    unread: await service.unreadCount(deps, actor),
  }));
  route(notifications.markNotificationRead, async ({ actor, params }) =>
    service.markRead(deps, actor, params.id),
  );
  route(notifications.markAllNotificationsRead, async ({ actor }) => ({
    updated: await service.markAllRead(deps, actor),
  }));
  route(notifications.getNotificationPreferences, async ({ actor }) => ({
    items: await service.getPreferences(deps, actor),
  }));
  route(notifications.updateNotificationPreferences, async ({ actor, body }) => ({
    items: await service.updatePreferences(deps, actor, body.items),
  }));
}
