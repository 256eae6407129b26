import { ROLE_LABELS, resources } from '@keel/contracts';
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Grid,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconEdit, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { apiFieldErrors } from '../../api/form-errors';
import { endpointQuery, useCursorList } from '../../api/query';
import { ArchiveToggleButton } from '../../components/ArchiveToggleButton';
import { CardTitle } from '../../components/CardSection';
import { ConfirmButton } from '../../components/ConfirmButton';
import { DetailList } from '../../components/DetailList';
import { ErrorState } from '../../components/ErrorState';
import { ListState, LoadMore } from '../../components/ListState';
import { DetailSkeleton } from '../../components/LoadingState';
import { type Crumb, PageHeader } from '../../components/PageHeader';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useCan } from '../../lib/session';
import { RecordActivity } from '../collab/RecordActivity';
import { BookingDrawer, useRefreshResources } from './BookingDrawer';
import { BookingItem } from './BookingItem';
import { ResourceFormDrawer } from './ResourceFormDrawer';
import { formatInZone, formatRangeInZone, fromLocalParts, todayIn } from './zoned';

type Resource = resources.Resource;
type Booking = resources.Booking;

const routeApi = getRouteApi('/app/resources/$id');
const stamp: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

export function ResourceDetailPage() {
  const { t, i18n } = useTranslation();
  const { id } = routeApi.useParams();
  const can = useCan();
  const refresh = useRefreshResources();
  const [editOpen, edit] = useDisclosure(false);
  const [bookOpen, bookDrawer] = useDisclosure(false);
  const [editing, setEditing] = useState<Booking | null>(null);
  const resource = useQuery(endpointQuery(resources.getResource, { params: { id } }));

  const status = useMutation({
    mutationFn: (action: 'archive' | 'restore') =>
      call(action === 'archive' ? resources.archiveResource : resources.restoreResource, {
        params: { id },
      }),
    onSuccess: async (saved, action) => {
      notifySuccess(
        t(action === 'archive' ? 'resources.archivedMsg' : 'resources.restoredMsg', {
          name: saved.name,
        }),
      );
      await refresh();
    },
    onError: (e) => notifyError(e, t),
  });

  const crumbs: Crumb[] = [{ label: t('resources.title'), to: '/resources' }];
  if (resource.isPending) return <DetailSkeleton />;
  if (resource.isError)
    return (
      <>
        <PageHeader title={t('resources.resource')} breadcrumbs={crumbs} />
        <ErrorState error={resource.error} onRetry={() => void resource.refetch()} />
      </>
    );
  const r = resource.data;
  const tz = r.site.timeZone;
  const archived = r.status === 'archived';
  const rules = r.rules;
  const hours = (m: number | null) => (m === null ? t('resources.noLimit') : `${m / 60} h`);

  return (
    <>
      <PageHeader
        breadcrumbs={[...crumbs, { label: r.name }]}
        title={r.name}
        badge={
          <Group gap={6}>
            <Badge variant="light" color="gray">
              {t(`resources.kinds.${r.kind}`)}
            </Badge>
            {archived && (
              <Badge variant="light" color="gray">
                {t('resources.archived')}
              </Badge>
            )}
          </Group>
        }
        description={[r.site.name, r.location].filter(Boolean).join(' · ')}
        actions={
          <>
            {r.canBook && (
              <Button
                leftSection={<IconPlus size={16} aria-hidden />}
                onClick={() => {
                  setEditing(null);
                  bookDrawer.open();
                }}
                data-testid="book-resource"
              >
                {t('resources.book')}
              </Button>
            )}
            {can('resources.manage') && (
              <>
                <Button
                  variant="default"
                  leftSection={<IconEdit size={16} aria-hidden />}
                  onClick={edit.open}
                  data-testid="edit-resource"
                >
                  {t('common.edit')}
                </Button>
                <ArchiveToggleButton
                  archived={archived}
                  archiveTitle={t('resources.archiveConfirm', { name: r.name })}
                  restoreTitle={t('resources.restoreConfirm', { name: r.name })}
                  archiveHint={t('resources.archiveHint')}
                  onArchive={() => status.mutateAsync('archive')}
                  onRestore={() => status.mutateAsync('restore')}
                  loading={status.isPending}
                  archiveTestId="archive-resource"
                  restoreTestId="restore-resource"
                />
              </>
            )}
          </>
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="lg">
            <Card>
              <CardTitle>{t('resources.checkedOutNow')}</CardTitle>
              {r.checkedOut.length === 0 ? (
                <Text fz="sm" c="dimmed">
                  {t('resources.notCheckedOut')}
                </Text>
              ) : (
                <Stack gap={6} data-testid="checked-out">
                  {r.checkedOut.map((c) => (
                    <Group key={c.bookingId} gap="xs">
                      <Text fz="sm">
                        {t('resources.heldBy', {
                          name: c.holder?.name ?? '—',
                          since: formatInZone(c.since, tz, i18n.language, stamp),
                          due: formatInZone(c.dueAt, tz, i18n.language, stamp),
                        })}
                        {c.quantity > 1 ? ` · ×${c.quantity}` : ''}
                      </Text>
                      {c.overdue && (
                        <Badge color="red" variant="filled">
                          {t('resources.overdueBadge')}
                        </Badge>
                      )}
                    </Group>
                  ))}
                </Stack>
              )}
            </Card>
            <UpcomingBookings
              resource={r}
              onEdit={(b) => {
                setEditing(b);
                bookDrawer.open();
              }}
            />
            <Blackouts resource={r} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="lg">
            <Card>
              <CardTitle>{t('resources.info')}</CardTitle>
              <DetailList
                items={[
                  { label: t('resources.site'), value: `${r.site.name} (${tz})` },
                  { label: t('resources.capacity'), value: r.capacity },
                  { label: t('resources.location'), value: r.location },
                  { label: t('resources.descriptionLabel'), value: r.description, wide: true },
                ]}
              />
            </Card>
            <Card>
              <CardTitle>{t('resources.rules')}</CardTitle>
              <DetailList
                items={[
                  { label: t('resources.maxDuration'), value: hours(rules.maxDurationMinutes) },
                  {
                    label: t('resources.minLead'),
                    value: rules.minLeadMinutes
                      ? `${rules.minLeadMinutes / 60} h`
                      : t('resources.none'),
                  },
                  {
                    label: t('resources.maxAdvance'),
                    value: rules.maxAdvanceDays ?? t('resources.noLimit'),
                  },
                  {
                    label: t('resources.bookableRoles'),
                    value:
                      rules.bookableRoles?.map((role) => ROLE_LABELS[role]).join(', ') ??
                      t('resources.everyone'),
                  },
                  {
                    label: t('resources.needsApproval'),
                    value: rules.needsApproval ? t('resources.yes') : t('resources.no'),
                  },
                  {
                    label: t('resources.requiresCheckout'),
                    value: rules.requiresCheckout ? t('resources.yes') : t('resources.no'),
                  },
                  { label: t('resources.buffer'), value: rules.bufferMinutes },
                ]}
              />
            </Card>
            <RecordActivity entityType="resource" entityId={r.id} />
          </Stack>
        </Grid.Col>
      </Grid>
      <ResourceFormDrawer opened={editOpen} onClose={edit.close} resource={r} />
      <BookingDrawer
        opened={bookOpen}
        onClose={bookDrawer.close}
        resourceList={[r]}
        draft={{ resourceId: r.id, date: todayIn(tz) }}
        booking={editing}
      />
    </>
  );
}

function UpcomingBookings({
  resource,
  onEdit,
}: {
  resource: Resource;
  onEdit: (b: Booking) => void;
}) {
  const { t } = useTranslation();
  const [since] = useState(() => new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString());
  const { list, rows } = useCursorList(resources.listBookings, {
    resourceId: resource.id,
    from: since,
    status: 'active',
    limit: 20,
  });
  return (
    <Card>
      <CardTitle>{t('resources.upcomingBookings')}</CardTitle>
      <ListState
        query={list}
        rows={rows}
        empty={
          <Text fz="sm" c="dimmed">
            {t('resources.noBookings')}
          </Text>
        }
      >
        {(items) => (
          <Stack gap="xs">
            {items.map((b) => (
              <BookingItem key={b.id} booking={b} showResource={false} onEdit={onEdit} />
            ))}
            <LoadMore list={list} />
          </Stack>
        )}
      </ListState>
    </Card>
  );
}

function Blackouts({ resource }: { resource: Resource }) {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const refresh = useRefreshResources();
  const tz = resource.site.timeZone;
  const list = useQuery(
    endpointQuery(resources.listBlackouts, {
      params: { id: resource.id },
      query: { includePast: 'false' },
    }),
  );
  const [adding, setAdding] = useState(false);
  const today = todayIn(tz);
  const [values, setValues] = useState({
    startDate: today,
    startTime: '08:00',
    endDate: today,
    endTime: '17:00',
    reason: 'maintenance' as (typeof resources.BLACKOUT_REASONS)[number],
    note: '',
    cancelBookings: false,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [report, setReport] = useState<string | null>(null);

  const add = useMutation({
    mutationFn: () => {
      const start = fromLocalParts(values.startDate, values.startTime, tz);
      const end = fromLocalParts(values.endDate, values.endTime, tz);
      return call(resources.createBlackout, {
        params: { id: resource.id },
        body: {
          start: start ?? '',
          end: end ?? '',
          reason: values.reason,
          note: values.note.trim() || null,
          cancelBookings: values.cancelBookings,
        },
      });
    },
    onSuccess: async (res) => {
      notifySuccess(t('resources.blackoutAdded'));
      setReport(
        res.cancelledIds.length
          ? t('resources.blackoutCancelled', { count: res.cancelledIds.length })
          : res.affected.length
            ? t('resources.blackoutAffected', { count: res.affected.length })
            : null,
      );
      setAdding(false);
      setErrors({});
      await refresh();
      await list.refetch();
    },
    onError: (e) => {
      const fieldErrors = apiFieldErrors(e, { start: 'startDate', end: 'endDate' });
      if (Object.keys(fieldErrors).length) setErrors(fieldErrors);
      else notifyError(e, t);
    },
  });
  const remove = useMutation({
    mutationFn: (blackoutId: string) =>
      call(resources.deleteBlackout, { params: { id: blackoutId } }),
    onSuccess: async () => {
      notifySuccess(t('resources.blackoutRemoved'));
      await refresh();
      await list.refetch();
    },
    onError: (e) => notifyError(e, t),
  });

  return (
    <Card>
      <Group justify="space-between" mb="xs">
        <CardTitle>{t('resources.blackouts')}</CardTitle>
        {can('resources.manage') && !adding && (
          <Button
            size="xs"
            variant="light"
            onClick={() => setAdding(true)}
            data-testid="add-blackout"
          >
            {t('resources.addBlackout')}
          </Button>
        )}
      </Group>
      {report && (
        <Alert color="yellow" mb="sm" withCloseButton onClose={() => setReport(null)}>
          {report}
        </Alert>
      )}
      {adding && (
        <Stack gap="xs" mb="md">
          <SimpleGrid cols={{ base: 2, xs: 4 }} spacing="xs">
            <TextInput
              type="date"
              label={t('resources.blackoutStart')}
              value={values.startDate}
              error={errors.startDate}
              onChange={(e) => setValues({ ...values, startDate: e.currentTarget.value })}
            />
            <TextInput
              type="time"
              label={t('resources.startTime')}
              value={values.startTime}
              onChange={(e) => setValues({ ...values, startTime: e.currentTarget.value })}
            />
            <TextInput
              type="date"
              label={t('resources.blackoutEnd')}
              value={values.endDate}
              error={errors.endDate}
              onChange={(e) => setValues({ ...values, endDate: e.currentTarget.value })}
            />
            <TextInput
              type="time"
              label={t('resources.endTime')}
              value={values.endTime}
              onChange={(e) => setValues({ ...values, endTime: e.currentTarget.value })}
            />
          </SimpleGrid>
          <Group grow gap="xs" align="flex-start">
            <Select
              label={t('resources.reason')}
              data={resources.BLACKOUT_REASONS.map((v) => ({
                value: v,
                label: t(`resources.blackoutReasons.${v}`),
              }))}
              value={values.reason}
              onChange={(v) => v && setValues({ ...values, reason: v as typeof values.reason })}
              allowDeselect={false}
            />
            <TextInput
              label={t('resources.note')}
              value={values.note}
              maxLength={500}
              onChange={(e) => setValues({ ...values, note: e.currentTarget.value })}
            />
          </Group>
          <Checkbox
            label={t('resources.cancelOverlapping')}
            checked={values.cancelBookings}
            onChange={(e) => setValues({ ...values, cancelBookings: e.currentTarget.checked })}
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" size="xs" onClick={() => setAdding(false)}>
              {t('common.cancel')}
            </Button>
            <Button
              size="xs"
              loading={add.isPending}
              onClick={() => add.mutate()}
              data-testid="save-blackout"
            >
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      )}
      <ListState
        query={list}
        rows={list.data?.items}
        empty={
          <Text fz="sm" c="dimmed">
            {t('resources.noBlackouts')}
          </Text>
        }
      >
        {(items) => (
          <Stack gap={6}>
            {items.map((b) => (
              <Group key={b.id} justify="space-between" wrap="nowrap" data-testid="blackout-item">
                <div>
                  <Text fz="sm" fw={600}>
                    {t(`resources.blackoutReasons.${b.reason}`)}
                    {b.note ? ` · ${b.note}` : ''}
                  </Text>
                  <Text fz="xs" c="dimmed">
                    {formatRangeInZone(b.start, b.end, tz, i18n.language)}
                  </Text>
                </div>
                {can('resources.manage') && (
                  <ConfirmButton
                    size="xs"
                    variant="subtle"
                    color="red"
                    confirmTitle={t('resources.deleteBlackoutConfirm')}
                    onConfirm={() => remove.mutateAsync(b.id)}
                  >
                    {t('resources.deleteBlackout')}
                  </ConfirmButton>
                )}
              </Group>
            ))}
          </Stack>
        )}
      </ListState>
    </Card>
  );
}
