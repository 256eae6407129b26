import { type AttendanceRow, attendance as api } from '@keel/contracts';
import { Badge, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconClockOff, IconPlus } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpointQuery } from '../../../api/query';
import { type Column, DataTable, RowLink } from '../../../components/DataTable';
import { EmptyState } from '../../../components/EmptyState';
import { ListState } from '../../../components/ListState';
import { useIsPhone } from '../../../lib/use-is-phone';
import { FLAG_COLORS, hoursLabel, todayIn, useZoned } from './attendance-ui';
import { CorrectionDrawer, type CorrectionTarget } from './CorrectionDrawer';
import type { AttendanceSearch } from './routes';

export interface SiteRef {
  id: string;
  name: string;
  timeZone: string;
}

interface TabProps {
  site: SiteRef;
  search: AttendanceSearch;
  set: (patch: Partial<AttendanceSearch>) => void;
  siteSelect: ReactNode;
}

export function FlagBadges({ row }: { row: AttendanceRow }) {
  const { t } = useTranslation();
  if (row.flags.length === 0)
    return row.entries.length ? (
      <Badge variant="light" color="teal">
        {t('scheduling.attendance.actual.onTime')}
      </Badge>
    ) : (
      <Badge variant="outline" color="gray">
        {t('scheduling.attendance.actual.upcoming')}
      </Badge>
    );
  return (
    <Group gap={4} wrap="wrap">
      {row.flags.map((f) => (
        <Badge
          key={f}
          variant="light"
          color={FLAG_COLORS[f]}
          title={
            f === 'late'
              ? t('scheduling.attendance.actual.lateBy', { minutes: row.lateMinutes })
              : f === 'early'
                ? t('scheduling.attendance.actual.earlyBy', { minutes: row.earlyMinutes })
                : f === 'overtime'
                  ? t('scheduling.attendance.actual.extra', { minutes: row.extraMinutes })
                  : undefined
          }
        >
          {t(`scheduling.attendance.flags.${f}`)}
          {f === 'late' ? ` ${row.lateMinutes}′` : f === 'early' ? ` ${row.earlyMinutes}′` : ''}
        </Badge>
      ))}
    </Group>
  );
}

/** Actual versus scheduled for a site and a range of local dates, with corrections. */
export function ActualTab({ site, search, set, siteSelect }: TabProps) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const zoned = useZoned(site.timeZone);
  const today = todayIn(site.timeZone);
  const from = search.from ?? today;
  const to = search.to && search.to >= from ? search.to : from;
  const query = useQuery({
    ...endpointQuery(api.listAttendance, { query: { siteId: site.id, from, to } }),
    placeholderData: keepPreviousData,
  });
  const [target, setTarget] = useState<CorrectionTarget | null>(null);
  const flag = search.flag && search.flag in FLAG_COLORS ? search.flag : null;
  const rows = query.data?.rows.filter((r) => !flag || r.flags.includes(flag as never));

  const columns: Column<AttendanceRow>[] = [
    {
      key: 'person',
      header: t('scheduling.attendance.actual.person'),
      render: (r) => (
        <RowLink onClick={() => setTarget({ kind: 'row', row: r })}>{r.employee.name}</RowLink>
      ),
    },
    {
      key: 'date',
      header: t('scheduling.attendance.actual.date'),
      render: (r) => zoned.day(r.date),
      nowrap: true,
    },
    {
      key: 'scheduled',
      header: t('scheduling.attendance.actual.scheduled'),
      render: (r) =>
        r.shift ? (
          zoned.range(r.shift.startsAt, r.shift.endsAt)
        ) : (
          <Text fz="sm" c="dimmed">
            {t('scheduling.attendance.actual.unscheduledShift')}
          </Text>
        ),
      nowrap: true,
    },
    {
      key: 'in',
      header: t('scheduling.attendance.actual.actualIn'),
      render: (r) => zoned.time(r.actualIn),
      nowrap: true,
    },
    {
      key: 'out',
      header: t('scheduling.attendance.actual.actualOut'),
      render: (r) => zoned.time(r.actualOut),
      nowrap: true,
    },
    {
      key: 'break',
      header: t('scheduling.attendance.actual.breaks'),
      render: (r) => (r.breakMinutes ? `${r.breakMinutes} min` : '—'),
      nowrap: true,
      align: 'right',
      hideOnMobile: true,
    },
    {
      key: 'worked',
      header: t('scheduling.attendance.actual.worked'),
      render: (r) => (r.entries.length ? hoursLabel(r.workedMinutes) : '—'),
      nowrap: true,
      align: 'right',
    },
    {
      key: 'flags',
      header: t('scheduling.attendance.actual.flags'),
      render: (r) => <FlagBadges row={r} />,
    },
  ];

  return (
    <Stack gap="md">
      <Group gap="sm" align="flex-end" wrap="wrap">
        {siteSelect}
        <TextInput
          type="date"
          label={t('scheduling.attendance.actual.from')}
          value={from}
          onChange={(e) => {
            const v = e.currentTarget.value;
            // YYYY-MM-DD compares as text: keep `to` on or after the new `from`.
            if (v) set({ from: v, to: [to, v].sort()[1] });
          }}
          w={isPhone ? '47%' : 170}
          data-testid="actual-from"
        />
        <TextInput
          type="date"
          label={t('scheduling.attendance.actual.to')}
          value={to}
          min={from}
          onChange={(e) => {
            const v = e.currentTarget.value;
            if (v) set({ to: v });
          }}
          w={isPhone ? '47%' : 170}
          data-testid="actual-to"
        />
        <Button
          variant="default"
          onClick={() => set({ from: undefined, to: undefined })}
          data-testid="actual-today"
        >
          {t('scheduling.attendance.actual.today')}
        </Button>
        <Select
          label={t('scheduling.attendance.actual.flag')}
          data={[
            { value: '', label: t('scheduling.attendance.actual.allFlags') },
            ...api.ATTENDANCE_FLAGS.map((f) => ({
              value: f,
              label: t(`scheduling.attendance.flags.${f}`),
            })),
          ]}
          value={flag ?? ''}
          onChange={(v) => set({ flag: v || undefined })}
          allowDeselect={false}
          w={isPhone ? '100%' : 200}
          data-testid="actual-flag"
        />
        <Button
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={() => setTarget({ kind: 'new' })}
          data-testid="actual-add"
          ml={isPhone ? 0 : 'auto'}
          fullWidth={isPhone}
        >
          {t('scheduling.attendance.actual.addEntry')}
        </Button>
      </Group>
      <ListState
        query={query}
        rows={rows}
        empty={
          <EmptyState
            icon={<IconClockOff size={28} stroke={1.5} aria-hidden />}
            title={
              flag && query.data?.rows.length
                ? t('scheduling.attendance.actual.emptyFilteredTitle')
                : t('scheduling.attendance.actual.emptyTitle')
            }
            description={
              flag && query.data?.rows.length
                ? t('scheduling.attendance.actual.emptyFilteredBody')
                : t('scheduling.attendance.actual.emptyBody')
            }
          />
        }
      >
        {(list) => (
          <DataTable
            caption={t('scheduling.attendance.actual.caption')}
            columns={columns}
            rows={list}
            rowKey={(r) => r.key}
            onRowClick={(r) => setTarget({ kind: 'row', row: r })}
            minWidth={900}
          />
        )}
      </ListState>
      <CorrectionDrawer site={site} target={target} onClose={() => setTarget(null)} />
    </Stack>
  );
}
