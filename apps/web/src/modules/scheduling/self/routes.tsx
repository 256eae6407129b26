import { createRoute } from '@tanstack/react-router';
import { TableSkeleton } from '../../../components/LoadingState';
import { appRoute, lazyPage, oneOf } from '../../../routes-base';

export const MY_SHIFT_TABS = ['mine', 'open', 'swaps'] as const;
export type MyShiftTab = (typeof MY_SHIFT_TABS)[number];

export const myShiftsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/my-shifts',
  validateSearch: (search: Record<string, unknown>): { tab?: MyShiftTab | undefined } => ({
    tab: oneOf(MY_SHIFT_TABS, search.tab),
  }),
  ...lazyPage(() => import('./MyShiftsPage'), 'MyShiftsPage', {
    loading: TableSkeleton,
    permission: 'scheduling.self',
  }),
});

/** Routes of the scheduling self area. */
export const selfRoutes = [myShiftsRoute] as const;
