import { type ShiftType, type Site, scheduling } from '@keel/contracts';
import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';
import { apiFieldErrors, type FormErrors } from '../../../api/form-errors';
import { endpointQuery, useRefresh } from '../../../api/query';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { EmployeePicker } from '../../../components/EmployeePicker';
import { EmptyState } from '../../../components/EmptyState';
import { FormDrawer } from '../../../components/FormDrawer';
import { ListState } from '../../../components/ListState';
import { SideDrawer } from '../../../components/SideDrawer';
import { notifyError, notifySuccess } from '../../../lib/notify';
import {
  addDays,
  BulkResult,
  mondayOf,
  SETUP_QUERIES,
  ShiftTypeCode,
  todayIn,
  useShiftTypes,
} from './setup-ui';

type Rotation = { id: string; name: string; description: string | null; days: (string | null)[] };

/** One cycle day as a small coloured code (or a grey "off"). */
function DayChip({ type }: { type: ShiftType | undefined }) {
  const { t } = useTranslation();
  if (!type)
    return (
      <Badge
        variant="outline"
        color="gray"
        radius="sm"
        styles={{ root: { textTransform: 'none' } }}
      >
        {t('scheduling.setup.off')}
      </Badge>
    );
  return <ShiftTypeCode type={type} />;
}

