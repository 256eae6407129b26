import { schedulingPeople as api, approvals, type TimeOffRequest } from '@keel/contracts';
import {
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconBeach, IconCheck, IconPlus, IconX } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';
import { apiFieldErrors, type FormErrors } from '../../../api/form-errors';
import { endpointQuery, useRefresh } from '../../../api/query';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { type Column, DataTable } from '../../../components/DataTable';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorState } from '../../../components/ErrorState';
import { FormDrawer } from '../../../components/FormDrawer';
import { ListState } from '../../../components/ListState';
import { TableSkeleton } from '../../../components/LoadingState';
import { PageHeader } from '../../../components/PageHeader';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useCan } from '../../../lib/session';
import { useFormat } from '../../../lib/use-format';
import {
  CONSTRAINT_QUERIES,
  hoursOf,
  isNoEmployee,
  NoEmployeeState,
  TimeOffStatusBadge,
  todayIn,
  workdays,
} from './constraints-ui';

const routeApi = getRouteApi('/app/time-off');

/** "Dec 7 – Dec 8" or "Dec 7, 13:00–16:30". */
function useWhen() {
  const fmt = useFormat();
  return (r: Pick<TimeOffRequest, 'startDate' | 'endDate' | 'allDay' | 'startTime' | 'endTime'>) =>
    r.allDay
      ? r.startDate === r.endDate
        ? fmt.date(r.startDate)
        : `${fmt.date(r.startDate)} – ${fmt.date(r.endDate)}`
      : `${fmt.date(r.startDate)}, ${r.startTime}–${r.endTime}`;
}

// ── Request form ───────────────────────────────────────────────────────────

