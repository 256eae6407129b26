import {
  type AttendanceEntry,
  attendance as api,
  type MyAttendance,
  type ScheduledShift,
} from '@keel/contracts';
import {
  Badge,
  Button,
  Card,
  Group,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import {
  IconCoffee,
  IconLogin2,
  IconLogout2,
  IconPlayerPlay,
  IconUserOff,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';
import { endpointQuery } from '../../../api/query';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorState } from '../../../components/ErrorState';
import { DetailSkeleton } from '../../../components/LoadingState';
import { PageHeader } from '../../../components/PageHeader';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useMe } from '../../../lib/session';
import { hoursLabel, useZoned } from './attendance-ui';

const STATE_COLORS = { clocked_out: 'gray', clocked_in: 'teal', on_break: 'orange' } as const;

/** Ticks every second; `offset` is server time minus browser time at the last answer. */
function useNow(offset: number) {
  const [now, setNow] = useState(() => Date.now() + offset);
  useEffect(() => {
    setNow(Date.now() + offset);
    const id = window.setInterval(() => setNow(Date.now() + offset), 1000);
    return () => window.clearInterval(id);
  }, [offset]);
  return now;
}

function ShiftLine({
  shift,
  zoned,
}: {
  shift: ScheduledShift;
  zoned: ReturnType<typeof useZoned>;
}) {
  return (
    <Group gap="xs" wrap="wrap">
      <Text fw={600}>{zoned.day(shift.date)}</Text>
      <Text>{zoned.range(shift.startsAt, shift.endsAt)}</Text>
      {shift.shiftTypeCode && <Badge variant="light">{shift.shiftTypeCode}</Badge>}
      {shift.positionName && (
        <Text c="dimmed" fz="sm">
          {shift.positionName}
        </Text>
      )}
    </Group>
  );
}

function EntryLine({
  entry,
  zoned,
}: {
  entry: AttendanceEntry;
  zoned: ReturnType<typeof useZoned>;
}) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between" wrap="nowrap" gap="xs" data-testid="clock-entry">
      <Stack gap={0}>
        <Text fw={600}>
          {zoned.time(entry.clockInAt)} –{' '}
          {entry.clockOutAt ? zoned.time(entry.clockOutAt) : t('scheduling.attendance.clock.open')}
        </Text>
        {entry.breakMinutes > 0 && (
          <Text fz="sm" c="dimmed">
            {t('scheduling.attendance.clock.breaks', { minutes: entry.breakMinutes })}
          </Text>
        )}
      </Stack>
      <Text fw={600} style={{ whiteSpace: 'nowrap' }}>
        {hoursLabel(entry.workedMinutes)}
      </Text>
    </Group>
  );
}

