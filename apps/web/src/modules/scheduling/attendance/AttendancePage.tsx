import { org } from '@keel/contracts';
import { Select, Tabs } from '@mantine/core';
import { IconMapPinOff } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { endpointQuery } from '../../../api/query';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorState } from '../../../components/ErrorState';
import { TableSkeleton } from '../../../components/LoadingState';
import { PageHeader } from '../../../components/PageHeader';
import { useIsPhone } from '../../../lib/use-is-phone';
import { ActualTab } from './ActualTab';
import type { AttendanceSearch } from './routes';
import { TimesheetsTab } from './TimesheetsTab';

const routeApi = getRouteApi('/app/attendance');

/** Managers: actual versus scheduled with corrections, and timesheets per pay period. */
export function AttendancePage() {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const search = routeApi.useSearch();
  const navigate = useNavigate();
  const set = useCallback(
    (patch: Partial<AttendanceSearch>) =>
      void navigate({ to: '/attendance', search: { ...search, ...patch }, replace: true }),
    [navigate, search],
  );
  const sitesQuery = useQuery(
    endpointQuery(org.listSites, { query: { includeArchived: 'false' } }),
  );
  const sites = sitesQuery.data?.items ?? [];
  const site = sites.find((s) => s.id === search.siteId) ?? sites[0] ?? null;
  const tab = search.tab ?? 'actual';

  const siteSelect = (
    <Select
      label={t('scheduling.attendance.page.site')}
      data={sites.map((s) => ({ value: s.id, label: s.name }))}
      value={site?.id ?? null}
      onChange={(v) => v && set({ siteId: v, periodFrom: undefined })}
      allowDeselect={false}
      w={isPhone ? '100%' : 220}
      data-testid="attendance-site"
    />
  );

  return (
    <>
      <PageHeader
        title={t('scheduling.attendance.page.title')}
        description={t('scheduling.attendance.page.description')}
      />
      <Tabs
        value={tab}
        onChange={(v) => v && set({ tab: v as AttendanceSearch['tab'] })}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="actual" data-testid="tab-actual">
            {t('scheduling.attendance.page.tabs.actual')}
          </Tabs.Tab>
          <Tabs.Tab value="timesheets" data-testid="tab-timesheets">
            {t('scheduling.attendance.page.tabs.timesheets')}
          </Tabs.Tab>
        </Tabs.List>
        {sitesQuery.isPending ? (
          <TableSkeleton />
        ) : sitesQuery.isError ? (
          <ErrorState error={sitesQuery.error} onRetry={() => void sitesQuery.refetch()} />
        ) : !site ? (
          <EmptyState
            icon={<IconMapPinOff size={28} stroke={1.5} aria-hidden />}
            title={t('scheduling.attendance.page.noSitesTitle')}
            description={t('scheduling.attendance.page.noSitesBody')}
          />
        ) : tab === 'actual' ? (
          <ActualTab site={site} search={search} set={set} siteSelect={siteSelect} />
        ) : (
          <TimesheetsTab site={site} search={search} set={set} siteSelect={siteSelect} />
        )}
      </Tabs>
    </>
  );
}
