import { schedulingSelf as api, type MyShift } from '@keel/contracts';
import {
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Stack,
  Switch,
  Tabs,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { IconCalendarPlus, IconCalendarTime, IconUsers } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';
import { endpointQuery, useRefresh } from '../../../api/query';
import { EmptyState } from '../../../components/EmptyState';
import { ListState } from '../../../components/ListState';
import { TableSkeleton } from '../../../components/LoadingState';
import { PageHeader } from '../../../components/PageHeader';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useMe } from '../../../lib/session';
import { OpenShiftsTab } from './OpenShiftsTab';
import type { MyShiftTab } from './routes';
import { SwapRequestDrawer } from './SwapRequestDrawer';
import { SwapsTab } from './SwapsTab';
import {
  addDays,
  SELF_QUERIES,
  ShiftTimes,
  ShiftTypeChip,
  ShiftWhere,
  SwapStatusChip,
  todayIn,
  useDayLabel,
} from './shift-ui';

const routeApi = getRouteApi('/app/my-shifts');

/** Days of `items` in order, each with its shifts. */
function byDay<T extends { date: string }>(items: T[]): [string, T[]][] {
  const days = new Map<string, T[]>();
  for (const i of items) days.set(i.date, [...(days.get(i.date) ?? []), i]);
  return [...days.entries()];
}

