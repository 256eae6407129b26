import { calendar } from '@keel/contracts';
import {
  ActionIcon,
  Alert,
  Button,
  CopyButton,
  Group,
  List,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { endpointQuery } from '../../api/query';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ErrorState } from '../../components/ErrorState';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useFormat } from '../../lib/use-format';

/** Create, replace or turn off the member's private iCal address, with how to subscribe. */
export function FeedPanel() {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const status = useQuery(endpointQuery(calendar.getFeed));
  const [url, setUrl] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: [calendar.getFeed.operationId] });
  const create = useMutation({
    mutationFn: () => call(calendar.createFeed),
    onSuccess: (res) => {
      setUrl(res.url);
      void refresh();
    },
    onError: (e) => notifyError(e, t),
  });
  const revoke = useMutation({
    mutationFn: () => call(calendar.revokeFeed),
    onSuccess: () => {
      setUrl(null);
      notifySuccess(t('calendar.feed.revoked'));
      void refresh();
    },
    onError: (e) => notifyError(e, t),
  });

  if (status.isPending) return <Skeleton h={120} />;
  if (status.isError)
    return <ErrorState error={status.error} onRetry={() => void status.refetch()} />;
  const feed = status.data;

  return (
    <Stack gap="md" data-testid="calendar-feed">
      <Text fz="sm">{t('calendar.feed.intro')}</Text>
      {feed.exists ? (
        <Text fz="sm" c="dimmed">
          {t('calendar.feed.active', { created: f.relative(feed.createdAt) })}{' '}
          {feed.lastUsedAt
            ? t('calendar.feed.lastUsed', { when: f.relative(feed.lastUsedAt) })
            : t('calendar.feed.neverUsed')}
        </Text>
      ) : (
        <Text fz="sm" c="dimmed">
          {t('calendar.feed.none')}
        </Text>
      )}
      {url && (
        <Alert color="yellow" variant="light" title={t('calendar.feed.url')}>
          <Stack gap="xs">
            <Group gap="xs" wrap="nowrap">
              <TextInput
                value={url}
                readOnly
                aria-label={t('calendar.feed.url')}
                data-testid="calendar-feed-url"
                onFocus={(e) => e.currentTarget.select()}
                style={{ flex: 1, minWidth: 0 }}
              />
              <CopyButton value={url}>
                {({ copied, copy }) => (
                  <Tooltip label={copied ? t('common.copied') : t('calendar.feed.copyUrl')}>
                    <ActionIcon
                      variant="light"
                      size="lg"
                      color={copied ? 'teal' : undefined}
                      onClick={copy}
                      aria-label={t('calendar.feed.copyUrl')}
                    >
                      {copied ? (
                        <IconCheck size={18} aria-hidden />
                      ) : (
                        <IconCopy size={18} aria-hidden />
                      )}
                    </ActionIcon>
                  </Tooltip>
                )}
              </CopyButton>
            </Group>
            <Text fz="xs">{t('calendar.feed.urlHint')}</Text>
          </Stack>
        </Alert>
      )}
      <Group gap="sm">
        {feed.exists ? (
          <>
            <ConfirmButton
              variant="default"
              confirmTitle={t('calendar.feed.rotateConfirm')}
              confirmMessage={t('calendar.feed.rotateHint')}
              confirmLabel={t('calendar.feed.rotate')}
              loading={create.isPending}
              onConfirm={() => create.mutateAsync()}
              data-testid="calendar-feed-rotate"
            >
              {t('calendar.feed.rotate')}
            </ConfirmButton>
            <ConfirmButton
              color="red"
              variant="light"
              confirmTitle={t('calendar.feed.revokeConfirm')}
              confirmMessage={t('calendar.feed.revokeHint')}
              confirmLabel={t('calendar.feed.revoke')}
              loading={revoke.isPending}
              onConfirm={() => revoke.mutateAsync()}
              data-testid="calendar-feed-revoke"
            >
              {t('calendar.feed.revoke')}
            </ConfirmButton>
          </>
        ) : (
          <Button
            onClick={() => create.mutate()}
            loading={create.isPending}
            data-testid="calendar-feed-create"
          >
            {t('calendar.feed.create')}
          </Button>
        )}
      </Group>
      <List size="sm" spacing={4}>
        <List.Item>{t('calendar.feed.google')}</List.Item>
        <List.Item>{t('calendar.feed.outlook')}</List.Item>
        <List.Item>{t('calendar.feed.apple')}</List.Item>
      </List>
    </Stack>
  );
}
