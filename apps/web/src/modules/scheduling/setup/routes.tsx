import { createRoute } from '@tanstack/react-router';
import { TableSkeleton } from '../../../components/LoadingState';
import { appRoute, lazyPage, oneOf, str } from '../../../routes-base';

export const SETUP_TABS = [
  'shiftTypes',
  'coverage',
  'rotations',
  'templates',
  'holidays',
  'rules',
] as const;
export type SetupTab = (typeof SETUP_TABS)[number];

export interface SetupSearch {
  tab?: SetupTab | undefined;
  siteId?: string | undefined;
}

export const schedulingSetupRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/scheduling/setup',
  validateSearch: (search: Record<string, unknown>): SetupSearch => ({
    tab: oneOf(SETUP_TABS, search.tab),
    siteId: str(search.siteId),
  }),
  ...lazyPage(() => import('./SchedulingSetupPage'), 'SchedulingSetupPage', {
    loading: TableSkeleton,
    permission: 'scheduling.manage',
  }),
});

/** Routes of the scheduling setup area. */
export const setupRoutes = [schedulingSetupRoute] as const;
