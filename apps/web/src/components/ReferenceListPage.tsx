import type { AnyEndpoint, Permission } from '@keel/contracts';
import { Button, Card, Stack } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { type Icon, IconEdit, IconPlus } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type ComponentType, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CallInput, type CallOutput, call } from '../api/client';
import { endpointQuery } from '../api/query';
import { useCan } from '../lib/session';
import { useFormat } from '../lib/use-format';
import { ArchiveToggleButton } from './ArchiveToggleButton';
import { type Column, DataTable, RowLink } from './DataTable';
import { type DetailItem, DetailList } from './DetailList';
import { EmptyState } from './EmptyState';
import type { HistoryEntityType } from './HistoryTimeline';
import { ListState } from './ListState';
import { ListToolbar } from './ListToolbar';
import { AnchorLink } from './links';
import { PageHeader } from './PageHeader';
import { RecordDrawer } from './RecordDrawer';
import { RecordFormDrawer } from './RecordFormDrawer';
import { ArchivedBadge } from './StatusBadge';
import { useArchiveToggle } from './use-archive-toggle';

/** What every reference record (site, department, position…) has. */
export interface ReferenceRecord {
  id: string;
  archivedAt: string | null;
  employeeCount: number;
  updatedAt: string;
}

/** The record type a list endpoint returns in `items`. */
export type ReferenceRow<L extends AnyEndpoint> =
  CallOutput<L> extends { items: (infer R extends ReferenceRecord)[] } ? R : never;

type BodyOf<E extends AnyEndpoint> = NonNullable<CallInput<E>['body']>;

/** A reference list's endpoints: list (`q`, `includeArchived`), create, update, archive, restore. */
export interface ReferenceEndpoints<L extends AnyEndpoint, C extends AnyEndpoint> {
  list: L;
  create: C;
  update: AnyEndpoint;
  archive: AnyEndpoint;
  restore: AnyEndpoint;
}

const callAny = call as unknown as <T>(e: AnyEndpoint, i: Record<string, unknown>) => Promise<T>;

/**
 * The state of a reference list page: search (debounced), the "Show archived" switch, the list,
 * the record open in the detail drawer, the create/edit drawer, and archive/restore.
 */
export function useReferenceList<L extends AnyEndpoint>(endpoints: {
  list: L;
  archive: AnyEndpoint;
  restore: AnyEndpoint;
}) {
  type T = ReferenceRow<L>;
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [showArchived, setShowArchived] = useState(false);
  const [formOpened, formHandlers] = useDisclosure(false);
  const [editing, setEditing] = useState<T | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);

  const listQuery = endpointQuery as unknown as (
    e: L,
    input: { query: { q: string | undefined; includeArchived: 'true' | 'false' } },
  ) => ReturnType<typeof endpointQuery<L>>;
  const list = useQuery({
    ...listQuery(endpoints.list, {
      query: { q: debounced || undefined, includeArchived: showArchived ? 'true' : 'false' },
    }),
    placeholderData: keepPreviousData,
  });
  const rows = (list.data as { items: T[] } | undefined)?.items;
  const selected = rows?.find((row) => row.id === selectedId) ?? null;
  const archive = useArchiveToggle({
    archive: endpoints.archive,
    restore: endpoints.restore,
    listOperationId: endpoints.list.operationId,
  });

  return {
    search,
    setSearch,
    /** The search as sent (trimmed, debounced); empty when not searching. */
    debounced,
    showArchived,
    setShowArchived,
    list,
    rows,
    selected,
    select: setSelectedId,
    editing,
    formOpened,
    closeForm: formHandlers.close,
    openNew: () => {
      setEditing(null);
      formHandlers.open();
    },
    openEdit: (record: T) => {
      setEditing(record);
      formHandlers.open();
    },
    archive,
  };
}

export interface ReferenceListPageProps<
  L extends AnyEndpoint,
  C extends AnyEndpoint,
  V extends BodyOf<C>,
> {
  endpoints: ReferenceEndpoints<L, C>;
  /** Who may create, edit, archive and restore (everyone who sees the page may read). */
  managePermission: Permission;
  /** The record's kind in its change history. */
  entityType: HistoryEntityType;
  /** The employee list filter that shows this record's people. */
  employeesFilter: 'siteId' | 'departmentId' | 'positionId';
  /** The record's name: first column, confirmations, notifications. */
  name: (record: ReferenceRow<L>) => string;
  /** The detail drawer's title; defaults to the name. */
  detailTitle?: (record: ReferenceRow<L>) => string;
  text: {
    /** Page title and table caption. */
    title: string;
    description: string;
    /** The create button. */
    new: string;
    newTitle: string;
    editTitle: (record: ReferenceRow<L>) => string;
    searchPlaceholder: string;
    emptyTitle: string;
    empty: string;
    /** The header of the name column. */
    name: string;
    /** What archiving means here; defaults to the general hint. */
    archiveHint?: string;
  };
  /** Test id of the create button in the header, e.g. `new-site`. */
  newTestId: string;
  emptyIcon: Icon;
  /** The columns between the name and the employee count and status. */
  columns: Column<ReferenceRow<L>>[];
  /** The facts in the detail drawer, with `status` placed among them; employees and last update follow. */
  details: (record: ReferenceRow<L>, status: DetailItem) => DetailItem[];
  /** The form's values for a record, or the defaults for a new one. */
  toValues: (record: ReferenceRow<L> | null) => V;
  /** The form's fields. */
  Fields: ComponentType<{ form: UseFormReturnType<V>; record: ReferenceRow<L> | null }>;
}