function RequestDrawer({
  opened,
  onClose,
  balances,
}: {
  opened: boolean;
  onClose: () => void;
  balances: NonNullable<ReturnType<typeof useBalances>['data']>;
}) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const [errors, setErrors] = useState<FormErrors>({});
  const [typeId, setTypeId] = useState<string | null>(balances.items[0]?.type.id ?? null);
  const [startDate, setStart] = useState('');
  const [endDate, setEnd] = useState('');
  const [allDay, setAllDay] = useState(true);
  const [startTime, setStartTime] = useState('');
  const [endTime, setEndTime] = useState('');
  const [reason, setReason] = useState('');
  const balance = balances.items.find((b) => b.type.id === typeId);
  const minutes = allDay
    ? workdays(startDate, endDate || startDate) * balances.minutesPerWorkday
    : startTime && endTime && endTime > startTime
      ? Number(endTime.slice(0, 2)) * 60 +
        Number(endTime.slice(3)) -
        (Number(startTime.slice(0, 2)) * 60 + Number(startTime.slice(3)))
      : 0;
  const after =
    balance?.remainingMinutes === null || balance === undefined
      ? null
      : balance.remainingMinutes - minutes;
  const submit = useMutation({
    mutationFn: () =>
      call(api.createTimeOffRequest, {
        body: {
          typeId: typeId ?? '',
          startDate,
          endDate: allDay ? endDate || startDate : startDate,
          allDay,
          startTime: allDay ? null : startTime || null,
          endTime: allDay ? null : endTime || null,
          reason: reason.trim() || null,
        },
      }),
    onSuccess: async (r) => {
      notifySuccess(
        t(
          r.status === 'approved'
            ? 'scheduling.people.timeOff.approvedAtOnce'
            : 'scheduling.people.timeOff.sent',
        ),
      );
      onClose();
      await refresh(...CONSTRAINT_QUERIES);
    },
    onError: (e) => {
      const fe = apiFieldErrors(e);
      if (Object.keys(fe).length) setErrors(fe);
      else notifyError(e, t);
    },
  });
  return (
    <FormDrawer
      opened={opened}
      onClose={onClose}
      title={t('scheduling.people.timeOff.newRequest')}
      onSubmit={(e?: FormEvent<HTMLFormElement>) => {
        e?.preventDefault();
        setErrors({});
        submit.mutate();
      }}
      submitting={submit.isPending}
      submitLabel={t('scheduling.people.timeOff.submit')}
      submitTestId="time-off-submit"
      size="md"
    >
      <Select
        label={t('scheduling.people.timeOff.type')}
        data={balances.items.map((b) => ({ value: b.type.id, label: b.type.name }))}
        value={typeId}
        onChange={setTypeId}
        allowDeselect={false}
        required
        error={errors.typeId}
        data-testid="time-off-type"
      />
      <Switch
        label={t('scheduling.people.timeOff.allDay')}
        checked={allDay}
        onChange={(e) => setAllDay(e.currentTarget.checked)}
        data-testid="time-off-all-day"
      />
      <Group grow align="flex-start">
        <TextInput
          type="date"
          label={t('scheduling.people.timeOff.from')}
          required
          value={startDate}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setStart(v);
            if (!endDate || endDate < v) setEnd(v);
          }}
          error={errors.startDate}
          data-testid="time-off-start"
        />
        {allDay && (
          <TextInput
            type="date"
            label={t('scheduling.people.timeOff.to')}
            required
            value={endDate}
            min={startDate || undefined}
            onChange={(e) => setEnd(e.currentTarget.value)}
            error={errors.endDate}
            data-testid="time-off-end"
          />
        )}
      </Group>
      {!allDay && (
        <Group grow>
          <TextInput
            type="time"
            label={t('scheduling.people.timeOff.startTime')}
            value={startTime}
            onChange={(e) => setStartTime(e.currentTarget.value)}
            error={errors.startTime}
            data-testid="time-off-start-time"
          />
          <TextInput
            type="time"
            label={t('scheduling.people.timeOff.endTime')}
            value={endTime}
            onChange={(e) => setEndTime(e.currentTarget.value)}
            error={errors.endTime}
            data-testid="time-off-end-time"
          />
        </Group>
      )}
      <Textarea
        label={t('scheduling.people.timeOff.reason')}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        autosize
        minRows={2}
        error={errors.reason}
      />
      <Paper withBorder p="sm" bg="var(--mantine-color-default-hover)" aria-live="polite">
        <Text fw={600} data-testid="time-off-cost">
          {t('scheduling.people.timeOff.cost', { hours: hoursOf(minutes) })}
        </Text>
        {allDay && (
          <Text fz="xs" c="dimmed">
            {t('scheduling.people.timeOff.costHint', {
              hours: hoursOf(balances.minutesPerWorkday),
            })}
          </Text>
        )}
        {after !== null && (
          <Text fz="sm" c={after < 0 ? 'red' : undefined} data-testid="time-off-after">
            {after < 0
              ? t('scheduling.people.timeOff.overBalance')
              : t('scheduling.people.timeOff.balanceAfter', { hours: hoursOf(after) })}
          </Text>
        )}
      </Paper>
    </FormDrawer>
  );
}

// ── My time off ────────────────────────────────────────────────────────────

function useBalances() {
  return useQuery(endpointQuery(api.getTimeOffBalances, { query: {} }));
}

function BalanceCards({ data }: { data: NonNullable<ReturnType<typeof useBalances>['data']> }) {
  const { t } = useTranslation();
  if (data.items.length === 0)
    return (
      <EmptyState
        title={t('scheduling.people.timeOff.noTypes')}
        description={t('scheduling.people.timeOff.noTypesHint')}
      />
    );
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
      {data.items.map((b) => {
        const allowance = b.allowanceMinutes;
        return (
          <Paper
            key={b.type.id}
            withBorder
            p="md"
            style={{ borderLeft: `4px solid ${b.type.color}` }}
            data-testid="balance-card"
          >
            <Text fw={600}>{b.type.name}</Text>
            {allowance === null ? (
              <Text fz="xl" fw={700}>
                {t('scheduling.people.timeOff.unlimited')}
              </Text>
            ) : (
              <>
                <Group gap={6} align="baseline">
                  <Text fz="xl" fw={700} c={(b.remainingMinutes ?? 0) < 0 ? 'red' : undefined}>
                    {t('scheduling.people.timeOff.left', {
                      hours: hoursOf(b.remainingMinutes ?? 0),
                    })}
                  </Text>
                  <Text fz="sm" c="dimmed">
                    {t('scheduling.people.timeOff.ofAllowance', { hours: hoursOf(allowance) })}
                  </Text>
                </Group>
                <Progress.Root size="sm" mt={6} aria-hidden>
                  <Progress.Section
                    value={allowance ? (b.approvedMinutes / allowance) * 100 : 0}
                    color="green"
                  />
                  <Progress.Section
                    value={allowance ? (b.pendingMinutes / allowance) * 100 : 0}
                    color="yellow"
                  />
                </Progress.Root>
              </>
            )}
            <Text fz="xs" c="dimmed" mt={6}>
              {t('scheduling.people.timeOff.used', { hours: hoursOf(b.approvedMinutes) })}
              {b.pendingMinutes > 0
                ? ` · ${t('scheduling.people.timeOff.pendingHours', { hours: hoursOf(b.pendingMinutes) })}`
                : ''}
            </Text>
          </Paper>
        );
      })}
    </SimpleGrid>
  );
}

