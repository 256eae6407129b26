import { org } from '@keel/contracts';
import { Select, SimpleGrid, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconMapPin } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ReferenceListPage } from '../../components/ReferenceListPage';
import { timeZones } from '../../lib/format';
import { useMe } from '../../lib/session';

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

function SiteFields({ form }: { form: UseFormReturnType<SiteFormValues> }) {
  const { t } = useTranslation();
  const zones = useMemo(() => timeZones(), []);
  return (
    <>
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
    </>
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
  const me = useMe();
  return (
    <ReferenceListPage
      endpoints={{
        list: org.listSites,
        create: org.createSite,
        update: org.updateSite,
        archive: org.archiveSite,
        restore: org.restoreSite,
      }}
      managePermission="sites.manage"
      entityType="site"
      employeesFilter="siteId"
      name={(site) => site.name}
      detailTitle={(site) => `${site.name} (${site.code})`}
      text={{
        title: t('nav.sites'),
        description: t('sites.description'),
        new: t('sites.new'),
        newTitle: t('sites.newTitle'),
        editTitle: (site) => t('sites.editTitle', { name: site.name }),
        searchPlaceholder: t('sites.searchPlaceholder'),
        emptyTitle: t('sites.emptyTitle'),
        empty: t('sites.empty'),
        name: t('sites.name'),
        archiveHint: t('sites.archiveHint'),
      }}
      newTestId="new-site"
      emptyIcon={IconMapPin}
      columns={[
        { key: 'code', header: t('sites.code'), render: (site) => site.code, width: 110 },
        { key: 'timeZone', header: t('sites.timeZone'), render: (site) => site.timeZone },
        {
          key: 'address',
          header: t('sites.address'),
          render: (site) => formatAddress(site) || '—',
          hideOnMobile: true,
        },
      ]}
      details={(site, status) => [
        status,
        { label: t('sites.timeZone'), value: site.timeZone },
        { label: t('sites.address'), value: formatAddress(site), wide: true },
      ]}
      toValues={(site) => toValues(site, me.organization.timeZone)}
      Fields={SiteFields}
    />
  );
}
