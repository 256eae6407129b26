import { org } from '@keel/contracts';
import { Anchor, Button, Card, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import {
  IconArchive,
  IconArrowBackUp,
  IconBuildingCommunity,
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
import { useArchiveToggle } from './use-archive';

type Department = org.Department;

interface DepartmentFormValues {
  name: string;
  code: string;
  description: string;
}

function toValues(department: Department | null): DepartmentFormValues {
  return {
    name: department?.name ?? '',
    code: department?.code ?? '',
    description: department?.description ?? '',
  };
}

function DepartmentFormDrawer({
  opened,
  onClose,
  department,
}: {
  opened: boolean;
  onClose: () => void;
  department: Department | null;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<DepartmentFormValues>({
    initialValues: toValues(department),
    validate: (values) => zodFormErrors(org.createDepartmentBody, values),
    validateInputOnBlur: true,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the drawer opens
  useEffect(() => {
    if (opened) {
      form.setValues(toValues(department));
      form.clearErrors();
    }
  }, [opened, department?.id]);

  const save = useMutation({
    mutationFn: (values: DepartmentFormValues) =>
      department
        ? call(org.updateDepartment, { params: { id: department.id }, body: values })
        : call(org.createDepartment, { body: values }),
    onSuccess: async (saved) => {
      notifySuccess(t('common.savedName', { name: saved.name }));
      await queryClient.invalidateQueries({ queryKey: ['listDepartments'] });
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
        department
          ? t('departments.editTitle', { name: department.name })
          : t('departments.newTitle')
      }
      onSubmit={form.onSubmit((values) => save.mutate(values))}
      submitting={save.isPending}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <TextInput label={t('departments.name')} required {...form.getInputProps('name')} />
        <TextInput
          label={t('departments.code')}
          description={t('sites.codeHint')}
          required
          maxLength={16}
          {...form.getInputProps('code')}
        />
      </SimpleGrid>
      <Textarea
        label={t('departments.descriptionField')}
        autosize
        minRows={3}
        {...form.getInputProps('description')}
      />
    </FormDrawer>
  );
}

export function DepartmentsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const format = useFormat();
  const canManage = can('departments.manage');
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [showArchived, setShowArchived] = useState(false);
  const [formOpened, formHandlers] = useDisclosure(false);
  const [editing, setEditing] = useState<Department | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);

  const list = useQuery({
    ...endpointQuery(org.listDepartments, {
      query: { q: debounced || undefined, includeArchived: showArchived ? 'true' : 'false' },
    }),
    placeholderData: keepPreviousData,
  });
  const selected = list.data?.items.find((d) => d.id === selectedId) ?? null;
  const archive = useArchiveToggle({
    archive: org.archiveDepartment,
    restore: org.restoreDepartment,
    listOperationId: 'listDepartments',
  });

  const openNew = () => {
    setEditing(null);
    formHandlers.open();
  };

  const columns: Column<Department>[] = [
    {
      key: 'name',
      header: t('departments.name'),
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
          {d.name}
        </Anchor>
      ),
    },
    { key: 'code', header: t('departments.code'), render: (d) => d.code, width: 110 },
    {
      key: 'description',
      header: t('departments.descriptionField'),
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
        title={t('nav.departments')}
        description={t('departments.description')}
        actions={
          canManage && (
            <Button
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={openNew}
              data-testid="new-department"
            >
              {t('departments.new')}
            </Button>
          )
        }
      />
      <Stack gap="md">
        <ListToolbar
          search={search}
          onSearch={setSearch}
          searchLabel={t('departments.searchPlaceholder')}
          showArchived={showArchived}
          onShowArchived={setShowArchived}
        />
        {list.isPending ? (
          <TableSkeleton />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <EmptyState
            icon={<IconBuildingCommunity size={28} stroke={1.5} aria-hidden />}
            title={debounced ? t('common.noMatchesTitle') : t('departments.emptyTitle')}
            description={debounced ? t('common.noMatchesHint') : t('departments.empty')}
            action={
              canManage &&
              !debounced && (
                <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={openNew}>
                  {t('departments.new')}
                </Button>
              )
            }
          />
        ) : (
          <DataTable
            caption={t('nav.departments')}
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
        title={selected ? selected.name : ''}
        history={selected ? { entityType: 'department', entityId: selected.id } : undefined}
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
                  confirmTitle={t('common.restoreConfirm', { name: selected.name })}
                  onConfirm={() =>
                    archive.mutateAsync({ id: selected.id, name: selected.name, action: 'restore' })
                  }
                >
                  {t('common.restore')}
                </ConfirmButton>
              ) : (
                <ConfirmButton
                  variant="default"
                  color="red"
                  leftSection={<IconArchive size={16} aria-hidden />}
                  confirmTitle={t('common.archiveConfirm', { name: selected.name })}
                  confirmMessage={t('common.archiveHint')}
                  confirmLabel={t('common.archive')}
                  onConfirm={() =>
                    archive.mutateAsync({ id: selected.id, name: selected.name, action: 'archive' })
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
                { label: t('departments.code'), value: selected.code },
                {
                  label: t('common.status'),
                  value: <ArchivedBadge archivedAt={selected.archivedAt} />,
                },
                {
                  label: t('departments.descriptionField'),
                  value: selected.description,
                  wide: true,
                },
                {
                  label: t('common.employees'),
                  value:
                    can('people.read') && selected.employeeCount > 0 ? (
                      <AnchorLink to="/people" search={{ departmentId: selected.id }} fz="sm">
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
        <DepartmentFormDrawer
          opened={formOpened}
          onClose={formHandlers.close}
          department={editing}
        />
      )}
    </>
  );
}
