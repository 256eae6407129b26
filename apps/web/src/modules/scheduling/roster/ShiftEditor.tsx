import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  Radio,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDrawer } from '../../../components/FormDrawer';
import { SideDrawer } from '../../../components/SideDrawer';
import { useIsPhone } from '../../../lib/use-is-phone';
import { fieldsOf, OPEN, type Roster, type Shift, type ShiftFields } from './roster-model';
import type { RosterActions } from './use-roster';

export type EditorTarget =
  | { mode: 'create'; rowKey: string; date: string }
  | { mode: 'edit'; shift: Shift };

function useOptions(roster: Roster, dates: string[]) {
  const { t, i18n } = useTranslation();
  return useMemo(() => {
    const fmt = new Intl.DateTimeFormat(i18n.language, {
      weekday: 'short',
      month: 'short',
      day: 'numeric',
      timeZone: 'UTC',
    });
    return {
      people: [
        { value: OPEN, label: t('scheduling.roster.editor.openShift') },
        ...roster.employees.map((e) => ({
          value: e.id,
          label: e.positionName ? `${e.name} (${e.positionName})` : e.name,
        })),
      ],
      days: dates.map((d) => ({ value: d, label: fmt.format(new Date(`${d}T00:00:00Z`)) })),
      types: [
        { value: '', label: t('scheduling.roster.editor.customTimes') },
        ...roster.shiftTypes
          .filter((s) => !s.archived)
          .map((s) => ({
            value: s.id,
            label: `${s.code} · ${s.name} (${s.startTime}–${s.endTime})`,
          })),
      ],
      positions: [
        { value: '', label: t('scheduling.roster.editor.noPosition') },
        ...roster.positions.map((p) => ({ value: p.id, label: p.name })),
      ],
    };
  }, [roster, dates, t, i18n.language]);
}

/**
 * Create or edit one shift: a shift type fills the times, break and position; custom times are
 * allowed. Saving applies the change at once (checked live) and sends it; the server may still
 * refuse it, which rolls it back with the reason.
 */