/** The staff time clock, phone first: state, one big button per valid step, today, this period. */
export function ClockPage() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const query = useQuery(endpointQuery(api.getMyAttendance));
  const [offset, setOffset] = useState(0);
  const [note, setNote] = useState('');
  useEffect(() => {
    if (query.data) setOffset(Date.parse(query.data.now) - Date.now());
  }, [query.data]);
  const now = useNow(offset);
  const timeZone = query.data?.site?.timeZone ?? me.organization.timeZone;
  const zoned = useZoned(timeZone);
  const locale = me.user.locale ?? navigator.language ?? 'en-US';

  const step = useMutation({
    mutationFn: async (which: 'in' | 'out' | 'breakStart' | 'breakEnd') => {
      const body = { note: note.trim() || null };
      if (which === 'in') return call(api.clockIn, { body: { ...body, source: 'phone' } });
      if (which === 'out') return call(api.clockOut, { body });
      if (which === 'breakStart') return call(api.startBreak, { body: {} });
      return call(api.endBreak, { body: {} });
    },
    onSuccess: (data: MyAttendance, which) => {
      queryClient.setQueryData(endpointQuery(api.getMyAttendance).queryKey, data);
      setNote('');
      const time = zoned.time(data.now);
      notifySuccess(
        which === 'in'
          ? t('scheduling.attendance.clock.clockedIn', { time })
          : which === 'out'
            ? t('scheduling.attendance.clock.clockedOut', { time })
            : which === 'breakStart'
              ? t('scheduling.attendance.clock.breakStarted')
              : t('scheduling.attendance.clock.breakEnded'),
      );
    },
    onError: (error) => {
      notifyError(error, t);
      void query.refetch();
    },
  });

  const header = (
    <PageHeader
      title={t('scheduling.attendance.clock.title')}
      description={t('scheduling.attendance.clock.description')}
    />
  );
  if (query.isPending)
    return (
      <>
        {header}
        <DetailSkeleton />
      </>
    );
  if (query.isError)
    return (
      <>
        {header}
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </>
    );
  const data = query.data;
  if (!data.employee)
    return (
      <>
        {header}
        <EmptyState
          icon={<IconUserOff size={28} stroke={1.5} aria-hidden />}
          title={t('scheduling.attendance.clock.noEmployeeTitle')}
          description={t('scheduling.attendance.clock.noEmployeeBody')}
        />
      </>
    );

  const state = data.state;
  const open = data.openEntry;
  const runningBreak = open?.breaks.find((b) => b.endedAt === null);
  const sinceIso = state === 'on_break' ? runningBreak?.startedAt : open?.clockInAt;
  // Worked so far: the server's figure plus the time since it answered (not while on break).
  const workedNow =
    open && state === 'clocked_in'
      ? open.workedMinutes + Math.max(0, Math.floor((now - Date.parse(data.now)) / 60_000))
      : (open?.workedMinutes ?? 0);
  const clockText = new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZone,
  }).format(new Date(now));
  const busy = step.isPending;

  return (
    <>
      {header}
      <Stack gap="md" maw={640}>
        <Card withBorder padding="lg" data-testid="clock-card">
          <Stack gap="sm" align="stretch">
            <Text c="dimmed" fz="sm">
              {data.site
                ? t('scheduling.attendance.clock.now', { site: data.site.name })
                : t('scheduling.attendance.clock.nowNoSite')}
            </Text>
            <Title
              order={2}
              fz={{ base: 44, sm: 56 }}
              style={{ fontVariantNumeric: 'tabular-nums', lineHeight: 1.1 }}
              aria-live="off"
              data-testid="clock-time"
            >
              {clockText}
            </Title>
            <Group gap="xs" wrap="wrap">
              <Badge size="lg" color={STATE_COLORS[state]} data-testid="clock-state">
                {t(`scheduling.attendance.clock.state.${state}`)}
              </Badge>
              {sinceIso && (
                <Text fz="sm">
                  {t('scheduling.attendance.clock.since', { time: zoned.time(sinceIso) })}
                </Text>
              )}
              {open && (
                <Text fz="sm" c="dimmed">
                  {t('scheduling.attendance.clock.workedSoFar', { worked: hoursLabel(workedNow) })}
                </Text>
              )}
            </Group>
            {state === 'clocked_out' && (
              <Text fz="sm" c="dimmed" data-testid="clock-match">
                {data.matchingShift
                  ? t('scheduling.attendance.clock.matching', {
                      range: zoned.range(data.matchingShift.startsAt, data.matchingShift.endsAt),
                    })
                  : t('scheduling.attendance.clock.unscheduled')}
              </Text>
            )}
            {state !== 'on_break' && (
              <TextInput
                label={t('scheduling.attendance.clock.note')}
                placeholder={t('scheduling.attendance.clock.notePlaceholder')}
                value={note}
                onChange={(e) => setNote(e.currentTarget.value)}
                maxLength={500}
                data-testid="clock-note"
              />
            )}
            {state === 'clocked_out' ? (
              <Button
                size="xl"
                color="teal"
                leftSection={<IconLogin2 aria-hidden />}
                onClick={() => step.mutate('in')}
                loading={busy}
                fullWidth
                data-testid="clock-in"
              >
                {t('scheduling.attendance.clock.clockIn')}
              </Button>
            ) : (
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
                {state === 'on_break' ? (
                  <Button
                    size="xl"
                    color="teal"
                    leftSection={<IconPlayerPlay aria-hidden />}
                    onClick={() => step.mutate('breakEnd')}
                    loading={busy}
                    data-testid="break-end"
                  >
                    {t('scheduling.attendance.clock.endBreak')}
                  </Button>
                ) : (
                  <Button
                    size="xl"
                    variant="light"
                    color="orange"
                    leftSection={<IconCoffee aria-hidden />}
                    onClick={() => step.mutate('breakStart')}
                    loading={busy}
                    data-testid="break-start"
                  >
                    {t('scheduling.attendance.clock.startBreak')}
                  </Button>
                )}
                <Button
                  size="xl"
                  color="red"
                  variant={state === 'on_break' ? 'light' : 'filled'}
                  leftSection={<IconLogout2 aria-hidden />}
                  onClick={() => step.mutate('out')}
                  loading={busy}
                  data-testid="clock-out"
                >
                  {t('scheduling.attendance.clock.clockOut')}
                </Button>
              </SimpleGrid>
            )}
          </Stack>
        </Card>

        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Card withBorder padding="md" data-testid="clock-today">
            <Title order={3} fz="md" mb="xs">
              {t('scheduling.attendance.clock.today')}
            </Title>
            {data.todayShifts.length ? (
              <Stack gap={4}>
                {data.todayShifts.map((s) => (
                  <ShiftLine key={s.id} shift={s} zoned={zoned} />
                ))}
              </Stack>
            ) : (
              <Text c="dimmed" fz="sm">
                {t('scheduling.attendance.clock.noShiftToday')}
              </Text>
            )}
          </Card>
          <Card withBorder padding="md" data-testid="clock-next">
            <Title order={3} fz="md" mb="xs">
              {t('scheduling.attendance.clock.next')}
            </Title>
            {data.nextShift ? (
              <ShiftLine shift={data.nextShift} zoned={zoned} />
            ) : (
              <Text c="dimmed" fz="sm">
                {t('scheduling.attendance.clock.noNext')}
              </Text>
            )}
          </Card>
        </SimpleGrid>

        <Card withBorder padding="md" data-testid="clock-entries">
          <Title order={3} fz="md" mb="xs">
            {t('scheduling.attendance.clock.entries')}
          </Title>
          {data.todayEntries.length ? (
            <Stack gap="xs">
              {data.todayEntries.map((e) => (
                <EntryLine key={e.id} entry={e} zoned={zoned} />
              ))}
            </Stack>
          ) : (
            <Text c="dimmed" fz="sm">
              {t('scheduling.attendance.clock.noEntries')}
            </Text>
          )}
        </Card>

        <Card withBorder padding="md" data-testid="clock-period">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Stack gap={0}>
              <Title order={3} fz="md">
                {t('scheduling.attendance.clock.period')}
              </Title>
              <Text c="dimmed" fz="sm">
                {t('scheduling.attendance.clock.periodRange', {
                  from: zoned.day(data.period.from),
                  to: zoned.day(data.period.to),
                })}
              </Text>
            </Stack>
            <Text fw={700} fz="xl">
              {hoursLabel(data.period.workedMinutes)}
            </Text>
          </Group>
          <Text fz="sm" c="dimmed" mt={4}>
            {t('scheduling.attendance.clock.workedOfScheduled', {
              worked: hoursLabel(data.period.workedMinutes),
              scheduled: hoursLabel(data.period.scheduledMinutes),
            })}
          </Text>
        </Card>
      </Stack>
    </>
  );
}
