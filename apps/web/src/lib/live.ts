import { type AnyEndpoint, CONTRACT_NAMESPACES, type LiveMessage } from '@keel/contracts';
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

const isEndpoint = (v: unknown): v is AnyEndpoint =>
  !!v && typeof v === 'object' && 'operationId' in v && 'tag' in v;

/** operationId → contract tag: a live message's topics are tags. */
const TAG_OF = new Map<string, string>(
  Object.values(CONTRACT_NAMESPACES).flatMap((ns) =>
    Object.values(ns)
      .filter(isEndpoint)
      .map((ep) => [ep.operationId, ep.tag] as const),
  ),
);

/** Query keys start with the operationId (see api/query.ts). */
export function queryTag(queryKey: readonly unknown[]): string | undefined {
  return typeof queryKey[0] === 'string' ? TAG_OF.get(queryKey[0]) : undefined;
}

/**
 * Refreshes the queries of the given tags. Active queries (what is on screen) refetch at once
 * through the API, so every permission check applies again; others are marked stale.
 */
export function invalidateTopics(queryClient: QueryClient, topics: Iterable<string>): void {
  const set = new Set(topics);
  if (set.size === 0) return;
  void queryClient.invalidateQueries({
    predicate: (q) => {
      const tag = queryTag(q.queryKey);
      return tag !== undefined && set.has(tag);
    },
  });
}

const BATCH_MS = 50;

/**
 * Keeps one server-sent-event stream open while signed in and refreshes what changed. Messages
 * name topics only; bursts are batched. After a reconnect everything on screen is refreshed,
 * since events may have been missed while the stream was down.
 */
export function useLiveUpdates(enabled: boolean): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/events');
    let pending = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | null = null;
    let hadError = false;
    const flush = () => {
      timer = null;
      const topics = pending;
      pending = new Set();
      invalidateTopics(queryClient, topics);
    };
    source.addEventListener('change', (e) => {
      try {
        const message = JSON.parse((e as MessageEvent<string>).data) as LiveMessage;
        for (const topic of message.topics) pending.add(topic);
        timer ??= setTimeout(flush, BATCH_MS);
        window.dispatchEvent(new CustomEvent('keel:live', { detail: message }));
      } catch {
        // A malformed message is ignored; the next one still works.
      }
    });
    source.addEventListener('ready', () => {
      document.documentElement.dataset.live = 'open';
      if (hadError) void queryClient.invalidateQueries({ type: 'active' });
      hadError = false;
    });
    source.addEventListener('error', () => {
      hadError = true;
      document.documentElement.dataset.live = 'reconnecting';
    });
    return () => {
      if (timer) clearTimeout(timer);
      source.close();
      delete document.documentElement.dataset.live;
    };
  }, [enabled, queryClient]);
}