function CancelButton({ r }: { r: TimeOffRequest }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const when = useWhen();
  const cancel = useMutation({
    mutationFn: () =>
      call(api.cancelTimeOffRequest, { params: { id: r.id }, body: { reason: null } }),
    onSuccess: async () => {
      notifySuccess(t('scheduling.people.timeOff.cancelled'));
      await refresh(...CONSTRAINT_QUERIES);
    },
    onError: (e) => notifyError(e, t),
  });
  if (!r.canCancel) return null;
  return (
    <ConfirmButton
      size="compact-sm"
      variant="subtle"
      color="red"
      confirmTitle={t('scheduling.people.timeOff.cancelConfirm')}
      confirmMessage={`${r.type.name}: ${when(r)}`}
      confirmLabel={t('scheduling.people.timeOff.cancel')}
      onConfirm={() => cancel.mutateAsync()}
      data-testid="cancel-time-off"
    >
      {t('scheduling.people.timeOff.cancel')}
    </ConfirmButton>
  );
}

function MyTimeOff() {
  const { t } = useTranslation();
  const when = useWhen();
  const balances = useBalances();
  const requests = useQuery(endpointQuery(api.listTimeOffRequests, { query: { scope: 'mine' } }));
  const [opened, setOpened] = useState(false);
  const [key, setKey] = useState(0);
  if (balances.isPending) return <TableSkeleton />;
  if (balances.isError)
    return isNoEmployee(balances.error) ? (
      <NoEmployeeState />
    ) : (
      <ErrorState error={balances.error} onRetry={() => void balances.refetch()} />
    );
  const columns: Column<TimeOffRequest>[] = [
    {
      key: 'type',
      header: t('scheduling.people.timeOff.type'),
      render: (r) => (
        <Group gap={6} wrap="nowrap">
          <span
            aria-hidden
            style={{ width: 10, height: 10, borderRadius: 5, background: r.type.color }}
          />
          {r.type.name}
        </Group>
      ),
    },
    { key: 'dates', header: t('scheduling.people.timeOff.dates'), render: when, nowrap: true },
    {
      key: 'hours',
      header: t('scheduling.people.timeOff.duration'),
      align: 'right',
      render: (r) => t('scheduling.people.hours', { hours: hoursOf(r.minutes) }),
    },
    {
      key: 'status',
      header: t('scheduling.people.timeOff.statusLabel'),
      render: (r) => <TimeOffStatusBadge status={r.status} />,
    },
    {
      key: 'reason',
      header: t('scheduling.people.timeOff.reasonHeader'),
      render: (r) => r.reason ?? '',
    },
    { key: 'actions', header: '', align: 'right', render: (r) => <CancelButton r={r} /> },
  ];
  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Title order={2} fz="h4">
          {t('scheduling.people.timeOff.balances', { year: balances.data.year })}
        </Title>
        <Button
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={() => {
            setKey((k) => k + 1);
            setOpened(true);
          }}
          disabled={balances.data.items.length === 0}
          data-testid="request-time-off"
        >
          {t('scheduling.people.timeOff.request')}
        </Button>
      </Group>
      <BalanceCards data={balances.data} />
      <Title order={2} fz="h4">
        {t('scheduling.people.timeOff.myRequests')}
      </Title>
      <ListState
        query={requests}
        rows={requests.data?.items}
        empty={
          <EmptyState
            icon={<IconBeach size={28} stroke={1.5} aria-hidden />}
            title={t('scheduling.people.timeOff.noRequests')}
            description={t('scheduling.people.timeOff.noRequestsHint')}
          />
        }
      >
        {(rows) => (
          <DataTable
            columns={columns}
            rows={rows}
            rowKey={(r) => r.id}
            caption={t('scheduling.people.timeOff.myRequests')}
            mobile="cards"
          />
        )}
      </ListState>
      {opened && (
        <RequestDrawer key={key} opened onClose={() => setOpened(false)} balances={balances.data} />
      )}
    </Stack>
  );
}

