import { tasks as api, type TaskSummary } from '@keel/contracts';
import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import { IconChecklist, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { endpointQuery, useRefresh } from '../../api/query';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { TableSkeleton } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useCan, useMe } from '../../lib/session';
import { TaskFormDrawer } from './TaskFormDrawer';
import { TASK_QUERIES, TaskRow } from './task-ui';

const SECTIONS = ['overdue', 'today', 'upcoming', 'noDate'] as const;

/** Today's date in the organization's time zone, as YYYY-MM-DD. */
function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

function QuickAdd() {
  const { t } = useTranslation();
  const me = useMe();
  const refresh = useRefresh();
  const [title, setTitle] = useState('');
  const [dueToday, setDueToday] = useState(true);
  const add = useMutation({
    mutationFn: () =>
      call(api.createTask, {
        body: {
          title: title.trim(),
          assigneeIds: [me.user.id],
          dueDate: dueToday ? todayIn(me.organization.timeZone) : null,
        },
      }),
    onSuccess: async () => {
      setTitle('');
      await refresh(...TASK_QUERIES);
      notifySuccess(t('work.myWork.added'));
    },
    onError: (error) => notifyError(error, t),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (title.trim()) add.mutate();
  };
  return (
    <Paper withBorder p="sm" radius="md" component="form" onSubmit={submit}>
      <Stack gap="xs">
        <Group gap="xs" wrap="nowrap" align="flex-end">
          <TextInput
            style={{ flex: 1 }}
            label={t('work.myWork.quickAdd')}
            placeholder={t('work.myWork.quickAddPlaceholder')}
            value={title}
            maxLength={200}
            onChange={(e) => setTitle(e.currentTarget.value)}
            data-testid="quick-add-title"
          />
          <ActionIcon
            type="submit"
            size="lg"
            loading={add.isPending}
            aria-label={t('work.myWork.add')}
            data-testid="quick-add-submit"
          >
            <IconPlus size={18} />
          </ActionIcon>
        </Group>
        <Checkbox
          size="xs"
          label={t('work.myWork.dueToday')}
          checked={dueToday}
          onChange={(e) => setDueToday(e.currentTarget.checked)}
        />
      </Stack>
    </Paper>
  );
}

function Section({ name, items }: { name: (typeof SECTIONS)[number]; items: TaskSummary[] }) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <Stack
      gap="xs"
      component="section"
      aria-labelledby={`my-work-${name}`}
      data-testid={`my-work-${name}`}
    >
      <Group gap="xs">
        <Title
          order={2}
          size="h4"
          id={`my-work-${name}`}
          c={name === 'overdue' ? 'red' : undefined}
        >
          {t(`work.myWork.${name}`)}
        </Title>
        <Badge variant="light" color={name === 'overdue' ? 'red' : 'gray'}>
          {items.length}
        </Badge>
      </Group>
      {items.map((task) => (
        <TaskRow key={task.id} task={task} />
      ))}
    </Stack>
  );
}

/** The caller's open tasks by urgency, phone-first, with quick complete and quick add. */
export function MyWorkPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [drawer, setDrawer] = useState(false);
  const work = useQuery(endpointQuery(api.myWork));
  const total = work.data ? SECTIONS.reduce((n, s) => n + work.data[s].length, 0) : 0;
  return (
    <Stack gap="md" maw={760} data-testid="my-work">
      <PageHeader
        title={t('work.myWork.title')}
        description={t('work.myWork.description')}
        actions={
          can('tasks.manage') ? (
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() => setDrawer(true)}
              data-testid="new-task"
            >
              {t('work.tasks.new')}
            </Button>
          ) : undefined
        }
      />
      <QuickAdd />
      {work.isPending ? (
        <TableSkeleton rows={4} />
      ) : work.isError ? (
        <ErrorState error={work.error} onRetry={() => void work.refetch()} />
      ) : total === 0 ? (
        <EmptyState
          icon={<IconChecklist size={32} />}
          title={t('work.myWork.emptyTitle')}
          description={t('work.myWork.emptyBody')}
        />
      ) : (
        SECTIONS.map((s) => <Section key={s} name={s} items={work.data[s]} />)
      )}
      <TaskFormDrawer opened={drawer} onClose={() => setDrawer(false)} />
    </Stack>
  );
}
