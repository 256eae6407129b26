import { Button, Group, type MantineSpacing } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from './ErrorState';
import { TableSkeleton } from './LoadingState';

interface ListStateProps<T> {
  /** The list's query (a `useQuery` or `useInfiniteQuery` result). */
  query: { isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown };
  /** The loaded rows; read only once the query has succeeded. */
  rows: T[] | undefined;
  /** What to show when there are no rows: an EmptyState with its call to action. */
  empty: ReactNode;
  /** Defaults to a TableSkeleton. */
  skeleton?: ReactNode;
  children: (rows: T[]) => ReactNode;
}

/** The four states of a list: loading, failed (with retry), empty, and its rows. */
export function ListState<T>({ query, rows, empty, skeleton, children }: ListStateProps<T>) {
  if (query.isPending) return <>{skeleton ?? <TableSkeleton />}</>;
  if (query.isError) {
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (!rows?.length) return <>{empty}</>;
  return <>{children(rows)}</>;
}

interface Pager {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/** "Load more" under a cursor-paged list; nothing once the last page is in. */
export function LoadMoreButton({ list, testId }: { list: Pager; testId?: string }) {
  const { t } = useTranslation();
  if (!list.hasNextPage) return null;
  return (
    <Button
      variant="default"
      onClick={() => void list.fetchNextPage()}
      loading={list.isFetchingNextPage}
      data-testid={testId}
    >
      {t('common.loadMore')}
    </Button>
  );
}

/** LoadMoreButton centred on its own row. */
export function LoadMore({
  list,
  testId,
  mt,
}: {
  list: Pager;
  testId?: string;
  mt?: MantineSpacing;
}) {
  if (!list.hasNextPage) return null;
  return (
    <Group justify="center" mt={mt}>
      <LoadMoreButton list={list} testId={testId} />
    </Group>
  );
}
