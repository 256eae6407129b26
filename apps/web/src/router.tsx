import { type Permission, people } from '@keel/contracts';
import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  type RouteComponent,
  redirect,
} from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { ApiError } from './api/client';
import { Guard } from './components/Guard';
import { DetailSkeleton, ScreenLoader, TableSkeleton } from './components/LoadingState';
import { meQuery } from './lib/session';
import { ForgotPasswordPage } from './modules/auth/ForgotPasswordPage';
import { InvitePage } from './modules/auth/InvitePage';
import { LoginPage } from './modules/auth/LoginPage';
import { ResetPasswordPage } from './modules/auth/ResetPasswordPage';
import { NotFoundPage, RouteErrorPage } from './modules/errors/NotFoundPage';

export interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
  errorComponent: RouteErrorPage,
});

// ── Code splitting ──────────────────────────────────────────────────────────
//
// The public pages (sign-in, password reset, invitation) are in the entry chunk: they are small
// and are the first screen of every signed-out visit, so they should not wait for a second
// round trip. The signed-in layout and each signed-in page are their own chunks, fetched when the
// route is first matched or a link to it is hovered (`defaultPreload: 'intent'`); routes keep
// their search validation here, eagerly, so links stay typed. The error pages stay in the entry:
// they must render when a chunk fails to load. A chunk that went missing (a redeploy renamed it)
// reloads the document once (`lazyRouteComponent`); after that the root error page offers a
// reload. See `vite.config.ts` for how the chunks are grouped.

type PageComponent = () => ReactNode;

/**
 * A route component loaded on demand, with `loading` shown if the chunk takes a while; with a
 * permission it renders only when the role grants it ("You don't have access" otherwise).
 */
function lazyPage<M extends Record<K, PageComponent>, K extends keyof M & string>(
  load: () => Promise<M>,
  name: K,
  { loading, permission }: { loading: RouteComponent; permission?: Permission },
) {
  return {
    component: lazyRouteComponent(async (): Promise<{ default: PageComponent }> => {
      const Page: PageComponent = (await load())[name];
      if (!permission) return { default: Page };
      return {
        default: () => (
          <Guard permission={permission}>
            <Page />
          </Guard>
        ),
      };
    }),
    pendingComponent: loading,
  };
}

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
  ...lazyPage(() => import('./shell/AppLayout'), 'AppLayout', { loading: ScreenLoader }),
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
