import { notifications as api } from '@keel/contracts';
import {
  ActionIcon,
  Button,
  Divider,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Skeleton,
  Stack,
  Text,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBell } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { endpointQuery, useRefresh } from '../../api/query';
import { ErrorState } from '../../components/ErrorState';
import { ButtonLink } from '../../components/links';
import { notifyError } from '../../lib/notify';
import { NotificationRow, useOpenNotification } from './NotificationList';

/** The header bell: unread count, and the latest notifications one click away. */
export function NotificationBell() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const refresh = useRefresh();
  const count = useQuery(endpointQuery(api.unreadNotificationCount));
  const recent = useQuery({
    ...endpointQuery(api.listNotifications, { query: { limit: 8 } }),
    enabled: opened,
  });
  const open = useOpenNotification(close);
  const markAll = useMutation({
    mutationFn: () => call(api.markAllNotificationsRead),
    onSuccess: () => refresh('listNotifications', 'unreadNotificationCount'),
    onError: (error) => notifyError(error, t),
  });
  const unread = count.data?.unread ?? 0;
  // The indicator sits outside the popover so the popover's target (which gets aria-haspopup
  // and aria-expanded) is the button itself, not a div.
  return (
    <Indicator
      label={unread > 99 ? '99+' : unread}
      size={16}
      disabled={unread === 0}
      offset={4}
      color="red"
    >
      <Popover
        opened={opened}
        onChange={(o) => (o ? undefined : close())}
        position="bottom-end"
        width={360}
        shadow="md"
        withinPortal
        trapFocus
      >
        <Popover.Target>
          <ActionIcon
            variant="default"
            size="lg"
            onClick={toggle}
            aria-label={
              unread > 0
                ? t('notifications.bellUnread', { count: unread })
                : t('notifications.bell')
            }
            aria-expanded={opened}
            data-testid="notifications-bell"
          >
            <IconBell size={18} stroke={1.6} aria-hidden />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown p="xs" maw="calc(100vw - 16px)">
          <Group justify="space-between" px="xs" pb="xs">
            <Text fw={650} fz="sm" component="h2">
              {t('notifications.recent')}
            </Text>
            <Button
              size="compact-xs"
              variant="subtle"
              disabled={unread === 0}
              loading={markAll.isPending}
              onClick={() => markAll.mutate()}
            >
              {t('notifications.markAllRead')}
            </Button>
          </Group>
          <Divider />
          <ScrollArea.Autosize mah={420} type="auto">
            {recent.isPending ? (
              <Stack gap="xs" p="xs">
                <Skeleton h={40} />
                <Skeleton h={40} />
                <Skeleton h={40} />
              </Stack>
            ) : recent.isError ? (
              <ErrorState error={recent.error} onRetry={() => void recent.refetch()} />
            ) : recent.data.items.length === 0 ? (
              <Text c="dimmed" fz="sm" p="md" ta="center">
                {t('notifications.emptyDescription')}
              </Text>
            ) : (
              <Stack gap={2} py="xs">
                {recent.data.items.map((n) => (
                  <NotificationRow key={n.id} item={n} onOpen={open} compact />
                ))}
              </Stack>
            )}
          </ScrollArea.Autosize>
          <Divider />
          <Group justify="center" pt="xs">
            <ButtonLink to="/notifications" variant="subtle" size="compact-sm" onClick={close}>
              {t('notifications.viewAll')}
            </ButtonLink>
          </Group>
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}
