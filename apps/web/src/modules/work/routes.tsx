import { createRoute } from '@tanstack/react-router';
import { DetailSkeleton, TableSkeleton } from '../../components/LoadingState';
import { appRoute, lazyPage, oneOf } from '../../routes-base';

export const TASK_TABS = ['list', 'board', 'workload'] as const;
export type TaskTab = (typeof TASK_TABS)[number];

export const myWorkRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/my-work',
  ...lazyPage(() => import('./MyWorkPage'), 'MyWorkPage', { loading: TableSkeleton }),
});

export const tasksRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/tasks',
  validateSearch: (search: Record<string, unknown>): { tab?: TaskTab | undefined } => ({
    tab: oneOf(TASK_TABS, search.tab),
  }),
  ...lazyPage(() => import('./TasksPage'), 'TasksPage', {
    loading: TableSkeleton,
    permission: 'tasks.read',
  }),
});

export const taskRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/tasks/$taskId',
  ...lazyPage(() => import('./TaskDetailPage'), 'TaskDetailPage', { loading: DetailSkeleton }),
});

/**
 * The work module's pages, put in the tree by router.tsx. Each route has
 * `getParentRoute: () => appRoute` and uses `lazyPage` from routes-base.
 */
export const workRoutes = [myWorkRoute, tasksRoute, taskRoute] as const;
