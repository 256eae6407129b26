import type { WorkRulesValue } from '@keel/contracts';
import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { FormErrors } from '../../../api/form-errors';
import { hoursOf } from './constraints-ui';

type Key = keyof WorkRulesValue;
type Unit = 'hours' | 'days' | 'shifts' | 'weekends';

/** The numeric rules, their units and whether they are stored in minutes. */
export const NUMBER_FIELDS: { key: Key; unit: Unit; minutes?: true }[] = [
  { key: 'maxMinutesPerWeek', unit: 'hours', minutes: true },
  { key: 'minRestMinutes', unit: 'hours', minutes: true },
  { key: 'maxConsecutiveDays', unit: 'days' },
  { key: 'minConsecutiveDaysOff', unit: 'days' },
  { key: 'maxWeekendsPerPeriod', unit: 'weekends' },
  { key: 'minShiftsPerPeriod', unit: 'shifts' },
  { key: 'maxShiftsPerPeriod', unit: 'shifts' },
  { key: 'overtimeAfterMinutesPerWeek', unit: 'hours', minutes: true },
  { key: 'overtimeAfterMinutesPerDay', unit: 'hours', minutes: true },
];

export const ALL_FIELDS: Key[] = [
  ...NUMBER_FIELDS.map((f) => f.key),
  'overtimeMultiplier',
  'allowSplitShifts',
  'maxShiftsOfType',
];

export const fieldLabel = (t: TFunction, key: Key) => t(`scheduling.people.rules.field.${key}`);

/** A rule's value for people: "48 h", "6 days", "No limit", "1.5×", "Yes". */
export function formatRule(
  t: TFunction,
  key: Key,
  rules: Partial<WorkRulesValue>,
  shiftTypeName: (id: string) => string,
): string {
  const v = rules[key];
  if (key === 'allowSplitShifts')
    return v ? t('scheduling.people.rules.yes') : t('scheduling.people.rules.no');
  if (key === 'overtimeMultiplier') return `${v}×`;
  if (key === 'maxShiftsOfType') {
    const list = (v as WorkRulesValue['maxShiftsOfType'] | undefined) ?? [];
    return list.length
      ? list.map((m) => `${shiftTypeName(m.shiftTypeId)} ≤ ${m.max}`).join(', ')
      : t('scheduling.people.noLimit');
  }
  if (v === null || v === undefined) return t('scheduling.people.noLimit');
  const f = NUMBER_FIELDS.find((x) => x.key === key)!;
  const n = f.minutes ? hoursOf(v as number) : String(v);
  return `${n} ${t(`scheduling.people.rules.unit.${f.unit}`)}`;
}

interface EditorProps {
  value: Partial<WorkRulesValue>;
  onChange: (next: Partial<WorkRulesValue>) => void;
  /** API errors keyed `rules.<field>` */
  errors: FormErrors;
  shiftTypes: { id: string; label: string }[];
  /** Override mode: a checkbox per rule; unchecked rules come from `inherited`. */
  inherited?: WorkRulesValue | undefined;
}

