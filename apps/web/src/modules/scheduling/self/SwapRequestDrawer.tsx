import { schedulingSelf as api, type MyShift, type SwapCandidate } from '@keel/contracts';
import { Alert, Button, Group, Paper, Radio, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../../api/client';
import { endpointQuery, useRefresh } from '../../../api/query';
import { EmptyState } from '../../../components/EmptyState';
import { ListState } from '../../../components/ListState';
import { TableSkeleton } from '../../../components/LoadingState';
import { SideDrawer } from '../../../components/SideDrawer';
import { errorMessage } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { SELF_QUERIES, ShiftTimes, ShiftTypeChip, ShiftWhere, useDayLabel } from './shift-ui';

const GIVE_AWAY = '';

function CandidateOption({ c }: { c: SwapCandidate }) {
  const { t } = useTranslation();
  return (
    <Radio.Card
      value={c.employee.id}
      disabled={!c.eligible}
      p="sm"
      radius="md"
      data-testid="swap-candidate"
      data-eligible={c.eligible}
      aria-label={c.employee.name}
      style={{ opacity: c.eligible ? 1 : 0.65 }}
    >
      <Group wrap="nowrap" align="flex-start" gap="sm">
        <Radio.Indicator disabled={!c.eligible} />
        <Stack gap={2}>
          <Text fw={600} fz="sm">
            {c.employee.name}
          </Text>
          {c.position && (
            <Text fz="xs" c="dimmed">
              {c.position}
            </Text>
          )}
          {!c.eligible &&
            c.reasons
              .filter((r) => r.severity === 'error')
              .map((r) => (
                <Text key={`${r.rule}:${r.message}`} fz="xs" c="red">
                  {r.message}
                </Text>
              ))}
          {c.eligible && c.shifts.length > 0 && (
            <Text fz="xs" c="dimmed">
              {t('scheduling.self.request.theirShift')}: {c.shifts.length}
            </Text>
          )}
        </Stack>
      </Group>
    </Radio.Card>
  );
}

function RequestForm({ shift, onDone }: { shift: MyShift; onDone: () => void }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const dayLabel = useDayLabel();
  const [target, setTarget] = useState<string | null>(null);
  const [theirShift, setTheirShift] = useState<string>(GIVE_AWAY);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const candidates = useQuery(
    endpointQuery(api.listSwapCandidates, { query: { shiftId: shift.id } }),
  );
  const picked = candidates.data?.items.find((c) => c.employee.id === target) ?? null;
  const send = useMutation({
    mutationFn: () =>
      call(api.createSwap, {
        body: {
          shiftId: shift.id,
          targetEmployeeId: target!,
          targetShiftId: theirShift || null,
          note: note.trim() || null,
        },
      }),
    onSuccess: async () => {
      notifySuccess(t('scheduling.self.request.sent', { name: picked?.employee.name ?? '' }));
      await refresh(...SELF_QUERIES);
      onDone();
    },
    onError: (e) => {
      const fields = e instanceof ApiError ? e.errors.map((f) => f.message) : [];
      setError([errorMessage(e, t), ...fields].join(' — '));
    },
  });
  return (
    <Stack gap="md">
      <Paper withBorder p="sm" radius="md">
        <Text fz="sm" fw={600}>
          {dayLabel(shift.date)}
        </Text>
        <Group justify="space-between" wrap="nowrap">
          <ShiftTimes shift={shift} size="md" />
          <ShiftTypeChip shift={shift} />
        </Group>
        <ShiftWhere shift={shift} />
      </Paper>
      <ListState
        query={candidates}
        rows={candidates.data?.items}
        skeleton={<TableSkeleton rows={3} />}
        empty={<EmptyState title={t('scheduling.self.request.noColleagues')} />}
      >
        {(list) => (
          <Radio.Group
            value={target}
            onChange={(v) => {
              setTarget(v);
              setTheirShift(GIVE_AWAY);
            }}
            label={t('scheduling.self.request.colleague')}
            description={t('scheduling.self.request.colleagueHint')}
            data-testid="swap-candidates"
          >
            <Stack gap="xs" mt="xs">
              {list.map((c) => (
                <CandidateOption key={c.employee.id} c={c} />
              ))}
            </Stack>
          </Radio.Group>
        )}
      </ListState>
      {picked && (
        <Radio.Group
          value={theirShift}
          onChange={setTheirShift}
          label={t('scheduling.self.request.theirShift')}
          data-testid="swap-their-shift"
        >
          <Stack gap="xs" mt="xs">
            <Radio value={GIVE_AWAY} label={t('scheduling.self.request.giveAway')} />
            {picked.shifts.map((s) => (
              <Radio
                key={s.id}
                value={s.id}
                disabled={!s.eligible}
                label={`${dayLabel(s.date)}, ${s.startTime} – ${s.endTime}${s.shiftType ? ` · ${s.shiftType.name}` : ''}`}
                description={
                  s.eligible
                    ? undefined
                    : s.reasons
                        .filter((r) => r.severity === 'error')
                        .map((r) => r.message)
                        .join(' · ')
                }
              />
            ))}
          </Stack>
        </Radio.Group>
      )}
      <Textarea
        label={t('scheduling.self.request.note')}
        value={note}
        maxLength={500}
        autosize
        minRows={2}
        onChange={(e) => setNote(e.currentTarget.value)}
        data-testid="swap-note"
      />
      {error && (
        <Alert color="red" data-testid="swap-error">
          {error}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('common.cancel')}
        </Button>
        <Button
          disabled={!target}
          loading={send.isPending}
          onClick={() => {
            setError(null);
            send.mutate();
          }}
          data-testid="swap-send"
        >
          {target ? t('scheduling.self.request.send') : t('scheduling.self.request.pickColleague')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Pick a colleague (eligible ones first), optionally one of their shifts, add a note, send. */
export function SwapRequestDrawer({
  shift,
  onClose,
}: {
  shift: MyShift | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <SideDrawer opened={!!shift} onClose={onClose} title={t('scheduling.self.request.title')}>
      {shift && <RequestForm key={shift.id} shift={shift} onDone={onClose} />}
    </SideDrawer>
  );
}
