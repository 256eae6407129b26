import { type Comment, collab } from '@keel/contracts';
import {
  ActionIcon,
  Avatar,
  Button,
  Group,
  Menu,
  Paper,
  Skeleton,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconDots, IconEdit, IconMessageCircle, IconTrash } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { Markdown } from '../../components/Markdown';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useFormat } from '../../lib/use-format';
import { initials } from '../../shell/UserMenu';
import { CommentComposer } from './CommentComposer';
import { tokensToMarkdown } from './mentions';
import { type RecordRef, useComments, useRefreshThread } from './queries';

/** A record's comments, oldest first, with the box to add one at the bottom. */
export function CommentsPanel({ record }: { record: RecordRef }) {
  const { t } = useTranslation();
  const comments = useComments(record);
  const refresh = useRefreshThread();
  const create = useMutation({
    mutationFn: (body: string) => call(collab.createComment, { params: record, body: { body } }),
    onSuccess: () => refresh(),
    onError: (error) => notifyError(error, t),
  });
  const rows = comments.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap="md">
      {comments.isPending ? (
        <Stack gap="sm">
          <Skeleton height={56} />
          <Skeleton height={56} />
        </Stack>
      ) : comments.isError ? (
        <ErrorState error={comments.error} onRetry={() => void comments.refetch()} />
      ) : rows.length === 0 ? (
        <Stack align="center" gap={4} py="md" data-testid="comments-empty">
          <IconMessageCircle size={28} stroke={1.5} aria-hidden />
          <Text fw={600} fz="sm">
            {t('collab.comments.none')}
          </Text>
          <Text fz="sm" c="dimmed" ta="center">
            {t('collab.comments.noneHint')}
          </Text>
        </Stack>
      ) : (
        <Stack gap="sm" data-testid="comment-list">
          {rows.map((c) => (
            <CommentItem key={c.id} comment={c} />
          ))}
          {comments.hasNextPage && (
            <Button
              variant="subtle"
              size="xs"
              onClick={() => void comments.fetchNextPage()}
              loading={comments.isFetchingNextPage}
            >
              {t('collab.comments.showEarlier')}
            </Button>
          )}
        </Stack>
      )}
      <CommentComposer
        label={t('collab.comments.label')}
        submitLabel={t('collab.comments.submit')}
        busy={create.isPending}
        onSubmit={(body) => create.mutateAsync(body)}
      />
    </Stack>
  );
}

function CommentItem({ comment }: { comment: Comment }) {
  const { t } = useTranslation();
  const format = useFormat();
  const refresh = useRefreshThread();
  const [editing, setEditing] = useState(false);
  const [confirming, confirm] = useDisclosure(false);
  const update = useMutation({
    mutationFn: (body: string) =>
      call(collab.updateComment, { params: { id: comment.id }, body: { body } }),
    onSuccess: async () => {
      setEditing(false);
      notifySuccess(t('collab.comments.saved'));
      await refresh();
    },
    onError: (error) => notifyError(error, t),
  });
  const remove = useMutation({
    mutationFn: () => call(collab.deleteComment, { params: { id: comment.id } }),
    onSuccess: async () => {
      notifySuccess(t('collab.comments.deleted'));
      await refresh();
    },
    onError: (error) => notifyError(error, t),
  });
  const author = comment.author?.name ?? t('collab.activity.system');

  return (
    <Paper withBorder p="sm" radius="md" data-testid="comment-item">
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          <Avatar size={28} radius="xl" color="keel" alt="">
            {initials(author)}
          </Avatar>
          <div style={{ minWidth: 0 }}>
            <Text fz="sm" fw={600} truncate>
              {author}
            </Text>
            <Text fz="xs" c="dimmed">
              <Tooltip label={format.dateTime(comment.createdAt)}>
                <time dateTime={comment.createdAt}>{format.relative(comment.createdAt)}</time>
              </Tooltip>
              {comment.editedAt && (
                <Tooltip
                  label={t('collab.comments.editedAt', { at: format.dateTime(comment.editedAt) })}
                >
                  <span data-testid="comment-edited"> · {t('collab.comments.edited')}</span>
                </Tooltip>
              )}
            </Text>
          </div>
        </Group>
        {(comment.canEdit || comment.canDelete) && !editing && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={t('collab.comments.actionsFor', { name: author })}
                data-testid="comment-actions"
              >
                <IconDots size={16} aria-hidden />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              {comment.canEdit && (
                <Menu.Item
                  leftSection={<IconEdit size={14} aria-hidden />}
                  onClick={() => setEditing(true)}
                  data-testid="comment-edit"
                >
                  {t('collab.comments.edit')}
                </Menu.Item>
              )}
              {comment.canDelete && (
                <Menu.Item
                  color="red"
                  leftSection={<IconTrash size={14} aria-hidden />}
                  onClick={confirm.open}
                  data-testid="comment-delete"
                >
                  {t('collab.comments.delete')}
                </Menu.Item>
              )}
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      <div style={{ marginTop: 6, overflowWrap: 'anywhere' }}>
        {editing ? (
          <CommentComposer
            initialBody={comment.body}
            label={t('collab.comments.editLabel')}
            submitLabel={t('common.save')}
            busy={update.isPending}
            autoFocus
            onSubmit={(body) => update.mutateAsync(body)}
            onCancel={() => setEditing(false)}
            testIdPrefix="comment-edit"
          />
        ) : (
          <Markdown>{tokensToMarkdown(comment.body)}</Markdown>
        )}
      </div>
      {confirming && (
        <DeleteCommentConfirm
          onCancel={confirm.close}
          onConfirm={async () => {
            confirm.close();
            await remove.mutateAsync().catch(() => undefined);
          }}
        />
      )}
    </Paper>
  );
}

function DeleteCommentConfirm({
  onCancel,
  onConfirm,
}: {
  onCancel: () => void;
  onConfirm: () => Promise<void>;
}) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="sm" mt="sm" bg="var(--mantine-color-red-light)" role="alertdialog">
      <Text fz="sm" fw={600}>
        {t('collab.comments.deleteConfirm')}
      </Text>
      <Text fz="xs" c="dimmed" mb="xs">
        {t('collab.comments.deleteMessage')}
      </Text>
      <Group gap="xs" justify="flex-end">
        <Button size="xs" variant="default" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
        <Button size="xs" color="red" onClick={() => void onConfirm()} data-testid="confirm">
          {t('collab.comments.delete')}
        </Button>
      </Group>
    </Paper>
  );
}
