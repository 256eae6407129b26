import { tasks as api, type Task, type TaskStatus } from '@keel/contracts';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Grid,
  Group,
  Stack,
  Text,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import {
  IconCheck,
  IconEdit,
  IconHandStop,
  IconPlayerPlay,
  IconPlus,
  IconRepeat,
  IconRotate,
  IconTrash,
  IconX,
} from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client';
import { endpointQuery, useRefresh } from '../../api/query';
import { ConfirmButton } from '../../components/ConfirmButton';
import { DetailList } from '../../components/DetailList';
import { ErrorState } from '../../components/ErrorState';
import { DetailSkeleton } from '../../components/LoadingState';
import { AnchorLink } from '../../components/links';
import { Markdown } from '../../components/Markdown';
import { PageHeader } from '../../components/PageHeader';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useCan } from '../../lib/session';
import { useFormat } from '../../lib/use-format';
import { RecordActivity } from '../collab/RecordActivity';
import { TaskFormDrawer } from './TaskFormDrawer';
import { PriorityBadge, TASK_QUERIES, TaskStatusBadge, useSetStatus } from './task-ui';

function StatusButtons({ task }: { task: Task }) {
  const { t } = useTranslation();
  const setStatus = useSetStatus();
  if (!task.can.setStatus) return null;
  const go = (status: TaskStatus) => setStatus.mutate({ id: task.id, status });
  const pending = task.signoff === 'pending';
  const open = task.status !== 'done' && task.status !== 'cancelled';
  return (
    <Group gap="xs" data-testid="task-status">
      {open && task.status !== 'in_progress' && (
        <Button
          variant="default"
          leftSection={<IconPlayerPlay size={16} />}
          onClick={() => go('in_progress')}
          loading={setStatus.isPending}
        >
          {t('work.actions.start')}
        </Button>
      )}
      {open && task.status !== 'blocked' && (
        <Button
          variant="default"
          leftSection={<IconHandStop size={16} />}
          onClick={() => go('blocked')}
        >
          {t('work.actions.block')}
        </Button>
      )}
      {open && (
        <Button
          color="teal"
          leftSection={<IconCheck size={16} />}
          onClick={() => go('done')}
          disabled={pending}
          loading={setStatus.isPending}
          data-testid="task-complete"
        >
          {task.requiresSignoff ? t('work.actions.requestSignoff') : t('work.actions.complete')}
        </Button>
      )}
      {!open && (
        <Button variant="default" leftSection={<IconRotate size={16} />} onClick={() => go('todo')}>
          {t('work.actions.reopen')}
        </Button>
      )}
      {open && (
        <Button
          variant="subtle"
          color="gray"
          leftSection={<IconX size={16} />}
          onClick={() => go('cancelled')}
        >
          {t('work.actions.cancel')}
        </Button>
      )}
    </Group>
  );
}