export function ShiftEditor({
  roster,
  dates,
  target,
  actions,
  onClose,
  onMenu,
}: {
  roster: Roster;
  dates: string[];
  target: EditorTarget | null;
  actions: RosterActions;
  onClose: () => void;
  onMenu: (shift: Shift) => void;
}) {
  const { t } = useTranslation();
  const options = useOptions(roster, dates);
  const [form, setForm] = useState<ShiftFields | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shift = target?.mode === 'edit' ? target.shift : null;
  const editable = shift ? actions.canEdit(shift) : roster.canEditDrafts;

  useEffect(() => {
    setError(null);
    if (!target) return setForm(null);
    if (target.mode === 'edit') return setForm(fieldsOf(target.shift));
    const emp = roster.employees.find((e) => e.id === target.rowKey);
    const first =
      roster.shiftTypes.find(
        (s) => !s.archived && emp?.positionId && s.position?.id === emp.positionId,
      ) ?? roster.shiftTypes.find((s) => !s.archived);
    setForm({
      date: target.date,
      shiftTypeId: first?.id ?? null,
      startTime: first?.startTime ?? '09:00',
      endTime: first?.endTime ?? '17:00',
      breakMinutes: first?.breakMinutes ?? 0,
      positionId: first?.position?.id ?? emp?.positionId ?? null,
      employeeId: target.rowKey === OPEN ? null : target.rowKey,
      notes: null,
    });
  }, [target, roster]);

  if (!form || !target) {
    return (
      <SideDrawer opened={false} onClose={onClose} title="">
        {null}
      </SideDrawer>
    );
  }
  const set = (patch: Partial<ShiftFields>) => setForm({ ...form, ...patch });
  const chooseType = (id: string | null) => {
    const type = roster.shiftTypes.find((s) => s.id === id);
    if (!type) return set({ shiftTypeId: null });
    set({
      shiftTypeId: type.id,
      startTime: type.startTime,
      endTime: type.endTime,
      breakMinutes: type.breakMinutes,
      positionId: type.position?.id ?? form.positionId,
    });
  };
  const submit = (e?: FormEvent<HTMLFormElement>) => {
    e?.preventDefault();
    if (!editable) return onClose();
    if (!/^\d{2}:\d{2}$/.test(form.startTime) || !/^\d{2}:\d{2}$/.test(form.endTime)) {
      return setError(t('scheduling.roster.editor.timesRequired'));
    }
    if (form.startTime === form.endTime) return setError(t('scheduling.roster.editor.sameTimes'));
    if (shift) {
      const before = fieldsOf(shift);
      const patch: Partial<ShiftFields> = {};
      for (const k of Object.keys(form) as (keyof ShiftFields)[]) {
        if (form[k] !== before[k]) (patch as Record<string, unknown>)[k] = form[k];
      }
      if (Object.keys(patch).length > 0) actions.update(shift, patch);
    } else {
      actions.create(form);
    }
    onClose();
  };

  const title = shift
    ? editable
      ? t('scheduling.roster.editor.editTitle')
      : t('scheduling.roster.editor.viewTitle')
    : t('scheduling.roster.editor.createTitle');
  return (
    <FormDrawer
      opened
      onClose={onClose}
      title={title}
      size="md"
      onSubmit={submit}
      submitLabel={editable ? undefined : t('common.close')}
      submitTestId="shift-save"
      footer={
        <>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          {shift && editable && (
            <Group gap="sm">
              <Button
                variant="default"
                onClick={() => {
                  onClose();
                  onMenu(shift);
                }}
                data-testid="shift-more"
              >
                {t('scheduling.roster.editor.more')}
              </Button>
              <Button
                color="red"
                variant="light"
                onClick={() => {
                  actions.remove(shift);
                  onClose();
                }}
                data-testid="shift-delete"
              >
                {t('scheduling.roster.actions.delete')}
              </Button>
            </Group>
          )}
        </>
      }
    >
      {shift && (
        <Text size="sm" c="dimmed">
          {shift.status === 'draft'
            ? t('scheduling.roster.chip.draft')
            : shift.changedSincePublish
              ? t('scheduling.roster.chip.changed')
              : t('scheduling.roster.editor.publishedVersion', {
                  version: shift.publishedVersion ?? '',
                })}
        </Text>
      )}
      <Select
        label={t('scheduling.roster.editor.person')}
        data={options.people}
        value={form.employeeId ?? OPEN}
        onChange={(v) => set({ employeeId: !v || v === OPEN ? null : v })}
        searchable
        allowDeselect={false}
        disabled={!editable}
        data-testid="shift-employee"
      />
      <TextInput
        type="date"
        label={t('scheduling.roster.editor.date')}
        value={form.date}
        onChange={(e) => set({ date: e.currentTarget.value })}
        disabled={!editable}
        required
        data-testid="shift-date"
      />
      <Select
        label={t('scheduling.roster.editor.shiftType')}
        data={options.types}
        value={form.shiftTypeId ?? ''}
        onChange={(v) => chooseType(v || null)}
        allowDeselect={false}
        disabled={!editable}
        data-testid="shift-type"
      />
      <Group grow>
        <TextInput
          type="time"
          label={t('scheduling.roster.editor.start')}
          value={form.startTime}
          onChange={(e) => set({ startTime: e.currentTarget.value })}
          disabled={!editable}
          required
          data-testid="shift-start"
        />
        <TextInput
          type="time"
          label={t('scheduling.roster.editor.end')}
          value={form.endTime}
          onChange={(e) => set({ endTime: e.currentTarget.value })}
          disabled={!editable}
          required
          data-testid="shift-end"
        />
      </Group>
      <NumberInput
        label={t('scheduling.roster.editor.break')}
        value={form.breakMinutes}
        onChange={(v) => set({ breakMinutes: typeof v === 'number' ? v : 0 })}
        min={0}
        max={240}
        step={5}
        disabled={!editable}
        data-testid="shift-break"
      />
      <Select
        label={t('scheduling.roster.editor.position')}
        data={options.positions}
        value={form.positionId ?? ''}
        onChange={(v) => set({ positionId: v || null })}
        allowDeselect={false}
        disabled={!editable}
        data-testid="shift-position"
      />
      <Textarea
        label={t('scheduling.roster.editor.notes')}
        value={form.notes ?? ''}
        onChange={(e) => set({ notes: e.currentTarget.value || null })}
        maxLength={500}
        autosize
        minRows={2}
        disabled={!editable}
      />
    </FormDrawer>
  );
}

