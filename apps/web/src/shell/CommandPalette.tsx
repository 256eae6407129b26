import { search } from '@keel/contracts';
import { ActionIcon, Button, Group, Kbd, Loader, Text } from '@mantine/core';
import { useDebouncedValue, useOs } from '@mantine/hooks';
import { Spotlight, spotlight } from '@mantine/spotlight';
import { IconKey, IconSearch, IconUserPlus } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpointQuery } from '../api/query';
import { useCan } from '../lib/session';
import { searchKindIcon } from '../modules/search/search-icons';
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

/** Ctrl/Cmd+K: jump to any page the user can see, or find any record (global search). */
export function CommandPalette() {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 250);

  const results = useQuery({
    ...endpointQuery(search.search, { query: { q: debounced, limit: 5 } }),
    enabled: debounced.length >= 2,
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

  const groups = debounced.length >= 2 && results.data ? results.data.groups : [];
  // Results arrive after the query changed (debounce + request), when Spotlight has already
  // selected whatever was first then: select the new first entry so Enter opens the best match.
  const listRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!results.data) return;
    const list = listRef.current;
    list?.querySelector('[data-selected]')?.removeAttribute('data-selected');
    list?.querySelector('[data-action]')?.setAttribute('data-selected', 'true');
  }, [results.data]);
  const kindLabel = (entityType: string, fallback: string) =>
    t(`search.kinds.${entityType}`, { defaultValue: fallback });
  const nothing = pages.length === 0 && extras.length === 0 && groups.length === 0;

  return (
    <Spotlight.Root
      query={query}
      onQueryChange={setQuery}
      shortcut={['mod + K']}
      scrollable
      maxHeight={420}
    >
      <Spotlight.Search
        placeholder={t('search.placeholder')}
        aria-label={t('shell.search')}
        leftSection={
          results.isFetching ? (
            <Loader size={16} />
          ) : (
            <IconSearch size={18} stroke={1.6} aria-hidden />
          )
        }
      />
      <Spotlight.ActionsList ref={listRef} aria-label={t('shell.searchResults')}>
        {groups.map((group) => {
          const Icon = searchKindIcon(group.entityType);
          return (
            <Spotlight.ActionsGroup
              key={group.entityType}
              label={kindLabel(group.entityType, group.label)}
            >
              {group.items.map((item) => (
                <Spotlight.Action
                  key={`${item.entityType}:${item.entityId}`}
                  label={item.title}
                  description={item.subtitle ?? undefined}
                  leftSection={<Icon size={18} stroke={1.6} aria-hidden />}
                  data-testid="search-result"
                  onClick={() => void navigate({ to: item.href })}
                />
              ))}
              {group.total > group.items.length && (
                <Text fz="xs" c="dimmed" px="sm" pb={4}>
                  {t('search.more', { count: group.total - group.items.length })}
                </Text>
              )}
            </Spotlight.ActionsGroup>
          );
        })}
        {results.isError && debounced.length >= 2 && (
          <Text fz="sm" c="red" px="sm" py={4} role="alert">
            {t('search.failed')}
          </Text>
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