function Checklist({ task }: { task: Task }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const [text, setText] = useState('');
  const onError = (e: unknown) => notifyError(e, t);
  const done = async () => refresh(...TASK_QUERIES);
  const toggle = useMutation({
    mutationFn: ({ itemId, value }: { itemId: string; value: boolean }) =>
      call(api.updateChecklistItem, { params: { id: task.id, itemId }, body: { done: value } }),
    onSuccess: done,
    onError,
  });
  const add = useMutation({
    mutationFn: () => call(api.addChecklistItem, { params: { id: task.id }, body: { text } }),
    onSuccess: async () => {
      setText('');
      await done();
    },
    onError,
  });
  const remove = useMutation({
    mutationFn: (itemId: string) =>
      call(api.deleteChecklistItem, { params: { id: task.id, itemId } }),
    onSuccess: done,
    onError,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim()) add.mutate();
  };
  return (
    <Card withBorder data-testid="task-checklist">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          {t('work.fields.checklist')}
        </Title>
        {task.checklist.total > 0 && (
          <Badge variant="light">
            {task.checklist.done}/{task.checklist.total}
          </Badge>
        )}
      </Group>
      <Stack gap={6}>
        {task.checklistItems.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('work.detail.checklistEmpty')}
          </Text>
        )}
        {task.checklistItems.map((item) => (
          <Group key={item.id} justify="space-between" wrap="nowrap">
            <Checkbox
              label={item.text}
              checked={item.done}
              disabled={!task.can.checklist}
              onChange={(e) => toggle.mutate({ itemId: item.id, value: e.currentTarget.checked })}
              styles={{ label: item.done ? { textDecoration: 'line-through' } : undefined }}
            />
            {task.can.checklist && (
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={`${t('work.actions.removeItem')}: ${item.text}`}
                onClick={() => remove.mutate(item.id)}
              >
                <IconTrash size={14} />
              </ActionIcon>
            )}
          </Group>
        ))}
        {task.can.checklist && (
          <Group component="form" onSubmit={submit} gap="xs" wrap="nowrap" mt="xs">
            <TextInput
              style={{ flex: 1 }}
              size="sm"
              aria-label={t('work.actions.newItem')}
              placeholder={t('work.actions.newItem')}
              value={text}
              maxLength={300}
              onChange={(e) => setText(e.currentTarget.value)}
            />
            <ActionIcon
              type="submit"
              size="lg"
              aria-label={t('work.actions.addItem')}
              loading={add.isPending}
            >
              <IconPlus size={16} />
            </ActionIcon>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

/** One task: fields, status buttons, checklist, history, and its discussion and files. */
export function TaskDetailPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const refresh = useRefresh();
  const can = useCan();
  const { taskId } = useParams({ from: '/app/tasks/$taskId' });
  const q = useQuery(endpointQuery(api.getTask, { params: { id: taskId } }));
  const [editing, setEditing] = useState(false);
  const remove = useMutation({
    mutationFn: () => call(api.deleteTask, { params: { id: taskId } }),
    onSuccess: async () => {
      notifySuccess(t('work.actions.deleted'));
      await refresh('listTasks', 'getMyWork', 'getTaskBoard');
      void navigate({ to: '/my-work' });
    },
    onError: (e) => notifyError(e, t),
  });
  if (q.isPending) return <DetailSkeleton />;
  if (q.isError) {
    if (q.error instanceof ApiError && q.error.status === 404)
      return <ErrorState error={q.error} />;
    return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  }
  const task = q.data;
  return (
    <Stack gap="md">
      <PageHeader
        title={task.title}
        breadcrumbs={[
          // The same place the navbar highlights: Tasks, or My work for those without the list.
          can('tasks.read')
            ? { label: t('nav.tasks'), to: '/tasks' }
            : { label: t('nav.myWork'), to: '/my-work' },
          { label: task.title },
        ]}
        badge={
          <Group gap={6}>
            <TaskStatusBadge task={task} />
            <PriorityBadge priority={task.priority} />
          </Group>
        }
        actions={
          <Group gap="xs">
            {task.can.edit && (
              <Button
                variant="default"
                leftSection={<IconEdit size={16} />}
                onClick={() => setEditing(true)}
                data-testid="task-edit"
              >
                {t('work.detail.edit')}
              </Button>
            )}
            {task.can.delete && (
              <ConfirmButton
                color="red"
                variant="subtle"
                leftSection={<IconTrash size={16} />}
                confirmTitle={t('work.actions.delete')}
                confirmLabel={t('work.actions.delete')}
                onConfirm={() => remove.mutateAsync()}
              >
                {t('work.actions.delete')}
              </ConfirmButton>
            )}
          </Group>
        }
      />
      {task.signoff === 'pending' && (
        <Alert color="yellow" title={t('work.signoff.pending')} data-testid="task-signoff-pending">
          {task.signoffApprovalId && (
            <AnchorLink to="/approvals/$approvalId" params={{ approvalId: task.signoffApprovalId }}>
              {t('work.signoff.openApproval')}
            </AnchorLink>
          )}
        </Alert>
      )}
      {task.signoff === 'rejected' && (
        <Alert color="red" title={t('work.signoff.rejected')}>
          {
            task.statusHistory.filter((h) => h.comment?.startsWith('Sign-off rejected')).at(-1)
              ?.comment
          }
        </Alert>
      )}
      <StatusButtons task={task} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <Card withBorder>
              {task.description ? (
                <Markdown>{task.description}</Markdown>
              ) : (
                <Text c="dimmed" size="sm">
                  {t('work.detail.noDescription')}
                </Text>
              )}
            </Card>
            <Checklist task={task} />
            <RecordActivity entityType="task" entityId={task.id} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <Card withBorder>
              <DetailList
                items={[
                  {
                    label: t('work.fields.assignees'),
                    value: task.assignees.map((a) => a.name).join(', ') || '—',
                  },
                  {
                    label: t('work.fields.due'),
                    value: task.dueDate
                      ? `${format.date(task.dueDate)}${task.dueTime ? ` ${task.dueTime}` : ''} (${task.timeZone})`
                      : '—',
                  },
                  { label: t('work.fields.site'), value: task.site?.name ?? '—' },
                  { label: t('work.fields.department'), value: task.department?.name ?? '—' },
                  { label: t('work.fields.estimate'), value: task.estimateHours ?? '—' },
                  {
                    label: t('work.fields.labels'),
                    value: task.labels.length ? task.labels.join(', ') : '—',
                  },
                  {
                    label: t('work.fields.watchers'),
                    value: task.watchers.map((w) => w.name).join(', ') || '—',
                  },
                  {
                    label: t('work.fields.subject'),
                    value: task.subject ? (
                      task.subject.href ? (
                        <a href={task.subject.href}>{task.subject.label}</a>
                      ) : (
                        `${task.subject.entityType}`
                      )
                    ) : (
                      '—'
                    ),
                  },
                  {
                    label: t('work.fields.recurrence'),
                    value: task.recurrence?.active ? (
                      <Group gap={4}>
                        <IconRepeat size={14} />
                        <Text size="sm">
                          {task.recurrence.rrule} · {t(`work.recurrence.${task.recurrence.mode}`)}
                        </Text>
                      </Group>
                    ) : (
                      t('work.recurrence.none')
                    ),
                  },
                  {
                    label: t('work.fields.requiresSignoff'),
                    value: task.requiresSignoff ? '✓' : '—',
                  },
                  { label: t('work.fields.createdBy'), value: task.createdBy?.name ?? '—' },
                  ...(task.completedBy
                    ? [
                        {
                          label: t('work.fields.completedBy'),
                          value: `${task.completedBy.name}, ${format.dateTime(task.completedAt)}`,
                        },
                      ]
                    : []),
                ]}
              />
            </Card>
            <Card withBorder>
              <Title order={2} size="h4" mb="sm">
                {t('work.detail.history')}
              </Title>
              <Timeline bulletSize={14} lineWidth={2}>
                {task.statusHistory.map((h) => (
                  <Timeline.Item key={h.id} title={t(`work.status.${h.to}`)}>
                    <Text size="xs" c="dimmed">
                      {h.by?.name ?? 'Keel'} · {format.dateTime(h.at)}
                    </Text>
                    {h.comment && <Text size="sm">{h.comment}</Text>}
                  </Timeline.Item>
                ))}
              </Timeline>
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>
      <TaskFormDrawer opened={editing} onClose={() => setEditing(false)} task={task} />
    </Stack>
  );
}
