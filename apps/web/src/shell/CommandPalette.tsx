import { people } from '@keel/contracts';
import { ActionIcon, Button, Group, Kbd, Loader, Text } from '@mantine/core';
import { useDebouncedValue, useOs } from '@mantine/hooks';
import { Spotlight, spotlight } from '@mantine/spotlight';
import { IconKey, IconSearch, IconUser, IconUserPlus } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpointQuery } from '../api/query';
import { useCan } from '../lib/session';
import { visibleNavItems } from './nav-items';

/** Opens the command palette; a full button with the shortcut on wide screens, an icon on phones. */
export function SearchButton() {
  const { t } = useTranslation();
  const os = useOs();
  const mod = os === 'macos' || os === 'ios' ? '⌘' : 'Ctrl';
  return (
    <>
      <Button
        variant="default"
        visibleFrom="sm"
        leftSection={<IconSearch size={16} aria-hidden />}
        rightSection={
          <Group gap={2} aria-hidden>
            <Kbd size="xs">{mod}</Kbd>
            <Kbd size="xs">K</Kbd>
          </Group>
        }
        onClick={() => spotlight.open()}
        c="dimmed"
        fw={400}
        w={220}
        justify="space-between"
        aria-label={t('shell.openSearch')}
        aria-keyshortcuts="Control+K Meta+K"
        data-testid="search-button"
      >
        {t('shell.search')}
      </Button>
      <ActionIcon
        variant="default"
        size="lg"
        hiddenFrom="sm"
        onClick={() => spotlight.open()}
        aria-label={t('shell.openSearch')}
      >
        <IconSearch size={18} aria-hidden />
      </ActionIcon>
    </>
  );
}

/** Ctrl/Cmd+K: jump to any page the user can see, or find an employee by name. */
export function CommandPalette() {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 250);
  const canSearchPeople = can('people.read');

  const employees = useQuery({
    ...endpointQuery(people.listEmployees, { query: { q: debounced, limit: 8 } }),
    enabled: canSearchPeople && debounced.length >= 2,
    placeholderData: keepPreviousData,
  });

  const needle = query.trim().toLowerCase();
  const pages = visibleNavItems(can)
    .map((item) => ({ item, label: t(`nav.${item.key}`) }))
    .filter(({ label }) => !needle || label.toLowerCase().includes(needle));
  const extras = [
    ...(can('people.manage')
      ? [{ key: 'newEmployee', label: t('shell.newEmployee'), icon: IconUserPlus }]
      : []),
    { key: 'tokens', label: t('nav.tokens'), icon: IconKey },
  ].filter((action) => !needle || action.label.toLowerCase().includes(needle));

  const people_ = debounced.length >= 2 && employees.data ? employees.data.items : [];
  const nothing = pages.length === 0 && extras.length === 0 && people_.length === 0;

  return (
    <Spotlight.Root
      query={query}
      onQueryChange={setQuery}
      shortcut={['mod + K']}
      scrollable
      maxHeight={420}
    >
      <Spotlight.Search
        placeholder={
          canSearchPeople ? t('shell.searchPlaceholderPeople') : t('shell.searchPlaceholder')
        }
        aria-label={t('shell.search')}
        leftSection={
          employees.isFetching ? (
            <Loader size={16} />
          ) : (
            <IconSearch size={18} stroke={1.6} aria-hidden />
          )
        }
      />
      <Spotlight.ActionsList aria-label={t('shell.searchResults')}>
        {people_.length > 0 && (
          <Spotlight.ActionsGroup label={t('shell.searchEmployees')}>
            {people_.map((employee) => (
              <Spotlight.Action
                key={employee.id}
                label={employee.name}
                description={[employee.position?.name, employee.site?.name]
                  .filter(Boolean)
                  .join(' · ')}
                leftSection={<IconUser size={18} stroke={1.6} aria-hidden />}
                onClick={() => void navigate({ to: '/people/$id', params: { id: employee.id } })}
              />
            ))}
          </Spotlight.ActionsGroup>
        )}
        {pages.length > 0 && (
          <Spotlight.ActionsGroup label={t('shell.searchPages')}>
            {pages.map(({ item, label }) => {
              const Icon = item.icon;
              return (
                <Spotlight.Action
                  key={item.key}
                  label={label}
                  leftSection={<Icon size={18} stroke={1.6} aria-hidden />}
                  onClick={() => void navigate({ to: item.to })}
                />
              );
            })}
          </Spotlight.ActionsGroup>
        )}
        {extras.length > 0 && (
          <Spotlight.ActionsGroup label={t('shell.searchActions')}>
            {extras.map((action) => {
              const Icon = action.icon;
              return (
                <Spotlight.Action
                  key={action.key}
                  label={action.label}
                  leftSection={<Icon size={18} stroke={1.6} aria-hidden />}
                  onClick={() =>
                    void (action.key === 'newEmployee'
                      ? navigate({ to: '/people', search: { new: true } })
                      : navigate({ to: '/me/tokens' }))
                  }
                />
              );
            })}
          </Spotlight.ActionsGroup>
        )}
        {nothing && (
          <Spotlight.Empty>
            <Text fz="sm" c="dimmed">
              {t('shell.searchNothing')}
            </Text>
          </Spotlight.Empty>
        )}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}
