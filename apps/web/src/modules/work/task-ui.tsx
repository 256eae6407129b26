import { tasks as api, type TaskStatus, type TaskSummary } from '@keel/contracts';
import { Badge, Checkbox, Group, Paper, Stack, Text } from '@mantine/core';
import { IconRepeat } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { useRefresh } from '../../api/query';
import { AnchorLink } from '../../components/links';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useFormat } from '../../lib/use-format';

export const STATUS_COLORS: Record<TaskStatus, string> = {
  todo: 'gray',
  in_progress: 'blue',
  blocked: 'orange',
  done: 'teal',
  cancelled: 'dark',
};
export const PRIORITY_COLORS = { low: 'gray', normal: 'blue', high: 'orange', urgent: 'red' };

/** Every task query the module shows; refreshed after a change (live updates do the same). */
export const TASK_QUERIES = [
  'listTasks',
  'getTask',
  'getMyWork',
  'getTaskBoard',
  'getTaskWorkload',
];

export function TaskStatusBadge({ task }: { task: Pick<TaskSummary, 'status' | 'signoff'> }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="wrap">
      <Badge color={STATUS_COLORS[task.status]} variant="light" data-testid="task-status-badge">
        {t(`work.status.${task.status}`)}
      </Badge>
      {task.signoff === 'pending' && (
        <Badge color="yellow" variant="outline">
          {t('work.signoff.pending')}
        </Badge>
      )}
    </Group>
  );
}

export function PriorityBadge({ priority }: { priority: TaskSummary['priority'] }) {
  const { t } = useTranslation();
  if (priority === 'normal') return null;
  return (
    <Badge color={PRIORITY_COLORS[priority]} variant="dot" size="sm">
      {t(`work.priority.${priority}`)}
    </Badge>
  );
}

/** "Nov 26, 2026" or "Nov 26, 2026 08:30", in red when overdue. */
export function DueText({ task }: { task: TaskSummary }) {
  const format = useFormat();
  if (!task.dueDate) return null;
  return (
    <Text size="sm" c={task.overdue ? 'red' : 'dimmed'} fw={task.overdue ? 600 : undefined}>
      {format.date(task.dueDate)}
      {task.dueTime ? ` ${task.dueTime}` : ''}
    </Text>
  );
}

export function useSetStatus() {
  const { t } = useTranslation();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, status, comment }: { id: string; status: TaskStatus; comment?: string }) =>
      call(api.setTaskStatus, { params: { id }, body: { status, comment: comment ?? null } }),
    onSuccess: async (task, vars) => {
      await refresh(...TASK_QUERIES);
      if (vars.status === 'done')
        notifySuccess(
          task.signoff === 'pending'
            ? t('work.myWork.signoffRequested')
            : t('work.myWork.completed'),
        );
    },
    onError: (error) => notifyError(error, t),
  });
}

/** One task in My work: a checkbox to complete it, its title, due date and badges. */
export function TaskRow({ task }: { task: TaskSummary }) {
  const { t } = useTranslation();
  const setStatus = useSetStatus();
  const done = task.status === 'done';
  return (
    <Paper withBorder p="sm" radius="md" data-testid="task-row">
      <Group wrap="nowrap" align="flex-start" gap="sm">
        <Checkbox
          mt={2}
          size="md"
          checked={done}
          disabled={setStatus.isPending || task.signoff === 'pending'}
          aria-label={`${t('work.actions.complete')}: ${task.title}`}
          data-testid="task-quick-complete"
          onChange={() => setStatus.mutate({ id: task.id, status: done ? 'in_progress' : 'done' })}
        />
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <AnchorLink to="/tasks/$taskId" params={{ taskId: task.id }} fw={500}>
            {task.title}
          </AnchorLink>
          <Group gap="xs" wrap="wrap">
            <DueText task={task} />
            {task.site && (
              <Text size="sm" c="dimmed">
                {task.site.name}
              </Text>
            )}
            {task.checklist.total > 0 && (
              <Text size="sm" c="dimmed">
                ☑ {task.checklist.done}/{task.checklist.total}
              </Text>
            )}
            {task.recurring && <IconRepeat size={14} aria-label={t('work.recurrence.recurring')} />}
            <PriorityBadge priority={task.priority} />
            {(task.status !== 'todo' || task.signoff) && <TaskStatusBadge task={task} />}
          </Group>
        </Stack>
      </Group>
    </Paper>
  );
}
