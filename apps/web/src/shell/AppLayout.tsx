import { Anchor, AppShell, Box, Burger, Group, ScrollArea, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Outlet, useRouterState } from '@tanstack/react-router';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLinkLink, UnstyledLink } from '../components/links';
import { useLiveUpdates } from '../lib/live';
import { useCan } from '../lib/session';
import { NotificationBell } from '../modules/notifications/NotificationBell';
import { CommandPalette, SearchButton } from './CommandPalette';
import { KeelLogo } from './KeelLogo';
import { type NavGroup, type NavItem, visibleNavItems } from './nav-items';
import { OrganizationSwitcher } from './OrganizationSwitcher';
import { ThemeToggle } from './ThemeToggle';
import { UserMenu } from './UserMenu';

const GROUP_ORDER: NavGroup[] = ['main', 'work', 'people', 'admin', 'personal'];

function isActive(pathname: string, item: NavItem, items: readonly NavItem[]): boolean {
  if (item.to === '/') return pathname === '/';
  // A task belongs to Tasks; without that list (no tasks.read) to My work, as its breadcrumb says.
  if (item.to === '/my-work')
    return (
      pathname === '/my-work' ||
      (pathname.startsWith('/tasks/') && !items.some((i) => i.to === '/tasks'))
    );
  if (item.to === '/people')
    return pathname === '/people' || /^\/people\/(?!org-chart)/.test(pathname);
  if (item.to === '/me') return pathname === '/me' || pathname.startsWith('/me/');
  const within = (to: string) => pathname === to || pathname.startsWith(`${to}/`);
  // A page under a more specific item (/scheduling/rules) belongs to it, not to /scheduling.
  return within(item.to) && !items.some((i) => i.to.length > item.to.length && within(i.to));
}

/** The signed-in frame: header, permission-filtered navbar, command palette and the page. */
export function AppLayout() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const can = useCan();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const items = visibleNavItems(can);
  // The layout renders only when signed in: one live stream per tab while it is shown.
  useLiveUpdates(true);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 260, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'sm', sm: 'lg' }}
    >
      <Anchor
        href="#main"
        className="keel-skip-link"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t('shell.skipToContent')}
      </Anchor>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? t('shell.closeNavigation') : t('shell.openNavigation')}
              data-testid="burger"
            />
            <UnstyledLink to="/" aria-label={t('shell.home')} onClick={close}>
              <KeelLogo />
            </UnstyledLink>
            <Box visibleFrom="xs" style={{ minWidth: 0 }}>
              <OrganizationSwitcher />
            </Box>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <SearchButton />
            <NotificationBell />
            <ThemeToggle />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label={t('shell.navigation')}>
        <AppShell.Section hiddenFrom="xs" mb="sm">
          <OrganizationSwitcher fullWidth />
        </AppShell.Section>
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap="md" component="nav" aria-label={t('shell.mainNavigation')}>
            {GROUP_ORDER.map((group) => {
              const groupItems = items.filter((item) => item.group === group);
              if (groupItems.length === 0) return null;
              return (
                <Fragment key={group}>
                  <Stack gap={2}>
                    {group !== 'main' && group !== 'personal' && (
                      <Text
                        fz="xs"
                        fw={700}
                        tt="uppercase"
                        c="dimmed"
                        px="sm"
                        mb={4}
                        component="h2"
                      >
                        {t(`nav.groups.${group}`)}
                      </Text>
                    )}
                    {groupItems.map((item) => {
                      const Icon = item.icon;
                      const active = isActive(pathname, item, items);
                      return (
                        <NavLinkLink
                          key={item.key}
                          to={item.to}
                          label={t(`nav.${item.key}`)}
                          leftSection={<Icon size={18} stroke={1.6} aria-hidden />}
                          active={active}
                          activeOptions={{ exact: true, includeSearch: false }}
                          data-testid={`nav-${item.key}`}
                          onClick={close}
                          style={{ borderRadius: 'var(--mantine-radius-md)' }}
                          fw={active ? 600 : 500}
                        />
                      );
                    })}
                  </Stack>
                </Fragment>
              );
            })}
          </Stack>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <Box
          id="main"
          tabIndex={-1}
          maw={1280}
          mx="auto"
          style={{ outline: 'none' }}
          component="div"
        >
          <Outlet />
        </Box>
      </AppShell.Main>
      <CommandPalette />
    </AppShell>
  );
}
