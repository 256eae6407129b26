import type { ActivityItem } from '@keel/contracts';
import { Button, Skeleton, Stack, Text, Timeline, Tooltip } from '@mantine/core';
import {
  IconEdit,
  IconMessageCircle,
  IconPaperclip,
  IconPlus,
  IconPoint,
  IconTrash,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../components/ErrorState';
import { ChangeList, humaniseField } from '../../components/HistoryTimeline';
import { Markdown } from '../../components/Markdown';
import { translateOr } from '../../i18n';
import { useFormat } from '../../lib/use-format';
import { tokensToMarkdown } from './mentions';
import { type RecordRef, useActivity } from './queries';

const icon = (item: ActivityItem): ReactNode => {
  const p = { size: 12, 'aria-hidden': true } as const;
  if (item.kind === 'comment') return <IconMessageCircle {...p} />;
  if (item.kind === 'attachment') return <IconPaperclip {...p} />;
  const action = item.change?.action ?? '';
  if (action === 'create') return <IconPlus {...p} />;
  if (action.endsWith('delete')) return <IconTrash {...p} />;
  if (action.endsWith('update')) return <IconEdit {...p} />;
  return <IconPoint {...p} />;
};

/** What happened, in words: "commented", "attached plan.pdf", "Updated"… */
function Headline({ item }: { item: ActivityItem }) {
  const { t } = useTranslation();
  const who = item.actor?.name ?? t('collab.activity.system');
  const what =
    item.kind === 'comment'
      ? t('collab.activity.commented')
      : item.kind === 'attachment'
        ? t('collab.activity.attached', { name: item.attachment?.name ?? '' })
        : translateOr(
            `history.actions.${item.change?.action ?? ''}`,
            humaniseField(item.change?.action ?? ''),
          ).toLowerCase();
  return (
    <Text fz="sm">
      <Text span fw={600} fz="sm">
        {who}
      </Text>{' '}
      {what}
    </Text>
  );
}

/** The record's timeline: changes from its history, comments and files, newest first. */
export function ActivityPanel({ record }: { record: RecordRef }) {
  const { t } = useTranslation();
  const format = useFormat();
  const activity = useActivity(record);
  const items = activity.data?.pages.flatMap((p) => p.items) ?? [];

  if (activity.isPending) {
    return (
      <Stack gap="sm">
        <Skeleton height={14} width="60%" />
        <Skeleton height={14} width="40%" />
        <Skeleton height={14} width="70%" />
      </Stack>
    );
  }
  if (activity.isError) {
    return <ErrorState error={activity.error} onRetry={() => void activity.refetch()} />;
  }
  if (items.length === 0) {
    return (
      <Text fz="sm" c="dimmed">
        {t('collab.activity.none')}
      </Text>
    );
  }
  return (
    <Stack gap="sm">
      <Timeline bulletSize={22} lineWidth={2} active={items.length} data-testid="activity">
        {items.map((item) => (
          <Timeline.Item key={item.id} bullet={icon(item)} data-testid="activity-item">
            <Headline item={item} />
            <Text fz="xs" c="dimmed">
              <Tooltip label={format.dateTime(item.at)}>
                <time dateTime={item.at}>{format.relative(item.at)}</time>
              </Tooltip>
            </Text>
            {item.comment && (
              <Text
                component="div"
                fz="sm"
                c="dimmed"
                mt={4}
                lineClamp={3}
                style={{ overflowWrap: 'anywhere' }}
              >
                <Markdown>{tokensToMarkdown(item.comment.body)}</Markdown>
              </Text>
            )}
            {item.change && <ChangeList changes={item.change.changes} />}
          </Timeline.Item>
        ))}
      </Timeline>
      {activity.hasNextPage && (
        <Button
          variant="subtle"
          size="xs"
          onClick={() => void activity.fetchNextPage()}
          loading={activity.isFetchingNextPage}
        >
          {t('collab.activity.loadMore')}
        </Button>
      )}
    </Stack>
  );
}
