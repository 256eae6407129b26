import { org, type ShiftType, type Site, scheduling } from '@keel/contracts';
import {
  ActionIcon,
  Alert,
  Button,
  Group,
  List,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconDeviceFloppy, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../../api/client';
import { endpointQuery, useRefresh } from '../../../api/query';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorState } from '../../../components/ErrorState';
import { TableSkeleton } from '../../../components/LoadingState';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { SETUP_QUERIES, ShiftTypeCode, useShiftTypes, WEEKDAYS } from './setup-ui';

type Num = number | '';
interface Cell {
  min: Num;
  ideal: Num;
}
interface Row {
  key: string;
  shiftTypeId: string;
  positionId: string | null;
  cells: Record<number, Cell>;
}
interface Override {
  key: string;
  shiftTypeId: string | null;
  positionId: string | null;
  date: string;
  min: Num;
  ideal: Num;
}
type Need = {
  shiftTypeId: string;
  positionId: string | null;
  weekday: number | null;
  date: string | null;
  min: number;
  ideal: number;
};

let seq = 0;
const nextKey = () => `k${++seq}`;
const emptyCells = (): Record<number, Cell> =>
  Object.fromEntries(WEEKDAYS.map((d) => [d, { min: '', ideal: '' }]));
const toNum = (v: string | number): Num => (v === '' ? '' : Number(v));
const badCell = (c: { min: Num; ideal: Num }) => c.min !== '' && c.ideal !== '' && c.ideal < c.min;

function fromNeeds(needs: Need[]): { rows: Row[]; overrides: Override[] } {
  const rows = new Map<string, Row>();
  const overrides: Override[] = [];
  for (const n of needs) {
    if (n.weekday == null) {
      overrides.push({ key: nextKey(), ...n, date: n.date ?? '' });
      continue;
    }
    const k = `${n.shiftTypeId}|${n.positionId ?? ''}`;
    const row = rows.get(k) ?? {
      key: nextKey(),
      shiftTypeId: n.shiftTypeId,
      positionId: n.positionId,
      cells: emptyCells(),
    };
    row.cells[n.weekday] = { min: n.min, ideal: n.ideal };
    rows.set(k, row);
  }
  return { rows: [...rows.values()], overrides };
}

