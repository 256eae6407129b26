import { auth, type Permission } from '@keel/contracts';
import { queryOptions, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { call, setCsrfToken } from '../api/client';

export type Me = auth.Me;

/** The signed-in user, organization and permissions; the CSRF token is stored as a side effect. */
export const meQuery = queryOptions({
  queryKey: ['getMe'],
  queryFn: async ({ signal }) => {
    const me = await call(auth.getMe, { signal });
    setCsrfToken(me.csrfToken);
    return me;
  },
  staleTime: 60_000,
});

/** The current session; only for components under the signed-in layout (it loads `me` first). */
export function useMe(): Me {
  return useSuspenseQuery(meQuery).data;
}

/** `can('people.read')`: whether the signed-in member's role grants a permission. */
export function useCan(): (permission: Permission) => boolean {
  const me = useMe();
  return useCallback((permission) => me.permissions.includes(permission), [me.permissions]);
}

/** Forgets everything cached for the previous user or organization. */
export function useResetSession(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => {
    queryClient.clear();
  }, [queryClient]);
}
