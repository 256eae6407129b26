import { people } from '@keel/contracts';
import type { QueryClient } from '@tanstack/react-query';
import { createRoute, createRouter } from '@tanstack/react-router';
import { DetailSkeleton, TableSkeleton } from './components/LoadingState';
import { approvalsRoutes } from './modules/approvals/routes';
import { ForgotPasswordPage } from './modules/auth/ForgotPasswordPage';
import { InvitePage } from './modules/auth/InvitePage';
import { LoginPage } from './modules/auth/LoginPage';
import { ResetPasswordPage } from './modules/auth/ResetPasswordPage';
import { calendarRoutes } from './modules/calendar/routes';
import { notificationsRoutes } from './modules/notifications/routes';
import { resourcesRoutes } from './modules/resources/routes';
import { schedulingRoutes } from './modules/scheduling/routes';
import { workRoutes } from './modules/work/routes';
import { appRoute, lazyPage, oneOf, rootRoute, str } from './routes-base';

export type { RouterContext } from './routes-base';

// ── Public pages ────────────────────────────────────────────────────────────

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: (search: Record<string, unknown>): { redirect?: string | undefined } => ({
    redirect: str(search.redirect),
  }),
  component: LoginPage,
});

const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/forgot-password',
  component: ForgotPasswordPage,
});

const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/reset-password/$token',
  component: ResetPasswordPage,
});

const inviteRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/invite/$token',
  component: InvitePage,
});

const homeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  ...lazyPage(() => import('./modules/home/HomePage'), 'HomePage', { loading: DetailSkeleton }),
});

export interface EmployeeSearch {
  q?: string | undefined;
  siteId?: string | undefined;
  departmentId?: string | undefined;
  positionId?: string | undefined;
  employmentType?: (typeof people.EMPLOYMENT_TYPES)[number] | undefined;
  status?: 'active' | 'archived' | 'all' | undefined;
  sort?: (typeof people.EMPLOYEE_SORTS)[number] | undefined;
  order?: 'asc' | 'desc' | undefined;
  /** Opens the "New employee" drawer (used by the command palette). */
  new?: boolean | undefined;
}

const employeesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people',
  validateSearch: (search: Record<string, unknown>): EmployeeSearch => ({
    q: str(search.q),
    siteId: str(search.siteId),
    departmentId: str(search.departmentId),
    positionId: str(search.positionId),
    employmentType: oneOf(people.EMPLOYMENT_TYPES, search.employmentType),
    status: oneOf(['active', 'archived', 'all'] as const, search.status),
    sort: oneOf(people.EMPLOYEE_SORTS, search.sort),
    order: oneOf(['asc', 'desc'] as const, search.order),
    new: search.new === true || search.new === 'true' ? true : undefined,
  }),
  ...lazyPage(() => import('./modules/people/EmployeesPage'), 'EmployeesPage', {
    permission: 'people.read',
    loading: TableSkeleton,
  }),
});

const orgChartRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people/org-chart',
  ...lazyPage(() => import('./modules/people/OrgChartPage'), 'OrgChartPage', {
    permission: 'people.read',
    loading: TableSkeleton,
  }),
});

const employeeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people/$id',
  ...lazyPage(() => import('./modules/people/EmployeeDetailPage'), 'EmployeeDetailPage', {
    permission: 'people.read',
    loading: DetailSkeleton,
  }),
});

const sitesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/sites',
  ...lazyPage(() => import('./modules/organization/SitesPage'), 'SitesPage', {
    permission: 'sites.read',
    loading: TableSkeleton,
  }),
});

const departmentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/departments',
  ...lazyPage(() => import('./modules/organization/DepartmentsPage'), 'DepartmentsPage', {
    permission: 'departments.read',
    loading: TableSkeleton,
  }),
});

const positionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/positions',
  ...lazyPage(() => import('./modules/organization/PositionsPage'), 'PositionsPage', {
    permission: 'positions.read',
    loading: TableSkeleton,
  }),
});

const usersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/users',
  validateSearch: (
    search: Record<string, unknown>,
  ): { tab?: 'members' | 'invitations' | undefined } => ({
    tab: oneOf(['members', 'invitations'] as const, search.tab),
  }),
  ...lazyPage(() => import('./modules/admin/UsersPage'), 'UsersPage', {
    permission: 'users.manage',
    loading: TableSkeleton,
  }),
});

const rolesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/roles',
  ...lazyPage(() => import('./modules/admin/RolesPage'), 'RolesPage', {
    permission: 'roles.manage',
    loading: TableSkeleton,
  }),
});

const auditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/audit',
  ...lazyPage(() => import('./modules/admin/AuditPage'), 'AuditPage', {
    permission: 'audit.read',
    loading: TableSkeleton,
  }),
});

const outboxRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/outbox',
  ...lazyPage(() => import('./modules/admin/OutboxPage'), 'OutboxPage', {
    permission: 'mail.outbox.read',
    loading: TableSkeleton,
  }),
});

const organizationRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/organization',
  ...lazyPage(
    () => import('./modules/admin/OrganizationSettingsPage'),
    'OrganizationSettingsPage',
    {
      permission: 'org.settings.manage',
      loading: DetailSkeleton,
    },
  ),
});

const profileRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/me',
  ...lazyPage(() => import('./modules/profile/ProfilePage'), 'ProfilePage', {
    loading: DetailSkeleton,
  }),
});

const tokensRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/me/tokens',
  ...lazyPage(() => import('./modules/profile/TokensPage'), 'TokensPage', {
    loading: TableSkeleton,
  }),
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  forgotPasswordRoute,
  resetPasswordRoute,
  inviteRoute,
  appRoute.addChildren([
    homeRoute,
    employeesRoute,
    orgChartRoute,
    employeeRoute,
    sitesRoute,
    departmentsRoute,
    positionsRoute,
    usersRoute,
    rolesRoute,
    auditRoute,
    outboxRoute,
    organizationRoute,
    profileRoute,
    tokensRoute,
    ...workRoutes,
    ...approvalsRoutes,
    ...notificationsRoutes,
    ...calendarRoutes,
    ...resourcesRoutes,
    ...schedulingRoutes,
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
