import type { Permission } from '@keel/contracts';
import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCan } from '../lib/session';

interface ReferenceFilterProps {
  /** Shown only to callers who may read the referenced records. */
  permission: Permission;
  label: string;
  data: { value: string; label: string }[];
  value: string | null;
  onChange: (value: string | null) => void;
}

/** A list filter on a site, department or position: searchable, clearable, "All" when empty. */
export function ReferenceFilter({
  permission,
  label,
  data,
  value,
  onChange,
}: ReferenceFilterProps) {
  const { t } = useTranslation();
  const can = useCan();
  if (!can(permission)) return null;
  return (
    <Select
      label={label}
      placeholder={t('common.all')}
      data={data}
      value={value}
      onChange={onChange}
      clearable
      searchable
    />
  );
}
