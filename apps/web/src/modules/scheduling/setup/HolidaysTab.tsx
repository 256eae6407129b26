import { type Site, scheduling } from '@keel/contracts';
import { Button, Group, Paper, Select, Text, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';
import { apiFieldErrors, type FormErrors } from '../../../api/form-errors';
import { endpointQuery, useRefresh } from '../../../api/query';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { type Column, DataTable } from '../../../components/DataTable';
import { EmptyState } from '../../../components/EmptyState';
import { ListState } from '../../../components/ListState';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useFormat } from '../../../lib/use-format';
import { SETUP_QUERIES, todayIn } from './setup-ui';

type Holiday = { id: string; date: string; name: string };

/** Public holidays of a site for one year: list, add, remove. */
export function HolidaysTab({ site }: { site: Site }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const refresh = useRefresh();
  const thisYear = Number(todayIn(site.timeZone).slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [date, setDate] = useState('');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<FormErrors>({});
  const query = useQuery(
    endpointQuery(scheduling.listHolidays, { query: { siteId: site.id, year } }),
  );
  const add = useMutation({
    mutationFn: () => call(scheduling.createHoliday, { body: { siteId: site.id, date, name } }),
    onSuccess: async (h) => {
      notifySuccess(t('scheduling.setup.holidays.added'));
      setDate('');
      setName('');
      setYear(Number(h.date.slice(0, 4)));
      await refresh(...SETUP_QUERIES);
    },
    onError: (e) => {
      const fe = apiFieldErrors(e);
      if (Object.keys(fe).length) setErrors(fe);
      else notifyError(e, t);
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => call(scheduling.deleteHoliday, { params: { id } }),
    onSuccess: async () => {
      notifySuccess(t('scheduling.setup.holidays.deleted'));
      await refresh(...SETUP_QUERIES);
    },
    onError: (e) => notifyError(e, t),
  });
  const columns: Column<Holiday>[] = [
    {
      key: 'date',
      header: t('scheduling.setup.holidays.date'),
      nowrap: true,
      render: (h) => fmt.date(h.date),
    },
    { key: 'name', header: t('scheduling.setup.holidays.name'), render: (h) => h.name },
    {
      key: 'actions',
      header: '',
      align: 'right',
      render: (h) => (
        <ConfirmButton
          size="compact-sm"
          variant="subtle"
          color="red"
          confirmTitle={t('scheduling.setup.holidays.deleteConfirm')}
          confirmMessage={`${fmt.date(h.date)} — ${h.name}`}
          confirmLabel={t('scheduling.setup.delete')}
          onConfirm={() => remove.mutateAsync(h.id)}
          aria-label={`${t('scheduling.setup.delete')} ${h.name}`}
          data-testid="delete-holiday"
        >
          {t('scheduling.setup.delete')}
        </ConfirmButton>
      ),
    },
  ];
  return (
    <>
      <Paper withBorder p="md" mb="md">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setErrors({});
            add.mutate();
          }}
        >
          <Group align="flex-start" gap="sm" wrap="wrap">
            <TextInput
              type="date"
              label={t('scheduling.setup.holidays.date')}
              required
              value={date}
              onChange={(e) => setDate(e.currentTarget.value)}
              error={errors.date}
              w={{ base: '100%', xs: 180 }}
              data-testid="holiday-date"
            />
            <TextInput
              label={t('scheduling.setup.holidays.name')}
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={errors.name}
              w={{ base: '100%', xs: 260 }}
              data-testid="holiday-name"
            />
            <Button
              type="submit"
              mt={{ base: 0, xs: 25 }}
              leftSection={<IconPlus size={16} aria-hidden />}
              loading={add.isPending}
              data-testid="holiday-add"
            >
              {t('scheduling.setup.holidays.add')}
            </Button>
          </Group>
        </form>
      </Paper>
      <Group mb="sm">
        <Select
          label={t('scheduling.setup.holidays.year')}
          data={[-1, 0, 1, 2].map((d) => String(thisYear + d))}
          value={String(year)}
          onChange={(v) => v && setYear(Number(v))}
          allowDeselect={false}
          w={140}
          data-testid="holiday-year"
        />
      </Group>
      <ListState
        query={query}
        rows={query.data?.items}
        empty={
          <EmptyState
            title={t('scheduling.setup.holidays.empty', { year })}
            description={t('scheduling.setup.holidays.emptyHint')}
          />
        }
      >
        {(rows) => (
          <DataTable
            columns={columns}
            rows={rows}
            rowKey={(h) => h.id}
            caption={t('scheduling.setup.holidays.caption')}
            mobile="cards"
          />
        )}
      </ListState>
      <Text fz="xs" c="dimmed" mt="xs">
        {t('scheduling.setup.holidays.emptyHint')}
      </Text>
    </>
  );
}
