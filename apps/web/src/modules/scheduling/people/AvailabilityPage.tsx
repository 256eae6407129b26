import {
  type AvailabilityExceptionRecord,
  type AvailabilityWindowRecord,
  schedulingPeople as api,
  type ShiftPreferenceRecord,
} from '@keel/contracts';
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Slider,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';
import { apiFieldErrors, type FormErrors } from '../../../api/form-errors';
import { endpointQuery, useRefresh } from '../../../api/query';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { EmployeePicker } from '../../../components/EmployeePicker';
import { ErrorState } from '../../../components/ErrorState';
import { FormDrawer } from '../../../components/FormDrawer';
import { TableSkeleton } from '../../../components/LoadingState';
import { PageHeader } from '../../../components/PageHeader';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useCan } from '../../../lib/session';
import { useFormat } from '../../../lib/use-format';
import {
  CONSTRAINT_QUERIES,
  dayName,
  isNoEmployee,
  NoEmployeeState,
  WEEKDAYS,
} from './constraints-ui';

const routeApi = getRouteApi('/app/availability');

/** Shared save/delete plumbing: field errors on the form, anything else as a notification. */
function useSave<T>(fn: () => Promise<T>, onDone: () => void, setErrors: (e: FormErrors) => void) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      notifySuccess(t('scheduling.people.saved'));
      onDone();
      await refresh(...CONSTRAINT_QUERIES);
    },
    onError: (e) => {
      const fe = apiFieldErrors(e);
      if (Object.keys(fe).length) setErrors(fe);
      else notifyError(e, t);
    },
  });
}

function DeleteButton({
  label,
  confirm,
  onConfirm,
  testId,
}: {
  label: string;
  confirm: string;
  onConfirm: () => Promise<unknown>;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <ConfirmButton
      size="compact-sm"
      variant="subtle"
      color="red"
      confirmTitle={confirm}
      confirmMessage={label}
      confirmLabel={t('scheduling.people.delete')}
      onConfirm={onConfirm}
      aria-label={`${t('scheduling.people.delete')}: ${label}`}
      data-testid={testId}
    >
      <IconTrash size={16} aria-hidden />
    </ConfirmButton>
  );
}

// ── Weekly windows ─────────────────────────────────────────────────────────

interface WindowForm {
  weekday: number;
  startTime: string;
  endTime: string;
  kind: 'unavailable' | 'prefer';
  note: string;
  validFrom: string;
  validUntil: string;
}

