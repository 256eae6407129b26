import { org } from '@keel/contracts';
import { Anchor, Button, Card, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconArchive, IconArrowBackUp, IconEdit, IconMapPin, IconPlus } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
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
import { timeZones } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useCan, useMe } from '../../lib/session';
import { useFormat } from '../../lib/use-format';
import { useArchiveToggle } from './use-archive';

type Site = org.Site;

interface SiteFormValues {
  name: string;
  code: string;
  timeZone: string;
  address: {
    line1: string;
    line2: string;
    city: string;
    region: string;
    postalCode: string;
    country: string;
  };
}

function toValues(site: Site | null, defaultTimeZone: string): SiteFormValues {
  return {
    name: site?.name ?? '',
    code: site?.code ?? '',
    timeZone: site?.timeZone ?? defaultTimeZone,
    address: {
      line1: site?.address.line1 ?? '',
      line2: site?.address.line2 ?? '',
      city: site?.address.city ?? '',
      region: site?.address.region ?? '',
      postalCode: site?.address.postalCode ?? '',
      country: site?.address.country ?? '',
    },
  };
}

function SiteFormDrawer({
  opened,
  onClose,
  site,
}: {
  opened: boolean;
  onClose: () => void;
  site: Site | null;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const zones = useMemo(() => timeZones(), []);
  const form = useForm<SiteFormValues>({
    initialValues: toValues(site, me.organization.timeZone),
    validate: (values) => zodFormErrors(org.createSiteBody, values),
    validateInputOnBlur: true,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the drawer opens
  useEffect(() => {
    if (opened) {
      form.setValues(toValues(site, me.organization.timeZone));
      form.clearErrors();
    }
  }, [opened, site?.id]);

  const save = useMutation({
    mutationFn: (values: SiteFormValues) =>
      site
        ? call(org.updateSite, { params: { id: site.id }, body: values })
        : call(org.createSite, { body: values }),
    onSuccess: async (saved) => {
      notifySuccess(t('common.savedName', { name: saved.name }));
      await queryClient.invalidateQueries({ queryKey: ['listSites'] });
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
      title={site ? t('sites.editTitle', { name: site.name }) : t('sites.newTitle')}
      onSubmit={form.onSubmit((values) => save.mutate(values))}
      submitting={save.isPending}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <TextInput label={t('sites.name')} required {...form.getInputProps('name')} />
        <TextInput
          label={t('sites.code')}
          description={t('sites.codeHint')}
          required
          maxLength={16}
          {...form.getInputProps('code')}
        />
      </SimpleGrid>
      <Select
        label={t('sites.timeZone')}
        data={zones}
        searchable
        allowDeselect={false}
        limit={100}
        required
        {...form.getInputProps('timeZone')}
      />
      <Text fw={600} fz="sm" mt="xs">
        {t('sites.address')}
      </Text>
      <TextInput
        label={t('sites.line1')}
        autoComplete="off"
        {...form.getInputProps('address.line1')}
      />
      <TextInput
        label={t('sites.line2')}
        autoComplete="off"
        {...form.getInputProps('address.line2')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <TextInput
          label={t('sites.city')}
          autoComplete="off"
          {...form.getInputProps('address.city')}
        />
        <TextInput
          label={t('sites.region')}
          autoComplete="off"
          {...form.getInputProps('address.region')}
        />
        <TextInput
          label={t('sites.postalCode')}
          autoComplete="off"
          {...form.getInputProps('address.postalCode')}
        />
        <TextInput
          label={t('sites.country')}
          description={t('sites.countryHint')}
          maxLength={2}
          autoComplete="off"
          {...form.getInputProps('address.country')}
          onChange={(event) =>
            form.setFieldValue('address.country', event.currentTarget.value.toUpperCase())
          }
        />
      </SimpleGrid>
    </FormDrawer>
  );
}

function formatAddress(site: Site): string {
  const a = site.address;
  return [a.line1, a.line2, [a.postalCode, a.city].filter(Boolean).join(' '), a.region, a.country]
    .filter((part) => part?.trim())
    .join(', ');
}

export function SitesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const format = useFormat();
  const canManage = can('sites.manage');
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [showArchived, setShowArchived] = useState(false);
  const [formOpened, formHandlers] = useDisclosure(false);
  const [editing, setEditing] = useState<Site | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);

  const list = useQuery({
    ...endpointQuery(org.listSites, {
      query: { q: debounced || undefined, includeArchived: showArchived ? 'true' : 'false' },
    }),
    placeholderData: keepPreviousData,
  });
  const selected = list.data?.items.find((site) => site.id === selectedId) ?? null;
  const archive = useArchiveToggle({
    archive: org.archiveSite,
    restore: org.restoreSite,
    listOperationId: 'listSites',
  });

  const openNew = () => {
    setEditing(null);
    formHandlers.open();
  };
  const openEdit = (site: Site) => {
    setEditing(site);
    formHandlers.open();
  };

  const columns: Column<Site>[] = [
    {
      key: 'name',
      header: t('sites.name'),
      render: (site) => (
        <Anchor
          component="button"
          type="button"
          ta="left"
          fw={600}
          fz="sm"
          onClick={(event) => {
            event.stopPropagation();
            setSelectedId(site.id);
          }}
        >
          {site.name}
        </Anchor>
      ),
    },
    { key: 'code', header: t('sites.code'), render: (site) => site.code, width: 110 },
    { key: 'timeZone', header: t('sites.timeZone'), render: (site) => site.timeZone },
    {
      key: 'address',
      header: t('sites.address'),
      render: (site) => formatAddress(site) || '—',
      hideOnMobile: true,
    },
    {
      key: 'employees',
      header: t('common.employees'),
      align: 'right',
      render: (site) => format.number(site.employeeCount),
      width: 110,
    },
    {
      key: 'status',
      header: t('common.status'),
      render: (site) => <ArchivedBadge archivedAt={site.archivedAt} />,
      width: 110,
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.sites')}
        description={t('sites.description')}
        actions={
          canManage && (
            <Button
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={openNew}
              data-testid="new-site"
            >
              {t('sites.new')}
            </Button>
          )
        }
      />
      <Stack gap="md">
        <ListToolbar
          search={search}
          onSearch={setSearch}
          searchLabel={t('sites.searchPlaceholder')}
          showArchived={showArchived}
          onShowArchived={setShowArchived}
        />
        {list.isPending ? (
          <TableSkeleton />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <EmptyState
            icon={<IconMapPin size={28} stroke={1.5} aria-hidden />}
            title={debounced ? t('common.noMatchesTitle') : t('sites.emptyTitle')}
            description={debounced ? t('common.noMatchesHint') : t('sites.empty')}
            action={
              canManage &&
              !debounced && (
                <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={openNew}>
                  {t('sites.new')}
                </Button>
              )
            }
          />
        ) : (
          <DataTable
            caption={t('nav.sites')}
            columns={columns}
            rows={list.data.items}
            rowKey={(site) => site.id}
            onRowClick={(site) => setSelectedId(site.id)}
          />
        )}
      </Stack>

      <RecordDrawer
        opened={Boolean(selected)}
        onClose={() => setSelectedId(null)}
        title={selected ? `${selected.name} (${selected.code})` : ''}
        history={selected ? { entityType: 'site', entityId: selected.id } : undefined}
        actions={
          selected &&
          canManage && (
            <>
              <Button
                variant="default"
                leftSection={<IconEdit size={16} aria-hidden />}
                onClick={() => openEdit(selected)}
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
                  confirmMessage={t('sites.archiveHint')}
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
                {
                  label: t('common.status'),
                  value: <ArchivedBadge archivedAt={selected.archivedAt} />,
                },
                { label: t('sites.timeZone'), value: selected.timeZone },
                { label: t('sites.address'), value: formatAddress(selected), wide: true },
                {
                  label: t('common.employees'),
                  value:
                    can('people.read') && selected.employeeCount > 0 ? (
                      <AnchorLink to="/people" search={{ siteId: selected.id }} fz="sm">
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
        <SiteFormDrawer opened={formOpened} onClose={formHandlers.close} site={editing} />
      )}
    </>
  );
}