// ── Team requests (approvers) ──────────────────────────────────────────────

function DecideButtons({ r }: { r: TimeOffRequest }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const when = useWhen();
  const [rejecting, setRejecting] = useState(false);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | undefined>();
  const decide = useMutation({
    mutationFn: (decision: 'approved' | 'rejected') =>
      call(approvals.decideApproval, {
        params: { id: r.approvalId ?? '' },
        body: { decision, comment: decision === 'rejected' ? comment.trim() || null : null },
      }),
    onSuccess: async (_d, decision) => {
      notifySuccess(
        t(
          decision === 'approved'
            ? 'scheduling.people.timeOff.approved'
            : 'scheduling.people.timeOff.rejected',
        ),
      );
      setRejecting(false);
      await refresh(...CONSTRAINT_QUERIES);
    },
    onError: (e) => {
      const fe = apiFieldErrors(e);
      if (fe.comment) setError(fe.comment);
      else notifyError(e, t);
    },
  });
  if (!r.approvalId) return null;
  return (
    <Group gap="xs" wrap="nowrap" justify="flex-end">
      <Button
        size="compact-sm"
        color="green"
        leftSection={<IconCheck size={14} aria-hidden />}
        loading={decide.isPending && decide.variables === 'approved'}
        onClick={() => decide.mutate('approved')}
        aria-label={`${t('scheduling.people.timeOff.approve')}: ${r.employee.name}, ${when(r)}`}
        data-testid="approve-time-off"
      >
        {t('scheduling.people.timeOff.approve')}
      </Button>
      <Button
        size="compact-sm"
        variant="default"
        leftSection={<IconX size={14} aria-hidden />}
        onClick={() => setRejecting(true)}
        aria-label={`${t('scheduling.people.timeOff.reject')}: ${r.employee.name}, ${when(r)}`}
        data-testid="reject-time-off"
      >
        {t('scheduling.people.timeOff.reject')}
      </Button>
      <Modal
        opened={rejecting}
        onClose={() => setRejecting(false)}
        title={t('scheduling.people.timeOff.rejectTitle')}
        centered
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setError(undefined);
            decide.mutate('rejected');
          }}
        >
          <Stack>
            <Text fz="sm">
              {r.employee.name} · {r.type.name} · {when(r)}
            </Text>
            <Textarea
              label={t('scheduling.people.timeOff.rejectComment')}
              required
              value={comment}
              onChange={(e) => setComment(e.currentTarget.value)}
              error={error}
              autosize
              minRows={2}
              data-testid="reject-comment"
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRejecting(false)}>
                {t('common.cancel')}
              </Button>
              <Button
                type="submit"
                color="red"
                loading={decide.isPending}
                data-testid="reject-confirm"
              >
                {t('scheduling.people.timeOff.reject')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Group>
  );
}

