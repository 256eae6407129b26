import { org, type ShiftType, type Site, scheduling } from '@keel/contracts';
import {
  Badge,
  Button,
  ColorInput,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';
import { endpointQuery, useRefresh } from '../../../api/query';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { type Column, DataTable } from '../../../components/DataTable';
import { EmptyState } from '../../../components/EmptyState';
import { FormDrawer } from '../../../components/FormDrawer';
import { ListState } from '../../../components/ListState';
import { useFormMutation } from '../../../components/use-form-mutation';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { hoursOf, SETUP_QUERIES, ShiftTypeCode, useShiftTypes } from './setup-ui';

interface Values {
  code: string;
  name: string;
  startTime: string;
  endTime: string;
  breakMinutes: number;
  color: string;
  positionId: string | null;
}

const blank: Values = {
  code: '',
  name: '',
  startTime: '06:00',
  endTime: '14:00',
  breakMinutes: 0,
  color: '#228be6',
  positionId: null,
};

function ShiftTypeDrawer({
  site,
  editing,
  opened,
  onClose,
}: {
  site: Site;
  editing: ShiftType | null;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const positions = useQuery(endpointQuery(org.listPositions, { query: {} }));
  const form = useForm<Values>({
    initialValues: editing
      ? {
          code: editing.code,
          name: editing.name,
          startTime: editing.startTime,
          endTime: editing.endTime,
          breakMinutes: editing.breakMinutes,
          color: editing.color,
          positionId: editing.position?.id ?? null,
        }
      : blank,
  });
  const save = useFormMutation({
    form,
    mutationFn: (v: Values) =>
      editing
        ? call(scheduling.updateShiftType, { params: { id: editing.id }, body: v })
        : call(scheduling.createShiftType, { body: { siteId: site.id, ...v } }),
    onSuccess: async () => {
      notifySuccess(t(editing ? 'scheduling.setup.types.saved' : 'scheduling.setup.types.created'));
      onClose();
      await refresh(...SETUP_QUERIES);
    },
  });
  const overnight = form.values.endTime <= form.values.startTime;
  return (
    <FormDrawer
      opened={opened}
      onClose={onClose}
      title={t(editing ? 'scheduling.setup.types.edit' : 'scheduling.setup.types.new')}
      onSubmit={form.onSubmit((v) => save.mutate(v))}
      submitting={save.isPending}
      submitTestId="shift-type-submit"
    >
      <SimpleGrid cols={{ base: 1, xs: 2 }}>
        <TextInput
          label={t('scheduling.setup.types.code')}
          required
          maxLength={6}
          {...form.getInputProps('code')}
          data-testid="shift-type-code"
        />
        <TextInput
          label={t('scheduling.setup.types.name')}
          required
          maxLength={80}
          {...form.getInputProps('name')}
          data-testid="shift-type-name"
        />
        <TextInput
          type="time"
          label={t('scheduling.setup.types.start')}
          required
          {...form.getInputProps('startTime')}
          data-testid="shift-type-start"
        />
        <TextInput
          type="time"
          label={t('scheduling.setup.types.end')}
          required
          description={overnight ? t('scheduling.setup.types.overnightHint') : undefined}
          {...form.getInputProps('endTime')}
          data-testid="shift-type-end"
        />
        <NumberInput
          label={t('scheduling.setup.types.break')}
          min={0}
          max={240}
          step={5}
          allowDecimal={false}
          {...form.getInputProps('breakMinutes')}
          data-testid="shift-type-break"
        />
        <ColorInput
          label={t('scheduling.setup.types.color')}
          format="hex"
          {...form.getInputProps('color')}
          data-testid="shift-type-color"
        />
      </SimpleGrid>
      <Select
        label={t('scheduling.setup.types.position')}
        description={t('scheduling.setup.types.positionHint')}
        clearable
        searchable
        data={(positions.data?.items ?? []).map((p) => ({ value: p.id, label: p.title }))}
        {...form.getInputProps('positionId')}
        data-testid="shift-type-position"
      />
    </FormDrawer>
  );
}

/** The site's shift types: table (cards on phones), create/edit drawer, archive/restore. */
export function ShiftTypesTab({ site }: { site: Site }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const [showArchived, setShowArchived] = useState(false);
  const query = useShiftTypes(site.id, true);
  const [opened, drawer] = useDisclosure(false);
  const [editing, setEditing] = useState<ShiftType | null>(null);
  const archive = useMutation({
    mutationFn: (v: { id: string; archive: boolean }) =>
      v.archive
        ? call(scheduling.archiveShiftType, { params: { id: v.id } })
        : call(scheduling.restoreShiftType, { params: { id: v.id } }),
    onSuccess: async (_d, v) => {
      notifySuccess(
        t(v.archive ? 'scheduling.setup.types.archivedDone' : 'scheduling.setup.types.restored'),
      );
      await refresh(...SETUP_QUERIES);
    },
    onError: (e) => notifyError(e, t),
  });
  const rows = (query.data?.items ?? []).filter((s) => showArchived || !s.archived);
  const open = (type: ShiftType | null) => {
    setEditing(type);
    drawer.open();
  };

  const columns: Column<ShiftType>[] = [
    {
      key: 'code',
      header: t('scheduling.setup.types.code'),
      render: (s) => <ShiftTypeCode type={s} />,
      nowrap: true,
    },
    {
      key: 'name',
      header: t('scheduling.setup.types.name'),
      render: (s) => (
        <Group gap={6}>
          <Text fz="sm" fw={500}>
            {s.name}
          </Text>
          {s.archived && (
            <Badge color="gray" variant="light" size="sm">
              {t('scheduling.setup.types.archived')}
            </Badge>
          )}
        </Group>
      ),
    },
    {
      key: 'times',
      header: t('scheduling.setup.types.times'),
      nowrap: true,
      render: (s) => (
        <Group gap={6} wrap="nowrap">
          <Text fz="sm">
            {s.startTime}–{s.endTime}
          </Text>
          {s.overnight && (
            <Badge variant="light" color="indigo" size="sm">
              {t('scheduling.setup.types.overnight')}
            </Badge>
          )}
        </Group>
      ),
    },
    {
      key: 'break',
      header: t('scheduling.setup.types.breakShort'),
      nowrap: true,
      align: 'right',
      render: (s) => t('scheduling.setup.types.minutes', { count: s.breakMinutes }),
    },
    {
      key: 'paid',
      header: t('scheduling.setup.types.paid'),
      nowrap: true,
      align: 'right',
      render: (s) => t('scheduling.setup.types.hours', { hours: hoursOf(s.paidMinutes) }),
    },
    {
      key: 'position',
      header: t('scheduling.setup.types.position'),
      render: (s) => s.position?.name ?? '—',
    },
    {
      key: 'actions',
      header: '',
      align: 'right',
      render: (s) => (
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <Button
            variant="subtle"
            size="compact-sm"
            onClick={() => open(s)}
            aria-label={`${t('scheduling.setup.edit')} ${s.code}`}
            data-testid={`edit-shift-type-${s.code}`}
          >
            {t('scheduling.setup.edit')}
          </Button>
          {s.archived ? (
            <Button
              variant="subtle"
              size="compact-sm"
              onClick={() => archive.mutate({ id: s.id, archive: false })}
              data-testid={`restore-shift-type-${s.code}`}
            >
              {t('scheduling.setup.types.restore')}
            </Button>
          ) : (
            <ConfirmButton
              variant="subtle"
              color="red"
              size="compact-sm"
              confirmTitle={t('scheduling.setup.types.archiveConfirm')}
              confirmMessage={t('scheduling.setup.types.archiveMessage')}
              confirmLabel={t('scheduling.setup.types.archive')}
              onConfirm={() => archive.mutateAsync({ id: s.id, archive: true })}
              data-testid={`archive-shift-type-${s.code}`}
            >
              {t('scheduling.setup.types.archive')}
            </ConfirmButton>
          )}
        </Group>
      ),
    },
  ];

  return (
    <>
      <Group justify="space-between" mb="sm">
        <Switch
          label={t('scheduling.setup.types.showArchived')}
          checked={showArchived}
          onChange={(e) => setShowArchived(e.currentTarget.checked)}
          data-testid="show-archived-types"
        />
        <Button
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={() => open(null)}
          data-testid="new-shift-type"
        >
          {t('scheduling.setup.types.new')}
        </Button>
      </Group>
      <ListState
        query={query}
        rows={rows}
        empty={
          <EmptyState
            title={t('scheduling.setup.types.empty')}
            description={t('scheduling.setup.types.emptyHint')}
          />
        }
      >
        {(items) => (
          <DataTable
            columns={columns}
            rows={items}
            rowKey={(s) => s.id}
            caption={t('scheduling.setup.types.caption')}
            mobile="cards"
          />
        )}
      </ListState>
      {opened && (
        <ShiftTypeDrawer
          key={editing?.id ?? 'new'}
          site={site}
          editing={editing}
          opened={opened}
          onClose={drawer.close}
        />
      )}
    </>
  );
}
