import { ROLE_LABELS } from '@keel/contracts';
import { Badge, Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconChevronRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { UnstyledLink } from '../../components/links';
import { translateOr } from '../../i18n';
import { useCan, useMe } from '../../lib/session';
import { visibleNavItems } from '../../shell/nav-items';

function greetingKey(hour: number): 'home.morning' | 'home.afternoon' | 'home.evening' {
  if (hour < 12) return 'home.morning';
  if (hour < 18) return 'home.afternoon';
  return 'home.evening';
}

/** A friendly start: who you are here, and the pages your role opens. */
export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const can = useCan();
  const links = visibleNavItems(can).filter((item) => item.key !== 'home');
  const firstName = me.user.name.split(/\s+/)[0] ?? me.user.name;
  const onlyProfile = links.every((item) => item.key === 'profile');

  return (
    <Stack gap="xl">
      <Stack gap={6}>
        <Title order={1} fz={{ base: 'h2', sm: 'h1' }}>
          {t(greetingKey(new Date().getHours()), { name: firstName })}
        </Title>
        <Group gap="xs" wrap="wrap">
          <Text c="dimmed">{t('home.youAreIn', { organization: me.organization.name })}</Text>
          <Badge variant="light" data-testid="home-role">
            {translateOr(`roles.names.${me.membership.role}`, ROLE_LABELS[me.membership.role])}
          </Badge>
        </Group>
      </Stack>

      {onlyProfile && (
        <Card>
          <Text fw={600}>{t('home.staffTitle')}</Text>
          <Text c="dimmed" fz="sm" mt={4}>
            {t('home.staffBody')}
          </Text>
        </Card>
      )}

      <Stack gap="sm">
        <Title order={2} fz="h4">
          {t('home.quickLinks')}
        </Title>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
          {links.map((item) => {
            const Icon = item.icon;
            return (
              <UnstyledLink
                key={item.key}
                to={item.to}
                data-testid={`home-link-${item.key}`}
                style={{ borderRadius: 'var(--mantine-radius-md)' }}
              >
                <Card h="100%" className="keel-hover-card">
                  <Group wrap="nowrap" align="flex-start" gap="md">
                    <ThemeIcon variant="light" size={40} radius="md">
                      <Icon size={22} stroke={1.6} aria-hidden />
                    </ThemeIcon>
                    <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
                      <Text fw={600}>{t(`nav.${item.key}`)}</Text>
                      <Text fz="sm" c="dimmed">
                        {t(`home.descriptions.${item.key}`)}
                      </Text>
                    </Stack>
                    <IconChevronRight
                      size={18}
                      aria-hidden
                      style={{ opacity: 0.5, flexShrink: 0 }}
                    />
                  </Group>
                </Card>
              </UnstyledLink>
            );
          })}
        </SimpleGrid>
      </Stack>
    </Stack>
  );
}
