import { tasks as api, type Task } from '@keel/contracts';
import {
  Checkbox,
  Chip,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { apiFieldErrors, type FormErrors } from '../../api/form-errors';
import { endpointQuery, useRefresh } from '../../api/query';
import { FormDrawer } from '../../components/FormDrawer';
import { MemberPicker } from '../../components/MemberPicker';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useCan, useMe } from '../../lib/session';
import { useReferenceOptions } from '../organization/reference-data';
import { TASK_QUERIES } from './task-ui';

// ── Recurrence presets ──────────────────────────────────────────────────────

const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
type Preset = 'none' | 'daily' | 'weekdays' | 'weekly' | 'monthly' | 'custom';

export interface RecurrenceValue {
  preset: Preset;
  days: string[];
  dayOfMonth: number;
  custom: string;
  mode: 'on_completion' | 'on_schedule';
}

/** Reads an RRULE back into the preset that produces it (or custom). */
export function parseRecurrence(
  r: { rrule: string; mode: RecurrenceValue['mode'] } | null,
): RecurrenceValue {
  const base: RecurrenceValue = {
    preset: 'none',
    days: ['MO'],
    dayOfMonth: 1,
    custom: '',
    mode: 'on_completion',
  };
  if (!r) return base;
  const v = { ...base, mode: r.mode, custom: r.rrule };
  if (r.rrule === 'FREQ=DAILY') return { ...v, preset: 'daily' };
  if (r.rrule === 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR') return { ...v, preset: 'weekdays' };
  const weekly = /^FREQ=WEEKLY;BYDAY=([A-Z,]+)$/.exec(r.rrule);
  if (weekly) return { ...v, preset: 'weekly', days: weekly[1]!.split(',') };
  const monthly = /^FREQ=MONTHLY;BYMONTHDAY=(\d+)$/.exec(r.rrule);
  if (monthly) return { ...v, preset: 'monthly', dayOfMonth: Number(monthly[1]) };
  return { ...v, preset: 'custom' };
}

export function toRrule(v: RecurrenceValue): string | null {
  switch (v.preset) {
    case 'none':
      return null;
    case 'daily':
      return 'FREQ=DAILY';
    case 'weekdays':
      return 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR';
    case 'weekly':
      return `FREQ=WEEKLY;BYDAY=${DAYS.filter((d) => v.days.includes(d)).join(',') || 'MO'}`;
    case 'monthly':
      return `FREQ=MONTHLY;BYMONTHDAY=${v.dayOfMonth}`;
    case 'custom':
      return v.custom.trim() || null;
  }
}

export function RecurrenceEditor({
  value,
  onChange,
  error,
}: {
  value: RecurrenceValue;
  onChange: (v: RecurrenceValue) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" data-testid="task-recurrence">
      <Select
        label={t('work.fields.recurrence')}
        value={value.preset}
        allowDeselect={false}
        onChange={(p) => onChange({ ...value, preset: (p ?? 'none') as Preset })}
        data={(['none', 'daily', 'weekdays', 'weekly', 'monthly', 'custom'] as const).map((p) => ({
          value: p,
          label: t(`work.recurrence.${p}`),
        }))}
        error={value.preset === 'none' ? error : undefined}
      />
      {value.preset === 'weekly' && (
        <Chip.Group multiple value={value.days} onChange={(days) => onChange({ ...value, days })}>
          <Group gap={4} role="group" aria-label={t('work.recurrence.days')}>
            {DAYS.map((d) => (
              <Chip key={d} value={d} size="xs">
                {d}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      )}
      {value.preset === 'monthly' && (
        <NumberInput
          label={t('work.recurrence.dayOfMonth')}
          min={1}
          max={31}
          value={value.dayOfMonth}
          onChange={(n) => onChange({ ...value, dayOfMonth: Number(n) || 1 })}
        />
      )}
      {value.preset === 'custom' && (
        <TextInput
          label={t('work.recurrence.rrule')}
          description={t('work.recurrence.rruleHelp')}
          value={value.custom}
          onChange={(e) => onChange({ ...value, custom: e.currentTarget.value })}
          error={error}
        />
      )}
      {value.preset !== 'none' && (
        <>
          {value.preset !== 'custom' && error && (
            <Text size="sm" c="red">
              {error}
            </Text>
          )}
          <Text size="sm" fw={500}>
            {t('work.recurrence.mode')}
          </Text>
          <SegmentedControl
            value={value.mode}
            onChange={(m) => onChange({ ...value, mode: m as RecurrenceValue['mode'] })}
            data={[
              { value: 'on_completion', label: t('work.recurrence.on_completion') },
              { value: 'on_schedule', label: t('work.recurrence.on_schedule') },
            ]}
          />
        </>
      )}
    </Stack>
  );
}

// ── Assignee picker with workload ───────────────────────────────────────────

/** Each candidate's hours due on `date` against capacity, shown beside their name. */
function useLoadOn(date: string | null, siteId: string | null) {
  const can = useCan();
  const q = useQuery({
    ...endpointQuery(api.workload, {
      query: {
        from: date ?? '2000-01-01',
        to: date ?? '2000-01-01',
        ...(siteId ? { siteId } : {}),
      },
    }),
    enabled: !!date && can('tasks.manage'),
  });
  const byUser = new Map<string, { hours: number; capacity: number; over: boolean }>();
  for (const m of q.data?.members ?? []) {
    const d = m.days[0];
    if (d) byUser.set(m.userId, d);
  }
  return byUser;
}

// ── The drawer ──────────────────────────────────────────────────────────────

interface Values {
  title: string;
  description: string;
  assigneeIds: string[];
  watcherIds: string[];
  siteId: string | null;
  departmentId: string | null;
  dueDate: string;
  dueTime: string;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  labels: string[];
  estimateHours: number | '';
  requiresSignoff: boolean;
  checklist: string;
  recurrence: RecurrenceValue;
}

const fromTask = (task: Task | null, meId: string, manage: boolean): Values => ({
  title: task?.title ?? '',
  description: task?.description ?? '',
  assigneeIds: task ? task.assignees.map((a) => a.id) : manage ? [] : [meId],
  watcherIds: task?.watchers.map((w) => w.id) ?? [],
  siteId: task?.site?.id ?? null,
  departmentId: task?.department?.id ?? null,
  dueDate: task?.dueDate ?? '',
  dueTime: task?.dueTime ?? '',
  priority: task?.priority ?? 'normal',
  labels: task?.labels ?? [],
  estimateHours: task?.estimateHours ?? '',
  requiresSignoff: task?.requiresSignoff ?? false,
  checklist: '',
  recurrence: parseRecurrence(task?.recurrence?.active ? task.recurrence : null),
});

/** New task (no `task`) or edit of every field (with `task`). */
export function TaskFormDrawer({
  opened,
  onClose,
  task = null,
}: {
  opened: boolean;
  onClose: () => void;
  task?: Task | null;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const can = useCan();
  const manage = can('tasks.manage');
  const navigate = useNavigate();
  const refresh = useRefresh();
  const refs = useReferenceOptions();
  const [values, setValues] = useState<Values>(() => fromTask(task, me.user.id, manage));
  const [errors, setErrors] = useState<FormErrors>({});
  useEffect(() => {
    if (opened) {
      setValues(fromTask(task, me.user.id, manage));
      setErrors({});
    }
  }, [opened, task, me.user.id, manage]);
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const load = useLoadOn(values.dueDate || null, values.siteId);

  const save = useMutation({
    mutationFn: async () => {
      const rrule = toRrule(values.recurrence);
      const common = {
        title: values.title,
        description: values.description || null,
        assigneeIds: values.assigneeIds,
        watcherIds: values.watcherIds,
        siteId: values.siteId,
        departmentId: values.departmentId,
        dueDate: values.dueDate || null,
        dueTime: values.dueDate && values.dueTime ? values.dueTime : null,
        priority: values.priority,
        labels: values.labels,
        estimateHours: values.estimateHours === '' ? null : Number(values.estimateHours),
        requiresSignoff: values.requiresSignoff,
      };
      const recurrence = rrule ? { rrule, mode: values.recurrence.mode } : null;
      if (task) {
        const hadSeries = !!task.recurrence?.active;
        return call(api.updateTask, {
          params: { id: task.id },
          body: { ...common, ...(rrule || hadSeries ? { recurrence } : {}) },
        });
      }
      const checklist = values.checklist
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      return call(api.createTask, {
        body: { ...common, recurrence, ...(checklist.length ? { checklist } : {}) },
      });
    },
    onSuccess: async (saved) => {
      await refresh(...TASK_QUERIES);
      notifySuccess(t(task ? 'work.actions.saved' : 'work.actions.created'));
      onClose();
      if (!task) void navigate({ to: '/tasks/$taskId', params: { taskId: saved.id } });
    },
    onError: (error) => {
      const fields = apiFieldErrors(error);
      setErrors(fields);
      if (Object.keys(fields).length === 0) notifyError(error, t);
    },
  });

  const submit = (e?: FormEvent<HTMLFormElement>) => {
    e?.preventDefault();
    if (!values.title.trim()) {
      setErrors({ title: t('errors.required', { defaultValue: 'Required' }) });
      return;
    }
    save.mutate();
  };

  return (
    <FormDrawer
      opened={opened}
      onClose={onClose}
      title={task ? t('work.detail.edit') : t('work.tasks.new')}
      onSubmit={submit}
      submitting={save.isPending}
      submitLabel={t('work.actions.save')}
      submitTestId="task-save"
    >
      <TextInput
        label={t('work.fields.title')}
        required
        value={values.title}
        onChange={(e) => set('title', e.currentTarget.value)}
        error={errors.title}
        data-testid="task-title"
        data-autofocus
      />
      <Textarea
        label={t('work.fields.description')}
        autosize
        minRows={3}
        value={values.description}
        onChange={(e) => set('description', e.currentTarget.value)}
        error={errors.description}
      />
      <SimpleGrid cols={{ base: 1, xs: 2 }}>
        <TextInput
          type="date"
          label={t('work.fields.dueDate')}
          value={values.dueDate}
          onChange={(e) => set('dueDate', e.currentTarget.value)}
          error={errors.dueDate}
          data-testid="task-due"
        />
        <TextInput
          type="time"
          label={t('work.fields.dueTime')}
          value={values.dueTime}
          disabled={!values.dueDate}
          onChange={(e) => set('dueTime', e.currentTarget.value)}
          error={errors.dueTime}
        />
      </SimpleGrid>
      <MemberPicker
        multiple
        label={t('work.fields.assignees')}
        value={values.assigneeIds}
        onChange={(v) => set('assigneeIds', v)}
        disabled={!manage}
        error={errors.assigneeIds}
        data-testid="task-assignees"
        renderExtra={(userId) => {
          const l = load.get(userId);
          if (!l) return null;
          return (
            <Text size="xs" c={l.over ? 'red' : 'dimmed'} fw={l.over ? 600 : undefined}>
              {t('work.workload.hoursOf', { hours: l.hours, capacity: l.capacity })}
              {l.over ? ` · ${t('work.workload.over')}` : ''}
            </Text>
          );
        }}
      />
      <MemberPicker
        multiple
        label={t('work.fields.watchers')}
        value={values.watcherIds}
        onChange={(v) => set('watcherIds', v)}
        error={errors.watcherIds}
      />
      <SimpleGrid cols={{ base: 1, xs: 2 }}>
        <Select
          label={t('work.fields.site')}
          clearable
          data={refs.sites}
          value={values.siteId}
          onChange={(v) => set('siteId', v)}
          error={errors.siteId}
        />
        <Select
          label={t('work.fields.department')}
          clearable
          data={refs.departments}
          value={values.departmentId}
          onChange={(v) => set('departmentId', v)}
          error={errors.departmentId}
        />
        <Select
          label={t('work.fields.priority')}
          allowDeselect={false}
          data={(['low', 'normal', 'high', 'urgent'] as const).map((p) => ({
            value: p,
            label: t(`work.priority.${p}`),
          }))}
          value={values.priority}
          onChange={(v) => set('priority', (v ?? 'normal') as Values['priority'])}
        />
        <NumberInput
          label={t('work.fields.estimate')}
          min={0}
          max={1000}
          step={0.25}
          decimalScale={2}
          value={values.estimateHours}
          onChange={(v) => set('estimateHours', v === '' ? '' : Number(v))}
          error={errors.estimateHours}
        />
      </SimpleGrid>
      <TagsInput
        label={t('work.fields.labels')}
        value={values.labels}
        onChange={(v) => set('labels', v)}
        error={errors.labels}
      />
      {!task && (
        <Textarea
          label={t('work.fields.checklist')}
          description="One item per line"
          autosize
          minRows={2}
          value={values.checklist}
          onChange={(e) => set('checklist', e.currentTarget.value)}
          error={errors.checklist}
        />
      )}
      <RecurrenceEditor
        value={values.recurrence}
        onChange={(v) => set('recurrence', v)}
        error={
          errors.recurrence ??
          (values.recurrence.preset !== 'none' && !values.dueDate
            ? t('work.recurrence.needsDate')
            : undefined)
        }
      />
      <Checkbox
        label={t('work.fields.requiresSignoff')}
        checked={values.requiresSignoff}
        onChange={(e) => set('requiresSignoff', e.currentTarget.checked)}
      />
    </FormDrawer>
  );
}
