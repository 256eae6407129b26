import { createRoute } from '@tanstack/react-router';
import { DetailSkeleton } from '../../components/LoadingState';
import { appRoute, lazyPage } from '../../routes-base';

/** Kept here (not in calendar-layout) so the route tree does not pull dayjs into the entry chunk. */
const VIEWS = ['month', 'week', 'day', 'agenda'] as const;

export interface CalendarSearch {
  view?: (typeof VIEWS)[number] | undefined;
  date?: string | undefined;
}

export const calendarRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/calendar',
  validateSearch: (search: Record<string, unknown>): CalendarSearch => ({
    view: VIEWS.find((v) => v === search.view),
    date:
      typeof search.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(search.date)
        ? search.date
        : undefined,
  }),
  ...lazyPage(() => import('./CalendarPage'), 'CalendarPage', { loading: DetailSkeleton }),
});

/**
 * The calendar module's pages, put in the tree by router.tsx. Each route has
 * `getParentRoute: () => appRoute` and uses `lazyPage` from routes-base.
 */
export const calendarRoutes = [calendarRoute] as const;