/** The first four weeks of a cycle, seven days a row. */
function CyclePreview({ days, types }: { days: (string | null)[]; types: Map<string, ShiftType> }) {
  const { t } = useTranslation();
  if (days.length === 0) return null;
  return (
    <Table.ScrollContainer minWidth={360}>
      <Table
        withTableBorder
        verticalSpacing={4}
        horizontalSpacing={4}
        data-testid="rotation-preview"
      >
        <Table.Caption>{t('scheduling.setup.rotations.previewCaption')}</Table.Caption>
        <Table.Tbody>
          {[0, 1, 2, 3].map((w) => (
            <Table.Tr key={w}>
              <Table.Th fz="xs" style={{ whiteSpace: 'nowrap' }}>
                {t('scheduling.setup.rotations.week', { n: w + 1 })}
              </Table.Th>
              {[0, 1, 2, 3, 4, 5, 6].map((d) => {
                const id = days[(w * 7 + d) % days.length] ?? null;
                return (
                  <Table.Td key={d} ta="center">
                    <DayChip type={id ? types.get(id) : undefined} />
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function RotationDrawer({
  site,
  types,
  editing,
  onClose,
}: {
  site: Site;
  types: ShiftType[];
  editing: Rotation | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const active = types.filter((s) => !s.archived);
  const [name, setName] = useState(editing?.name ?? '');
  const [description, setDescription] = useState(editing?.description ?? '');
  const [days, setDays] = useState<(string | null)[]>(
    editing?.days ?? [...Array(4).fill(active[0]?.id ?? null), ...Array(4).fill(null)],
  );
  const [errors, setErrors] = useState<FormErrors>({});
  const byId = new Map(types.map((s) => [s.id, s]));
  const save = useMutation({
    mutationFn: () => {
      const body = { name, description: description.trim() || null, days };
      return editing
        ? call(scheduling.updateRotation, { params: { id: editing.id }, body })
        : call(scheduling.createRotation, { body: { siteId: site.id, ...body } });
    },
    onSuccess: async () => {
      notifySuccess(
        t(editing ? 'scheduling.setup.rotations.saved' : 'scheduling.setup.rotations.created'),
      );
      onClose();
      await refresh(...SETUP_QUERIES);
    },
    onError: (e) => {
      const fe = apiFieldErrors(e);
      if (Object.keys(fe).length) setErrors(fe);
      else notifyError(e, t);
    },
  });
  const resize = (n: number) =>
    setDays((d) => (n > d.length ? [...d, ...Array(n - d.length).fill(null)] : d.slice(0, n)));
  const options = [
    { value: '', label: t('scheduling.setup.off') },
    ...types
      .filter((s) => !s.archived || days.includes(s.id))
      .map((s) => ({ value: s.id, label: s.code })),
  ];
  return (
    <FormDrawer
      opened
      onClose={onClose}
      title={t(editing ? 'scheduling.setup.rotations.edit' : 'scheduling.setup.rotations.new')}
      onSubmit={(e) => {
        e?.preventDefault();
        setErrors({});
        save.mutate();
      }}
      submitting={save.isPending}
      submitTestId="rotation-submit"
      size="xl"
    >
      <TextInput
        label={t('scheduling.setup.rotations.name')}
        required
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={errors.name}
        data-testid="rotation-name"
      />
      <Textarea
        label={t('scheduling.setup.rotations.description')}
        value={description}
        onChange={(e) => setDescription(e.currentTarget.value)}
        autosize
        minRows={2}
        error={errors.description}
      />
      <NumberInput
        label={t('scheduling.setup.rotations.cycle')}
        min={2}
        max={84}
        allowDecimal={false}
        value={days.length}
        onChange={(v) => {
          const n = Number(v);
          if (Number.isInteger(n) && n >= 2 && n <= 84) resize(n);
        }}
        w={200}
        data-testid="rotation-length"
      />
      <Box>
        <Text fz="sm" fw={500} mb={4}>
          {t('scheduling.setup.rotations.days')}
        </Text>
        {errors.days && (
          <Text fz="xs" c="red" mb={4}>
            {errors.days}
          </Text>
        )}
        <SimpleGrid cols={{ base: 4, xs: 7 }} spacing={6} verticalSpacing={6}>
          {days.map((d, i) => (
            <Select
              // biome-ignore lint/suspicious/noArrayIndexKey: cycle days are positional
              key={i}
              size="xs"
              label={t('scheduling.setup.rotations.day', { n: i + 1 })}
              data={options}
              value={d ?? ''}
              allowDeselect={false}
              error={errors[`days.${i}`]}
              onChange={(v) => setDays((all) => all.map((x, j) => (j === i ? v || null : x)))}
              data-testid={`rotation-day-${i}`}
            />
          ))}
        </SimpleGrid>
        <Text fz="xs" c="dimmed" mt={4}>
          {t('scheduling.setup.rotations.workDays', {
            count: days.filter(Boolean).length,
            days: days.length,
          })}
        </Text>
      </Box>
      <Box>
        <Text fz="sm" fw={500} mb={4}>
          {t('scheduling.setup.rotations.preview')}
        </Text>
        <CyclePreview days={days} types={byId} />
      </Box>
    </FormDrawer>
  );
}

interface Member {
  key: number;
  employeeId: string | null;
  offset: number | '';
}

function ApplyDrawer({
  rotation,
  site,
  onClose,
}: {
  rotation: Rotation;
  site: Site;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const monday = addDays(mondayOf(todayIn(site.timeZone)), 7);
  const [from, setFrom] = useState(monday);
  const [to, setTo] = useState(addDays(monday, 27));
  const [members, setMembers] = useState<Member[]>([{ key: 1, employeeId: null, offset: 0 }]);
  const [errors, setErrors] = useState<FormErrors>({});
  const apply = useMutation({
    mutationFn: () =>
      call(scheduling.applyRotation, {
        params: { id: rotation.id },
        body: {
          from,
          to,
          members: members
            .filter((m) => m.employeeId)
            .map((m) => ({ employeeId: m.employeeId!, offset: m.offset === '' ? 0 : m.offset })),
        },
      }),
    onSuccess: async () => {
      await refresh('getRoster', ...SETUP_QUERIES);
    },
    onError: (e) => {
      const fe = apiFieldErrors(e);
      if (Object.keys(fe).length) setErrors(fe);
      else notifyError(e, t);
    },
  });
  const nextOffset =
    (members.at(-1)?.offset || 0) + Math.max(1, Math.round(rotation.days.length / 4));
  return (
    <SideDrawer
      opened
      onClose={onClose}
      title={t('scheduling.setup.rotations.applyTitle', { name: rotation.name })}
      size="lg"
    >
      <Stack gap="md">
        <Text fz="sm" c="dimmed">
          {t('scheduling.setup.rotations.applyHint')}
        </Text>
        <SimpleGrid cols={2}>
          <TextInput
            type="date"
            label={t('scheduling.setup.rotations.from')}
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
            error={errors.from}
            data-testid="apply-from"
          />
          <TextInput
            type="date"
            label={t('scheduling.setup.rotations.to')}
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
            error={errors.to}
            data-testid="apply-to"
          />
        </SimpleGrid>
        <Title order={3} fz="sm">
          {t('scheduling.setup.rotations.members')}
        </Title>
        {errors.members && (
          <Text fz="xs" c="red">
            {errors.members}
          </Text>
        )}
        {members.map((m, i) => (
          <Group key={m.key} gap="xs" align="flex-end" wrap="nowrap">
            <EmployeePicker
              label={t('scheduling.setup.rotations.person')}
              value={m.employeeId}
              onChange={(v) =>
                setMembers((all) => all.map((x) => (x.key === m.key ? { ...x, employeeId: v } : x)))
              }
              error={errors[`members.${i}.employeeId`]}
              style={{ flex: 1 }}
              data-testid={`apply-member-${i}`}
            />
            <NumberInput
              label={t('scheduling.setup.rotations.offset')}
              min={0}
              max={83}
              allowDecimal={false}
              value={m.offset}
              onChange={(v) =>
                setMembers((all) =>
                  all.map((x) =>
                    x.key === m.key ? { ...x, offset: v === '' ? '' : Number(v) } : x,
                  ),
                )
              }
              error={errors[`members.${i}.offset`]}
              w={110}
              data-testid={`apply-offset-${i}`}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              mb={6}
              disabled={members.length === 1}
              aria-label={t('scheduling.setup.rotations.removeMember')}
              onClick={() => setMembers((all) => all.filter((x) => x.key !== m.key))}
            >
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button
            variant="default"
            size="xs"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() =>
              setMembers((all) => [
                ...all,
                {
                  key: (all.at(-1)?.key ?? 0) + 1,
                  employeeId: null,
                  offset: nextOffset % rotation.days.length,
                },
              ])
            }
            data-testid="apply-add-member"
          >
            {t('scheduling.setup.rotations.addMember')}
          </Button>
        </Group>
        {apply.data && <BulkResult result={apply.data} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.close')}
          </Button>
          <Button
            onClick={() => {
              setErrors({});
              apply.mutate();
            }}
            loading={apply.isPending}
            disabled={!members.some((m) => m.employeeId)}
            data-testid="apply-rotation-submit"
          >
            {t('scheduling.setup.rotations.applyButton')}
          </Button>
        </Group>
      </Stack>
    </SideDrawer>
  );
}

/** Rotation patterns of a site: list, editor with a four-week preview, apply to a team. */
export function RotationsTab({ site }: { site: Site }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const types = useShiftTypes(site.id, true);
  const query = useQuery(endpointQuery(scheduling.listRotations, { query: { siteId: site.id } }));
  const [editing, setEditing] = useState<Rotation | 'new' | null>(null);
  const [applying, setApplying] = useState<Rotation | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) => call(scheduling.deleteRotation, { params: { id } }),
    onSuccess: async () => {
      notifySuccess(t('scheduling.setup.rotations.deleted'));
      await refresh(...SETUP_QUERIES);
    },
    onError: (e) => notifyError(e, t),
  });
  const typeList = types.data?.items ?? [];
  const byId = new Map(typeList.map((s) => [s.id, s]));
  const hasTypes = typeList.some((s) => !s.archived);

  return (
    <>
      <Group justify="flex-end" mb="sm">
        <Button
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={() => setEditing('new')}
          disabled={!hasTypes}
          title={hasTypes ? undefined : t('scheduling.setup.rotations.noTypes')}
          data-testid="new-rotation"
        >
          {t('scheduling.setup.rotations.new')}
        </Button>
      </Group>
      <ListState
        query={{
          isPending: query.isPending || types.isPending,
          isError: query.isError || types.isError,
          error: query.error ?? types.error,
          refetch: () => Promise.all([query.refetch(), types.refetch()]),
        }}
        rows={query.data?.items}
        empty={
          <EmptyState
            title={t('scheduling.setup.rotations.empty')}
            description={
              hasTypes
                ? t('scheduling.setup.rotations.emptyHint')
                : t('scheduling.setup.rotations.noTypes')
            }
          />
        }
      >
        {(rows) => (
          <Stack gap="sm">
            {rows.map((r) => (
              <Paper key={r.id} withBorder p="md" data-testid="rotation-card">
                <Group justify="space-between" align="flex-start" gap="sm">
                  <Box style={{ minWidth: 0, flex: '1 1 16rem' }}>
                    <Text fw={600}>{r.name}</Text>
                    {r.description && (
                      <Text fz="sm" c="dimmed">
                        {r.description}
                      </Text>
                    )}
                    <Text fz="xs" c="dimmed" mt={4}>
                      {t('scheduling.setup.rotations.workDays', {
                        count: r.days.filter(Boolean).length,
                        days: r.days.length,
                      })}
                    </Text>
                    <Group gap={4} mt="xs">
                      {r.days.map((d, i) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: cycle days are positional
                        <DayChip key={i} type={d ? byId.get(d) : undefined} />
                      ))}
                    </Group>
                  </Box>
                  <Group gap={4}>
                    <Button
                      size="compact-sm"
                      onClick={() => setApplying(r)}
                      data-testid="apply-rotation"
                    >
                      {t('scheduling.setup.rotations.apply')}
                    </Button>
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      onClick={() => setEditing(r)}
                      data-testid="edit-rotation"
                    >
                      {t('scheduling.setup.edit')}
                    </Button>
                    <ConfirmButton
                      size="compact-sm"
                      variant="subtle"
                      color="red"
                      confirmTitle={t('scheduling.setup.rotations.deleteConfirm')}
                      confirmMessage={t('scheduling.setup.rotations.deleteMessage')}
                      confirmLabel={t('scheduling.setup.delete')}
                      onConfirm={() => remove.mutateAsync(r.id)}
                      data-testid="delete-rotation"
                    >
                      {t('scheduling.setup.delete')}
                    </ConfirmButton>
                  </Group>
                </Group>
              </Paper>
            ))}
          </Stack>
        )}
      </ListState>
      {editing && (
        <RotationDrawer
          site={site}
          types={typeList}
          editing={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
      {applying && (
        <ApplyDrawer rotation={applying} site={site} onClose={() => setApplying(null)} />
      )}
    </>
  );
}
