import { Group, Switch, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

interface ListToolbarProps {
  search: string;
  onSearch: (value: string) => void;
  searchLabel: string;
  showArchived?: boolean;
  onShowArchived?: (value: boolean) => void;
}

/** Search box and "Show archived" switch above a reference list. */
export function ListToolbar({
  search,
  onSearch,
  searchLabel,
  showArchived,
  onShowArchived,
}: ListToolbarProps) {
  const { t } = useTranslation();
  return (
    <Group gap="md" align="flex-end" wrap="wrap">
      <TextInput
        label={t('common.search')}
        placeholder={searchLabel}
        leftSection={<IconSearch size={16} aria-hidden />}
        value={search}
        onChange={(event) => onSearch(event.currentTarget.value)}
        style={{ flex: '1 1 16rem', maxWidth: 360 }}
        data-testid="list-search"
      />
      {onShowArchived && (
        <Switch
          label={t('common.showArchived')}
          checked={Boolean(showArchived)}
          onChange={(event) => onShowArchived(event.currentTarget.checked)}
          mb={8}
          data-testid="show-archived"
        />
      )}
    </Group>
  );
}