/**
 * The list page of a reference record (sites, departments, positions): header with "New", search
 * and "Show archived", the table (cards on phones) with loading, error and empty states, a detail
 * drawer with edit, archive/restore and history, and the create/edit drawer.
 */
export function ReferenceListPage<
  L extends AnyEndpoint,
  C extends AnyEndpoint,
  V extends BodyOf<C>,
>({
  endpoints,
  managePermission,
  entityType,
  employeesFilter,
  name,
  detailTitle = name,
  text,
  newTestId,
  emptyIcon: EmptyIcon,
  columns,
  details,
  toValues,
  Fields,
}: ReferenceListPageProps<L, C, V>) {
  type T = ReferenceRow<L>;
  const { t } = useTranslation();
  const can = useCan();
  const format = useFormat();
  const canManage = can(managePermission);
  const page = useReferenceList(endpoints);
  const { selected, debounced } = page;

  const allColumns: Column<T>[] = [
    {
      key: 'name',
      header: text.name,
      render: (record) => <RowLink onClick={() => page.select(record.id)}>{name(record)}</RowLink>,
    },
    ...columns,
    {
      key: 'employees',
      header: t('common.employees'),
      align: 'right',
      render: (record) => format.number(record.employeeCount),
      width: 110,
    },
    {
      key: 'status',
      header: t('common.status'),
      render: (record) => <ArchivedBadge archivedAt={record.archivedAt} />,
      width: 110,
    },
  ];

  const newButton = (testId?: string) => (
    <Button
      leftSection={<IconPlus size={16} aria-hidden />}
      onClick={page.openNew}
      data-testid={testId}
    >
      {text.new}
    </Button>
  );

  return (
    <>
      <PageHeader
        title={text.title}
        description={text.description}
        actions={canManage && newButton(newTestId)}
      />
      <Stack gap="md">
        <ListToolbar
          search={page.search}
          onSearch={page.setSearch}
          searchLabel={text.searchPlaceholder}
          showArchived={page.showArchived}
          onShowArchived={page.setShowArchived}
        />
        <ListState
          query={page.list}
          rows={page.rows}
          empty={
            <EmptyState
              icon={<EmptyIcon size={28} stroke={1.5} aria-hidden />}
              title={debounced ? t('common.noMatchesTitle') : text.emptyTitle}
              description={debounced ? t('common.noMatchesHint') : text.empty}
              action={canManage && !debounced && newButton()}
            />
          }
        >
          {(rows) => (
            <DataTable
              caption={text.title}
              columns={allColumns}
              rows={rows}
              rowKey={(record) => record.id}
              onRowClick={(record) => page.select(record.id)}
            />
          )}
        </ListState>
      </Stack>

      <RecordDrawer
        opened={Boolean(selected)}
        onClose={() => page.select(null)}
        title={selected ? detailTitle(selected) : ''}
        history={selected ? { entityType, entityId: selected.id } : undefined}
        actions={
          selected &&
          canManage && (
            <>
              <Button
                variant="default"
                leftSection={<IconEdit size={16} aria-hidden />}
                onClick={() => page.openEdit(selected)}
              >
                {t('common.edit')}
              </Button>
              <ArchiveToggleButton
                archived={Boolean(selected.archivedAt)}
                archiveTitle={t('common.archiveConfirm', { name: name(selected) })}
                restoreTitle={t('common.restoreConfirm', { name: name(selected) })}
                archiveHint={text.archiveHint ?? t('common.archiveHint')}
                onArchive={() =>
                  page.archive.mutateAsync({
                    id: selected.id,
                    name: name(selected),
                    action: 'archive',
                  })
                }
                onRestore={() =>
                  page.archive.mutateAsync({
                    id: selected.id,
                    name: name(selected),
                    action: 'restore',
                  })
                }
              />
            </>
          )
        }
      >
        {selected && (
          <Card>
            <DetailList
              items={[
                ...details(selected, {
                  label: t('common.status'),
                  value: <ArchivedBadge archivedAt={selected.archivedAt} />,
                }),
                {
                  label: t('common.employees'),
                  value:
                    can('people.read') && selected.employeeCount > 0 ? (
                      <AnchorLink
                        to="/people"
                        search={
                          { [employeesFilter]: selected.id } as Record<
                            typeof employeesFilter,
                            string
                          >
                        }
                        fz="sm"
                      >
                        {t('common.employeeCount', { count: selected.employeeCount })}
                      </AnchorLink>
                    ) : (
                      t('common.employeeCount', { count: selected.employeeCount })
                    ),
                },
                { label: t('common.updated'), value: format.dateTime(selected.updatedAt) },
              ]}
            />
          </Card>
        )}
      </RecordDrawer>
      {canManage && (
        <RecordFormDrawer<T, V>
          opened={page.formOpened}
          onClose={page.closeForm}
          record={page.editing}
          toValues={toValues}
          schema={endpoints.create.body}
          save={(values, record) =>
            record
              ? callAny<T>(endpoints.update, { params: { id: record.id }, body: values })
              : callAny<T>(endpoints.create, { body: values })
          }
          title={page.editing ? text.editTitle(page.editing) : text.newTitle}
          savedName={name}
          listOperationId={endpoints.list.operationId}
        >
          {(form) => <Fields form={form} record={page.editing} />}
        </RecordFormDrawer>
      )}
    </>
  );
}