function ReleaseButton({ shift }: { shift: MyShift }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const [opened, setOpened] = useState(false);
  const [note, setNote] = useState('');
  const release = useMutation({
    mutationFn: () =>
      call(api.releaseShift, { params: { id: shift.id }, body: { note: note.trim() || null } }),
    onSuccess: async () => {
      notifySuccess(t('scheduling.self.mine.released'));
      setOpened(false);
      setNote('');
      await refresh(...SELF_QUERIES);
    },
    onError: (e) => notifyError(e, t),
  });
  return (
    <>
      <Button
        variant="subtle"
        color="gray"
        size="compact-sm"
        onClick={() => setOpened(true)}
        data-testid="release-shift"
      >
        {t('scheduling.self.mine.release')}
      </Button>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title={t('scheduling.self.mine.releaseTitle')}
        centered
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <Stack gap="sm">
          <Text fz="sm">{t('scheduling.self.mine.releaseBody')}</Text>
          <Textarea
            label={t('scheduling.self.mine.releaseNote')}
            value={note}
            maxLength={500}
            autosize
            minRows={2}
            onChange={(e) => setNote(e.currentTarget.value)}
            data-testid="release-note"
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setOpened(false)}>
              {t('common.cancel')}
            </Button>
            <Button
              loading={release.isPending}
              onClick={() => release.mutate()}
              data-testid="release-confirm"
            >
              {t('scheduling.self.mine.release')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function MyShiftCard({ shift, onSwap }: { shift: MyShift; onSwap: (s: MyShift) => void }) {
  const { t } = useTranslation();
  const canAsk = !shift.past && !shift.swap;
  return (
    <Paper withBorder p="sm" radius="md" data-testid="my-shift" data-shift-id={shift.id}>
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <ShiftTimes shift={shift} />
          <ShiftTypeChip shift={shift} />
        </Group>
        <ShiftWhere shift={shift} />
        <Group gap={6} wrap="nowrap" align="flex-start">
          <IconUsers size={14} aria-hidden style={{ marginTop: 3, flexShrink: 0 }} />
          <Text fz="sm" c="dimmed">
            {shift.colleagues.length
              ? `${t('scheduling.self.mine.colleagues')} ${shift.colleagues.map((c) => c.name).join(', ')}`
              : t('scheduling.self.mine.alone')}
          </Text>
        </Group>
        {shift.notes && <Text fz="sm">{shift.notes}</Text>}
        {shift.swap && (
          <Group gap="xs">
            <SwapStatusChip status={shift.swap.status} />
            <Text fz="xs" c="dimmed">
              {t(`scheduling.self.swaps.kinds.${shift.swap.kind}`)}
            </Text>
          </Group>
        )}
        {canAsk && (
          <Group gap="xs" justify="flex-end">
            <ReleaseButton shift={shift} />
            <Button
              size="compact-sm"
              variant="light"
              onClick={() => onSwap(shift)}
              data-testid="swap-request"
            >
              {t('scheduling.self.mine.requestSwap')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

function MineTab() {
  const { t } = useTranslation();
  const me = useMe();
  const dayLabel = useDayLabel();
  const [past, setPast] = useState(false);
  const [swapFor, setSwapFor] = useState<MyShift | null>(null);
  const today = todayIn(me.organization.timeZone);
  const range = past
    ? { from: addDays(today, -28), to: today }
    : { from: addDays(today, -1), to: addDays(today, 55) };
  const shifts = useQuery(endpointQuery(api.listMyShifts, { query: range }));
  // A shift under way (a night that started yesterday) still counts as upcoming until it ends.
  const now = Date.now();
  const rows = shifts.data?.items.filter((s) => Date.parse(s.end) <= now === past);
  const items = past ? rows?.slice().reverse() : rows;
  return (
    <Stack gap="md">
      <Paper withBorder p="sm" radius="md">
        <Group justify="space-between" gap="xs">
          <Stack gap={0} style={{ flex: '1 1 200px' }}>
            <Text fw={600} fz="sm">
              {t('scheduling.self.mine.addToCalendar')}
            </Text>
            <Text fz="xs" c="dimmed">
              {t('scheduling.self.mine.addToCalendarHint')}
            </Text>
          </Stack>
          <Group gap="xs">
            <Button
              component={Link}
              to="/calendar"
              variant="default"
              size="compact-sm"
              leftSection={<IconCalendarPlus size={16} />}
              data-testid="add-to-calendar"
            >
              {t('scheduling.self.mine.openCalendar')}
            </Button>
          </Group>
        </Group>
      </Paper>
      <Switch
        label={t('scheduling.self.mine.showPast')}
        checked={past}
        onChange={(e) => setPast(e.currentTarget.checked)}
        data-testid="show-past"
      />
      {shifts.data && !shifts.data.hasEmployee ? (
        <EmptyState
          title={t('scheduling.self.noEmployeeTitle')}
          description={t('scheduling.self.noEmployeeBody')}
        />
      ) : (
        <ListState
          query={shifts}
          rows={items}
          skeleton={<TableSkeleton rows={4} />}
          empty={
            <EmptyState
              icon={<IconCalendarTime size={32} />}
              title={t(
                past ? 'scheduling.self.mine.emptyPastTitle' : 'scheduling.self.mine.emptyTitle',
              )}
              description={past ? undefined : t('scheduling.self.mine.emptyBody')}
            />
          }
        >
          {(list) =>
            byDay(list).map(([date, day]) => (
              <Stack key={date} gap="xs" component="section" aria-labelledby={`day-${date}`}>
                <Group gap="xs">
                  <Title order={2} size="h5" id={`day-${date}`}>
                    {dayLabel(date)}
                  </Title>
                  {day.length > 1 && <Badge variant="light">{day.length}</Badge>}
                </Group>
                {day.map((s) => (
                  <MyShiftCard key={s.id} shift={s} onSwap={setSwapFor} />
                ))}
              </Stack>
            ))
          }
        </ListState>
      )}
      <SwapRequestDrawer shift={swapFor} onClose={() => setSwapFor(null)} />
    </Stack>
  );
}

/** Staff self-service, phone first: my shifts, open shifts to claim, swap requests. */
export function MyShiftsPage() {
  const { t } = useTranslation();
  const search = routeApi.useSearch();
  const navigate = useNavigate();
  const tab: MyShiftTab = search.tab ?? 'mine';
  return (
    <Stack gap="md" maw={760} data-testid="my-shifts-page">
      <PageHeader
        title={t('scheduling.self.title')}
        description={t('scheduling.self.description')}
      />
      <Tabs
        value={tab}
        onChange={(v) =>
          void navigate({ to: '/my-shifts', search: { tab: (v ?? 'mine') as MyShiftTab } })
        }
        keepMounted={false}
      >
        <Tabs.List grow>
          <Tabs.Tab value="mine" data-testid="tab-mine">
            {t('scheduling.self.tabs.mine')}
          </Tabs.Tab>
          <Tabs.Tab value="open" data-testid="tab-open">
            {t('scheduling.self.tabs.open')}
          </Tabs.Tab>
          <Tabs.Tab value="swaps" data-testid="tab-swaps">
            {t('scheduling.self.tabs.swaps')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="mine" pt="md">
          <MineTab />
        </Tabs.Panel>
        <Tabs.Panel value="open" pt="md">
          <OpenShiftsTab />
        </Tabs.Panel>
        <Tabs.Panel value="swaps" pt="md">
          <SwapsTab />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
