import { schedulingSelf as api, type ShiftSummary, type Swap } from '@keel/contracts';
import { Anchor, Badge, Button, Group, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { IconArrowsExchange } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';
import { endpointQuery, useRefresh } from '../../../api/query';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { EmptyState } from '../../../components/EmptyState';
import { ListState } from '../../../components/ListState';
import { TableSkeleton } from '../../../components/LoadingState';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { SELF_QUERIES, ShiftTypeChip, SwapStatusChip, useDayLabel } from './shift-ui';

function ShiftLine({ label, shift }: { label: string; shift: ShiftSummary }) {
  const dayLabel = useDayLabel();
  return (
    <Stack gap={2}>
      <Text fz="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Group gap="xs" wrap="wrap">
        <Text fz="sm" fw={600}>
          {dayLabel(shift.date)}, {shift.startTime} – {shift.endTime}
        </Text>
        <ShiftTypeChip shift={shift} />
      </Group>
      <Text fz="xs" c="dimmed">
        {shift.site.name}
        {shift.position ? ` · ${shift.position.name}` : ''}
      </Text>
    </Stack>
  );
}

/** Accept, decline or withdraw, then refresh the self-service lists. */
function useSwapAction(
  id: string,
  endpoint: typeof api.acceptSwap | typeof api.declineSwap | typeof api.cancelSwap,
  done:
    | 'scheduling.self.swaps.accepted'
    | 'scheduling.self.swaps.declined'
    | 'scheduling.self.swaps.cancelled',
) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: () => call(endpoint as typeof api.acceptSwap, { params: { id }, body: {} }),
    onSuccess: async () => {
      notifySuccess(t(done));
      await refresh(...SELF_QUERIES);
    },
    onError: async (e) => {
      notifyError(e, t);
      await refresh(...SELF_QUERIES);
    },
  });
}

function SwapCard({ swap }: { swap: Swap }) {
  const { t } = useTranslation();
  const accept = useSwapAction(swap.id, api.acceptSwap, 'scheduling.self.swaps.accepted');
  const decline = useSwapAction(swap.id, api.declineSwap, 'scheduling.self.swaps.declined');
  const cancel = useSwapAction(swap.id, api.cancelSwap, 'scheduling.self.swaps.cancelled');
  const who = `${swap.requester.name} → ${swap.target?.name ?? t('scheduling.self.swaps.openPool')}`;
  return (
    <Paper withBorder p="sm" radius="md" data-testid="swap-card" data-swap-id={swap.id}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text fw={650}>{who}</Text>
            <Text fz="xs" c="dimmed">
              {t(`scheduling.self.swaps.kinds.${swap.kind}`)}
            </Text>
          </Stack>
          <SwapStatusChip status={swap.status} />
        </Group>
        <ShiftLine
          label={t('scheduling.self.swaps.shiftOf', { name: swap.requester.name })}
          shift={swap.shift}
        />
        {swap.targetShift && (
          <ShiftLine
            label={t('scheduling.self.swaps.inExchange', { name: swap.target?.name ?? '' })}
            shift={swap.targetShift}
          />
        )}
        {swap.note && (
          <Text fz="sm">
            <Text span c="dimmed" fz="sm">
              {t('scheduling.self.swaps.note')}:{' '}
            </Text>
            {swap.note}
          </Text>
        )}
        {swap.failureReason && (
          <Text fz="sm" c="red">
            {t('scheduling.self.swaps.failed', { reason: swap.failureReason })}
          </Text>
        )}
        <Group justify="flex-end" gap="xs">
          {swap.canCancel && (
            <ConfirmButton
              size="compact-sm"
              variant="subtle"
              color="gray"
              confirmTitle={t('scheduling.self.swaps.cancelTitle')}
              confirmLabel={t('scheduling.self.swaps.cancel')}
              loading={cancel.isPending}
              onConfirm={() => cancel.mutateAsync().catch(() => undefined)}
              data-testid="swap-cancel"
            >
              {t('scheduling.self.swaps.cancel')}
            </ConfirmButton>
          )}
          {swap.canDecline && (
            <Button
              size="compact-sm"
              variant="default"
              loading={decline.isPending}
              onClick={() => decline.mutate()}
              data-testid="swap-decline"
            >
              {t('scheduling.self.swaps.decline')}
            </Button>
          )}
          {swap.canAccept && (
            <ConfirmButton
              size="compact-sm"
              confirmTitle={t('scheduling.self.swaps.acceptTitle')}
              confirmMessage={t('scheduling.self.swaps.acceptBody')}
              confirmLabel={t('scheduling.self.swaps.accept')}
              loading={accept.isPending}
              onConfirm={() => accept.mutateAsync().catch(() => undefined)}
              data-testid="swap-accept"
            >
              {t('scheduling.self.swaps.accept')}
            </ConfirmButton>
          )}
          {swap.role === 'approver' && swap.approvalId && swap.status === 'pending_approval' && (
            <Anchor component={Link} to="/approvals" fz="sm" data-testid="swap-decide">
              {t('scheduling.self.swaps.decideInApprovals')}
            </Anchor>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

const GROUPS = [
  { role: 'target', label: 'scheduling.self.swaps.received' },
  { role: 'requester', label: 'scheduling.self.swaps.sent' },
  { role: 'approver', label: 'scheduling.self.swaps.toApprove' },
] as const;

/** Swap requests I sent or received (and, for approvers, those waiting at my sites). */
export function SwapsTab() {
  const { t } = useTranslation();
  const [closed, setClosed] = useState(false);
  const swaps = useQuery(
    endpointQuery(api.listSwaps, { query: closed ? { includeClosed: 'true' } : {} }),
  );
  return (
    <Stack gap="md">
      <Switch
        label={t('scheduling.self.swaps.showClosed')}
        checked={closed}
        onChange={(e) => setClosed(e.currentTarget.checked)}
        data-testid="show-closed"
      />
      <ListState
        query={swaps}
        rows={swaps.data?.items}
        skeleton={<TableSkeleton rows={3} />}
        empty={
          <EmptyState
            icon={<IconArrowsExchange size={32} />}
            title={t('scheduling.self.swaps.emptyTitle')}
            description={t('scheduling.self.swaps.emptyBody')}
          />
        }
      >
        {(list) =>
          GROUPS.map((g) => {
            const items = list.filter((s) => s.role === g.role);
            if (items.length === 0) return null;
            return (
              <Stack key={g.role} gap="xs" component="section" aria-labelledby={`swaps-${g.role}`}>
                <Group gap="xs">
                  <Title order={2} size="h5" id={`swaps-${g.role}`}>
                    {t(g.label)}
                  </Title>
                  <Badge variant="light">{items.length}</Badge>
                </Group>
                {items.map((s) => (
                  <SwapCard key={s.id} swap={s} />
                ))}
              </Stack>
            );
          })
        }
      </ListState>
    </Stack>
  );
}
