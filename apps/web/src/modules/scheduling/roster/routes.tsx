import { createRoute } from '@tanstack/react-router';
import { TableSkeleton } from '../../../components/LoadingState';
import { appRoute, lazyPage, oneOf, str } from '../../../routes-base';

export const ROSTER_VIEWS = ['grid', 'day', 'position'] as const;
export type RosterView = (typeof ROSTER_VIEWS)[number];

export interface RosterSearch {
  siteId?: string | undefined;
  /** first day shown (a week start), YYYY-MM-DD in the site's zone */
  from?: string | undefined;
  weeks?: 1 | 2 | 4 | undefined;
  view?: RosterView | undefined;
  departmentId?: string | undefined;
  positionId?: string | undefined;
  /** the day of the day view */
  date?: string | undefined;
}

const isDate = (v: unknown) =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined;

export const rosterRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/scheduling',
  validateSearch: (search: Record<string, unknown>): RosterSearch => {
    const weeks = Number(search.weeks);
    return {
      siteId: str(search.siteId),
      from: isDate(search.from),
      weeks: weeks === 1 || weeks === 2 || weeks === 4 ? weeks : undefined,
      view: oneOf(ROSTER_VIEWS, search.view),
      departmentId: str(search.departmentId),
      positionId: str(search.positionId),
      date: isDate(search.date),
    };
  },
  ...lazyPage(() => import('./RosterPage'), 'RosterPage', {
    permission: 'scheduling.read',
    loading: TableSkeleton,
  }),
});

/** Routes of the scheduling roster area. */
export const rosterRoutes = [rosterRoute] as const;
