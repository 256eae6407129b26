import { MultiSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Option } from '../organization/reference-data';

const ALL = '__all__';

interface SiteAccessInputProps {
  /** null: every site (also sites created later). */
  value: string[] | null;
  onChange: (value: string[] | null) => void;
  sites: Option[];
  label?: string;
  error?: string | undefined;
}

/** Site access as a multi-select whose first option, "All sites", means no site limit. */
export function SiteAccessInput({ value, onChange, sites, label, error }: SiteAccessInputProps) {
  const { t } = useTranslation();
  const data = [{ value: ALL, label: t('users.allSites') }, ...sites];
  const selected = value === null ? [ALL] : value;
  return (
    <MultiSelect
      label={label ?? t('users.siteAccess')}
      description={t('users.siteAccessHint')}
      data={data}
      value={selected}
      searchable
      error={error}
      onChange={(next) => {
        if (next.includes(ALL) && !selected.includes(ALL)) return onChange(null);
        onChange(next.filter((id) => id !== ALL));
      }}
      data-testid="site-access"
    />
  );
}
