import { notifications as api, type Notification } from '@keel/contracts';
import { Badge, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { useRefresh } from '../../api/query';
import { notifyError } from '../../lib/notify';
import { useFormat } from '../../lib/use-format';

/** Marks read, then opens the record: the one click of a notification. */
export function useOpenNotification(after?: () => void) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const refresh = useRefresh();
  const markRead = useMutation({
    mutationFn: (id: string) => call(api.markNotificationRead, { params: { id } }),
    onSuccess: () => refresh('listNotifications', 'unreadNotificationCount'),
    onError: (error) => notifyError(error, t),
  });
  return (n: Notification) => {
    if (!n.readAt) markRead.mutate(n.id);
    after?.();
    void navigate({ to: n.href as never });
  };
}

/** One notification as a clickable row: who, what, when; unread ones stand out. */
export function NotificationRow({
  item,
  onOpen,
  compact = false,
}: {
  item: Notification;
  onOpen: (n: Notification) => void;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const unread = !item.readAt;
  return (
    <UnstyledButton
      onClick={() => onOpen(item)}
      data-testid="notification-item"
      data-unread={unread || undefined}
      p={compact ? 'xs' : 'sm'}
      w="100%"
      style={{
        borderRadius: 'var(--mantine-radius-md)',
        background: unread ? 'var(--mantine-color-blue-light)' : undefined,
      }}
      aria-label={`${item.title}${unread ? ` (${t('notifications.unreadBadge')})` : ''}`}
    >
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
          <Text fz="sm" fw={unread ? 600 : 400} lineClamp={compact ? 2 : 3}>
            {item.title}
          </Text>
          {item.body && !compact && (
            <Text fz="sm" c="dimmed" lineClamp={2}>
              {item.body}
            </Text>
          )}
          <Text fz="xs" c="dimmed">
            <time dateTime={item.createdAt} title={format.dateTime(item.createdAt)}>
              {format.relative(item.createdAt)}
            </time>
            {' · '}
            {t(`notifications.types.${item.type}`)}
            {item.actor ? ` · ${item.actor.name}` : ''}
            {item.site ? ` · ${item.site.name}` : ''}
          </Text>
        </Stack>
        {unread && (
          <Badge size="xs" variant="filled" circle aria-hidden>
            {' '}
          </Badge>
        )}
      </Group>
    </UnstyledButton>
  );
}
