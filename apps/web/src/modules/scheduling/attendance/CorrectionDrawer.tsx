import { type AttendanceEntry, type AttendanceRow, attendance as api } from '@keel/contracts';
import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconInfoCircle, IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';
import { useRefresh } from '../../../api/query';
import { EmployeePicker } from '../../../components/EmployeePicker';
import { FormDrawer } from '../../../components/FormDrawer';
import { useFormMutation } from '../../../components/use-form-mutation';
import { notifySuccess } from '../../../lib/notify';
import { FlagBadges, type SiteRef } from './ActualTab';
import { fromLocalInput, toLocalInput, useZoned } from './attendance-ui';

export type CorrectionTarget = { kind: 'row'; row: AttendanceRow } | { kind: 'new' };

interface Values {
  employeeId: string | null;
  entryId: string | null;
  clockInAt: string;
  clockOutAt: string;
  breaks: { startedAt: string; endedAt: string }[];
  reason: string;
}

const blank: Values = {
  employeeId: null,
  entryId: null,
  clockInAt: '',
  clockOutAt: '',
  breaks: [],
  reason: '',
};

function valuesOf(entry: AttendanceEntry, timeZone: string): Partial<Values> {
  return {
    entryId: entry.id,
    clockInAt: toLocalInput(entry.clockInAt, timeZone),
    clockOutAt: toLocalInput(entry.clockOutAt, timeZone),
    breaks: entry.breaks.map((b) => ({
      startedAt: toLocalInput(b.startedAt, timeZone),
      endedAt: toLocalInput(b.endedAt, timeZone),
    })),
  };
}

/**
 * Correct an entry of an actual-vs-scheduled row (times and breaks), or add a clock record for
 * someone who forgot; a reason is always required and lands in the audit log.
 */
