import { schedulingSelf as api, type OpenShift } from '@keel/contracts';
import { Alert, Badge, Group, List, Paper, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconHandGrab, IconX } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../../api/client';
import { endpointQuery, useRefresh } from '../../../api/query';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { EmptyState } from '../../../components/EmptyState';
import { ListState } from '../../../components/ListState';
import { TableSkeleton } from '../../../components/LoadingState';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useMe } from '../../../lib/session';
import {
  addDays,
  SELF_QUERIES,
  ShiftTimes,
  ShiftTypeChip,
  ShiftWhere,
  todayIn,
  useDayLabel,
} from './shift-ui';

function OpenShiftCard({ shift, onTaken }: { shift: OpenShift; onTaken: (id: string) => void }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const dayLabel = useDayLabel();
  const claim = useMutation({
    mutationFn: () => call(api.claimOpenShift, { params: { id: shift.id } }),
    onSuccess: async () => {
      notifySuccess(t('scheduling.self.open.claimed'));
      await refresh(...SELF_QUERIES);
    },
    onError: async (e) => {
      if (e instanceof ApiError && e.code === 'SHIFT_ALREADY_TAKEN') {
        onTaken(shift.id);
        await refresh('listOpenShifts');
        return;
      }
      notifyError(e, t);
      await refresh('listOpenShifts');
    },
  });
  const errors = shift.reasons.filter((r) => r.severity === 'error');
  const warnings = shift.reasons.filter((r) => r.severity === 'warning');
  return (
    <Paper withBorder p="sm" radius="md" data-testid="open-shift" data-shift-id={shift.id}>
      <Stack gap={6}>
        <Text fz="sm" fw={600}>
          {dayLabel(shift.date)}
        </Text>
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <ShiftTimes shift={shift} />
          <ShiftTypeChip shift={shift} />
        </Group>
        <ShiftWhere shift={shift} />
        {shift.notes && <Text fz="sm">{shift.notes}</Text>}
        {shift.eligible ? (
          <Badge
            color="green"
            variant="light"
            leftSection={<IconCheck size={12} />}
            data-testid="eligible"
          >
            {t('scheduling.self.open.eligible')}
          </Badge>
        ) : (
          <Stack gap={4} data-testid="not-eligible">
            <Badge color="red" variant="light" leftSection={<IconX size={12} />}>
              {t('scheduling.self.open.notEligible')}
            </Badge>
            <List size="sm" c="dimmed" spacing={2}>
              {errors.map((r) => (
                <List.Item key={`${r.rule}:${r.message}`}>{r.message}</List.Item>
              ))}
            </List>
          </Stack>
        )}
        {shift.eligible && warnings.length > 0 && (
          <Text fz="xs" c="dimmed">
            {t('scheduling.self.open.warnings')}: {warnings.map((w) => w.message).join(' · ')}
          </Text>
        )}
        <Group justify="flex-end">
          <ConfirmButton
            size="compact-md"
            disabled={!shift.eligible}
            leftSection={<IconHandGrab size={16} />}
            confirmTitle={t('scheduling.self.open.claimTitle')}
            confirmMessage={t('scheduling.self.open.claimBody')}
            confirmLabel={t('scheduling.self.open.claim')}
            loading={claim.isPending}
            onConfirm={() => claim.mutateAsync().catch(() => undefined)}
            data-testid="claim-shift"
          >
            {t('scheduling.self.open.claim')}
          </ConfirmButton>
        </Group>
      </Stack>
    </Paper>
  );
}

/** Published open shifts of my sites, with whether I may claim each. */
export function OpenShiftsTab() {
  const { t } = useTranslation();
  const me = useMe();
  const today = todayIn(me.organization.timeZone);
  const [taken, setTaken] = useState<string | null>(null);
  const open = useQuery(
    endpointQuery(api.listOpenShifts, { query: { from: today, to: addDays(today, 55) } }),
  );
  if (open.data && !open.data.hasEmployee)
    return (
      <EmptyState
        title={t('scheduling.self.noEmployeeTitle')}
        description={t('scheduling.self.noEmployeeBody')}
      />
    );
  const rows = open.data?.items;
  return (
    <Stack gap="sm">
      {taken && (
        <Alert
          color="orange"
          icon={<IconAlertTriangle size={18} />}
          withCloseButton
          onClose={() => setTaken(null)}
          closeButtonLabel={t('common.close')}
          data-testid="shift-taken"
        >
          {t('scheduling.self.open.taken')}
        </Alert>
      )}
      <ListState
        query={open}
        rows={rows}
        skeleton={<TableSkeleton rows={3} />}
        empty={
          <EmptyState
            icon={<IconHandGrab size={32} />}
            title={t('scheduling.self.open.emptyTitle')}
            description={t('scheduling.self.open.emptyBody')}
          />
        }
      >
        {(list) => (
          <Stack gap="sm">
            {list.map((s) => (
              <OpenShiftCard key={s.id} shift={s} onTaken={setTaken} />
            ))}
          </Stack>
        )}
      </ListState>
    </Stack>
  );
}
