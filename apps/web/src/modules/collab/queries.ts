import { collab } from '@keel/contracts';
import { keepPreviousData, useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../api/client';

export interface RecordRef {
  entityType: string;
  entityId: string;
}

/**
 * A record's comments (oldest first), page by page. Keys start with the operationId so live
 * updates (tag `collab`) and `invalidateQueries(['listComments'])` refresh them.
 */
export function useComments(ref: RecordRef) {
  return useInfiniteQuery({
    queryKey: [collab.listComments.operationId, 'infinite', ref],
    queryFn: ({ pageParam, signal }) =>
      call(collab.listComments, {
        params: ref,
        query: { cursor: pageParam ?? undefined, limit: 50 },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

/** A record's activity, newest first, page by page. */
export function useActivity(ref: RecordRef) {
  return useInfiniteQuery({
    queryKey: [collab.listActivity.operationId, 'infinite', ref],
    queryFn: ({ pageParam, signal }) =>
      call(collab.listActivity, {
        params: ref,
        query: { cursor: pageParam ?? undefined, limit: 30 },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

/** Refreshes everything about records' threads after a change made here. */
export function useRefreshThread() {
  const queryClient = useQueryClient();
  return async () => {
    for (const id of [
      collab.listComments.operationId,
      collab.listAttachments.operationId,
      collab.listActivity.operationId,
      'getRecordHistory',
    ]) {
      await queryClient.invalidateQueries({ queryKey: [id] });
    }
  };
}
