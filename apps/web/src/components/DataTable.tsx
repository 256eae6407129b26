import {
  Anchor,
  Card,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { IconArrowDown, IconArrowsSort, IconArrowUp } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useIsPhone } from '../lib/use-is-phone';

export interface Column<T> {
  key: string;
  header: string;
  render: (row: T) => ReactNode;
  /** Set to make the column sortable by this API sort key. */
  sortKey?: string;
  width?: number | string;
  align?: 'left' | 'right' | 'center';
  /** Leave the column out of the phone card. */
  hideOnMobile?: boolean;
  /** Keep the cell on one line (dates, numbers, codes). */
  nowrap?: boolean;
}

export interface SortState {
  key: string;
  order: 'asc' | 'desc';
}

interface DataTableProps<T> {
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  /** A caption for screen readers, e.g. "Employees". */
  caption: string;
  onRowClick?: ((row: T) => void) | undefined;
  sort?: SortState | undefined;
  onSort?: ((key: string) => void) | undefined;
  /** On phones: `cards` stacks each row as a card; `scroll` keeps the table and scrolls it. */
  mobile?: 'cards' | 'scroll';
  minWidth?: number;
}

/**
 * The link-styled button in a row's first cell that opens the record (a drawer): reachable by
 * keyboard, and it does not also fire the row's own click.
 */
export function RowLink({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <Anchor
      component="button"
      type="button"
      ta="left"
      fw={600}
      fz="sm"
      onClick={(event) => {
        event.stopPropagation();
        onClick();
      }}
    >
      {children}
    </Anchor>
  );
}

function SortIcon({ active, order }: { active: boolean; order: 'asc' | 'desc' }) {
  if (!active) return <IconArrowsSort size={14} aria-hidden />;
  return order === 'asc' ? (
    <IconArrowUp size={14} aria-hidden />
  ) : (
    <IconArrowDown size={14} aria-hidden />
  );
}

/**
 * The one list pattern: a table on wide screens and cards (or a scrolling table) on phones. The
 * first column should hold a link to the record so rows are reachable by keyboard; clicking
 * anywhere on the row does the same for the mouse.
 */
export function DataTable<T>({
  columns,
  rows,
  rowKey,
  caption,
  onRowClick,
  sort,
  onSort,
  mobile = 'cards',
  minWidth = 720,
}: DataTableProps<T>) {
  const isPhone = useIsPhone();

  if (isPhone && mobile === 'cards') {
    const [first, ...rest] = columns;
    return (
      <Stack gap="sm" role="list" aria-label={caption}>
        {rows.map((row) => (
          <Card
            key={rowKey(row)}
            role="listitem"
            padding="md"
            onClick={onRowClick ? () => onRowClick(row) : undefined}
            style={onRowClick ? { cursor: 'pointer' } : undefined}
          >
            {first && <div>{first.render(row)}</div>}
            <Stack gap={4} mt={rest.length ? 'xs' : 0}>
              {rest
                .filter((column) => !column.hideOnMobile)
                .map((column) => (
                  <Group key={column.key} gap="xs" wrap="nowrap" align="flex-start">
                    <Text fz="xs" c="dimmed" w={110} style={{ flexShrink: 0 }}>
                      {column.header}
                    </Text>
                    <div style={{ minWidth: 0, fontSize: 'var(--mantine-font-size-sm)' }}>
                      {column.render(row)}
                    </div>
                  </Group>
                ))}
            </Stack>
          </Card>
        ))}
      </Stack>
    );
  }

  return (
    <Paper withBorder style={{ overflow: 'hidden' }}>
      <Table.ScrollContainer minWidth={minWidth} type="native">
        <Table highlightOnHover={Boolean(onRowClick)} verticalSpacing="sm" horizontalSpacing="md">
          <caption>
            <VisuallyHidden>{caption}</VisuallyHidden>
          </caption>
          <Table.Thead>
            <Table.Tr>
              {columns.map((column) => {
                const active = sort?.key === column.sortKey;
                return (
                  <Table.Th
                    key={column.key}
                    w={column.width}
                    ta={column.align}
                    style={{ whiteSpace: 'nowrap' }}
                    aria-sort={
                      column.sortKey && active
                        ? sort?.order === 'asc'
                          ? 'ascending'
                          : 'descending'
                        : undefined
                    }
                  >
                    {column.sortKey && onSort ? (
                      <UnstyledButton
                        onClick={() => onSort(column.sortKey!)}
                        fw={600}
                        fz="sm"
                        data-testid={`sort-${column.sortKey}`}
                      >
                        <Group gap={4} wrap="nowrap">
                          {column.header}
                          <SortIcon active={active} order={sort?.order ?? 'asc'} />
                        </Group>
                      </UnstyledButton>
                    ) : (
                      column.header
                    )}
                  </Table.Th>
                );
              })}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr
                key={rowKey(row)}
                onClick={onRowClick ? () => onRowClick(row) : undefined}
                style={onRowClick ? { cursor: 'pointer' } : undefined}
              >
                {columns.map((column) => (
                  <Table.Td
                    key={column.key}
                    ta={column.align}
                    style={column.nowrap ? { whiteSpace: 'nowrap' } : undefined}
                  >
                    {column.render(row)}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