function CoverageEditor({
  site,
  types,
  positions,
  initial,
}: {
  site: Site;
  types: ShiftType[];
  positions: { id: string; title: string }[];
  initial: Need[];
}) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const start = useMemo(() => {
    const order = new Map(types.map((s, i) => [s.id, i]));
    const title = (id: string | null) =>
      id ? (positions.find((p) => p.id === id)?.title ?? '') : '';
    const built = fromNeeds(initial);
    built.rows.sort(
      (a, b) =>
        (order.get(a.shiftTypeId) ?? 0) - (order.get(b.shiftTypeId) ?? 0) ||
        title(a.positionId).localeCompare(title(b.positionId)),
    );
    return built;
  }, [initial, types, positions]);
  const [rows, setRows] = useState<Row[]>(start.rows);
  const [overrides, setOverrides] = useState<Override[]>(start.overrides);
  const [dirty, setDirty] = useState(false);
  const [newType, setNewType] = useState<string | null>(null);
  const [newPosition, setNewPosition] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const typeById = new Map(types.map((s) => [s.id, s]));
  const positionName = (id: string | null) =>
    id ? (positions.find((p) => p.id === id)?.title ?? '—') : t('scheduling.setup.anyPosition');
  const rowLabel = (r: { shiftTypeId: string | null; positionId: string | null }) =>
    `${(r.shiftTypeId && typeById.get(r.shiftTypeId)?.code) || '?'} · ${positionName(r.positionId)}`;
  const dayLabel = (d: number) =>
    t(`scheduling.setup.weekdays.${d}` as 'scheduling.setup.weekdays.1');

  const change = (fn: () => void) => {
    fn();
    setDirty(true);
    setProblems([]);
  };

  /** The needs to send, and a label for each (to name the place of an error). */
  const build = () => {
    const needs: Need[] = [];
    const labels: string[] = [];
    for (const r of rows)
      for (const d of WEEKDAYS) {
        const c = r.cells[d]!;
        if (c.min === '' && c.ideal === '') continue;
        const min = c.min === '' ? 0 : c.min;
        needs.push({
          shiftTypeId: r.shiftTypeId,
          positionId: r.positionId,
          weekday: d,
          date: null,
          min,
          ideal: c.ideal === '' ? min : c.ideal,
        });
        labels.push(`${rowLabel(r)}, ${dayLabel(d)}`);
      }
    for (const o of overrides) {
      const min = o.min === '' ? 0 : o.min;
      needs.push({
        shiftTypeId: o.shiftTypeId ?? '',
        positionId: o.positionId,
        weekday: null,
        date: o.date,
        min,
        ideal: o.ideal === '' ? min : o.ideal,
      });
      labels.push(`${rowLabel(o)}, ${o.date || '—'}`);
    }
    return { needs, labels };
  };

  const save = useMutation({
    mutationFn: () =>
      call(scheduling.setCoverage, { body: { siteId: site.id, needs: build().needs } }),
    onSuccess: async () => {
      notifySuccess(t('scheduling.setup.coverage.saved'));
      setDirty(false);
      await refresh(...SETUP_QUERIES);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.errors.length) {
        const { labels } = build();
        setProblems(
          e.errors.map((err) => {
            const m = /^needs\[(\d+)\]\.?(.*)$/.exec(err.field);
            return m
              ? `${labels[Number(m[1])] ?? ''}: ${m[2] ? `${m[2]} ` : ''}${err.message}`
              : `${err.field}: ${err.message}`;
          }),
        );
      } else notifyError(e, t);
    },
  });

  const localBad =
    rows.some((r) => WEEKDAYS.some((d) => badCell(r.cells[d]!))) || overrides.some(badCell);
  const activeTypes = types.filter((s) => !s.archived);
  const typeOptions = activeTypes.map((s) => ({ value: s.id, label: `${s.code} — ${s.name}` }));
  const positionOptions = positions.map((p) => ({ value: p.id, label: p.title }));

  return (
    <Stack gap="lg">
      <Text fz="sm" c="dimmed">
        {t('scheduling.setup.coverage.intro')}
      </Text>
      {rows.length === 0 ? (
        <Text fz="sm" data-testid="coverage-empty">
          {t('scheduling.setup.coverage.emptyGrid')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={860}>
          <Table withTableBorder withColumnBorders verticalSpacing={4} data-testid="coverage-grid">
            <Table.Caption>{t('scheduling.setup.tabs.coverage')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('scheduling.setup.coverage.row')}</Table.Th>
                {WEEKDAYS.map((d) => (
                  <Table.Th key={d} ta="center">
                    {dayLabel(d)}
                    <Text fz={10} c="dimmed">
                      {t('scheduling.setup.coverage.min')} / {t('scheduling.setup.coverage.ideal')}
                    </Text>
                  </Table.Th>
                ))}
                <Table.Th aria-label={t('scheduling.setup.coverage.removeRow')} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => {
                const type = typeById.get(r.shiftTypeId);
                return (
                  <Table.Tr key={r.key}>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        {type && <ShiftTypeCode type={type} />}
                        <Text fz="sm">{positionName(r.positionId)}</Text>
                      </Group>
                    </Table.Td>
                    {WEEKDAYS.map((d) => {
                      const c = r.cells[d]!;
                      const setCell = (patch: Partial<Cell>) =>
                        change(() =>
                          setRows((all) =>
                            all.map((x) =>
                              x.key === r.key
                                ? { ...x, cells: { ...x.cells, [d]: { ...x.cells[d]!, ...patch } } }
                                : x,
                            ),
                          ),
                        );
                      return (
                        <Table.Td key={d}>
                          <Group gap={2} wrap="nowrap" justify="center">
                            <NumberInput
                              size="xs"
                              w={46}
                              min={0}
                              max={500}
                              allowDecimal={false}
                              allowNegative={false}
                              hideControls
                              value={c.min}
                              onChange={(v) => setCell({ min: toNum(v) })}
                              aria-label={t('scheduling.setup.coverage.minOf', {
                                row: rowLabel(r),
                                day: dayLabel(d),
                              })}
                              data-testid={`coverage-min-${type?.code ?? ''}-${d}`}
                            />
                            <NumberInput
                              size="xs"
                              w={46}
                              min={0}
                              max={500}
                              allowDecimal={false}
                              allowNegative={false}
                              hideControls
                              value={c.ideal}
                              error={badCell(c)}
                              onChange={(v) => setCell({ ideal: toNum(v) })}
                              aria-label={t('scheduling.setup.coverage.idealOf', {
                                row: rowLabel(r),
                                day: dayLabel(d),
                              })}
                              data-testid={`coverage-ideal-${type?.code ?? ''}-${d}`}
                            />
                          </Group>
                        </Table.Td>
                      );
                    })}
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`${t('scheduling.setup.coverage.removeRow')} ${rowLabel(r)}`}
                        onClick={() =>
                          change(() => setRows((all) => all.filter((x) => x.key !== r.key)))
                        }
                      >
                        <IconTrash size={16} aria-hidden />
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select
          label={t('scheduling.setup.coverage.shiftType')}
          data={typeOptions}
          value={newType}
          onChange={setNewType}
          w={{ base: '100%', xs: 220 }}
          data-testid="coverage-new-type"
        />
        <Select
          label={t('scheduling.setup.coverage.position')}
          data={positionOptions}
          value={newPosition}
          onChange={setNewPosition}
          placeholder={t('scheduling.setup.anyPosition')}
          clearable
          searchable
          w={{ base: '100%', xs: 240 }}
          data-testid="coverage-new-position"
        />
        <Button
          variant="default"
          leftSection={<IconPlus size={16} aria-hidden />}
          disabled={
            !newType || rows.some((r) => r.shiftTypeId === newType && r.positionId === newPosition)
          }
          onClick={() =>
            change(() => {
              setRows((all) => [
                ...all,
                {
                  key: nextKey(),
                  shiftTypeId: newType!,
                  positionId: newPosition,
                  cells: emptyCells(),
                },
              ]);
              setNewPosition(null);
            })
          }
          data-testid="coverage-add-row"
        >
          {t('scheduling.setup.coverage.addRow')}
        </Button>
      </Group>

      <Paper withBorder p="md">
        <Title order={3} fz="md">
          {t('scheduling.setup.coverage.overrides')}
        </Title>
        <Text fz="sm" c="dimmed" mb="sm">
          {t('scheduling.setup.coverage.overridesHint')}
        </Text>
        <Stack gap="xs">
          {overrides.length === 0 && (
            <Text fz="sm">{t('scheduling.setup.coverage.noOverrides')}</Text>
          )}
          {overrides.map((o, i) => {
            const set = (patch: Partial<Override>) =>
              change(() =>
                setOverrides((all) => all.map((x) => (x.key === o.key ? { ...x, ...patch } : x))),
              );
            return (
              <Group
                key={o.key}
                gap="xs"
                align="flex-end"
                wrap="wrap"
                data-testid={`override-${i}`}
              >
                <TextInput
                  type="date"
                  label={t('scheduling.setup.coverage.date')}
                  value={o.date}
                  onChange={(e) => set({ date: e.currentTarget.value })}
                  w={{ base: '100%', xs: 160 }}
                />
                <Select
                  label={t('scheduling.setup.coverage.shiftType')}
                  data={typeOptions}
                  value={o.shiftTypeId}
                  onChange={(v) => set({ shiftTypeId: v })}
                  w={{ base: '100%', xs: 180 }}
                />
                <Select
                  label={t('scheduling.setup.coverage.position')}
                  data={positionOptions}
                  value={o.positionId}
                  onChange={(v) => set({ positionId: v })}
                  placeholder={t('scheduling.setup.anyPosition')}
                  clearable
                  w={{ base: '100%', xs: 200 }}
                />
                <NumberInput
                  label={t('scheduling.setup.coverage.min')}
                  min={0}
                  allowDecimal={false}
                  allowNegative={false}
                  value={o.min}
                  onChange={(v) => set({ min: toNum(v) })}
                  w={80}
                />
                <NumberInput
                  label={t('scheduling.setup.coverage.ideal')}
                  min={0}
                  allowDecimal={false}
                  allowNegative={false}
                  value={o.ideal}
                  error={badCell(o)}
                  onChange={(v) => set({ ideal: toNum(v) })}
                  w={80}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  mb={6}
                  aria-label={t('scheduling.setup.delete')}
                  onClick={() =>
                    change(() => setOverrides((all) => all.filter((x) => x.key !== o.key)))
                  }
                >
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              </Group>
            );
          })}
          <Group>
            <Button
              variant="default"
              size="xs"
              leftSection={<IconPlus size={14} aria-hidden />}
              disabled={activeTypes.length === 0}
              onClick={() =>
                change(() =>
                  setOverrides((all) => [
                    ...all,
                    {
                      key: nextKey(),
                      shiftTypeId: activeTypes[0]?.id ?? null,
                      positionId: null,
                      date: '',
                      min: 0,
                      ideal: 0,
                    },
                  ]),
                )
              }
              data-testid="coverage-add-override"
            >
              {t('scheduling.setup.coverage.addOverride')}
            </Button>
          </Group>
        </Stack>
      </Paper>

      {(problems.length > 0 || localBad) && (
        <Alert color="red" data-testid="coverage-problems">
          {localBad && problems.length === 0 ? (
            <Text fz="sm">{t('scheduling.setup.coverage.invalid')}</Text>
          ) : (
            <List size="sm">
              {problems.map((p) => (
                <List.Item key={p}>{p}</List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
      <Group justify="flex-end" gap="sm">
        {dirty && (
          <Text fz="sm" c="dimmed">
            {t('scheduling.setup.coverage.unsaved')}
          </Text>
        )}
        <Button
          leftSection={<IconDeviceFloppy size={16} aria-hidden />}
          onClick={() => save.mutate()}
          loading={save.isPending}
          disabled={localBad}
          data-testid="coverage-save"
        >
          {t('scheduling.setup.coverage.save')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Coverage needs of a site: weekday grid (shift type × position) and dated overrides. */
export function CoverageTab({ site }: { site: Site }) {
  const { t } = useTranslation();
  const types = useShiftTypes(site.id, true);
  const coverage = useQuery(endpointQuery(scheduling.listCoverage, { query: { siteId: site.id } }));
  const positions = useQuery(endpointQuery(org.listPositions, { query: {} }));
  const failed = [types, coverage, positions].find((q) => q.isError);
  if (failed) return <ErrorState error={failed.error} onRetry={() => void failed.refetch()} />;
  if (!types.data || !coverage.data || !positions.data) return <TableSkeleton />;
  if (!types.data.items.some((s) => !s.archived))
    return (
      <EmptyState
        title={t('scheduling.setup.coverage.noTypes')}
        description={t('scheduling.setup.coverage.noTypesHint')}
      />
    );
  return (
    <CoverageEditor
      // a fresh editor whenever the stored needs change (after a save or a live refresh)
      key={coverage.dataUpdatedAt}
      site={site}
      types={types.data.items}
      positions={positions.data.items.filter((p) => !p.archivedAt)}
      initial={coverage.data.items}
    />
  );
}
