import { tasks as api, type TaskStatus, type TaskSummary } from '@keel/contracts';
import {
  Badge,
  Box,
  Button,
  Card,
  Checkbox,
  Group,
  Menu,
  Paper,
  ScrollArea,
  Select,
  Stack,
  Switch,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconDeviceFloppy, IconDots, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { endpointQuery, useCursorList, useRefresh } from '../../api/query';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { ListState, LoadMore } from '../../components/ListState';
import { TableSkeleton } from '../../components/LoadingState';
import { AnchorLink } from '../../components/links';
import { MemberPicker } from '../../components/MemberPicker';
import { PageHeader } from '../../components/PageHeader';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useCan, useMe } from '../../lib/session';
import { useFormat } from '../../lib/use-format';
import { useReferenceOptions } from '../organization/reference-data';
import type { TaskTab } from './routes';
import { TaskFormDrawer } from './TaskFormDrawer';
import { DueText, PriorityBadge, TASK_QUERIES, TaskStatusBadge, useSetStatus } from './task-ui';

const routeApi = getRouteApi('/app/tasks');
const STATUSES = ['todo', 'in_progress', 'blocked', 'done', 'cancelled'] as const;

export interface Filters {
  q?: string | undefined;
  status?: string[] | undefined;
  priority?: string[] | undefined;
  assigneeId?: string | undefined;
  siteId?: string | undefined;
  label?: string | undefined;
  overdue?: 'true' | undefined;
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
}

