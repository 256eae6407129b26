import { people } from '@keel/contracts';
import { Loader, Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpointQuery } from '../api/query';

interface EmployeePickerProps extends Omit<SelectProps, 'data' | 'value' | 'onChange'> {
  value: string | null;
  onChange: (value: string | null) => void;
  /** The current employee (id and name) so the field shows a name before any search. */
  current?: { id: string; name: string } | null | undefined;
  /** Leave this employee out (a person cannot report to themselves). */
  excludeId?: string | undefined;
}

/** A searchable employee select that asks the server as you type (GET /api/employees?q=). */
export function EmployeePicker({
  value,
  onChange,
  current,
  excludeId,
  ...props
}: EmployeePickerProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const query = useQuery({
    ...endpointQuery(people.listEmployees, { query: { q: debounced || undefined, limit: 20 } }),
    placeholderData: keepPreviousData,
  });
  const [picked, setPicked] = useState<{ id: string; name: string } | null>(null);

  const options = (query.data?.items ?? [])
    .filter((employee) => employee.id !== excludeId)
    .map((employee) => ({ value: employee.id, label: employee.name }));
  for (const extra of [current, picked]) {
    if (extra && extra.id === value && !options.some((o) => o.value === extra.id)) {
      options.unshift({ value: extra.id, label: extra.name });
    }
  }

  return (
    <Select
      searchable
      clearable
      data={options}
      value={value}
      onChange={(next, option) => {
        setPicked(next ? { id: next, name: option?.label ?? '' } : null);
        onChange(next);
      }}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={query.isFetching ? t('common.loading') : t('common.noMatches')}
      rightSection={query.isFetching ? <Loader size={14} /> : undefined}
      placeholder={t('common.searchPeople')}
      comboboxProps={{ withinPortal: true }}
      {...props}
    />
  );
}
