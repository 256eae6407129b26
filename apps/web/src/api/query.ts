import type { AnyEndpoint } from '@keel/contracts';
import {
  keepPreviousData,
  queryOptions,
  useInfiniteQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { type CallInput, type CallOutput, call } from './client';

type QueryArgs<E extends AnyEndpoint> =
  // biome-ignore lint/complexity/noBannedTypes: `{}` is the precise "no required keys" test here.
  {} extends CallInput<E>
    ? [input?: Omit<CallInput<E>, 'signal'>]
    : [input: Omit<CallInput<E>, 'signal'>];

const callAny = call as unknown as <T>(e: AnyEndpoint, i: Record<string, unknown>) => Promise<T>;

/**
 * TanStack Query options for a GET endpoint. The key starts with the operationId, so
 * `invalidateQueries({ queryKey: ['listEmployees'] })` refreshes every variant of a list.
 */
export function endpointQuery<E extends AnyEndpoint>(endpoint: E, ...args: QueryArgs<E>) {
  const input = (args[0] ?? {}) as Record<string, unknown>;
  return queryOptions<CallOutput<E>>({
    queryKey: [endpoint.operationId, input],
    queryFn: ({ signal }) => callAny<CallOutput<E>>(endpoint, { ...input, signal }),
  });
}

type ItemOf<E extends AnyEndpoint> = CallOutput<E> extends { items: (infer R)[] } ? R : never;

/**
 * A cursor-paged list endpoint (`items` + `nextCursor`) as an infinite query, keyed
 * `[operationId, 'infinite', query]`. `rows` are the items of every page loaded so far; while the
 * query changes, the previous rows stay on screen.
 */
export function useCursorList<E extends AnyEndpoint>(
  endpoint: E,
  query: Omit<NonNullable<CallInput<E>['query']>, 'cursor'>,
) {
  const list = useInfiniteQuery({
    queryKey: [endpoint.operationId, 'infinite', query],
    queryFn: ({ pageParam, signal }) =>
      callAny<CallOutput<E> & { items: ItemOf<E>[]; nextCursor: string | null }>(endpoint, {
        query: { ...query, cursor: pageParam ?? undefined },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const rows: ItemOf<E>[] = list.data?.pages.flatMap((page) => page.items) ?? [];
  return { list, rows };
}

/**
 * Refreshes queries by operationId (every variant of each), one after another, and resolves once
 * the active ones have loaded again.
 */
export function useRefresh(): (...operationIds: string[]) => Promise<void> {
  const queryClient = useQueryClient();
  return async (...operationIds) => {
    for (const operationId of operationIds) {
      await queryClient.invalidateQueries({ queryKey: [operationId] });
    }
  };
}
