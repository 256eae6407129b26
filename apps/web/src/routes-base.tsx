import type { Permission } from '@keel/contracts';
import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  lazyRouteComponent,
  Outlet,
  type RouteComponent,
  redirect,
} from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { ApiError } from './api/client';
import { Guard } from './components/Guard';
import { ScreenLoader } from './components/LoadingState';
import { meQuery } from './lib/session';
import { NotFoundPage, RouteErrorPage } from './modules/errors/NotFoundPage';

/**
 * The root and signed-in layout routes and the helpers every module's routes use. Modules declare
 * their pages in `modules/<name>/routes.tsx` with `getParentRoute: () => appRoute`; `router.tsx`
 * puts them in the tree.
 */

export interface RouterContext {
  queryClient: QueryClient;
}

export const rootRoute = createRootRouteWithContext<RouterContext>()({
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
export function lazyPage<M extends Record<K, PageComponent>, K extends keyof M & string>(
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

// ── Search parameter helpers ───────────────────────────────────────────────

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function oneOf<T extends string>(values: readonly T[], value: unknown): T | undefined {
  return typeof value === 'string' && (values as readonly string[]).includes(value)
    ? (value as T)
    : undefined;
}

// ── Signed-in layout ────────────────────────────────────────────────────────

export const appRoute = createRoute({
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
