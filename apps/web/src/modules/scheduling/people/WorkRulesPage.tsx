import {
  schedulingPeople as api,
  EMPLOYMENT_TYPES,
  type EmployeeWorkRules,
  org,
  scheduling,
  type TimeOffType,
  type WorkRuleSet,
  type WorkRulesValue,
} from '@keel/contracts';
import {
  Badge,
  Button,
  ColorInput,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPencil, IconPlus, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';
import { apiFieldErrors, type FormErrors } from '../../../api/form-errors';
import { endpointQuery, useRefresh } from '../../../api/query';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { type Column, DataTable } from '../../../components/DataTable';
import { EmptyState } from '../../../components/EmptyState';
import { FormDrawer } from '../../../components/FormDrawer';
import { ListState } from '../../../components/ListState';
import { PageHeader } from '../../../components/PageHeader';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useCan } from '../../../lib/session';
import { CONSTRAINT_QUERIES, hoursOf } from './constraints-ui';
import { ALL_FIELDS, fieldLabel, formatRule, RulesEditor } from './rules-editor';

const routeApi = getRouteApi('/app/scheduling/rules');

/** Shift types of every site the caller sees, labelled "CMH · N Night". */
function useShiftTypes() {
  const types = useQuery(endpointQuery(scheduling.listShiftTypes, { query: {} }));
  const sites = useQuery(endpointQuery(org.listSites, { query: {} }));
  const siteCode = new Map((sites.data?.items ?? []).map((s) => [s.id, s.code]));
  const list = (types.data?.items ?? []).map((s) => ({
    id: s.id,
    label: `${siteCode.get(s.siteId) ?? ''} · ${s.code} ${s.name}`.replace(/^ · /, ''),
  }));
  return { list, name: (id: string) => list.find((s) => s.id === id)?.label ?? '—' };
}

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

// ── Rule sets ──────────────────────────────────────────────────────────────

