import { org } from '@keel/contracts';
import { Anchor, Button, Card, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import {
  IconArchive,
  IconArrowBackUp,
  IconBriefcase,
  IconEdit,
  IconPlus,
} from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { apiFieldErrors, zodFormErrors } from '../../api/form-errors';
import { endpointQuery } from '../../api/query';
import { ConfirmButton } from '../../components/ConfirmButton';
import { type Column, DataTable } from '../../components/DataTable';
import { DetailList } from '../../components/DetailList';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { FormDrawer } from '../../components/FormDrawer';
import { ListToolbar } from '../../components/ListToolbar';
import { TableSkeleton } from '../../components/LoadingState';
import { AnchorLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { RecordDrawer } from '../../components/RecordDrawer';
import { ArchivedBadge } from '../../components/StatusBadge';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useCan } from '../../lib/session';
import { useFormat } from '../../lib/use-format';
import { useReferenceOptions, withCurrent } from './reference-data';
import { useArchiveToggle } from './use-archive';

type Position = org.Position;

interface PositionFormValues {
  title: string;
  departmentId: string | null;
  description: string;
}

function toValues(position: Position | null): PositionFormValues {
  return {
    title: position?.title ?? '',
    departmentId: position?.departmentId ?? null,
    description: position?.description ?? '',
  };
}

function PositionFormDrawer({
  opened,
  onClose,
  position,
}: {
  opened: boolean;
  onClose: () => void;
  position: Position | null;
}) {
  const refs = useReferenceOptions();
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<PositionFormValues>({
    initialValues: toValues(position),
    validate: (values) => zodFormErrors(org.createPositionBody, values),
    validateInputOnBlur: true,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the drawer opens
  useEffect(() => {
    if (opened) {
      form.setValues(toValues(position));
      form.clearErrors();
    }
  }, [opened, position?.id]);

  const save = useMutation({
    mutationFn: (values: PositionFormValues) =>
      position
        ? call(org.updatePosition, { params: { id: position.id }, body: values })
        : call(org.createPosition, { body: values }),
    onSuccess: async (saved) => {
      notifySuccess(t('common.savedName', { name: saved.title }));
      await queryClient.invalidateQueries({ queryKey: ['listPositions'] });
      await queryClient.invalidateQueries({ queryKey: ['getRecordHistory'] });
      onClose();
    },
    onError: (error) => {
      const errors = apiFieldErrors(error);
      if (Object.keys(errors).length) form.setErrors(errors);
      else notifyError(error, t);
    },
  });

  return (
    <FormDrawer
      opened={opened}
      onClose={onClose}
      title={
        position ? t('positions.editTitle', { name: position.title }) : t('positions.newTitle')
      }
      onSubmit={form.onSubmit((values) => save.mutate(values))}
      submitting={save.isPending}
    >
      <TextInput label={t('positions.titleField')} required {...form.getInputProps('title')} />
      <Select
        label={t('positions.department')}
        data={withCurrent(
          refs.departments,
          position?.departmentId
            ? {
                id: position.departmentId,
                name: refs.departmentItems.find((d) => d.id === position.departmentId)?.name ?? '',
              }
            : null,
        )}
        clearable
        searchable
        placeholder={t('common.none')}
        {...form.getInputProps('departmentId')}
      />
      <Textarea
        label={t('positions.descriptionField')}
        autosize
        minRows={3}
        {...form.getInputProps('description')}
      />
    </FormDrawer>
  );
}

export function PositionsPage() {
  const refs = useReferenceOptions();
  const departmentName = (id: string | null) =>
    id ? (refs.departmentItems.find((d) => d.id === id)?.name ?? null) : null;
  const { t } = useTranslation();
  const can = useCan();
  const format = useFormat();
  const canManage = can('positions.manage');
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [showArchived, setShowArchived] = useState(false);
  const [formOpened, formHandlers] = useDisclosure(false);
  const [editing, setEditing] = useState<Position | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);

  const list = useQuery({
    ...endpointQuery(org.listPositions, {
      query: { q: debounced || undefined, includeArchived: showArchived ? 'true' : 'false' },
    }),
    placeholderData: keepPreviousData,
  });
  const selected = list.data?.items.find((d) => d.id === selectedId) ?? null;
  const archive = useArchiveToggle({
    archive: org.archivePosition,
    restore: org.restorePosition,
    listOperationId: 'listPositions',
  });

  const openNew = () => {
    setEditing(null);
    formHandlers.open();
  };

  const columns: Column<Position>[] = [
    {
      key: 'name',
      header: t('positions.titleField'),
      render: (d) => (
        <Anchor
          component="button"
          type="button"
          ta="left"
          fw={600}
          fz="sm"
          onClick={(event) => {
            event.stopPropagation();
            setSelectedId(d.id);
          }}
        >
          {d.title}
        </Anchor>
      ),
    },
    {
      key: 'department',
      header: t('positions.department'),
      render: (d) => departmentName(d.departmentId) ?? '—',
    },
    {
      key: 'description',
      header: t('positions.descriptionField'),
      render: (d) => d.description ?? '—',
      hideOnMobile: true,
    },
    {
      key: 'employees',
      header: t('common.employees'),
      align: 'right',
      render: (d) => format.number(d.employeeCount),
      width: 110,
    },
    {
      key: 'status',
      header: t('common.status'),
      render: (d) => <ArchivedBadge archivedAt={d.archivedAt} />,
      width: 110,
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.positions')}
        description={t('positions.description')}
        actions={
          canManage && (
            <Button
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={openNew}
              data-testid="new-position"
            >
              {t('positions.new')}
            </Button>
          )
        }
      />
      <Stack gap="md">
        <ListToolbar
          search={search}
          onSearch={setSearch}
          searchLabel={t('positions.searchPlaceholder')}
          showArchived={showArchived}
          onShowArchived={setShowArchived}
        />
        {list.isPending ? (
          <TableSkeleton />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <EmptyState
            icon={<IconBriefcase size={28} stroke={1.5} aria-hidden />}
            title={debounced ? t('common.noMatchesTitle') : t('positions.emptyTitle')}
            description={debounced ? t('common.noMatchesHint') : t('positions.empty')}
            action={
              canManage &&
              !debounced && (
                <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={openNew}>
                  {t('positions.new')}
                </Button>
              )
            }
          />
        ) : (
          <DataTable
            caption={t('nav.positions')}
            columns={columns}
            rows={list.data.items}
            rowKey={(d) => d.id}
            onRowClick={(d) => setSelectedId(d.id)}
          />
        )}
      </Stack>

      <RecordDrawer
        opened={Boolean(selected)}
        onClose={() => setSelectedId(null)}
        title={selected ? selected.title : ''}
        history={selected ? { entityType: 'position', entityId: selected.id } : undefined}
        actions={
          selected &&
          canManage && (
            <>
              <Button
                variant="default"
                leftSection={<IconEdit size={16} aria-hidden />}
                onClick={() => {
                  setEditing(selected);
                  formHandlers.open();
                }}
              >
                {t('common.edit')}
              </Button>
              {selected.archivedAt ? (
                <ConfirmButton
                  variant="default"
                  leftSection={<IconArrowBackUp size={16} aria-hidden />}
                  confirmTitle={t('common.restoreConfirm', { name: selected.title })}
                  onConfirm={() =>
                    archive.mutateAsync({
                      id: selected.id,
                      name: selected.title,
                      action: 'restore',
                    })
                  }
                >
                  {t('common.restore')}
                </ConfirmButton>
              ) : (
                <ConfirmButton
                  variant="default"
                  color="red"
                  leftSection={<IconArchive size={16} aria-hidden />}
                  confirmTitle={t('common.archiveConfirm', { name: selected.title })}
                  confirmMessage={t('common.archiveHint')}
                  confirmLabel={t('common.archive')}
                  onConfirm={() =>
                    archive.mutateAsync({
                      id: selected.id,
                      name: selected.title,
                      action: 'archive',
                    })
                  }
                >
                  {t('common.archive')}
                </ConfirmButton>
              )}
            </>
          )
        }
      >
        {selected && (
          <Card>
            <DetailList
              items={[
                { label: t('positions.department'), value: departmentName(selected.departmentId) },
                {
                  label: t('common.status'),
                  value: <ArchivedBadge archivedAt={selected.archivedAt} />,
                },
                { label: t('positions.descriptionField'), value: selected.description, wide: true },
                {
                  label: t('common.employees'),
                  value:
                    can('people.read') && selected.employeeCount > 0 ? (
                      <AnchorLink to="/people" search={{ positionId: selected.id }} fz="sm">
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
        <PositionFormDrawer opened={formOpened} onClose={formHandlers.close} position={editing} />
      )}
    </>
  );
}