const clean = (f: Filters) =>
  Object.fromEntries(
    Object.entries(f).filter(
      ([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0),
    ),
  ) as Filters;

function FilterBar({ filters, onChange }: { filters: Filters; onChange: (f: Filters) => void }) {
  const { t } = useTranslation();
  const refs = useReferenceOptions();
  const labels = useQuery(endpointQuery(api.taskLabels));
  const set = (patch: Filters) => onChange(clean({ ...filters, ...patch }));
  return (
    <Group gap="xs" align="flex-end" wrap="wrap">
      <TextInput
        label={t('work.filters.q')}
        value={filters.q ?? ''}
        onChange={(e) => set({ q: e.currentTarget.value })}
        w={200}
        data-testid="task-filter-q"
      />
      <Select
        label={t('work.filters.status')}
        clearable
        w={150}
        data={STATUSES.map((s) => ({ value: s, label: t(`work.status.${s}`) }))}
        value={filters.status?.[0] ?? null}
        onChange={(v) => set({ status: v ? [v] : undefined })}
      />
      <Select
        label={t('work.filters.priority')}
        clearable
        w={130}
        data={(['low', 'normal', 'high', 'urgent'] as const).map((p) => ({
          value: p,
          label: t(`work.priority.${p}`),
        }))}
        value={filters.priority?.[0] ?? null}
        onChange={(v) => set({ priority: v ? [v] : undefined })}
      />
      <Select
        label={t('work.filters.assignee')}
        clearable
        w={140}
        data={[
          { value: 'me', label: t('work.filters.me') },
          { value: 'none', label: t('work.filters.none') },
        ]}
        value={
          filters.assigneeId === 'me' || filters.assigneeId === 'none' ? filters.assigneeId : null
        }
        onChange={(v) => set({ assigneeId: v ?? undefined })}
      />
      {refs.sites.length > 1 && (
        <Select
          label={t('work.fields.site')}
          clearable
          w={200}
          data={refs.sites}
          value={filters.siteId ?? null}
          onChange={(v) => set({ siteId: v ?? undefined })}
        />
      )}
      <Select
        label={t('work.filters.label')}
        clearable
        searchable
        w={160}
        data={(labels.data?.items ?? []).map((l) => ({
          value: l.label,
          label: `${l.label} (${l.count})`,
        }))}
        value={filters.label ?? null}
        onChange={(v) => set({ label: v ?? undefined })}
      />
      <TextInput
        type="date"
        label={t('work.filters.dueFrom')}
        w={150}
        value={filters.dueFrom ?? ''}
        onChange={(e) => set({ dueFrom: e.currentTarget.value || undefined })}
      />
      <TextInput
        type="date"
        label={t('work.filters.dueTo')}
        w={150}
        value={filters.dueTo ?? ''}
        onChange={(e) => set({ dueTo: e.currentTarget.value || undefined })}
      />
      <Switch
        mb={8}
        label={t('work.filters.overdue')}
        checked={filters.overdue === 'true'}
        onChange={(e) => set({ overdue: e.currentTarget.checked ? 'true' : undefined })}
      />
      <Button variant="subtle" mb={2} onClick={() => onChange({})}>
        {t('work.filters.clear')}
      </Button>
    </Group>
  );
}

function SavedViews({ filters, onApply }: { filters: Filters; onApply: (f: Filters) => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const refresh = useRefresh();
  const views = useQuery(endpointQuery(api.listSavedViews));
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      call(api.createSavedView, {
        body: { name, shared, filters: filters as Record<string, string | string[]> },
      }),
    onSuccess: async () => {
      setName('');
      await refresh('listTaskViews');
      notifySuccess(t('work.tasks.viewSaved'));
    },
    onError: (e) => notifyError(e, t),
  });
  const remove = useMutation({
    mutationFn: (id: string) => call(api.deleteSavedView, { params: { id } }),
    onSuccess: () => refresh('listTaskViews'),
    onError: (e) => notifyError(e, t),
  });
  return (
    <Group gap="xs" wrap="wrap" align="flex-end">
      <Button size="xs" variant="light" onClick={() => onApply({})}>
        {t('work.tasks.allTasks')}
      </Button>
      {(views.data?.items ?? []).map((v) => (
        <Button.Group key={v.id}>
          <Button size="xs" variant="default" onClick={() => onApply(v.filters as Filters)}>
            {v.name}
            {v.shared ? ' ·  shared' : ''}
          </Button>
          {v.mine && (
            <Button
              size="xs"
              variant="default"
              aria-label={`${t('work.tasks.deleteView')} ${v.name}`}
              onClick={() => remove.mutate(v.id)}
            >
              <IconTrash size={14} />
            </Button>
          )}
        </Button.Group>
      ))}
      <TextInput
        size="xs"
        aria-label={t('work.tasks.viewName')}
        placeholder={t('work.tasks.viewName')}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        w={160}
      />
      {can('tasks.manage') && (
        <Checkbox
          size="xs"
          label={t('work.tasks.shareView')}
          checked={shared}
          onChange={(e) => setShared(e.currentTarget.checked)}
        />
      )}
      <Button
        size="xs"
        leftSection={<IconDeviceFloppy size={14} />}
        disabled={!name.trim()}
        loading={save.isPending}
        onClick={() => save.mutate()}
      >
        {t('work.tasks.saveView')}
      </Button>
    </Group>
  );
}

