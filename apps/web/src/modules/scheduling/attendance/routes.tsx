import { createRoute } from '@tanstack/react-router';
import { DetailSkeleton, TableSkeleton } from '../../../components/LoadingState';
import { appRoute, lazyPage, oneOf, str } from '../../../routes-base';

export const ATTENDANCE_TABS = ['actual', 'timesheets'] as const;
export type AttendanceTab = (typeof ATTENDANCE_TABS)[number];

export interface AttendanceSearch {
  tab?: AttendanceTab | undefined;
  siteId?: string | undefined;
  /** local dates (site zone) of the actual-vs-scheduled range */
  from?: string | undefined;
  to?: string | undefined;
  flag?: string | undefined;
  /** first day of the pay period shown on the timesheets tab */
  periodFrom?: string | undefined;
}

const isDate = (v: unknown) =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined;

export const clockRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/clock',
  ...lazyPage(() => import('./ClockPage'), 'ClockPage', {
    loading: DetailSkeleton,
    permission: 'scheduling.self',
  }),
});

export const attendanceRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/attendance',
  validateSearch: (search: Record<string, unknown>): AttendanceSearch => ({
    tab: oneOf(ATTENDANCE_TABS, search.tab),
    siteId: str(search.siteId),
    from: isDate(search.from),
    to: isDate(search.to),
    flag: str(search.flag),
    periodFrom: isDate(search.periodFrom),
  }),
  ...lazyPage(() => import('./AttendancePage'), 'AttendancePage', {
    loading: TableSkeleton,
    permission: 'scheduling.manage',
  }),
});

/** Routes of the scheduling attendance area. */
export const attendanceRoutes = [clockRoute, attendanceRoute] as const;