type ActionKind = 'move' | 'copy' | 'assign' | 'unassign' | 'delete';

/**
 * Everything drag and drop does, without a mouse: move or copy a shift to a person and day,
 * assign it, unassign it, or delete it.
 */
export function ShiftActions({
  roster,
  dates,
  shift,
  actions,
  onClose,
}: {
  roster: Roster;
  dates: string[];
  shift: Shift | null;
  actions: RosterActions;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const options = useOptions(roster, dates);
  const [kind, setKind] = useState<ActionKind>('move');
  const [person, setPerson] = useState<string>(OPEN);
  const [day, setDay] = useState<string>('');
  useEffect(() => {
    if (!shift) return;
    setKind(actions.canEdit(shift) ? 'move' : 'copy');
    setPerson(shift.employee?.id ?? OPEN);
    setDay(shift.date);
  }, [shift, actions]);
  if (!shift) return null;
  const canChange = actions.canEdit(shift);
  const apply = () => {
    const employeeId = person === OPEN ? null : person;
    performance.mark('roster:drop');
    if (kind === 'move') actions.update(shift, { employeeId, date: day });
    else if (kind === 'copy') actions.copy(shift, { employeeId, date: day });
    else if (kind === 'assign') actions.update(shift, { employeeId });
    else if (kind === 'unassign') actions.update(shift, { employeeId: null });
    else actions.remove(shift);
    onClose();
  };
  const choices: { value: ActionKind; label: string; enabled: boolean }[] = [
    { value: 'move', label: t('scheduling.roster.actions.move'), enabled: canChange },
    { value: 'copy', label: t('scheduling.roster.actions.copy'), enabled: roster.canEditDrafts },
    { value: 'assign', label: t('scheduling.roster.actions.assign'), enabled: canChange },
    {
      value: 'unassign',
      label: t('scheduling.roster.actions.unassign'),
      enabled: canChange && shift.employee !== null,
    },
    { value: 'delete', label: t('scheduling.roster.actions.delete'), enabled: canChange },
  ];
  const who = shift.employee?.name ?? t('scheduling.roster.grid.open');
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('scheduling.roster.actions.title')}
      fullScreen={isPhone}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack gap="md" data-testid="shift-actions">
        <Text size="sm">
          {t('scheduling.roster.actions.summary', {
            code: shift.shiftType?.code ?? '',
            times: `${shift.startTime}–${shift.endTime}`,
            date: shift.date,
            who,
          })}
        </Text>
        <Radio.Group
          value={kind}
          onChange={(v) => setKind(v as ActionKind)}
          label={t('scheduling.roster.actions.what')}
        >
          <Stack gap={6} mt={6}>
            {choices.map((c) => (
              <Radio
                key={c.value}
                value={c.value}
                label={c.label}
                disabled={!c.enabled}
                data-testid={`shift-action-${c.value}`}
              />
            ))}
          </Stack>
        </Radio.Group>
        {(kind === 'move' || kind === 'copy' || kind === 'assign') && (
          <Select
            label={t('scheduling.roster.editor.person')}
            data={options.people}
            value={person}
            onChange={(v) => setPerson(v ?? OPEN)}
            searchable
            allowDeselect={false}
            data-testid="shift-action-person"
          />
        )}
        {(kind === 'move' || kind === 'copy') && (
          <Select
            label={t('scheduling.roster.editor.date')}
            data={options.days}
            value={day}
            onChange={(v) => setDay(v ?? shift.date)}
            allowDeselect={false}
            data-testid="shift-action-day"
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            onClick={apply}
            color={kind === 'delete' ? 'red' : undefined}
            data-testid="shift-action-apply"
            disabled={!choices.find((c) => c.value === kind)?.enabled}
          >
            {t('scheduling.roster.actions.apply')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