function RuleSetDrawer({
  editing,
  builtin,
  onClose,
}: {
  editing: WorkRuleSet | null;
  builtin: WorkRulesValue;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const shiftTypes = useShiftTypes();
  const [errors, setErrors] = useState<FormErrors>({});
  const [name, setName] = useState(editing?.name ?? '');
  const [employmentType, setType] = useState<string | null>(editing?.employmentType ?? null);
  const [isDefault, setDefault] = useState(editing?.isDefault ?? false);
  const [rules, setRules] = useState<Partial<WorkRulesValue>>(editing?.rules ?? builtin);
  const body = {
    name,
    employmentType: (employmentType || null) as WorkRuleSet['employmentType'],
    isDefault,
    rules: rules as WorkRulesValue,
  };
  const save = useSave(
    () =>
      editing
        ? call(api.updateWorkRuleSet, { params: { id: editing.id }, body })
        : call(api.createWorkRuleSet, { body }),
    onClose,
    setErrors,
  );
  return (
    <FormDrawer
      opened
      onClose={onClose}
      title={t(editing ? 'scheduling.people.rules.editSet' : 'scheduling.people.rules.newSet')}
      onSubmit={(e?: FormEvent<HTMLFormElement>) => {
        e?.preventDefault();
        setErrors({});
        save.mutate();
      }}
      submitting={save.isPending}
      submitTestId="rule-set-save"
    >
      <TextInput
        label={t('scheduling.people.rules.name')}
        required
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={errors.name}
        data-testid="rule-set-name"
      />
      <Select
        label={t('scheduling.people.rules.employmentType')}
        data={[
          { value: '', label: t('scheduling.people.rules.anyType') },
          ...EMPLOYMENT_TYPES.map((e) => ({ value: e, label: t(`people.employmentTypes.${e}`) })),
        ]}
        value={employmentType ?? ''}
        onChange={(v) => setType(v || null)}
        allowDeselect={false}
        error={errors.employmentType}
        data-testid="rule-set-type"
      />
      <Switch
        label={t('scheduling.people.rules.isDefault')}
        description={t('scheduling.people.rules.isDefaultHint')}
        checked={isDefault}
        onChange={(e) => setDefault(e.currentTarget.checked)}
        data-testid="rule-set-default"
      />
      <RulesEditor value={rules} onChange={setRules} errors={errors} shiftTypes={shiftTypes.list} />
    </FormDrawer>
  );
}

function RuleSetCard({
  set,
  onEdit,
  shiftTypeName,
}: {
  set: WorkRuleSet;
  onEdit: () => void;
  shiftTypeName: (id: string) => string;
}) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const remove = useMutation({
    mutationFn: () => call(api.deleteWorkRuleSet, { params: { id: set.id } }),
    onSuccess: async () => {
      notifySuccess(t('scheduling.people.deleted'));
      await refresh(...CONSTRAINT_QUERIES);
    },
    onError: (e) => notifyError(e, t),
  });
  return (
    <Paper withBorder p="md" data-testid="rule-set-card">
      <Group justify="space-between" align="flex-start" mb="xs" wrap="nowrap">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="xs">
            <Title order={3} fz="h5">
              {set.name}
            </Title>
            {set.isDefault && (
              <Badge variant="light">{t('scheduling.people.rules.defaultBadge')}</Badge>
            )}
          </Group>
          <Text fz="sm" c="dimmed">
            {set.employmentType
              ? t(`people.employmentTypes.${set.employmentType}`)
              : t('scheduling.people.rules.anyType')}
          </Text>
        </Stack>
        <Group gap={4} wrap="nowrap">
          <Button
            size="compact-sm"
            variant="subtle"
            leftSection={<IconPencil size={14} aria-hidden />}
            onClick={onEdit}
            aria-label={`${t('scheduling.people.edit')}: ${set.name}`}
            data-testid="edit-rule-set"
          >
            {t('scheduling.people.edit')}
          </Button>
          <ConfirmButton
            size="compact-sm"
            variant="subtle"
            color="red"
            confirmTitle={t('scheduling.people.rules.deleteSetConfirm')}
            confirmMessage={set.name}
            confirmLabel={t('scheduling.people.delete')}
            onConfirm={() => remove.mutateAsync()}
            aria-label={`${t('scheduling.people.delete')}: ${set.name}`}
          >
            {t('scheduling.people.delete')}
          </ConfirmButton>
        </Group>
      </Group>
      <Stack gap={4}>
        {ALL_FIELDS.map((key) => (
          <Group key={key} justify="space-between" gap="xs" wrap="nowrap">
            <Text fz="sm" c="dimmed">
              {fieldLabel(t, key)}
            </Text>
            <Text fz="sm" fw={500} ta="right">
              {formatRule(t, key, set.rules, shiftTypeName)}
            </Text>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

function SetsTab() {
  const { t } = useTranslation();
  const query = useQuery(endpointQuery(api.getWorkRules));
  const shiftTypes = useShiftTypes();
  const [editing, setEditing] = useState<WorkRuleSet | null | 'new'>(null);
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text fz="sm" c="dimmed" maw={640}>
          {t('scheduling.people.rules.builtinHint')}
        </Text>
        <Button
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={() => setEditing('new')}
          disabled={!query.data}
          data-testid="new-rule-set"
        >
          {t('scheduling.people.rules.newSet')}
        </Button>
      </Group>
      <ListState
        query={query}
        rows={query.data?.sets}
        empty={
          <EmptyState
            title={t('scheduling.people.rules.noSets')}
            description={t('scheduling.people.rules.noSetsHint')}
          />
        }
      >
        {(sets) => (
          <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="md">
            {sets.map((s) => (
              <RuleSetCard
                key={s.id}
                set={s}
                onEdit={() => setEditing(s)}
                shiftTypeName={shiftTypes.name}
              />
            ))}
          </SimpleGrid>
        )}
      </ListState>
      {editing && query.data && (
        <RuleSetDrawer
          editing={editing === 'new' ? null : editing}
          builtin={query.data.builtin}
          onClose={() => setEditing(null)}
        />
      )}
    </Stack>
  );
}

// ── People ─────────────────────────────────────────────────────────────────

function OverrideDrawer({ row, onClose }: { row: EmployeeWorkRules; onClose: () => void }) {
  const { t } = useTranslation();
  const shiftTypes = useShiftTypes();
  const refresh = useRefresh();
  const [errors, setErrors] = useState<FormErrors>({});
  const [rules, setRules] = useState<Partial<WorkRulesValue>>(row.override ?? {});
  const [note, setNote] = useState(row.note ?? '');
  const save = useSave(
    () =>
      call(api.setEmployeeWorkRules, {
        params: { id: row.employee.id },
        body: { rules, note: note.trim() || null },
      }),
    onClose,
    setErrors,
  );
  const clear = useMutation({
    mutationFn: () => call(api.clearEmployeeWorkRules, { params: { id: row.employee.id } }),
    onSuccess: async () => {
      notifySuccess(t('scheduling.people.deleted'));
      onClose();
      await refresh(...CONSTRAINT_QUERIES);
    },
    onError: (e) => notifyError(e, t),
  });
  // What applies without the override: effective values of fields the person does not override.
  const inherited = row.effective;
  return (
    <FormDrawer
      opened
      onClose={onClose}
      title={t('scheduling.people.rules.editOverride', { name: row.employee.name })}
      onSubmit={(e?: FormEvent<HTMLFormElement>) => {
        e?.preventDefault();
        setErrors({});
        save.mutate();
      }}
      submitting={save.isPending}
      submitTestId="override-save"
      footer={
        row.override && (
          <ConfirmButton
            variant="subtle"
            color="red"
            confirmTitle={t('scheduling.people.rules.clearConfirm')}
            confirmMessage={row.employee.name}
            onConfirm={() => clear.mutateAsync()}
            data-testid="override-clear"
          >
            {t('scheduling.people.rules.clearOverride')}
          </ConfirmButton>
        )
      }
    >
      <Text fz="sm" c="dimmed">
        {t('scheduling.people.rules.overrideHint')}
      </Text>
      <RulesEditor
        value={rules}
        onChange={setRules}
        errors={errors}
        shiftTypes={shiftTypes.list}
        inherited={inherited}
      />
      <TextInput
        label={t('scheduling.people.rules.overrideNote')}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
        error={errors.note}
      />
    </FormDrawer>
  );
}

function PeopleTab() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const [onlyOverrides, setOnly] = useState(false);
  const [editing, setEditing] = useState<EmployeeWorkRules | null>(null);
  const query = useQuery({
    ...endpointQuery(api.listEmployeeWorkRules, {
      query: {
        q: debounced || undefined,
        overridden: onlyOverrides ? 'true' : undefined,
        limit: 100,
      },
    }),
    placeholderData: keepPreviousData,
  });
  const source = (r: EmployeeWorkRules, key: keyof WorkRulesValue) =>
    r.sources[key] === 'employee' ? (
      <Badge size="xs" variant="light" color="violet" ml={4}>
        {t('scheduling.people.rules.source.employee')}
      </Badge>
    ) : null;
  const columns: Column<EmployeeWorkRules>[] = [
    {
      key: 'name',
      header: t('scheduling.people.person'),
      render: (r) => (
        <Stack gap={0}>
          <Text fz="sm" fw={500}>
            {r.employee.name}
          </Text>
          <Text fz="xs" c="dimmed">
            {t(`people.employmentTypes.${r.employmentType}`)}
            {r.site ? ` · ${r.site.name}` : ''}
          </Text>
        </Stack>
      ),
    },
    {
      key: 'week',
      header: t('scheduling.people.rules.field.maxMinutesPerWeek'),
      nowrap: true,
      render: (r) => (
        <>
          {r.effective.maxMinutesPerWeek === null
            ? t('scheduling.people.noLimit')
            : t('scheduling.people.hours', { hours: hoursOf(r.effective.maxMinutesPerWeek) })}
          {source(r, 'maxMinutesPerWeek')}
        </>
      ),
    },
    {
      key: 'rest',
      header: t('scheduling.people.rules.field.minRestMinutes'),
      nowrap: true,
      render: (r) => (
        <>
          {r.effective.minRestMinutes === null
            ? t('scheduling.people.noLimit')
            : t('scheduling.people.hours', { hours: hoursOf(r.effective.minRestMinutes) })}
          {source(r, 'minRestMinutes')}
        </>
      ),
    },
    {
      key: 'days',
      header: t('scheduling.people.rules.field.maxConsecutiveDays'),
      nowrap: true,
      render: (r) => (
        <>
          {r.effective.maxConsecutiveDays ?? t('scheduling.people.noLimit')}
          {source(r, 'maxConsecutiveDays')}
        </>
      ),
    },
    {
      key: 'override',
      header: t('scheduling.people.rules.override'),
      render: (r) =>
        r.override ? (
          <Text fz="sm">
            {Object.keys(r.override)
              .map((k) => fieldLabel(t, k as keyof WorkRulesValue))
              .join(', ')}
            {r.note ? ` — ${r.note}` : ''}
          </Text>
        ) : (
          <Text fz="sm" c="dimmed">
            —
          </Text>
        ),
    },
    {
      key: 'actions',
      header: '',
      align: 'right',
      render: (r) => (
        <Button
          size="compact-sm"
          variant="subtle"
          leftSection={<IconPencil size={14} aria-hidden />}
          onClick={() => setEditing(r)}
          aria-label={`${t('scheduling.people.edit')}: ${r.employee.name}`}
          data-testid="edit-override"
        >
          {t('scheduling.people.edit')}
        </Button>
      ),
    },
  ];
  return (
    <Stack gap="md">
      <Group gap="md" wrap="wrap">
        <TextInput
          leftSection={<IconSearch size={16} aria-hidden />}
          placeholder={t('scheduling.people.rules.search')}
          aria-label={t('scheduling.people.rules.search')}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={{ base: '100%', xs: 280 }}
          data-testid="rules-search"
        />
        <Switch
          label={t('scheduling.people.rules.onlyOverrides')}
          checked={onlyOverrides}
          onChange={(e) => setOnly(e.currentTarget.checked)}
          data-testid="rules-only-overrides"
        />
      </Group>
      <ListState
        query={query}
        rows={query.data?.items}
        empty={<EmptyState title={t('scheduling.people.rules.noPeople')} />}
      >
        {(rows) => (
          <DataTable
            columns={columns}
            rows={rows}
            rowKey={(r) => r.employee.id}
            caption={t('scheduling.people.rules.tabs.people')}
            mobile="cards"
          />
        )}
      </ListState>
      {editing && <OverrideDrawer row={editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}

// ── Time-off types ─────────────────────────────────────────────────────────

function TypeDrawer({ editing, onClose }: { editing: TimeOffType | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [errors, setErrors] = useState<FormErrors>({});
  const [name, setName] = useState(editing?.name ?? '');
  const [color, setColor] = useState(editing?.color ?? '#4dabf7');
  const [paid, setPaid] = useState(editing?.paid ?? true);
  const [hours, setHours] = useState<number | ''>(
    editing?.yearlyAllowanceMinutes == null ? '' : editing.yearlyAllowanceMinutes / 60,
  );
  const [requiresApproval, setApproval] = useState(editing?.requiresApproval ?? true);
  const [archived, setArchived] = useState(!!editing?.archivedAt);
  const body = {
    name,
    color,
    paid,
    yearlyAllowanceMinutes: hours === '' ? null : Math.round(Number(hours) * 60),
    requiresApproval,
  };
  const save = useSave(
    () =>
      editing
        ? call(api.updateTimeOffType, { params: { id: editing.id }, body: { ...body, archived } })
        : call(api.createTimeOffType, { body }),
    onClose,
    (e) => setErrors(e.yearlyAllowanceMinutes ? { ...e, allowance: e.yearlyAllowanceMinutes } : e),
  );
  return (
    <FormDrawer
      opened
      onClose={onClose}
      title={t(
        editing ? 'scheduling.people.rules.types.edit' : 'scheduling.people.rules.types.new',
      )}
      onSubmit={(e?: FormEvent<HTMLFormElement>) => {
        e?.preventDefault();
        setErrors({});
        save.mutate();
      }}
      submitting={save.isPending}
      submitTestId="type-save"
      size="md"
    >
      <TextInput
        label={t('scheduling.people.rules.types.name')}
        required
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={errors.name}
        data-testid="type-name"
      />
      <ColorInput
        label={t('scheduling.people.rules.types.color')}
        value={color}
        onChange={setColor}
        format="hex"
        error={errors.color}
      />
      <NumberInput
        label={t('scheduling.people.rules.types.allowance')}
        description={t('scheduling.people.rules.types.allowanceHint')}
        value={hours}
        onChange={(v) => setHours(v === '' ? '' : Number(v))}
        min={0}
        step={8}
        placeholder={t('scheduling.people.timeOff.unlimited')}
        error={errors.allowance}
        data-testid="type-allowance"
      />
      <Switch
        label={t('scheduling.people.rules.types.paid')}
        checked={paid}
        onChange={(e) => setPaid(e.currentTarget.checked)}
      />
      <Switch
        label={t('scheduling.people.rules.types.requiresApproval')}
        checked={requiresApproval}
        onChange={(e) => setApproval(e.currentTarget.checked)}
        data-testid="type-approval"
      />
      {editing && (
        <Switch
          label={t('scheduling.people.rules.types.archived')}
          checked={archived}
          onChange={(e) => setArchived(e.currentTarget.checked)}
        />
      )}
    </FormDrawer>
  );
}

function TypesTab() {
  const { t } = useTranslation();
  const query = useQuery(
    endpointQuery(api.listTimeOffTypes, { query: { includeArchived: 'true' } }),
  );
  const [editing, setEditing] = useState<TimeOffType | null | 'new'>(null);
  const columns: Column<TimeOffType>[] = [
    {
      key: 'name',
      header: t('scheduling.people.rules.types.name'),
      render: (r) => (
        <Group gap={6} wrap="nowrap">
          <span
            aria-hidden
            style={{ width: 12, height: 12, borderRadius: 6, background: r.color }}
          />
          <Text fz="sm" fw={500} c={r.archivedAt ? 'dimmed' : undefined}>
            {r.name}
          </Text>
          {r.archivedAt && (
            <Badge size="xs" color="gray">
              {t('scheduling.people.rules.types.archived')}
            </Badge>
          )}
        </Group>
      ),
    },
    {
      key: 'allowance',
      header: t('scheduling.people.rules.types.allowance'),
      nowrap: true,
      render: (r) =>
        r.yearlyAllowanceMinutes === null
          ? t('scheduling.people.timeOff.unlimited')
          : t('scheduling.people.hours', { hours: hoursOf(r.yearlyAllowanceMinutes) }),
    },
    {
      key: 'paid',
      header: t('scheduling.people.rules.types.paid'),
      render: (r) => t(r.paid ? 'scheduling.people.rules.yes' : 'scheduling.people.rules.no'),
    },
    {
      key: 'approval',
      header: t('scheduling.people.rules.types.requiresApproval'),
      render: (r) =>
        t(r.requiresApproval ? 'scheduling.people.rules.yes' : 'scheduling.people.rules.no'),
    },
    {
      key: 'actions',
      header: '',
      align: 'right',
      render: (r) => (
        <Button
          size="compact-sm"
          variant="subtle"
          leftSection={<IconPencil size={14} aria-hidden />}
          onClick={() => setEditing(r)}
          aria-label={`${t('scheduling.people.edit')}: ${r.name}`}
          data-testid="edit-type"
        >
          {t('scheduling.people.edit')}
        </Button>
      ),
    },
  ];
  return (
    <Stack gap="md">
      <Group justify="flex-end">
        <Button
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={() => setEditing('new')}
          data-testid="new-type"
        >
          {t('scheduling.people.rules.types.new')}
        </Button>
      </Group>
      <ListState
        query={query}
        rows={query.data?.items}
        empty={
          <EmptyState
            title={t('scheduling.people.rules.types.empty')}
            description={t('scheduling.people.rules.types.emptyHint')}
          />
        }
      >
        {(rows) => (
          <DataTable
            columns={columns}
            rows={rows}
            rowKey={(r) => r.id}
            caption={t('scheduling.people.rules.tabs.types')}
            mobile="cards"
          />
        )}
      </ListState>
      {editing && (
        <TypeDrawer editing={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
    </Stack>
  );
}

/** Rule sets, per-person rules and kinds of time off (coordinators). */
export function WorkRulesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const can = useCan();
  const { tab } = routeApi.useSearch();
  const current = tab ?? 'sets';
  return (
    <>
      <PageHeader
        title={t('scheduling.people.rules.title')}
        description={t('scheduling.people.rules.description')}
      />
      <Tabs
        value={current}
        onChange={(v) =>
          void navigate({
            to: '/scheduling/rules',
            search: { tab: v === 'people' || v === 'types' ? v : undefined },
          })
        }
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="sets" data-testid="tab-sets">
            {t('scheduling.people.rules.tabs.sets')}
          </Tabs.Tab>
          <Tabs.Tab value="people" data-testid="tab-people">
            {t('scheduling.people.rules.tabs.people')}
          </Tabs.Tab>
          <Tabs.Tab value="types" data-testid="tab-types">
            {t('scheduling.people.rules.tabs.types')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="sets">{can('scheduling.manage') && <SetsTab />}</Tabs.Panel>
        <Tabs.Panel value="people">
          <PeopleTab />
        </Tabs.Panel>
        <Tabs.Panel value="types">
          <TypesTab />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