function WindowDrawer({
  employeeId,
  editing,
  initialDay,
  opened,
  onClose,
}: {
  employeeId: string | undefined;
  editing: AvailabilityWindowRecord | null;
  initialDay: number;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [errors, setErrors] = useState<FormErrors>({});
  const [v, setV] = useState<WindowForm>(() =>
    editing
      ? {
          weekday: editing.weekday,
          startTime: editing.startTime,
          endTime: editing.endTime,
          kind: editing.kind,
          note: editing.note ?? '',
          validFrom: editing.validFrom ?? '',
          validUntil: editing.validUntil ?? '',
        }
      : {
          weekday: initialDay,
          startTime: '',
          endTime: '',
          kind: 'unavailable',
          note: '',
          validFrom: '',
          validUntil: '',
        },
  );
  const body = {
    weekday: v.weekday,
    startTime: v.startTime,
    endTime: v.endTime,
    kind: v.kind,
    note: v.note.trim() || null,
    validFrom: v.validFrom || null,
    validUntil: v.validUntil || null,
  };
  const save = useSave(
    () =>
      editing
        ? call(api.updateAvailabilityWindow, { params: { id: editing.id }, body })
        : call(api.createAvailabilityWindow, { body: { ...body, employeeId } }),
    onClose,
    setErrors,
  );
  const set = (patch: Partial<WindowForm>) => setV((old) => ({ ...old, ...patch }));
  return (
    <FormDrawer
      opened={opened}
      onClose={onClose}
      title={t(
        editing
          ? 'scheduling.people.availability.editWindow'
          : 'scheduling.people.availability.newWindow',
      )}
      onSubmit={(e?: FormEvent<HTMLFormElement>) => {
        e?.preventDefault();
        setErrors({});
        save.mutate();
      }}
      submitting={save.isPending}
      submitTestId="window-save"
      size="md"
    >
      <Select
        label={t('scheduling.people.availability.weekday')}
        data={WEEKDAYS.map((d) => ({ value: String(d), label: dayName(t, d) }))}
        value={String(v.weekday)}
        onChange={(x) => x && set({ weekday: Number(x) })}
        allowDeselect={false}
        error={errors.weekday}
        data-testid="window-weekday"
      />
      <SegmentedControl
        aria-label={t('scheduling.people.availability.kind')}
        value={v.kind}
        onChange={(x) => set({ kind: x as WindowForm['kind'] })}
        data={[
          { value: 'unavailable', label: t('scheduling.people.availability.kinds.unavailable') },
          { value: 'prefer', label: t('scheduling.people.availability.kinds.prefer') },
        ]}
        fullWidth
      />
      <Group grow>
        <TextInput
          type="time"
          label={t('scheduling.people.availability.start')}
          required
          value={v.startTime}
          onChange={(e) => set({ startTime: e.currentTarget.value })}
          error={errors.startTime}
          data-testid="window-start"
        />
        <TextInput
          type="time"
          label={t('scheduling.people.availability.end')}
          required
          value={v.endTime}
          onChange={(e) => set({ endTime: e.currentTarget.value })}
          error={errors.endTime}
          data-testid="window-end"
        />
      </Group>
      <Text fz="xs" c="dimmed">
        {t('scheduling.people.availability.weeklyHint')}
      </Text>
      <TextInput
        label={t('scheduling.people.availability.note')}
        placeholder={t('scheduling.people.availability.notePlaceholder')}
        value={v.note}
        onChange={(e) => set({ note: e.currentTarget.value })}
        error={errors.note}
        data-testid="window-note"
      />
      <Group grow>
        <TextInput
          type="date"
          label={t('scheduling.people.availability.validFrom')}
          value={v.validFrom}
          onChange={(e) => set({ validFrom: e.currentTarget.value })}
          error={errors.validFrom}
        />
        <TextInput
          type="date"
          label={t('scheduling.people.availability.validUntil')}
          value={v.validUntil}
          onChange={(e) => set({ validUntil: e.currentTarget.value })}
          error={errors.validUntil}
        />
      </Group>
    </FormDrawer>
  );
}

// ── Dated exceptions ───────────────────────────────────────────────────────

function ExceptionDrawer({
  employeeId,
  editing,
  opened,
  onClose,
}: {
  employeeId: string | undefined;
  editing: AvailabilityExceptionRecord | null;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [errors, setErrors] = useState<FormErrors>({});
  const [date, setDate] = useState(editing?.date ?? '');
  const [wholeDay, setWholeDay] = useState(editing ? editing.allDay : true);
  const [startTime, setStart] = useState(editing?.startTime ?? '');
  const [endTime, setEnd] = useState(editing?.endTime ?? '');
  const [kind, setKind] = useState<AvailabilityExceptionRecord['kind']>(
    editing?.kind ?? 'unavailable',
  );
  const [note, setNote] = useState(editing?.note ?? '');
  const body = {
    date,
    startTime: wholeDay ? null : startTime,
    endTime: wholeDay ? null : endTime,
    kind,
    note: note.trim() || null,
  };
  const save = useSave(
    () =>
      editing
        ? call(api.updateAvailabilityException, { params: { id: editing.id }, body })
        : call(api.createAvailabilityException, { body: { ...body, employeeId } }),
    onClose,
    setErrors,
  );
  return (
    <FormDrawer
      opened={opened}
      onClose={onClose}
      title={t(
        editing
          ? 'scheduling.people.availability.editException'
          : 'scheduling.people.availability.newException',
      )}
      onSubmit={(e?: FormEvent<HTMLFormElement>) => {
        e?.preventDefault();
        setErrors({});
        save.mutate();
      }}
      submitting={save.isPending}
      submitTestId="exception-save"
      size="md"
    >
      <TextInput
        type="date"
        label={t('scheduling.people.availability.date')}
        required
        value={date}
        onChange={(e) => setDate(e.currentTarget.value)}
        error={errors.date}
        data-testid="exception-date"
      />
      <SegmentedControl
        aria-label={t('scheduling.people.availability.kind')}
        value={kind}
        onChange={(x) => setKind(x as AvailabilityExceptionRecord['kind'])}
        data={(['unavailable', 'prefer', 'available'] as const).map((k) => ({
          value: k,
          label: t(`scheduling.people.availability.kinds.${k}`),
        }))}
        fullWidth
      />
      <Switch
        label={t('scheduling.people.availability.wholeDay')}
        checked={wholeDay}
        onChange={(e) => setWholeDay(e.currentTarget.checked)}
        data-testid="exception-whole-day"
      />
      {!wholeDay && (
        <Group grow>
          <TextInput
            type="time"
            label={t('scheduling.people.availability.start')}
            value={startTime}
            onChange={(e) => setStart(e.currentTarget.value)}
            error={errors.startTime}
          />
          <TextInput
            type="time"
            label={t('scheduling.people.availability.end')}
            value={endTime}
            onChange={(e) => setEnd(e.currentTarget.value)}
            error={errors.endTime}
          />
        </Group>
      )}
      <TextInput
        label={t('scheduling.people.availability.note')}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
        error={errors.note}
      />
    </FormDrawer>
  );
}

// ── Preferences ────────────────────────────────────────────────────────────

function PreferenceDrawer({
  employeeId,
  editing,
  shiftTypes,
  opened,
  onClose,
}: {
  employeeId: string | undefined;
  editing: ShiftPreferenceRecord | null;
  shiftTypes: { id: string; name: string; code: string }[];
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [errors, setErrors] = useState<FormErrors>({});
  const [mode, setMode] = useState<'weekday' | 'date'>(editing?.date ? 'date' : 'weekday');
  const [weekday, setWeekday] = useState(editing?.weekday ?? 1);
  const [date, setDate] = useState(editing?.date ?? '');
  const [shiftTypeId, setShiftTypeId] = useState<string | null>(editing?.shiftType?.id ?? null);
  const [kind, setKind] = useState<'want' | 'avoid'>(editing?.kind ?? 'want');
  const [weight, setWeight] = useState(editing?.weight ?? 5);
  const [note, setNote] = useState(editing?.note ?? '');
  const body = {
    date: mode === 'date' ? date || null : null,
    weekday: mode === 'weekday' ? weekday : null,
    shiftTypeId,
    kind,
    weight,
    note: note.trim() || null,
  };
  const save = useSave(
    () =>
      editing
        ? call(api.updatePreference, { params: { id: editing.id }, body })
        : call(api.createPreference, { body: { ...body, employeeId } }),
    onClose,
    setErrors,
  );
  return (
    <FormDrawer
      opened={opened}
      onClose={onClose}
      title={t(
        editing ? 'scheduling.people.preferences.edit' : 'scheduling.people.preferences.new',
      )}
      onSubmit={(e?: FormEvent<HTMLFormElement>) => {
        e?.preventDefault();
        setErrors({});
        save.mutate();
      }}
      submitting={save.isPending}
      submitTestId="preference-save"
      size="md"
    >
      <SegmentedControl
        aria-label={t('scheduling.people.preferences.kind')}
        value={kind}
        onChange={(x) => setKind(x as 'want' | 'avoid')}
        data={[
          { value: 'want', label: t('scheduling.people.preferences.kinds.want') },
          { value: 'avoid', label: t('scheduling.people.preferences.kinds.avoid') },
        ]}
        fullWidth
      />
      <Select
        label={t('scheduling.people.preferences.shiftType')}
        data={[
          { value: '', label: t('scheduling.people.preferences.anyShift') },
          ...shiftTypes.map((s) => ({ value: s.id, label: `${s.code} · ${s.name}` })),
        ]}
        value={shiftTypeId ?? ''}
        onChange={(x) => setShiftTypeId(x || null)}
        allowDeselect={false}
        error={errors.shiftTypeId}
        data-testid="preference-shift-type"
      />
      <SegmentedControl
        aria-label={t('scheduling.people.preferences.when')}
        value={mode}
        onChange={(x) => setMode(x as 'weekday' | 'date')}
        data={[
          { value: 'weekday', label: t('scheduling.people.preferences.onWeekday') },
          { value: 'date', label: t('scheduling.people.preferences.onDate') },
        ]}
        fullWidth
      />
      {mode === 'weekday' ? (
        <Select
          label={t('scheduling.people.availability.weekday')}
          data={WEEKDAYS.map((d) => ({ value: String(d), label: dayName(t, d) }))}
          value={String(weekday)}
          onChange={(x) => x && setWeekday(Number(x))}
          allowDeselect={false}
          error={errors.weekday ?? errors.date}
        />
      ) : (
        <TextInput
          type="date"
          label={t('scheduling.people.availability.date')}
          value={date}
          onChange={(e) => setDate(e.currentTarget.value)}
          error={errors.date}
        />
      )}
      <Stack gap={4}>
        <Text fz="sm" fw={500} id="pref-weight-label">
          {t('scheduling.people.preferences.weight')}
        </Text>
        <Slider
          min={1}
          max={10}
          step={1}
          value={weight}
          onChange={setWeight}
          marks={[{ value: 1 }, { value: 5 }, { value: 10 }]}
          aria-labelledby="pref-weight-label"
          thumbProps={{ 'aria-label': t('scheduling.people.preferences.weight') }}
        />
      </Stack>
      <TextInput
        label={t('scheduling.people.preferences.note')}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
        error={errors.note}
      />
    </FormDrawer>
  );
}

// ── Page ───────────────────────────────────────────────────────────────────

type Drawer =
  | { kind: 'window'; editing: AvailabilityWindowRecord | null; day: number }
  | { kind: 'exception'; editing: AvailabilityExceptionRecord | null }
  | { kind: 'preference'; editing: ShiftPreferenceRecord | null }
  | null;

/** My (or, for coordinators, anyone's) weekly availability, dated exceptions and preferences. */
export function AvailabilityPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const can = useCan();
  const refresh = useRefresh();
  const navigate = useNavigate();
  const { employeeId } = routeApi.useSearch();
  const [drawer, setDrawer] = useState<Drawer>(null);
  const [drawerKey, setDrawerKey] = useState(0);
  const open = (d: Drawer) => {
    setDrawerKey((k) => k + 1);
    setDrawer(d);
  };
  const query = useQuery(endpointQuery(api.getAvailability, { query: { employeeId } }));
  const prefs = useQuery({
    ...endpointQuery(api.listPreferences, { query: { employeeId } }),
    enabled: query.isSuccess,
  });
  const remove = useMutation({
    mutationFn: (f: () => Promise<unknown>) => f(),
    onSuccess: async () => {
      notifySuccess(t('scheduling.people.deleted'));
      await refresh(...CONSTRAINT_QUERIES);
    },
    onError: (e) => notifyError(e, t),
  });

  const picker = can('scheduling.manage') && can('people.read') && (
    <EmployeePicker
      label={t('scheduling.people.availability.forPerson')}
      placeholder={t('scheduling.people.me')}
      value={employeeId ?? null}
      current={query.data?.employee}
      onChange={(id) =>
        void navigate({ to: '/availability', search: { employeeId: id ?? undefined } })
      }
      clearable
      w={{ base: '100%', xs: 280 }}
      data-testid="availability-person"
    />
  );

  let content: React.ReactNode;
  if (query.isPending) content = <TableSkeleton />;
  else if (query.isError)
    content = isNoEmployee(query.error) ? (
      <NoEmployeeState />
    ) : (
      <ErrorState error={query.error} onRetry={() => void query.refetch()} />
    );
  else {
    const data = query.data;
    content = (
      <Stack gap="lg">
        {data.site && (
          <Text fz="sm" c="dimmed">
            {data.employee.name} · {data.site.name} ·{' '}
            {t('scheduling.people.siteTime', { zone: data.site.timeZone })}
          </Text>
        )}
        <Paper withBorder p="md">
          <Group justify="space-between" mb="xs">
            <Title order={2} fz="h4">
              {t('scheduling.people.availability.weekly')}
            </Title>
            <Button
              size="compact-sm"
              leftSection={<IconPlus size={14} aria-hidden />}
              onClick={() => open({ kind: 'window', editing: null, day: 1 })}
              data-testid="add-window"
            >
              {t('scheduling.people.availability.addWindow')}
            </Button>
          </Group>
          <Stack gap={0}>
            {WEEKDAYS.map((d) => {
              const windows = data.windows.filter((w) => w.weekday === d);
              return (
                <Group
                  key={d}
                  justify="space-between"
                  wrap="nowrap"
                  py="xs"
                  style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
                  data-testid={`weekday-${d}`}
                >
                  <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
                    <Text fw={600} fz="sm">
                      {dayName(t, d)}
                    </Text>
                    {windows.length === 0 ? (
                      <Text fz="sm" c="dimmed">
                        {t('scheduling.people.availability.nothingThisDay')}
                      </Text>
                    ) : (
                      windows.map((w) => (
                        <Group key={w.id} gap="xs" wrap="nowrap" data-testid="window-row">
                          <Badge
                            color={w.kind === 'prefer' ? 'teal' : 'red'}
                            variant="light"
                            style={{ flexShrink: 0 }}
                          >
                            {w.startTime}–{w.endTime}
                          </Badge>
                          <Text fz="sm" style={{ minWidth: 0, flex: 1 }} lineClamp={2}>
                            {t(`scheduling.people.availability.kinds.${w.kind}`)}
                            {w.note ? ` · ${w.note}` : ''}
                            {w.validFrom
                              ? ` · ${t('scheduling.people.availability.validRange', { from: fmt.date(w.validFrom) })}`
                              : ''}
                            {w.validUntil
                              ? ` · ${t('scheduling.people.availability.validRangeUntil', { until: fmt.date(w.validUntil) })}`
                              : ''}
                          </Text>
                          <ActionIcon
                            variant="subtle"
                            onClick={() => open({ kind: 'window', editing: w, day: d })}
                            aria-label={`${t('scheduling.people.edit')}: ${w.label}`}
                            data-testid="edit-window"
                          >
                            <IconPencil size={16} aria-hidden />
                          </ActionIcon>
                          <DeleteButton
                            label={w.label}
                            confirm={t('scheduling.people.availability.deleteWindowConfirm')}
                            onConfirm={() =>
                              remove.mutateAsync(() =>
                                call(api.deleteAvailabilityWindow, { params: { id: w.id } }),
                              )
                            }
                            testId="delete-window"
                          />
                        </Group>
                      ))
                    )}
                  </Stack>
                  <ActionIcon
                    variant="light"
                    onClick={() => open({ kind: 'window', editing: null, day: d })}
                    aria-label={t('scheduling.people.availability.addWindowFor', {
                      day: dayName(t, d),
                    })}
                  >
                    <IconPlus size={16} aria-hidden />
                  </ActionIcon>
                </Group>
              );
            })}
          </Stack>
        </Paper>

        <Paper withBorder p="md">
          <Group justify="space-between" mb={4}>
            <Title order={2} fz="h4">
              {t('scheduling.people.availability.exceptions')}
            </Title>
            <Button
              size="compact-sm"
              variant="light"
              leftSection={<IconPlus size={14} aria-hidden />}
              onClick={() => open({ kind: 'exception', editing: null })}
              data-testid="add-exception"
            >
              {t('scheduling.people.availability.addException')}
            </Button>
          </Group>
          <Text fz="xs" c="dimmed" mb="sm">
            {t('scheduling.people.availability.exceptionsHint')}
          </Text>
          {data.exceptions.length === 0 ? (
            <Stack gap={2}>
              <Text fz="sm">{t('scheduling.people.availability.noExceptions')}</Text>
              <Text fz="sm" c="dimmed">
                {t('scheduling.people.availability.noExceptionsHint')}
              </Text>
            </Stack>
          ) : (
            <Stack gap="xs">
              {data.exceptions.map((e) => (
                <Group key={e.id} justify="space-between" wrap="nowrap" data-testid="exception-row">
                  <Stack gap={0} style={{ minWidth: 0 }}>
                    <Text fz="sm" fw={600}>
                      {fmt.date(e.date)} ·{' '}
                      {e.allDay
                        ? t('scheduling.people.availability.wholeDay')
                        : `${e.startTime}–${e.endTime}`}
                    </Text>
                    <Text fz="sm" c="dimmed" truncate>
                      {t(`scheduling.people.availability.kinds.${e.kind}`)}
                      {e.note ? ` · ${e.note}` : ''}
                    </Text>
                  </Stack>
                  <Group gap={4} wrap="nowrap">
                    <ActionIcon
                      variant="subtle"
                      onClick={() => open({ kind: 'exception', editing: e })}
                      aria-label={`${t('scheduling.people.edit')}: ${e.label}`}
                    >
                      <IconPencil size={16} aria-hidden />
                    </ActionIcon>
                    <DeleteButton
                      label={e.label}
                      confirm={t('scheduling.people.availability.deleteExceptionConfirm')}
                      onConfirm={() =>
                        remove.mutateAsync(() =>
                          call(api.deleteAvailabilityException, { params: { id: e.id } }),
                        )
                      }
                      testId="delete-exception"
                    />
                  </Group>
                </Group>
              ))}
            </Stack>
          )}
        </Paper>

        <Paper withBorder p="md">
          <Group justify="space-between" mb={4}>
            <Title order={2} fz="h4">
              {t('scheduling.people.preferences.title')}
            </Title>
            <Button
              size="compact-sm"
              variant="light"
              leftSection={<IconPlus size={14} aria-hidden />}
              onClick={() => open({ kind: 'preference', editing: null })}
              data-testid="add-preference"
            >
              {t('scheduling.people.preferences.add')}
            </Button>
          </Group>
          <Text fz="xs" c="dimmed" mb="sm">
            {t('scheduling.people.preferences.hint')}
          </Text>
          {prefs.isPending ? (
            <TableSkeleton />
          ) : prefs.isError ? (
            <ErrorState error={prefs.error} onRetry={() => void prefs.refetch()} />
          ) : prefs.data.items.length === 0 ? (
            <Stack gap={2}>
              <Text fz="sm">{t('scheduling.people.preferences.empty')}</Text>
              <Text fz="sm" c="dimmed">
                {t('scheduling.people.preferences.emptyHint')}
              </Text>
            </Stack>
          ) : (
            <Stack gap="xs">
              {prefs.data.items.map((p) => {
                const when = p.date
                  ? fmt.date(p.date)
                  : t('scheduling.people.preferences.everyWeekday', {
                      day: dayName(t, p.weekday ?? 1),
                    });
                const what = p.shiftType
                  ? `${p.shiftType.code} · ${p.shiftType.name}`
                  : t('scheduling.people.preferences.anyShift');
                const label = `${t(`scheduling.people.preferences.kindsShort.${p.kind}`)} ${what}, ${when}`;
                return (
                  <Group
                    key={p.id}
                    justify="space-between"
                    wrap="nowrap"
                    data-testid="preference-row"
                  >
                    <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
                      <Badge
                        color={p.kind === 'want' ? 'teal' : 'orange'}
                        variant="light"
                        style={{ flexShrink: 0 }}
                      >
                        {t(`scheduling.people.preferences.kindsShort.${p.kind}`)} · {p.weight}
                      </Badge>
                      <Text fz="sm" lineClamp={2}>
                        {what} · {when}
                        {p.note ? ` · ${p.note}` : ''}
                      </Text>
                    </Group>
                    <Group gap={4} wrap="nowrap">
                      <ActionIcon
                        variant="subtle"
                        onClick={() => open({ kind: 'preference', editing: p })}
                        aria-label={`${t('scheduling.people.edit')}: ${label}`}
                      >
                        <IconPencil size={16} aria-hidden />
                      </ActionIcon>
                      <DeleteButton
                        label={label}
                        confirm={t('scheduling.people.preferences.deleteConfirm')}
                        onConfirm={() =>
                          remove.mutateAsync(() =>
                            call(api.deletePreference, { params: { id: p.id } }),
                          )
                        }
                        testId="delete-preference"
                      />
                    </Group>
                  </Group>
                );
              })}
            </Stack>
          )}
        </Paper>
      </Stack>
    );
  }

  const close = () => setDrawer(null);
  return (
    <>
      <PageHeader
        title={t('scheduling.people.availability.title')}
        description={t('scheduling.people.availability.description')}
        actions={picker || undefined}
      />
      {content}
      {drawer?.kind === 'window' && (
        <WindowDrawer
          key={drawerKey}
          employeeId={employeeId}
          editing={drawer.editing}
          initialDay={drawer.day}
          opened
          onClose={close}
        />
      )}
      {drawer?.kind === 'exception' && (
        <ExceptionDrawer
          key={drawerKey}
          employeeId={employeeId}
          editing={drawer.editing}
          opened
          onClose={close}
        />
      )}
      {drawer?.kind === 'preference' && (
        <PreferenceDrawer
          key={drawerKey}
          employeeId={employeeId}
          editing={drawer.editing}
          shiftTypes={prefs.data?.shiftTypes ?? []}
          opened
          onClose={close}
        />
      )}
    </>
  );
}
