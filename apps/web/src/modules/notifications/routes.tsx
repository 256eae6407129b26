import { createRoute } from '@tanstack/react-router';
import { TableSkeleton } from '../../components/LoadingState';
import { appRoute, lazyPage, oneOf } from '../../routes-base';

export const NOTIFICATION_TABS = ['all', 'unread', 'preferences'] as const;
export type NotificationTab = (typeof NOTIFICATION_TABS)[number];

export const notificationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/notifications',
  validateSearch: (search: Record<string, unknown>): { tab?: NotificationTab | undefined } => ({
    tab: oneOf(NOTIFICATION_TABS, search.tab),
  }),
  ...lazyPage(() => import('./NotificationsPage'), 'NotificationsPage', {
    loading: TableSkeleton,
  }),
});

/**
 * The notifications module's pages, put in the tree by router.tsx. Each route has
 * `getParentRoute: () => appRoute` and uses `lazyPage` from routes-base.
 */
export const notificationsRoutes = [notificationsRoute] as const;
