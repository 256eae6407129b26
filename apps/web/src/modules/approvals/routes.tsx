/**
 * The approvals module's pages, put in the tree by router.tsx. Each route has
 * `getParentRoute: () => appRoute` and uses `lazyPage` from routes-base.
 */
export const approvalsRoutes = [] as const;
