import { notifications as api, type EmailMode, type NotificationPreference } from '@keel/contracts';
import {
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Table,
  Tabs,
  Text,
} from '@mantine/core';
import { IconBell, IconChecks } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { endpointQuery, useCursorList, useRefresh } from '../../api/query';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { ListState, LoadMore } from '../../components/ListState';
import { TableSkeleton } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useIsPhone } from '../../lib/use-is-phone';
import { NotificationRow, useOpenNotification } from './NotificationList';
import type { NotificationTab } from './routes';

const routeApi = getRouteApi('/app/notifications');
const EMAIL_MODES: EmailMode[] = ['off', 'immediate', 'digest'];

function NotificationFeed({ unread }: { unread: boolean }) {
  const { t } = useTranslation();
  const { list, rows } = useCursorList(api.listNotifications, {
    ...(unread ? { unread: 'true' as const } : {}),
    limit: 30,
  });
  const open = useOpenNotification();
  return (
    <ListState
      query={list}
      rows={rows}
      empty={
        <EmptyState
          icon={<IconBell size={28} stroke={1.5} aria-hidden />}
          title={unread ? t('notifications.emptyUnread') : t('notifications.empty')}
          description={
            unread ? t('notifications.emptyUnreadDescription') : t('notifications.emptyDescription')
          }
        />
      }
    >
      {(items) => (
        <Paper withBorder p="xs">
          <Stack gap={4} data-testid="notification-list">
            {items.map((n) => (
              <NotificationRow key={n.id} item={n} onOpen={open} />
            ))}
          </Stack>
          <LoadMore list={list} mt="sm" />
        </Paper>
      )}
    </ListState>
  );
}

function PreferencesPanel() {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const refresh = useRefresh();
  const prefs = useQuery(endpointQuery(api.getNotificationPreferences));
  const [draft, setDraft] = useState<NotificationPreference[] | null>(null);
  useEffect(() => {
    if (prefs.data) setDraft(prefs.data.items);
  }, [prefs.data]);
  const save = useMutation({
    mutationFn: (items: NotificationPreference[]) =>
      call(api.updateNotificationPreferences, { body: { items } }),
    onSuccess: async () => {
      await refresh('getNotificationPreferences');
      notifySuccess(t('notifications.preferences.saved'));
    },
    onError: (error) => notifyError(error, t),
  });
  if (prefs.isPending || !draft) return prefs.isError ? null : <TableSkeleton />;
  if (prefs.isError) return <ErrorState error={prefs.error} onRetry={() => void prefs.refetch()} />;
  const set = (type: string, patch: Partial<NotificationPreference>) =>
    setDraft((d) => d?.map((p) => (p.type === type ? { ...p, ...patch } : p)) ?? null);
  const dirty = JSON.stringify(draft) !== JSON.stringify(prefs.data.items);
  const modeOptions = EMAIL_MODES.map((m) => ({
    value: m,
    label: t(`notifications.preferences.modes.${m}`),
  }));
  return (
    <Stack gap="sm">
      <Text c="dimmed" fz="sm">
        {t('notifications.preferences.description')}
      </Text>
      <Paper withBorder>
        <Table verticalSpacing="sm" data-testid="notification-preferences">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('notifications.preferences.type')}</Table.Th>
              <Table.Th w={isPhone ? 64 : 120}>{t('notifications.preferences.inApp')}</Table.Th>
              <Table.Th>{t('notifications.preferences.email')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {draft.map((p) => {
              const label = t(`notifications.types.${p.type}`);
              return (
                <Table.Tr key={p.type}>
                  <Table.Td>
                    <Text fz="sm">{label}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Switch
                      checked={p.inApp}
                      onChange={(e) => set(p.type, { inApp: e.currentTarget.checked })}
                      aria-label={`${label}: ${t('notifications.preferences.inApp')}`}
                    />
                  </Table.Td>
                  <Table.Td>
                    {isPhone ? (
                      <Select
                        size="xs"
                        data={modeOptions}
                        value={p.email}
                        allowDeselect={false}
                        onChange={(v) => v && set(p.type, { email: v as EmailMode })}
                        aria-label={`${label}: ${t('notifications.preferences.email')}`}
                      />
                    ) : (
                      <SegmentedControl
                        size="xs"
                        data={modeOptions}
                        value={p.email}
                        onChange={(v) => set(p.type, { email: v as EmailMode })}
                        aria-label={`${label}: ${t('notifications.preferences.email')}`}
                      />
                    )}
                    {p.email === 'digest' && !p.inApp && (
                      <Text fz="xs" c="orange" mt={4}>
                        {t('notifications.preferences.digestNeedsInApp')}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Paper>
      <Group justify="flex-end">
        <Button
          onClick={() => save.mutate(draft)}
          disabled={!dirty}
          loading={save.isPending}
          data-testid="notification-preferences-save"
        >
          {t('notifications.preferences.save')}
        </Button>
      </Group>
    </Stack>
  );
}

/** The notification center: everything, unread only, and how to be told. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const refresh = useRefresh();
  const tab: NotificationTab = routeApi.useSearch().tab ?? 'all';
  const count = useQuery(endpointQuery(api.unreadNotificationCount));
  const markAll = useMutation({
    mutationFn: () => call(api.markAllNotificationsRead),
    onSuccess: async () => {
      await refresh('listNotifications', 'unreadNotificationCount');
      notifySuccess(t('notifications.markedAllRead'));
    },
    onError: (error) => notifyError(error, t),
  });
  const unread = count.data?.unread ?? 0;
  return (
    <>
      <PageHeader
        title={t('notifications.title')}
        description={t('notifications.description')}
        actions={
          tab !== 'preferences' && (
            <Button
              variant="default"
              leftSection={<IconChecks size={16} aria-hidden />}
              disabled={unread === 0}
              loading={markAll.isPending}
              onClick={() => markAll.mutate()}
              data-testid="notifications-mark-all"
            >
              {t('notifications.markAllRead')}
            </Button>
          )
        }
      />
      <Tabs
        value={tab}
        onChange={(v) =>
          void navigate({ to: '/notifications', search: { tab: (v as NotificationTab) ?? 'all' } })
        }
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="all">{t('notifications.tabs.all')}</Tabs.Tab>
          <Tabs.Tab value="unread">
            {t('notifications.tabs.unread')}
            {unread > 0 ? ` (${unread})` : ''}
          </Tabs.Tab>
          <Tabs.Tab value="preferences">{t('notifications.tabs.preferences')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="all">
          <NotificationFeed unread={false} />
        </Tabs.Panel>
        <Tabs.Panel value="unread">
          <NotificationFeed unread />
        </Tabs.Panel>
        <Tabs.Panel value="preferences">
          <PreferencesPanel />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
