import { attendance as api, type TimesheetRow, type TimesheetView } from '@keel/contracts';
import { ActionIcon, Badge, Button, Checkbox, Group, Stack, Text, Tooltip } from '@mantine/core';
import {
  IconAlertTriangle,
  IconCheck,
  IconChevronLeft,
  IconChevronRight,
  IconDownload,
  IconFileSpreadsheet,
  IconLockOpen,
} from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, endpointUrl } from '../../../api/client';
import { endpointQuery } from '../../../api/query';
import { type Column, DataTable } from '../../../components/DataTable';
import { EmptyState } from '../../../components/EmptyState';
import { ListState } from '../../../components/ListState';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useCan } from '../../../lib/session';
import { useIsPhone } from '../../../lib/use-is-phone';
import type { SiteRef } from './ActualTab';
import { hoursLabel, useZoned } from './attendance-ui';
import type { AttendanceSearch } from './routes';

const STATUS_COLORS = { open: 'gray', submitted: 'blue', approved: 'teal', rejected: 'red' };

interface TabProps {
  site: SiteRef;
  search: AttendanceSearch;
  set: (patch: Partial<AttendanceSearch>) => void;
  siteSelect: ReactNode;
}

/** Timesheets of a site for one pay period: totals, approval, reopening, CSV for payroll. */
export function TimesheetsTab({ site, search, set, siteSelect }: TabProps) {
  const { t } = useTranslation();
  const can = useCan();
  const isPhone = useIsPhone();
  const zoned = useZoned(site.timeZone);
  const queryClient = useQueryClient();
  const mayApprove = can('scheduling.approve');
  const input = { query: { siteId: site.id, periodFrom: search.periodFrom } };
  const query = useQuery({
    ...endpointQuery(api.listTimesheets, input),
    placeholderData: keepPreviousData,
  });
  const view = query.data;
  const [selected, setSelected] = useState<Set<string>>(new Set());
  // A new site or period starts with nothing selected.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on site / period change
  useEffect(() => setSelected(new Set()), [site.id, view?.periodFrom]);

  const decide = useMutation({
    mutationFn: (approve: boolean) =>
      call(approve ? api.approveTimesheets : api.reopenTimesheets, {
        body: {
          siteId: site.id,
          periodFrom: view?.periodFrom ?? '',
          employeeIds: [...selected],
        },
      }),
    onSuccess: (data: TimesheetView, approve) => {
      queryClient.setQueryData(endpointQuery(api.listTimesheets, input).queryKey, data);
      notifySuccess(
        t(
          approve
            ? 'scheduling.attendance.sheets.approved'
            : 'scheduling.attendance.sheets.reopened',
          {
            count: selected.size,
          },
        ),
      );
      setSelected(new Set());
    },
    onError: (error) => notifyError(error, t),
  });

  const rows = view?.rows;
  const chosen = rows?.filter((r) => selected.has(r.employee.id)) ?? [];
  const canApprove = chosen.length > 0 && chosen.every((r) => r.openEntries === 0);
  const canReopen = chosen.length > 0 && chosen.every((r) => r.status === 'approved');
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const allSelected = !!rows?.length && rows.every((r) => selected.has(r.employee.id));

  const columns: Column<TimesheetRow>[] = [
    {
      key: 'person',
      header: t('scheduling.attendance.sheets.person'),
      width: 220,
      render: (r) => (
        <Group gap="xs" wrap="nowrap">
          {mayApprove && (
            <Checkbox
              aria-label={t('scheduling.attendance.sheets.select', { name: r.employee.name })}
              checked={selected.has(r.employee.id)}
              onChange={() => toggle(r.employee.id)}
              onClick={(e) => e.stopPropagation()}
              data-testid={`sheet-select-${r.employee.id}`}
            />
          )}
          <Stack gap={0}>
            <Text fw={600} fz="sm">
              {r.employee.name}
            </Text>
            {r.employee.employeeNumber && (
              <Text fz="xs" c="dimmed">
                {r.employee.employeeNumber}
              </Text>
            )}
          </Stack>
        </Group>
      ),
    },
    {
      key: 'status',
      header: t('scheduling.attendance.sheets.status'),
      render: (r) => (
        <Stack gap={2}>
          <Group gap={4} wrap="nowrap">
            <Badge variant="light" color={STATUS_COLORS[r.status]}>
              {t(`scheduling.attendance.sheets.statuses.${r.status}`)}
            </Badge>
            {r.changedSinceApproval && (
              <Tooltip label={t('scheduling.attendance.sheets.changed')}>
                <IconAlertTriangle
                  size={16}
                  color="var(--mantine-color-orange-6)"
                  aria-label={t('scheduling.attendance.sheets.changed')}
                />
              </Tooltip>
            )}
          </Group>
          {r.openEntries > 0 && (
            <Text fz="xs" c="orange">
              {t('scheduling.attendance.sheets.openEntries', { count: r.openEntries })}
            </Text>
          )}
          {r.approvedBy && (
            <Text fz="xs" c="dimmed">
              {t('scheduling.attendance.sheets.approvedBy', { name: r.approvedBy.name })}
            </Text>
          )}
        </Stack>
      ),
    },
    {
      key: 'scheduled',
      header: t('scheduling.attendance.sheets.scheduled'),
      render: (r) => hoursLabel(r.totals.scheduledMinutes),
      align: 'right',
      nowrap: true,
    },
    {
      key: 'worked',
      header: t('scheduling.attendance.sheets.worked'),
      render: (r) => (
        <Text fw={600} fz="sm">
          {hoursLabel(r.totals.workedMinutes)}
        </Text>
      ),
      align: 'right',
      nowrap: true,
    },
    {
      key: 'regular',
      header: t('scheduling.attendance.sheets.regular'),
      render: (r) => hoursLabel(r.totals.regularMinutes),
      align: 'right',
      nowrap: true,
      hideOnMobile: true,
    },
    {
      key: 'overtime',
      header: t('scheduling.attendance.sheets.overtime'),
      render: (r) =>
        r.totals.overtimeMinutes ? (
          <Text c="violet" fw={600} fz="sm">
            {hoursLabel(r.totals.overtimeMinutes)}
          </Text>
        ) : (
          hoursLabel(0)
        ),
      align: 'right',
      nowrap: true,
    },
    {
      key: 'breaks',
      header: t('scheduling.attendance.sheets.breaks'),
      render: (r) => hoursLabel(r.totals.breakMinutes),
      align: 'right',
      nowrap: true,
      hideOnMobile: true,
    },
    {
      key: 'flags',
      header: `${t('scheduling.attendance.sheets.late')} / ${t('scheduling.attendance.sheets.early')} / ${t('scheduling.attendance.sheets.missed')}`,
      render: (r) => (
        <Group gap={4} wrap="nowrap">
          <Badge
            variant={r.totals.lateCount ? 'light' : 'outline'}
            color={r.totals.lateCount ? 'orange' : 'gray'}
          >
            {r.totals.lateCount}
          </Badge>
          <Badge
            variant={r.totals.earlyCount ? 'light' : 'outline'}
            color={r.totals.earlyCount ? 'yellow' : 'gray'}
          >
            {r.totals.earlyCount}
          </Badge>
          <Badge
            variant={r.totals.missedCount ? 'light' : 'outline'}
            color={r.totals.missedCount ? 'red' : 'gray'}
          >
            {r.totals.missedCount}
          </Badge>
        </Group>
      ),
    },
  ];

  const exportHref = view
    ? endpointUrl(api.exportTimesheets, { query: { siteId: site.id, periodFrom: view.periodFrom } })
    : '#';

  return (
    <Stack gap="md">
      <Group gap="sm" align="flex-end" wrap="wrap">
        {siteSelect}
        <Stack gap={4}>
          <Text fz="sm" fw={500}>
            {t('scheduling.attendance.sheets.period')}
          </Text>
          <Group gap={4} wrap="wrap">
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={t('scheduling.attendance.sheets.previous')}
              onClick={() => view && set({ periodFrom: view.previousFrom })}
              disabled={!view}
              data-testid="period-prev"
            >
              <IconChevronLeft size={18} aria-hidden />
            </ActionIcon>
            <Text
              fw={600}
              miw={isPhone ? 0 : 170}
              fz={isPhone ? 'sm' : undefined}
              ta="center"
              data-testid="period-label"
            >
              {view ? `${zoned.day(view.periodFrom)} – ${zoned.day(view.periodTo)}` : '…'}
            </Text>
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={t('scheduling.attendance.sheets.next')}
              onClick={() => view && set({ periodFrom: view.nextFrom })}
              disabled={!view}
              data-testid="period-next"
            >
              <IconChevronRight size={18} aria-hidden />
            </ActionIcon>
            <Button
              variant="subtle"
              onClick={() => set({ periodFrom: undefined })}
              data-testid="period-current"
            >
              {t('scheduling.attendance.sheets.current')}
            </Button>
          </Group>
        </Stack>
        <Group gap="xs" ml={isPhone ? 0 : 'auto'} wrap="wrap">
          {mayApprove && rows && rows.length > 0 && (
            <Checkbox
              label={t('scheduling.attendance.sheets.selectAll')}
              checked={allSelected}
              indeterminate={selected.size > 0 && !allSelected}
              onChange={() =>
                setSelected(allSelected ? new Set() : new Set(rows.map((r) => r.employee.id)))
              }
              data-testid="sheet-select-all"
            />
          )}
          {mayApprove && (
            <>
              <Button
                leftSection={<IconCheck size={16} aria-hidden />}
                disabled={!canApprove}
                loading={decide.isPending && decide.variables === true}
                onClick={() => decide.mutate(true)}
                data-testid="sheets-approve"
              >
                {t('scheduling.attendance.sheets.approve', { count: chosen.length })}
              </Button>
              <Button
                variant="default"
                leftSection={<IconLockOpen size={16} aria-hidden />}
                disabled={!canReopen}
                loading={decide.isPending && decide.variables === false}
                onClick={() => decide.mutate(false)}
                data-testid="sheets-reopen"
              >
                {t('scheduling.attendance.sheets.reopen', { count: chosen.length })}
              </Button>
              <Button
                component="a"
                href={exportHref}
                download
                variant="default"
                leftSection={<IconDownload size={16} aria-hidden />}
                data-testid="sheets-export"
              >
                {t('scheduling.attendance.sheets.export')}
              </Button>
            </>
          )}
        </Group>
      </Group>
      <ListState
        query={query}
        rows={rows}
        empty={
          <EmptyState
            icon={<IconFileSpreadsheet size={28} stroke={1.5} aria-hidden />}
            title={t('scheduling.attendance.sheets.emptyTitle')}
            description={t('scheduling.attendance.sheets.emptyBody')}
          />
        }
      >
        {(list) => (
          <DataTable
            caption={t('scheduling.attendance.sheets.caption')}
            columns={columns}
            rows={list}
            rowKey={(r) => r.employee.id}
            onRowClick={mayApprove ? (r) => toggle(r.employee.id) : undefined}
            minWidth={900}
          />
        )}
      </ListState>
    </Stack>
  );
}
