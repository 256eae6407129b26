import { collab, type DirectoryMember } from '@keel/contracts';
import {
  type ComboboxItem,
  Group,
  Loader,
  MultiSelect,
  type OptionsFilter,
  Select,
  Stack,
  Text,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpointQuery } from '../api/query';

export interface MemberPickerProps {
  /** Picked user ids (one at most unless `multiple`). */
  value: string[];
  onChange: (value: string[]) => void;
  label: ReactNode;
  multiple?: boolean;
  /** Shown beside each person in the list, e.g. their workload. */
  renderExtra?: (userId: string) => ReactNode;
  placeholder?: string;
  description?: ReactNode;
  error?: ReactNode;
  required?: boolean;
  disabled?: boolean;
  /** Leave these people out of the choices (they can still be shown when already picked). */
  excludeUserIds?: string[];
  'data-testid'?: string;
}

/**
 * Picks members of the organization from the directory (GET /api/directory), searching the
 * server as you type; picked people keep their names even when outside the current search.
 */
export function MemberPicker({
  value,
  onChange,
  label,
  multiple = false,
  renderExtra,
  placeholder,
  description,
  error,
  required,
  disabled,
  excludeUserIds,
  'data-testid': testId,
}: MemberPickerProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const list = useQuery({
    ...endpointQuery(collab.listDirectory, { query: { q: debounced || undefined, limit: 30 } }),
    placeholderData: keepPreviousData,
  });
  const pickedIds = [...value].sort().join(',');
  const picked = useQuery({
    ...endpointQuery(collab.listDirectory, { query: { ids: pickedIds, limit: 500 } }),
    enabled: pickedIds !== '',
    placeholderData: keepPreviousData,
  });

  const members = useMemo(() => {
    const byId = new Map<string, DirectoryMember>();
    for (const m of picked.data?.items ?? []) byId.set(m.userId, m);
    for (const m of list.data?.items ?? []) byId.set(m.userId, m);
    return byId;
  }, [list.data, picked.data]);

  const excluded = new Set(excludeUserIds ?? []);
  const data: ComboboxItem[] = [];
  const seen = new Set<string>();
  const add = (m: DirectoryMember) => {
    if (seen.has(m.userId)) return;
    seen.add(m.userId);
    data.push({ value: m.userId, label: m.name });
  };
  for (const id of value) {
    const m = members.get(id);
    if (m) add(m);
    else if (!seen.has(id)) {
      seen.add(id);
      data.push({ value: id, label: picked.isFetching ? t('common.loading') : id });
    }
  }
  for (const m of list.data?.items ?? []) if (!excluded.has(m.userId)) add(m);

  const renderOption = ({ option }: { option: ComboboxItem }) => {
    const m = members.get(option.value);
    const sub = [m?.positionTitle, m?.departmentName].filter(Boolean).join(' · ');
    return (
      <Group justify="space-between" wrap="nowrap" gap="sm" w="100%">
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Text fz="sm" truncate>
            {option.label}
          </Text>
          {sub && (
            <Text fz="xs" c="dimmed" truncate>
              {sub}
            </Text>
          )}
        </Stack>
        {renderExtra?.(option.value)}
      </Group>
    );
  };

  const common = {
    label,
    description,
    error,
    required,
    disabled,
    data,
    searchable: true,
    searchValue: search,
    onSearchChange: setSearch,
    // The server filters; show what it answered.
    filter: ((input) => input.options) as OptionsFilter,
    nothingFoundMessage: list.isFetching ? t('common.loading') : t('common.noMatches'),
    rightSection: list.isFetching ? <Loader size={14} /> : undefined,
    placeholder: placeholder ?? t('common.searchPeople'),
    renderOption,
    comboboxProps: { withinPortal: true },
    'data-testid': testId,
  } as const;

  if (multiple) {
    return (
      <MultiSelect
        {...common}
        value={value}
        onChange={(next) => {
          onChange(next);
          setSearch('');
        }}
        clearable
        hidePickedOptions
      />
    );
  }
  return (
    <Select
      {...common}
      value={value[0] ?? null}
      onChange={(next) => onChange(next ? [next] : [])}
      clearable
    />
  );
}