/** Every WorkRules field with its unit; in override mode only ticked rules are kept. */
export function RulesEditor({ value, onChange, errors, shiftTypes, inherited }: EditorProps) {
  const { t } = useTranslation();
  const has = (key: Key) => key in value;
  const set = (key: Key, v: unknown) => onChange({ ...value, [key]: v });
  const toggle = (key: Key, on: boolean) => {
    const next = { ...value } as Record<string, unknown>;
    if (on) next[key] = inherited ? inherited[key] : null;
    else delete next[key];
    onChange(next as Partial<WorkRulesValue>);
  };
  const wrap = (key: Key, control: React.ReactNode) =>
    inherited ? (
      <Stack gap={4} key={key}>
        <Checkbox
          label={fieldLabel(t, key)}
          checked={has(key)}
          onChange={(e) => toggle(key, e.currentTarget.checked)}
          data-testid={`override-${key}`}
        />
        {has(key) ? (
          control
        ) : (
          <Text fz="sm" c="dimmed" pl={28}>
            {formatRule(
              t,
              key,
              inherited,
              (id) => shiftTypes.find((s) => s.id === id)?.label ?? '—',
            )}
          </Text>
        )}
      </Stack>
    ) : (
      <div key={key}>{control}</div>
    );
  const list = (value.maxShiftsOfType ?? []) as WorkRulesValue['maxShiftsOfType'];
  return (
    <Stack gap="md">
      <Text fz="xs" c="dimmed">
        {t('scheduling.people.rules.emptyMeansNoLimit')}
      </Text>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
        {NUMBER_FIELDS.map((f) => {
          const raw = value[f.key] as number | null | undefined;
          const shown = raw === null || raw === undefined ? '' : f.minutes ? raw / 60 : raw;
          return wrap(
            f.key,
            <NumberInput
              label={inherited ? undefined : fieldLabel(t, f.key)}
              aria-label={fieldLabel(t, f.key)}
              value={shown}
              onChange={(v) =>
                set(
                  f.key,
                  v === '' || v === null
                    ? null
                    : f.minutes
                      ? Math.round(Number(v) * 60)
                      : Math.round(Number(v)),
                )
              }
              min={0}
              step={f.minutes ? 0.5 : 1}
              decimalScale={f.minutes ? 2 : 0}
              rightSection={
                <Text fz="xs" c="dimmed" pr={6}>
                  {t(`scheduling.people.rules.unit.${f.unit}`)}
                </Text>
              }
              rightSectionWidth={64}
              placeholder={t('scheduling.people.noLimit')}
              error={errors[`rules.${f.key}`]}
              data-testid={`rule-${f.key}`}
            />,
          );
        })}
        {wrap(
          'overtimeMultiplier',
          <NumberInput
            label={inherited ? undefined : fieldLabel(t, 'overtimeMultiplier')}
            aria-label={fieldLabel(t, 'overtimeMultiplier')}
            value={(value.overtimeMultiplier as number | undefined) ?? 1.5}
            onChange={(v) => set('overtimeMultiplier', v === '' ? 1 : Number(v))}
            min={1}
            max={5}
            step={0.25}
            decimalScale={2}
            error={errors['rules.overtimeMultiplier']}
            data-testid="rule-overtimeMultiplier"
          />,
        )}
        {wrap(
          'allowSplitShifts',
          <Switch
            mt={inherited ? 0 : 'lg'}
            label={inherited ? undefined : fieldLabel(t, 'allowSplitShifts')}
            aria-label={fieldLabel(t, 'allowSplitShifts')}
            checked={!!value.allowSplitShifts}
            onChange={(e) => set('allowSplitShifts', e.currentTarget.checked)}
            data-testid="rule-allowSplitShifts"
          />,
        )}
      </SimpleGrid>
      {wrap(
        'maxShiftsOfType',
        <Stack gap="xs">
          {!inherited && (
            <Text fz="sm" fw={500}>
              {fieldLabel(t, 'maxShiftsOfType')}
            </Text>
          )}
          {list.map((m, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: limits have no id; rows are edited in place
            <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
              <Select
                aria-label={t('scheduling.people.rules.shiftTypeLimit')}
                data={shiftTypes.map((s) => ({ value: s.id, label: s.label }))}
                value={m.shiftTypeId || null}
                onChange={(v) =>
                  set(
                    'maxShiftsOfType',
                    list.map((x, j) => (j === i ? { ...x, shiftTypeId: v ?? '' } : x)),
                  )
                }
                error={errors[`rules.maxShiftsOfType.${i}.shiftTypeId`]}
                style={{ flex: 1 }}
              />
              <NumberInput
                aria-label={t('scheduling.people.rules.unit.shifts')}
                value={m.max}
                min={0}
                onChange={(v) =>
                  set(
                    'maxShiftsOfType',
                    list.map((x, j) => (j === i ? { ...x, max: Number(v) || 0 } : x)),
                  )
                }
                w={110}
                rightSection={
                  <Text fz="xs" c="dimmed" pr={6}>
                    {t('scheduling.people.rules.unit.shifts')}
                  </Text>
                }
                rightSectionWidth={50}
                error={errors[`rules.maxShiftsOfType.${i}.max`]}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                mt={4}
                onClick={() =>
                  set(
                    'maxShiftsOfType',
                    list.filter((_, j) => j !== i),
                  )
                }
                aria-label={t('scheduling.people.rules.removeLimit')}
              >
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Group>
          ))}
          <Button
            variant="light"
            size="compact-sm"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() =>
              set('maxShiftsOfType', [...list, { shiftTypeId: shiftTypes[0]?.id ?? '', max: 7 }])
            }
            disabled={shiftTypes.length === 0}
            w="fit-content"
          >
            {t('scheduling.people.rules.addLimit')}
          </Button>
        </Stack>,
      )}
    </Stack>
  );
}
