import { people } from '@keel/contracts';
import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { ApiError } from './api/client';
import { Guard } from './components/Guard';
import { meQuery } from './lib/session';
import { AuditPage } from './modules/admin/AuditPage';
import { OrganizationSettingsPage } from './modules/admin/OrganizationSettingsPage';
import { OutboxPage } from './modules/admin/OutboxPage';
import { RolesPage } from './modules/admin/RolesPage';
import { UsersPage } from './modules/admin/UsersPage';
import { ForgotPasswordPage } from './modules/auth/ForgotPasswordPage';
import { InvitePage } from './modules/auth/InvitePage';
import { LoginPage } from './modules/auth/LoginPage';
import { ResetPasswordPage } from './modules/auth/ResetPasswordPage';
import { NotFoundPage, RouteErrorPage } from './modules/errors/NotFoundPage';
import { HomePage } from './modules/home/HomePage';
import { DepartmentsPage } from './modules/organization/DepartmentsPage';
import { PositionsPage } from './modules/organization/PositionsPage';
import { SitesPage } from './modules/organization/SitesPage';
import { EmployeeDetailPage } from './modules/people/EmployeeDetailPage';
import { EmployeesPage } from './modules/people/EmployeesPage';
import { OrgChartPage } from './modules/people/OrgChartPage';
import { ProfilePage } from './modules/profile/ProfilePage';
import { TokensPage } from './modules/profile/TokensPage';
import { AppLayout } from './shell/AppLayout';

export interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
  errorComponent: RouteErrorPage,
});

// ── Public pages ────────────────────────────────────────────────────────────

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

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

// ── Signed-in pages ─────────────────────────────────────────────────────────

const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    try {
      await context.queryClient.ensureQueryData(meQuery);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        throw redirect({
          to: '/login',
          search: { redirect: location.href === '/' ? undefined : location.href },
        });
      }
      throw error;
    }
  },
  component: AppLayout,
});

const homeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  component: HomePage,
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

function oneOf<T extends string>(values: readonly T[], value: unknown): T | undefined {
  return typeof value === 'string' && (values as readonly string[]).includes(value)
    ? (value as T)
    : undefined;
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
  component: () => (
    <Guard permission="people.read">
      <EmployeesPage />
    </Guard>
  ),
});

const orgChartRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people/org-chart',
  component: () => (
    <Guard permission="people.read">
      <OrgChartPage />
    </Guard>
  ),
});

const employeeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people/$id',
  component: () => (
    <Guard permission="people.read">
      <EmployeeDetailPage />
    </Guard>
  ),
});

const sitesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/sites',
  component: () => (
    <Guard permission="sites.read">
      <SitesPage />
    </Guard>
  ),
});

const departmentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/departments',
  component: () => (
    <Guard permission="departments.read">
      <DepartmentsPage />
    </Guard>
  ),
});

const positionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/positions',
  component: () => (
    <Guard permission="positions.read">
      <PositionsPage />
    </Guard>
  ),
});

const usersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/users',
  validateSearch: (
    search: Record<string, unknown>,
  ): { tab?: 'members' | 'invitations' | undefined } => ({
    tab: oneOf(['members', 'invitations'] as const, search.tab),
  }),
  component: () => (
    <Guard permission="users.manage">
      <UsersPage />
    </Guard>
  ),
});

const rolesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/roles',
  component: () => (
    <Guard permission="roles.manage">
      <RolesPage />
    </Guard>
  ),
});

const auditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/audit',
  component: () => (
    <Guard permission="audit.read">
      <AuditPage />
    </Guard>
  ),
});

const outboxRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/outbox',
  component: () => (
    <Guard permission="mail.outbox.read">
      <OutboxPage />
    </Guard>
  ),
});

const organizationRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/organization',
  component: () => (
    <Guard permission="org.settings.manage">
      <OrganizationSettingsPage />
    </Guard>
  ),
});

const profileRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/me',
  component: ProfilePage,
});

const tokensRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/me/tokens',
  component: TokensPage,
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