export function CorrectionDrawer({
  site,
  target,
  onClose,
}: {
  site: SiteRef;
  target: CorrectionTarget | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const zoned = useZoned(site.timeZone);
  const row = target?.kind === 'row' ? target.row : null;
  const entries = row?.entries ?? [];
  const creating = !row || entries.length === 0;
  const form = useForm<Values>({
    initialValues: blank,
    validate: {
      employeeId: (v) => (creating && !v ? t('scheduling.attendance.correct.required') : null),
      clockInAt: (v) => (v ? null : t('scheduling.attendance.correct.required')),
      reason: (v) => (v.trim() ? null : t('scheduling.attendance.correct.reasonRequired')),
    },
  });

  // Fill the form whenever another row (or "add") is opened.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the target changes
  useEffect(() => {
    if (!target) return;
    const first = entries[0];
    form.setValues({
      ...blank,
      employeeId: row?.employee.id ?? null,
      ...(first
        ? valuesOf(first, site.timeZone)
        : row?.shift
          ? {
              clockInAt: toLocalInput(row.shift.startsAt, site.timeZone),
              clockOutAt: toLocalInput(row.shift.endsAt, site.timeZone),
            }
          : {}),
    });
    form.resetDirty();
    form.clearErrors();
  }, [target]);

  const save = useFormMutation({
    form,
    mutationFn: async (v: Values) => {
      const breaks = v.breaks.map((b) => ({
        startedAt: fromLocalInput(b.startedAt, site.timeZone) ?? b.startedAt,
        endedAt: fromLocalInput(b.endedAt, site.timeZone) ?? b.endedAt,
      }));
      const clockInAt = fromLocalInput(v.clockInAt, site.timeZone) ?? v.clockInAt;
      const clockOutAt = v.clockOutAt
        ? (fromLocalInput(v.clockOutAt, site.timeZone) ?? v.clockOutAt)
        : null;
      if (creating)
        return call(api.createEntry, {
          body: {
            employeeId: v.employeeId ?? '',
            siteId: site.id,
            ...(row?.shift ? { shiftId: row.shift.id } : {}),
            clockInAt,
            clockOutAt,
            breaks,
            reason: v.reason,
          },
        });
      return call(api.correctEntry, {
        params: { id: v.entryId ?? '' },
        // Breaks are sent only when edited, so a running break stays running.
        body: {
          clockInAt,
          clockOutAt,
          ...(form.isDirty('breaks') ? { breaks } : {}),
          reason: v.reason,
        },
      });
    },
    onSuccess: async () => {
      notifySuccess(
        creating
          ? t('scheduling.attendance.correct.created')
          : t('scheduling.attendance.correct.saved'),
      );
      onClose();
      await refresh(api.listAttendance.operationId, api.listTimesheets.operationId);
    },
  });

  const entryOptions = useMemo(
    () =>
      entries.map((e) => ({
        value: e.id,
        label: `${zoned.time(e.clockInAt)} – ${e.clockOutAt ? zoned.time(e.clockOutAt) : '…'}`,
      })),
    [entries, zoned],
  );
  const current = entries.find((e) => e.id === form.values.entryId);

  return (
    <FormDrawer
      opened={!!target}
      onClose={onClose}
      title={
        creating
          ? t('scheduling.attendance.correct.addTitle')
          : t('scheduling.attendance.correct.title')
      }
      onSubmit={form.onSubmit((v) => save.mutate(v))}
      submitting={save.isPending}
      submitLabel={
        creating
          ? t('scheduling.attendance.correct.create')
          : t('scheduling.attendance.correct.save')
      }
      submitTestId="correction-submit"
    >
      {row ? (
        <Stack gap={4}>
          <Text fw={600}>{row.employee.name}</Text>
          <Text fz="sm" c="dimmed">
            {zoned.day(row.date)} ·{' '}
            {row.shift
              ? t('scheduling.attendance.correct.shift', {
                  range: zoned.range(row.shift.startsAt, row.shift.endsAt),
                })
              : t('scheduling.attendance.correct.noShift')}
          </Text>
          <FlagBadges row={row} />
        </Stack>
      ) : (
        <EmployeePicker
          label={t('scheduling.attendance.correct.employee')}
          value={form.values.employeeId}
          onChange={(v) => form.setFieldValue('employeeId', v)}
          error={form.errors.employeeId}
          required
          data-testid="correction-employee"
        />
      )}
      {row && entries.length === 0 && (
        <Alert icon={<IconInfoCircle size={16} aria-hidden />} color="blue" variant="light">
          {t('scheduling.attendance.correct.noEntryYet')}
        </Alert>
      )}
      {entries.length > 1 && (
        <Select
          label={t('scheduling.attendance.correct.entry')}
          data={entryOptions}
          value={form.values.entryId}
          onChange={(v) => {
            const e = entries.find((x) => x.id === v);
            if (e) form.setValues(valuesOf(e, site.timeZone));
          }}
          allowDeselect={false}
          data-testid="correction-entry"
        />
      )}
      {current?.corrected && (
        <Text fz="sm" c="dimmed">
          {t('scheduling.attendance.correct.corrected', {
            name: current.corrected.by?.name ?? '—',
            reason: current.corrected.reason,
          })}
        </Text>
      )}
      <Text fz="xs" c="dimmed">
        {t('scheduling.attendance.correct.zone', { zone: site.timeZone })}
      </Text>
      <TextInput
        type="datetime-local"
        label={t('scheduling.attendance.correct.clockIn')}
        required
        {...form.getInputProps('clockInAt')}
        data-testid="correction-in"
      />
      <TextInput
        type="datetime-local"
        label={t('scheduling.attendance.correct.clockOut')}
        description={t('scheduling.attendance.correct.clockOutHint')}
        {...form.getInputProps('clockOutAt')}
        data-testid="correction-out"
      />
      <Stack gap="xs">
        <Text fw={500} fz="sm">
          {t('scheduling.attendance.correct.breaks')}
        </Text>
        {form.values.breaks.map((_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: breaks have no id until saved
          <Group key={i} gap="xs" align="flex-end" wrap="wrap">
            <TextInput
              type="datetime-local"
              label={t('scheduling.attendance.correct.breakStart', { n: i + 1 })}
              style={{ flex: '1 1 11rem', minWidth: 0 }}
              {...form.getInputProps(`breaks.${i}.startedAt`)}
            />
            <TextInput
              type="datetime-local"
              label={t('scheduling.attendance.correct.breakEnd', { n: i + 1 })}
              style={{ flex: '1 1 11rem', minWidth: 0 }}
              {...form.getInputProps(`breaks.${i}.endedAt`)}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              mb={2}
              aria-label={t('scheduling.attendance.correct.removeBreak', { n: i + 1 })}
              onClick={() => form.removeListItem('breaks', i)}
            >
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          </Group>
        ))}
        <Button
          variant="default"
          size="xs"
          leftSection={<IconPlus size={14} aria-hidden />}
          onClick={() =>
            form.insertListItem('breaks', {
              startedAt: form.values.clockInAt,
              endedAt: form.values.clockInAt,
            })
          }
          style={{ alignSelf: 'flex-start' }}
          data-testid="correction-add-break"
        >
          {t('scheduling.attendance.correct.addBreak')}
        </Button>
      </Stack>
      <Textarea
        label={t('scheduling.attendance.correct.reason')}
        description={t('scheduling.attendance.correct.reasonHint')}
        required
        autosize
        minRows={2}
        maxLength={500}
        {...form.getInputProps('reason')}
        data-testid="correction-reason"
      />
    </FormDrawer>
  );
}
