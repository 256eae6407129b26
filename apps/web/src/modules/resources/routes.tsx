import { resources } from '@keel/contracts';
import { createRoute } from '@tanstack/react-router';
import { DetailSkeleton, TableSkeleton } from '../../components/LoadingState';
import { appRoute, lazyPage, oneOf, str } from '../../routes-base';

export const RESOURCE_TABS = ['timeline', 'list', 'mine'] as const;

export interface ResourcesSearch {
  tab?: (typeof RESOURCE_TABS)[number] | undefined;
  view?: 'day' | 'week' | undefined;
  /** First day shown, YYYY-MM-DD in the site's time zone. */
  date?: string | undefined;
  siteId?: string | undefined;
  kind?: (typeof resources.RESOURCE_KINDS)[number] | undefined;
  q?: string | undefined;
  status?: 'active' | 'archived' | 'all' | undefined;
}

const isDate = (v: unknown) =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined;

export const resourcesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/resources',
  validateSearch: (search: Record<string, unknown>): ResourcesSearch => ({
    tab: oneOf(RESOURCE_TABS, search.tab),
    view: oneOf(['day', 'week'] as const, search.view),
    date: isDate(search.date),
    siteId: str(search.siteId),
    kind: oneOf(resources.RESOURCE_KINDS, search.kind),
    q: str(search.q),
    status: oneOf(['active', 'archived', 'all'] as const, search.status),
  }),
  ...lazyPage(() => import('./ResourcesPage'), 'ResourcesPage', {
    permission: 'resources.read',
    loading: TableSkeleton,
  }),
});

export const resourceRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/resources/$id',
  ...lazyPage(() => import('./ResourceDetailPage'), 'ResourceDetailPage', {
    permission: 'resources.read',
    loading: DetailSkeleton,
  }),
});

/**
 * The resources module's pages, put in the tree by router.tsx. Each route has
 * `getParentRoute: () => appRoute` and uses `lazyPage` from routes-base.
 */
export const resourcesRoutes = [resourcesRoute, resourceRoute] as const;
