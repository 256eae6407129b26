import type { AnyEndpoint } from '@keel/contracts';
import { queryOptions } from '@tanstack/react-query';
import { type CallInput, type CallOutput, call } from './client';

type QueryArgs<E extends AnyEndpoint> =
  // biome-ignore lint/complexity/noBannedTypes: `{}` is the precise "no required keys" test here.
  {} extends CallInput<E>
    ? [input?: Omit<CallInput<E>, 'signal'>]
    : [input: Omit<CallInput<E>, 'signal'>];

/**
 * TanStack Query options for a GET endpoint. The key starts with the operationId, so
 * `invalidateQueries({ queryKey: ['listEmployees'] })` refreshes every variant of a list.
 */
export function endpointQuery<E extends AnyEndpoint>(endpoint: E, ...args: QueryArgs<E>) {
  const input = (args[0] ?? {}) as Record<string, unknown>;
  return queryOptions<CallOutput<E>>({
    queryKey: [endpoint.operationId, input],
    queryFn: ({ signal }) =>
      (call as unknown as (e: AnyEndpoint, i: Record<string, unknown>) => Promise<CallOutput<E>>)(
        endpoint,
        {
          ...input,
          signal,
        },
      ),
  });
}