function BulkBar({ ids, onDone }: { ids: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const [assignees, setAssignees] = useState<string[]>([]);
  const [date, setDate] = useState('');
  const run = useMutation({
    mutationFn: (body: Parameters<typeof call<typeof api.bulkTasks>>[1]['body']) =>
      call(api.bulkTasks, { body }),
    onSuccess: async (r) => {
      await refresh(...TASK_QUERIES);
      notifySuccess(t('work.tasks.bulkDone', { count: r.updated }));
      onDone();
    },
    onError: (e) => notifyError(e, t),
  });
  return (
    <Paper withBorder p="sm" data-testid="task-bulk-bar">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Text fw={600}>{t('work.tasks.selected', { count: ids.length })}</Text>
        <MemberPicker
          multiple
          label={t('work.tasks.bulkAssign')}
          value={assignees}
          onChange={setAssignees}
        />
        <Button
          size="sm"
          disabled={assignees.length === 0}
          onClick={() => run.mutate({ action: 'assign', ids, assigneeIds: assignees })}
        >
          {t('work.tasks.apply')}
        </Button>
        <TextInput
          type="date"
          label={t('work.tasks.bulkReschedule')}
          value={date}
          onChange={(e) => setDate(e.currentTarget.value)}
        />
        <Button
          size="sm"
          disabled={!date}
          onClick={() => run.mutate({ action: 'reschedule', ids, dueDate: date })}
        >
          {t('work.tasks.apply')}
        </Button>
        <Select
          label={t('work.tasks.bulkStatus')}
          placeholder={t('work.tasks.moveTo')}
          w={160}
          data={STATUSES.map((s) => ({ value: s, label: t(`work.status.${s}`) }))}
          value={null}
          onChange={(s) => s && run.mutate({ action: 'status', ids, status: s as TaskStatus })}
        />
      </Group>
    </Paper>
  );
}

function ListTab({ filters }: { filters: Filters }) {
  const { t } = useTranslation();
  const can = useCan();
  const [selected, setSelected] = useState<string[]>([]);
  const { list, rows } = useCursorList(api.listTasks, {
    ...filters,
    sort: 'due',
    order: 'asc',
    limit: 50,
  } as never);
  const toggle = (id: string) =>
    setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  return (
    <Stack gap="sm">
      {can('tasks.manage') && selected.length > 0 && (
        <BulkBar ids={selected} onDone={() => setSelected([])} />
      )}
      <ListState
        query={list}
        rows={rows as TaskSummary[]}
        empty={
          <EmptyState title={t('work.tasks.emptyTitle')} description={t('work.tasks.emptyBody')} />
        }
      >
        {(items) => (
          <ScrollArea>
            <Table striped highlightOnHover miw={720} data-testid="task-table">
              <Table.Thead>
                <Table.Tr>
                  {can('tasks.manage') && (
                    <Table.Th w={40}>
                      <Checkbox
                        aria-label="Select all"
                        checked={selected.length === items.length}
                        indeterminate={selected.length > 0 && selected.length < items.length}
                        onChange={() =>
                          setSelected(
                            selected.length === items.length ? [] : items.map((i) => i.id),
                          )
                        }
                      />
                    </Table.Th>
                  )}
                  <Table.Th>{t('work.fields.title')}</Table.Th>
                  <Table.Th>{t('work.fields.status')}</Table.Th>
                  <Table.Th>{t('work.fields.assignees')}</Table.Th>
                  <Table.Th>{t('work.fields.due')}</Table.Th>
                  <Table.Th>{t('work.fields.site')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((task) => (
                  <Table.Tr key={task.id} data-testid="task-list-row">
                    {can('tasks.manage') && (
                      <Table.Td>
                        <Checkbox
                          aria-label={`Select ${task.title}`}
                          checked={selected.includes(task.id)}
                          onChange={() => toggle(task.id)}
                        />
                      </Table.Td>
                    )}
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <AnchorLink to="/tasks/$taskId" params={{ taskId: task.id }}>
                          {task.title}
                        </AnchorLink>
                        <PriorityBadge priority={task.priority} />
                      </Group>
                      {task.labels.length > 0 && (
                        <Group gap={4} mt={2}>
                          {task.labels.map((l) => (
                            <Badge key={l} size="xs" variant="outline" color="gray">
                              {l}
                            </Badge>
                          ))}
                        </Group>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <TaskStatusBadge task={task} />
                    </Table.Td>
                    <Table.Td>{task.assignees.map((a) => a.name).join(', ')}</Table.Td>
                    <Table.Td>
                      <DueText task={task} />
                    </Table.Td>
                    <Table.Td>{task.site?.name}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        )}
      </ListState>
      <LoadMore list={list} />
    </Stack>
  );
}

function BoardCard({ task }: { task: TaskSummary }) {
  const { t } = useTranslation();
  const setStatus = useSetStatus();
  return (
    <Card
      withBorder
      padding="xs"
      draggable
      onDragStart={(e) => {
        e.dataTransfer.setData('text/task-id', task.id);
        e.dataTransfer.effectAllowed = 'move';
      }}
      data-testid="board-card"
      style={{ cursor: 'grab' }}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap={4}>
        <AnchorLink to="/tasks/$taskId" params={{ taskId: task.id }} size="sm" fw={500}>
          {task.title}
        </AnchorLink>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button
              size="compact-xs"
              variant="subtle"
              aria-label={`${t('work.tasks.moveTo')} ${task.title}`}
            >
              <IconDots size={14} />
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>{t('work.tasks.moveTo')}</Menu.Label>
            {STATUSES.filter((s) => s !== task.status).map((s) => (
              <Menu.Item key={s} onClick={() => setStatus.mutate({ id: task.id, status: s })}>
                {t(`work.status.${s}`)}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      </Group>
      <Group gap={6} mt={4}>
        <DueText task={task} />
        <PriorityBadge priority={task.priority} />
        {task.signoff === 'pending' && (
          <Badge size="xs" color="yellow" variant="outline">
            {t('work.signoff.pending')}
          </Badge>
        )}
      </Group>
      {task.assignees.length > 0 && (
        <Text size="xs" c="dimmed" mt={2}>
          {task.assignees.map((a) => a.name).join(', ')}
        </Text>
      )}
    </Card>
  );
}

function BoardTab({ filters }: { filters: Filters }) {
  const { t } = useTranslation();
  const setStatus = useSetStatus();
  const { status: _s, ...rest } = filters;
  const board = useQuery(endpointQuery(api.taskBoard, { query: rest as never }));
  const [over, setOver] = useState<string | null>(null);
  if (board.isPending) return <TableSkeleton />;
  if (board.isError) return <ErrorState error={board.error} onRetry={() => void board.refetch()} />;
  return (
    <ScrollArea>
      <Group align="flex-start" wrap="nowrap" gap="sm" data-testid="task-board" pb="sm">
        {board.data.columns.map((col) => (
          <Paper
            key={col.status}
            withBorder
            p="xs"
            w={260}
            miw={240}
            bg={
              over === col.status
                ? 'var(--mantine-color-blue-light)'
                : 'var(--mantine-color-default-hover)'
            }
            onDragOver={(e) => {
              e.preventDefault();
              setOver(col.status);
            }}
            onDragLeave={() => setOver(null)}
            onDrop={(e) => {
              e.preventDefault();
              setOver(null);
              const id = e.dataTransfer.getData('text/task-id');
              if (id) setStatus.mutate({ id, status: col.status });
            }}
            data-testid={`board-column-${col.status}`}
            aria-label={t(`work.status.${col.status}`)}
          >
            <Group justify="space-between" mb="xs">
              <Title order={3} size="h5">
                {t(`work.status.${col.status}`)}
              </Title>
              <Badge variant="light">{col.count}</Badge>
            </Group>
            <Stack gap="xs">
              {col.items.map((task) => (
                <BoardCard key={task.id} task={task} />
              ))}
            </Stack>
          </Paper>
        ))}
      </Group>
    </ScrollArea>
  );
}

const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

function WorkloadTab({ siteId }: { siteId?: string | undefined }) {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormat();
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: me.organization.timeZone }).format(
    new Date(),
  );
  const [from, setFrom] = useState(today);
  const to = addDays(from, 13);
  const q = useQuery(
    endpointQuery(api.workload, { query: { from, to, ...(siteId ? { siteId } : {}) } }),
  );
  const days = useMemo(() => Array.from({ length: 14 }, (_, i) => addDays(from, i)), [from]);
  return (
    <Stack gap="sm">
      <Group align="flex-end">
        <TextInput
          type="date"
          label={t('work.workload.from')}
          value={from}
          onChange={(e) => e.currentTarget.value && setFrom(e.currentTarget.value)}
        />
        <Text size="sm" c="dimmed" maw={520}>
          {t('work.workload.legend', { hours: q.data?.defaultEstimateHours ?? 1 })}
        </Text>
      </Group>
      {q.isPending ? (
        <TableSkeleton />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.members.length === 0 ? (
        <EmptyState title={t('work.workload.empty')} />
      ) : (
        // Each day stays on one line ("2.5 / 8 h"); narrow screens scroll the grid sideways (a
        // focusable region, so the keyboard can scroll it too).
        <Box
          role="region"
          aria-label={t('work.tasks.workload')}
          tabIndex={0}
          pb={4}
          style={{ overflowX: 'auto' }}
        >
          <Table
            withTableBorder
            withColumnBorders
            miw={1040}
            data-testid="workload-grid"
            fz="xs"
            style={{ whiteSpace: 'nowrap' }}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('work.workload.person')}</Table.Th>
                {days.map((d) => (
                  <Table.Th key={d} ta="center">
                    {format.date(d).replace(/, \d{4}$/, '')}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.members.map((m) => (
                <Table.Tr key={m.userId}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {m.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {m.capacitySource === 'roster'
                        ? t('work.workload.fromRoster')
                        : m.weeklyHours === null
                          ? '—'
                          : `${m.weeklyHours} h/wk`}
                    </Text>
                  </Table.Td>
                  {m.days.map((d) => (
                    <Table.Td
                      key={d.date}
                      ta="center"
                      bg={d.over ? 'var(--mantine-color-red-light)' : undefined}
                      c={d.over ? 'red' : d.hours === 0 ? 'dimmed' : undefined}
                      fw={d.over ? 700 : undefined}
                      title={d.over ? t('work.workload.over') : undefined}
                    >
                      {d.hours === 0 && d.capacity === 0
                        ? ''
                        : t('work.workload.hoursOf', { hours: d.hours, capacity: d.capacity })}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Box>
      )}
    </Stack>
  );
}

/** Every task the caller may see: list (filters, saved views, bulk), board and workload. */
export function TasksPage() {
  const { t } = useTranslation();
  const can = useCan();
  const search = routeApi.useSearch();
  const navigate = useNavigate();
  const tab: TaskTab = search.tab ?? 'list';
  const [filters, setFilters] = useState<Filters>({});
  const [debouncedQ] = useDebouncedValue(filters.q, 300);
  const effective = clean({ ...filters, q: debouncedQ });
  const [drawer, setDrawer] = useState(false);
  return (
    <Stack gap="md">
      <PageHeader
        title={t('work.tasks.title')}
        description={t('work.tasks.description')}
        actions={
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setDrawer(true)}
            data-testid="new-task"
          >
            {t('work.tasks.new')}
          </Button>
        }
      />
      <Tabs
        value={tab}
        onChange={(v) => void navigate({ to: '/tasks', search: { tab: (v ?? 'list') as TaskTab } })}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="list">{t('work.tasks.list')}</Tabs.Tab>
          <Tabs.Tab value="board">{t('work.tasks.board')}</Tabs.Tab>
          {can('tasks.manage') && <Tabs.Tab value="workload">{t('work.tasks.workload')}</Tabs.Tab>}
        </Tabs.List>
        <Stack gap="sm" pt="md">
          {tab !== 'workload' && (
            <>
              <SavedViews filters={effective} onApply={setFilters} />
              <FilterBar filters={filters} onChange={setFilters} />
            </>
          )}
          <Tabs.Panel value="list">
            <ListTab filters={effective} />
          </Tabs.Panel>
          <Tabs.Panel value="board">
            <BoardTab filters={effective} />
          </Tabs.Panel>
          {can('tasks.manage') && (
            <Tabs.Panel value="workload">
              <WorkloadTab siteId={filters.siteId} />
            </Tabs.Panel>
          )}
        </Stack>
      </Tabs>
      <TaskFormDrawer opened={drawer} onClose={() => setDrawer(false)} />
    </Stack>
  );
}
