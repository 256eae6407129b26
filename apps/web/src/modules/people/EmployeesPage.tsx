import { people } from '@keel/contracts';
import {
  Avatar,
  Badge,
  Button,
  Collapse,
  Group,
  Menu,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedCallback, useDisclosure } from '@mantine/hooks';
import {
  IconChevronDown,
  IconDownload,
  IconFileImport,
  IconFilter,
  IconPlus,
  IconSearch,
  IconUsers,
} from '@tabler/icons-react';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpointUrl } from '../../api/client';
import { useCursorList } from '../../api/query';
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { ListState, LoadMoreButton } from '../../components/ListState';
import { AnchorLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { ReferenceFilter } from '../../components/ReferenceFilter';
import { useCan } from '../../lib/session';
import { useFormat } from '../../lib/use-format';
import { useIsPhone } from '../../lib/use-is-phone';
import type { EmployeeSearch } from '../../router';
import { initials } from '../../shell/UserMenu';
import { useReferenceOptions } from '../organization/reference-data';
import { EmployeeFormDrawer } from './EmployeeFormDrawer';
import { ImportDrawer } from './ImportDrawer';

const routeApi = getRouteApi('/app/people');
const PAGE_SIZE = 25;

type Employee = people.Employee;

export function EmployeesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const format = useFormat();
  const navigate = useNavigate();
  const search = routeApi.useSearch();
  const refs = useReferenceOptions();
  const [formOpened, formHandlers] = useDisclosure(Boolean(search.new));
  const [importOpened, importHandlers] = useDisclosure(false);
  const [q, setQ] = useState(search.q ?? '');
  const isPhone = useIsPhone();
  const [filtersOpen, setFiltersOpen] = useState(false);

  const setSearch = (patch: Partial<EmployeeSearch>) =>
    void navigate({ to: '/people', search: (prev) => ({ ...prev, ...patch }), replace: true });
  const setQDebounced = useDebouncedCallback(
    (value: string) => setSearch({ q: value || undefined }),
    300,
  );

  const filters = {
    q: search.q,
    siteId: search.siteId,
    departmentId: search.departmentId,
    positionId: search.positionId,
    employmentType: search.employmentType,
    status: search.status ?? 'active',
    sort: search.sort ?? 'name',
    order: search.order ?? 'asc',
  } as const;

  const { list, rows } = useCursorList(people.listEmployees, { ...filters, limit: PAGE_SIZE });
  const total = list.data?.pages[0]?.total ?? 0;
  const activeFilters = [
    filters.siteId,
    filters.departmentId,
    filters.positionId,
    filters.employmentType,
    filters.status !== 'active' ? filters.status : undefined,
  ].filter(Boolean).length;
  const hasFilters = Boolean(
    filters.q ||
      filters.siteId ||
      filters.departmentId ||
      filters.positionId ||
      filters.employmentType ||
      filters.status !== 'active',
  );

  const columns: Column<Employee>[] = [
    {
      key: 'name',
      header: t('people.name'),
      sortKey: 'name',
      render: (e) => (
        <Group gap="sm" wrap="nowrap">
          <Avatar size={32} radius="xl" color="keel" alt="">
            {initials(e.name)}
          </Avatar>
          <div style={{ minWidth: 0 }}>
            <AnchorLink
              to="/people/$id"
              params={{ id: e.id }}
              fw={600}
              fz="sm"
              onClick={(event) => event.stopPropagation()}
            >
              {e.name}
            </AnchorLink>
            {e.email && (
              <Text fz="xs" c="dimmed" truncate="end">
                {e.email}
              </Text>
            )}
          </div>
          {e.status === 'archived' && (
            <Badge size="xs" color="gray" variant="light">
              {t('common.archived')}
            </Badge>
          )}
        </Group>
      ),
    },
    {
      key: 'number',
      header: t('people.employeeNumberShort'),
      sortKey: 'employeeNumber',
      render: (e) => e.employeeNumber ?? '—',
      width: 110,
      nowrap: true,
    },
    {
      key: 'position',
      header: t('people.positionAndDepartment'),
      render: (e) => (
        <div>
          <Text fz="sm">{e.position?.name ?? '—'}</Text>
          {e.department && (
            <Text fz="xs" c="dimmed">
              {e.department.name}
            </Text>
          )}
        </div>
      ),
    },
    { key: 'site', header: t('people.site'), render: (e) => e.site?.name ?? '—' },
    {
      key: 'startDate',
      header: t('people.startDate'),
      sortKey: 'startDate',
      render: (e) => format.date(e.startDate) || '—',
      hideOnMobile: true,
      nowrap: true,
    },
    {
      key: 'type',
      header: t('people.employmentType'),
      render: (e) => t(`people.employmentTypes.${e.employmentType}`),
      hideOnMobile: true,
    },
  ];

  const exportHref = endpointUrl(people.exportEmployees, {
    query: {
      q: filters.q,
      siteId: filters.siteId,
      departmentId: filters.departmentId,
      positionId: filters.positionId,
      employmentType: filters.employmentType,
      status: filters.status,
      sort: filters.sort,
      order: filters.order,
    },
  });

  return (
    <>
      <PageHeader
        title={t('nav.employees')}
        description={list.data ? t('people.totalCount', { count: total }) : t('people.description')}
        actions={
          <>
            <Button
              component="a"
              href={exportHref}
              download
              variant="default"
              leftSection={<IconDownload size={16} aria-hidden />}
              data-testid="export-csv"
            >
              {t('people.exportCsv')}
            </Button>
            {can('people.manage') && (
              <Button.Group>
                <Button
                  leftSection={<IconPlus size={16} aria-hidden />}
                  onClick={formHandlers.open}
                  data-testid="new-employee"
                >
                  {t('people.newEmployee')}
                </Button>
                <Menu position="bottom-end">
                  <Menu.Target>
                    <Button px={8} aria-label={t('people.moreActions')}>
                      <IconChevronDown size={16} aria-hidden />
                    </Button>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item
                      leftSection={<IconFileImport size={16} aria-hidden />}
                      onClick={importHandlers.open}
                      data-testid="import-csv"
                    >
                      {t('people.importCsv')}
                    </Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              </Button.Group>
            )}
          </>
        }
      />

      <Stack gap="md">
        <Group align="flex-end" gap="sm" wrap="nowrap">
          <TextInput
            label={t('common.search')}
            placeholder={t('people.searchPlaceholder')}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={q}
            onChange={(event) => {
              setQ(event.currentTarget.value);
              setQDebounced(event.currentTarget.value.trim());
            }}
            data-testid="employee-search"
            style={{ flex: 1, maxWidth: 440 }}
          />
          {isPhone && (
            <Button
              variant="default"
              leftSection={<IconFilter size={16} aria-hidden />}
              onClick={() => setFiltersOpen((open) => !open)}
              aria-expanded={filtersOpen}
              aria-controls="employee-filters"
            >
              {activeFilters
                ? t('people.filtersCount', { count: activeFilters })
                : t('people.filters')}
            </Button>
          )}
        </Group>
        <Collapse expanded={!isPhone || filtersOpen} id="employee-filters">
          <SimpleGrid cols={{ base: 1, xs: 2, sm: 3, lg: 5 }} spacing="sm">
            <ReferenceFilter
              permission="sites.read"
              label={t('people.site')}
              data={refs.sites}
              value={search.siteId ?? null}
              onChange={(value) => setSearch({ siteId: value ?? undefined })}
            />
            <ReferenceFilter
              permission="departments.read"
              label={t('people.department')}
              data={refs.departments}
              value={search.departmentId ?? null}
              onChange={(value) => setSearch({ departmentId: value ?? undefined })}
            />
            <ReferenceFilter
              permission="positions.read"
              label={t('people.position')}
              data={refs.positions}
              value={search.positionId ?? null}
              onChange={(value) => setSearch({ positionId: value ?? undefined })}
            />
            <Select
              label={t('people.employmentType')}
              placeholder={t('common.all')}
              data={people.EMPLOYMENT_TYPES.map((value) => ({
                value,
                label: t(`people.employmentTypes.${value}`),
              }))}
              value={search.employmentType ?? null}
              onChange={(value) =>
                setSearch({
                  employmentType: (value as EmployeeSearch['employmentType']) ?? undefined,
                })
              }
              clearable
            />
            <Select
              label={t('people.status')}
              data={[
                { value: 'active', label: t('people.statuses.active') },
                { value: 'archived', label: t('people.statuses.archived') },
                { value: 'all', label: t('people.statuses.all') },
              ]}
              value={filters.status}
              allowDeselect={false}
              onChange={(value) =>
                setSearch({
                  status: value === 'active' ? undefined : (value as EmployeeSearch['status']),
                })
              }
              data-testid="status-filter"
            />
          </SimpleGrid>
        </Collapse>

        <ListState
          query={list}
          rows={rows}
          empty={
            hasFilters ? (
              <EmptyState
                icon={<IconSearch size={28} stroke={1.5} aria-hidden />}
                title={t('people.noMatchesTitle')}
                description={t('people.noMatches')}
                action={
                  <Button
                    variant="default"
                    onClick={() => {
                      setQ('');
                      void navigate({ to: '/people', search: {}, replace: true });
                    }}
                  >
                    {t('common.clearFilters')}
                  </Button>
                }
              />
            ) : (
              <EmptyState
                icon={<IconUsers size={28} stroke={1.5} aria-hidden />}
                title={t('people.emptyTitle')}
                description={t('people.empty')}
                action={
                  can('people.manage') && (
                    <Group gap="sm">
                      <Button
                        leftSection={<IconPlus size={16} aria-hidden />}
                        onClick={formHandlers.open}
                      >
                        {t('people.newEmployee')}
                      </Button>
                      <Button
                        variant="default"
                        leftSection={<IconFileImport size={16} aria-hidden />}
                        onClick={importHandlers.open}
                      >
                        {t('people.importCsv')}
                      </Button>
                    </Group>
                  )
                }
              />
            )
          }
        >
          {(employees) => (
            <>
              <DataTable
                caption={t('nav.employees')}
                columns={columns}
                rows={employees}
                rowKey={(e) => e.id}
                onRowClick={(e) => void navigate({ to: '/people/$id', params: { id: e.id } })}
                sort={{ key: filters.sort, order: filters.order }}
                onSort={(key) =>
                  setSearch({
                    sort: key as EmployeeSearch['sort'],
                    order: filters.sort === key && filters.order === 'asc' ? 'desc' : 'asc',
                  })
                }
              />
              <Group justify="space-between" wrap="wrap">
                <Text fz="sm" c="dimmed" data-testid="employee-count" aria-live="polite">
                  {t('common.showingOf', {
                    shown: format.number(rows.length),
                    total: format.number(total),
                  })}
                </Text>
                <LoadMoreButton list={list} testId="load-more" />
              </Group>
            </>
          )}
        </ListState>
      </Stack>

      {can('people.manage') && (
        <>
          <EmployeeFormDrawer
            opened={formOpened}
            onClose={() => {
              formHandlers.close();
              if (search.new) setSearch({ new: undefined });
            }}
            employee={null}
            onSaved={(saved) => void navigate({ to: '/people/$id', params: { id: saved.id } })}
          />
          <ImportDrawer opened={importOpened} onClose={importHandlers.close} />
        </>
      )}
    </>
  );
}