function TeamRequests() {
  const { t } = useTranslation();
  const when = useWhen();
  const fmt = useFormat();
  const today = todayIn(fmt.ctx.timeZone ?? 'UTC');
  const pending = useQuery(
    endpointQuery(api.listTimeOffRequests, { query: { scope: 'team', status: 'pending' } }),
  );
  const upcoming = useQuery(
    endpointQuery(api.listTimeOffRequests, {
      query: { scope: 'team', status: 'approved', from: today },
    }),
  );
  const columns: Column<TimeOffRequest>[] = [
    { key: 'who', header: t('scheduling.people.person'), render: (r) => r.employee.name },
    {
      key: 'type',
      header: t('scheduling.people.timeOff.type'),
      render: (r) => (
        <Badge variant="light" color="gray" style={{ borderLeft: `3px solid ${r.type.color}` }}>
          {r.type.name}
        </Badge>
      ),
    },
    { key: 'dates', header: t('scheduling.people.timeOff.dates'), render: when, nowrap: true },
    {
      key: 'hours',
      header: t('scheduling.people.timeOff.duration'),
      align: 'right',
      render: (r) => t('scheduling.people.hours', { hours: hoursOf(r.minutes) }),
    },
    {
      key: 'reason',
      header: t('scheduling.people.timeOff.reasonHeader'),
      render: (r) => (
        <Stack gap={0}>
          <Text fz="sm">{r.reason ?? ''}</Text>
          {r.requestedBy && (
            <Text fz="xs" c="dimmed">
              {t('scheduling.people.timeOff.requestedBy', { name: r.requestedBy.name })}
            </Text>
          )}
        </Stack>
      ),
    },
    { key: 'actions', header: '', align: 'right', render: (r) => <DecideButtons r={r} /> },
  ];
  // Approved absences grouped by their first day: a calendar-like agenda.
  const byStart = new Map<string, TimeOffRequest[]>();
  for (const r of upcoming.data?.items ?? [])
    byStart.set(r.startDate, [...(byStart.get(r.startDate) ?? []), r]);
  return (
    <Stack gap="lg">
      <Title order={2} fz="h4">
        {t('scheduling.people.timeOff.pendingTitle')}
      </Title>
      <ListState
        query={pending}
        rows={pending.data?.items}
        empty={
          <EmptyState
            title={t('scheduling.people.timeOff.noPending')}
            description={t('scheduling.people.timeOff.noPendingHint')}
          />
        }
      >
        {(rows) => (
          <DataTable
            columns={columns}
            rows={rows}
            rowKey={(r) => r.id}
            caption={t('scheduling.people.timeOff.pendingTitle')}
            mobile="cards"
          />
        )}
      </ListState>
      <Title order={2} fz="h4">
        {t('scheduling.people.timeOff.upcoming')}
      </Title>
      <ListState
        query={upcoming}
        rows={upcoming.data?.items}
        empty={<EmptyState title={t('scheduling.people.timeOff.noUpcoming')} />}
      >
        {() => (
          <Stack gap="xs" data-testid="upcoming-absences">
            {[...byStart.entries()].map(([date, rows]) => (
              <Paper key={date} withBorder p="sm">
                <Text fw={600} fz="sm" mb={4}>
                  {fmt.date(date)}
                </Text>
                <Stack gap={4}>
                  {rows.map((r) => (
                    <Group key={r.id} justify="space-between" wrap="wrap" gap={4}>
                      <Group gap={6} wrap="nowrap" style={{ minWidth: 0, flex: '1 1 14rem' }}>
                        <span
                          aria-hidden
                          style={{
                            width: 10,
                            height: 10,
                            borderRadius: 5,
                            background: r.type.color,
                            flexShrink: 0,
                          }}
                        />
                        <Text fz="sm">
                          {r.employee.name} · {r.type.name} · {when(r)}
                        </Text>
                      </Group>
                      <CancelButton r={r} />
                    </Group>
                  ))}
                </Stack>
              </Paper>
            ))}
          </Stack>
        )}
      </ListState>
    </Stack>
  );
}

/** My balances and requests; with scheduling.approve also the team's requests to decide. */
export function TimeOffPage() {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const { tab } = routeApi.useSearch();
  const approver = can('scheduling.approve');
  const current = approver ? (tab ?? 'mine') : 'mine';
  return (
    <>
      <PageHeader
        title={t('scheduling.people.timeOff.title')}
        description={t('scheduling.people.timeOff.description')}
      />
      {approver ? (
        <Tabs
          value={current}
          onChange={(v) =>
            void navigate({
              to: '/time-off',
              search: { tab: v === 'team' ? 'team' : undefined },
            })
          }
          keepMounted={false}
        >
          <Tabs.List mb="md">
            <Tabs.Tab value="mine" data-testid="tab-mine">
              {t('scheduling.people.timeOff.tabs.mine')}
            </Tabs.Tab>
            <Tabs.Tab value="team" data-testid="tab-team">
              {t('scheduling.people.timeOff.tabs.team')}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="mine">
            <MyTimeOff />
          </Tabs.Panel>
          <Tabs.Panel value="team">
            <TeamRequests />
          </Tabs.Panel>
        </Tabs>
      ) : (
        <MyTimeOff />
      )}
    </>
  );
}
