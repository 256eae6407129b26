import { org, type Site } from '@keel/contracts';
import { Group, Select, Tabs } from '@mantine/core';
import { IconMapPin } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { endpointQuery } from '../../../api/query';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorState } from '../../../components/ErrorState';
import { TableSkeleton } from '../../../components/LoadingState';
import { PageHeader } from '../../../components/PageHeader';
import { CoverageTab } from './CoverageTab';
import { HolidaysTab } from './HolidaysTab';
import { RotationsTab } from './RotationsTab';
import { RulesTab } from './RulesTab';
import { SETUP_TABS, type SetupTab } from './routes';
import { ShiftTypesTab } from './ShiftTypesTab';
import { TemplatesTab } from './TemplatesTab';

const routeApi = getRouteApi('/app/scheduling/setup');

function SitePanel({
  site,
  children,
}: {
  site: Site | null;
  children: (site: Site) => React.ReactNode;
}) {
  const { t } = useTranslation();
  if (!site)
    return (
      <EmptyState
        title={t('scheduling.setup.noSites')}
        description={t('scheduling.setup.noSitesHint')}
      />
    );
  return <>{children(site)}</>;
}

/** /scheduling/setup: shift types, coverage, rotations, templates, holidays and rules. */
export function SchedulingSetupPage() {
  const { t } = useTranslation();
  const search = routeApi.useSearch();
  const navigate = useNavigate();
  const tab: SetupTab = search.tab ?? 'shiftTypes';
  const sitesQuery = useQuery(endpointQuery(org.listSites, { query: {} }));
  const sites = (sitesQuery.data?.items ?? []).filter((s) => !s.archivedAt);
  const site = sites.find((s) => s.id === search.siteId) ?? sites[0] ?? null;

  const siteSelect = (
    <Select
      label={t('scheduling.setup.site')}
      data={sites.map((s) => ({ value: s.id, label: `${s.name} (${s.code})` }))}
      value={site?.id ?? null}
      onChange={(value) =>
        void navigate({
          to: '/scheduling/setup',
          search: { ...search, siteId: value ?? undefined },
        })
      }
      allowDeselect={false}
      leftSection={<IconMapPin size={16} aria-hidden />}
      w={{ base: '100%', sm: 280 }}
      data-testid="setup-site"
    />
  );

  const body = () => {
    if (sitesQuery.isPending) return <TableSkeleton />;
    if (sitesQuery.isError)
      return <ErrorState error={sitesQuery.error} onRetry={() => void sitesQuery.refetch()} />;
    return null;
  };

  return (
    <>
      <PageHeader
        title={t('scheduling.setup.title')}
        description={t('scheduling.setup.description')}
      />
      <Tabs
        value={tab}
        onChange={(value) =>
          void navigate({
            to: '/scheduling/setup',
            search: { ...search, tab: (value ?? 'shiftTypes') as SetupTab },
          })
        }
        keepMounted={false}
      >
        <Tabs.List mb="md" style={{ overflowX: 'auto', flexWrap: 'nowrap' }}>
          {SETUP_TABS.map((key) => (
            <Tabs.Tab key={key} value={key} data-testid={`setup-tab-${key}`}>
              {t(`scheduling.setup.tabs.${key}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {tab !== 'rules' && (
          <Group mb="md" align="flex-end">
            {siteSelect}
          </Group>
        )}
        {body() ?? (
          <>
            <Tabs.Panel value="shiftTypes">
              <SitePanel site={site}>{(s) => <ShiftTypesTab site={s} />}</SitePanel>
            </Tabs.Panel>
            <Tabs.Panel value="coverage">
              <SitePanel site={site}>{(s) => <CoverageTab key={s.id} site={s} />}</SitePanel>
            </Tabs.Panel>
            <Tabs.Panel value="rotations">
              <SitePanel site={site}>{(s) => <RotationsTab site={s} />}</SitePanel>
            </Tabs.Panel>
            <Tabs.Panel value="templates">
              <SitePanel site={site}>{(s) => <TemplatesTab site={s} />}</SitePanel>
            </Tabs.Panel>
            <Tabs.Panel value="holidays">
              <SitePanel site={site}>{(s) => <HolidaysTab site={s} />}</SitePanel>
            </Tabs.Panel>
          </>
        )}
        <Tabs.Panel value="rules">
          <RulesTab />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
