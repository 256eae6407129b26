import { createRoute } from '@tanstack/react-router';
import { TableSkeleton } from '../../components/LoadingState';
import { appRoute, lazyPage, oneOf } from '../../routes-base';

export const APPROVAL_TABS = ['inbox', 'mine', 'decided', 'rules'] as const;
export type ApprovalTab = (typeof APPROVAL_TABS)[number];
export interface ApprovalsSearch {
  tab?: ApprovalTab | undefined;
}

const validateSearch = (search: Record<string, unknown>): ApprovalsSearch => ({
  tab: oneOf(APPROVAL_TABS, search.tab),
});

export const approvalsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/approvals',
  validateSearch,
  ...lazyPage(() => import('./ApprovalsPage'), 'ApprovalsPage', { loading: TableSkeleton }),
});

/** One request, opened in the drawer over the list (the link notifications and e-mails carry). */
export const approvalRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/approvals/$approvalId',
  validateSearch,
  ...lazyPage(() => import('./ApprovalsPage'), 'ApprovalsPage', { loading: TableSkeleton }),
});

/**
 * The approvals module's pages, put in the tree by router.tsx. Each route has
 * `getParentRoute: () => appRoute` and uses `lazyPage` from routes-base.
 */
export const approvalsRoutes = [approvalsRoute, approvalRoute] as const;
