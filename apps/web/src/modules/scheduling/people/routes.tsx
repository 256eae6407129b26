import { createRoute } from '@tanstack/react-router';
import { TableSkeleton } from '../../../components/LoadingState';
import { appRoute, lazyPage, oneOf, str } from '../../../routes-base';

export const TIME_OFF_TABS = ['mine', 'team'] as const;
export const RULES_TABS = ['sets', 'people', 'types'] as const;

export const availabilityRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/availability',
  validateSearch: (search: Record<string, unknown>): { employeeId?: string | undefined } => ({
    employeeId: str(search.employeeId),
  }),
  ...lazyPage(() => import('./AvailabilityPage'), 'AvailabilityPage', {
    loading: TableSkeleton,
    permission: 'scheduling.self',
  }),
});

export const timeOffRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/time-off',
  validateSearch: (
    search: Record<string, unknown>,
  ): { tab?: (typeof TIME_OFF_TABS)[number] | undefined } => ({
    tab: oneOf(TIME_OFF_TABS, search.tab),
  }),
  ...lazyPage(() => import('./TimeOffPage'), 'TimeOffPage', {
    loading: TableSkeleton,
    permission: 'scheduling.self',
  }),
});

export const workRulesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/scheduling/rules',
  validateSearch: (
    search: Record<string, unknown>,
  ): { tab?: (typeof RULES_TABS)[number] | undefined } => ({
    tab: oneOf(RULES_TABS, search.tab),
  }),
  ...lazyPage(() => import('./WorkRulesPage'), 'WorkRulesPage', {
    loading: TableSkeleton,
    permission: 'scheduling.manage',
  }),
});

/** Routes of the scheduling people area: availability, time off, work rules. */
export const peopleRoutes = [availabilityRoute, timeOffRoute, workRulesRoute] as const;
