import { resources } from '@keel/contracts';
import {
  Alert,
  Checkbox,
  Chip,
  Group,
  List,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client';
import { apiFieldErrors } from '../../api/form-errors';
import { FormDrawer } from '../../components/FormDrawer';
import { MemberPicker } from '../../components/MemberPicker';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useCan, useMe } from '../../lib/session';
import { formatRangeInZone, fromLocalParts, toLocalParts } from './zoned';

type Resource = resources.Resource;
type Booking = resources.Booking;
type Conflict = resources.BookingConflict;

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
type Repeat = 'none' | 'daily' | 'weekly' | 'monthly';

export interface BookingDraft {
  resourceId?: string | undefined;
  date?: string | undefined;
  start?: string | undefined;
  end?: string | undefined;
}

interface Values {
  resourceId: string | null;
  date: string;
  startTime: string;
  endTime: string;
  quantity: number | string;
  title: string;
  notes: string;
  bookedFor: string[];
  repeat: Repeat;
  days: string[];
  endsBy: 'count' | 'until';
  count: number | string;
  until: string;
}

interface ConflictState {
  single: Conflict[] | null;
  occurrences: { start: string; end: string; conflicts: Conflict[] }[] | null;
}

const FIELD_MAP: Record<string, string> = {
  start: 'startTime',
  end: 'endTime',
  recurrence: 'repeat',
  bookedForUserId: 'bookedFor',
};

/** Refreshes every resources query after a booking change. */
export function useRefreshResources() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all(
      ['getResourceTimeline', 'listBookings', 'getBooking', 'listResources', 'getResource'].map(
        (key) => queryClient.invalidateQueries({ queryKey: [key] }),
      ),
    );
}

/**
 * Books a resource (once or repeating) or changes an existing booking. Times are entered in the
 * resource's site time zone; conflicts the server reports are listed, and a series can then be
 * booked without its clashing dates.
 */
export function BookingDrawer({
  opened,
  onClose,
  resourceList,
  draft,
  booking,
}: {
  opened: boolean;
  onClose: () => void;
  /** Resources the user may pick from (new bookings). */
  resourceList: Resource[];
  draft?: BookingDraft | null | undefined;
  /** Set to change this booking instead of creating one. */
  booking?: Booking | null | undefined;
}) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const can = useCan();
  const refresh = useRefreshResources();
  const [conflicts, setConflicts] = useState<ConflictState | null>(null);
  const [skip, setSkip] = useState(false);

  const bookable = resourceList.filter((r) => r.canBook || r.id === booking?.resource.id);
  const form = useForm<Values>({
    initialValues: blank(),
    validate: {
      resourceId: (v) => (v ? null : t('resources.required')),
      title: (v) => (v.trim() ? null : t('resources.required')),
      date: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? null : t('resources.required')),
      startTime: (v) => (/^\d{2}:\d{2}$/.test(v) ? null : t('resources.required')),
      endTime: (v, values) =>
        !/^\d{2}:\d{2}$/.test(v)
          ? t('resources.required')
          : v <= values.startTime
            ? t('resources.endAfterStart')
            : null,
    },
  });

  // Fill the form each time the drawer opens.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when (re)opened
  useEffect(() => {
    if (!opened) return;
    setConflicts(null);
    setSkip(false);
    if (booking) {
      const s = toLocalParts(booking.start, booking.timeZone);
      const e = toLocalParts(booking.end, booking.timeZone);
      form.setValues({
        ...blank(),
        resourceId: booking.resource.id,
        date: s.date,
        startTime: s.time,
        endTime: e.date === s.date ? e.time : '23:55',
        quantity: booking.quantity,
        title: booking.title,
        notes: booking.notes ?? '',
        bookedFor: booking.bookedFor ? [booking.bookedFor.id] : [],
      });
    } else {
      const resourceId = draft?.resourceId ?? bookable[0]?.id ?? null;
      form.setValues({
        ...blank(),
        resourceId,
        date: draft?.date ?? blank().date,
        startTime: draft?.start ?? '09:00',
        endTime: draft?.end ?? '10:00',
      });
    }
    form.resetDirty();
  }, [opened]);

  const resource = resourceList.find((r) => r.id === form.values.resourceId) ?? null;
  const timeZone = resource?.site.timeZone ?? booking?.timeZone ?? me.organization.timeZone;

  const save = useMutation({
    mutationFn: async (values: Values) => {
      const start = fromLocalParts(values.date, values.startTime, timeZone);
      const end = fromLocalParts(values.date, values.endTime, timeZone);
      if (!start || !end) throw new Error('bad time');
      const quantity = typeof values.quantity === 'number' ? values.quantity : 1;
      const bookedForUserId = values.bookedFor[0];
      if (booking) {
        const updated = await call(resources.updateBooking, {
          params: { id: booking.id },
          body: {
            start,
            end,
            quantity,
            title: values.title,
            notes: values.notes.trim() || null,
            ...(bookedForUserId ? { bookedForUserId } : {}),
          },
        });
        return { items: [updated], skipped: [], seriesId: null };
      }
      return call(resources.createBooking, {
        body: {
          resourceId: values.resourceId ?? '',
          start,
          end,
          quantity,
          title: values.title,
          notes: values.notes.trim() || null,
          ...(bookedForUserId ? { bookedForUserId } : {}),
          recurrence: toRule(values),
          skipConflicts: skip,
        },
      });
    },
    onSuccess: async (result) => {
      const name = resource?.name ?? booking?.resource.name ?? '';
      const pending = result.items.some((b) => b.status === 'pending_approval');
      if (booking) notifySuccess(t('resources.saved', { name }));
      else if (pending) notifySuccess(t('resources.bookedPending'));
      else if (result.items.length > 1)
        notifySuccess(t('resources.bookedSeries', { count: result.items.length, name }));
      else notifySuccess(t('resources.booked', { name }));
      if (result.skipped.length)
        notifySuccess(
          t('resources.skippedDates', {
            dates: result.skipped
              .map((s) => formatRangeInZone(s.start, s.end, timeZone, i18n.language))
              .join('; '),
          }),
        );
      await refresh();
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'BOOKING_CONFLICT') {
        setConflicts({
          single: (error.body.conflicts as Conflict[] | undefined) ?? null,
          occurrences: (error.body.occurrences as ConflictState['occurrences'] | undefined) ?? null,
        });
        return;
      }
      const errors = apiFieldErrors(error, FIELD_MAP);
      if (Object.keys(errors).length) form.setErrors(errors);
      else notifyError(error, t);
    },
  });

  const conflictText = (c: Conflict) => {
    const range = formatRangeInZone(c.start, c.end, timeZone, i18n.language);
    if (c.kind === 'blackout')
      return t('resources.conflictBlackout', { range, reason: c.reason ?? '' });
    return c.bookedFor
      ? `${t('resources.conflictBooked', { range })} · ${c.bookedFor}`
      : t('resources.conflictBooked', { range });
  };

  const v = form.values;
  return (
    <FormDrawer
      opened={opened}
      onClose={onClose}
      title={booking ? t('resources.editBooking') : t('resources.newBooking')}
      submitting={save.isPending}
      submitLabel={booking ? t('common.save') : t('resources.book')}
      onSubmit={form.onSubmit((values) => save.mutate(values))}
      footer={
        conflicts && (
          <Alert
            color="red"
            icon={<IconAlertTriangle size={18} aria-hidden />}
            title={
              conflicts.occurrences
                ? t('resources.conflictSeriesTitle')
                : t('resources.conflictTitle')
            }
            data-testid="booking-conflicts"
            role="alert"
          >
            <List size="sm" spacing={4}>
              {conflicts.single?.map((c) => (
                <List.Item key={`${c.kind}-${c.start}-${c.bookingId ?? ''}`}>
                  {conflictText(c)}
                </List.Item>
              ))}
              {conflicts.occurrences?.map((o) => (
                <List.Item key={o.start}>
                  <Text fz="sm" fw={600} component="span">
                    {formatRangeInZone(o.start, o.end, timeZone, i18n.language)}
                  </Text>
                  {': '}
                  {o.conflicts.map(conflictText).join('; ')}
                </List.Item>
              ))}
            </List>
            {conflicts.occurrences && (
              <Checkbox
                mt="sm"
                label={t('resources.skipConflicts')}
                checked={skip}
                onChange={(e) => setSkip(e.currentTarget.checked)}
                data-testid="booking-skip-conflicts"
              />
            )}
          </Alert>
        )
      }
    >
      <Select
        label={t('resources.resource')}
        data={bookable.map((r) => ({
          value: r.id,
          label: `${r.name} · ${r.site.name}`,
        }))}
        searchable
        required
        disabled={Boolean(booking)}
        data-testid="booking-resource"
        {...form.getInputProps('resourceId')}
      />
      <Text fz="xs" c="dimmed">
        {t('resources.timesIn', { zone: timeZone })}
      </Text>
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
        <TextInput
          type="date"
          label={t('resources.date')}
          required
          data-testid="booking-date"
          {...form.getInputProps('date')}
        />
        <TextInput
          type="time"
          step={300}
          label={t('resources.startTime')}
          required
          data-testid="booking-start"
          {...form.getInputProps('startTime')}
        />
        <TextInput
          type="time"
          step={300}
          label={t('resources.endTime')}
          required
          data-testid="booking-end"
          {...form.getInputProps('endTime')}
        />
      </SimpleGrid>
      {resource && resource.capacity > 1 && (
        <NumberInput
          label={t('resources.quantity')}
          description={t('resources.quantityOf', {
            quantity: typeof v.quantity === 'number' ? v.quantity : 1,
            capacity: resource.capacity,
          })}
          min={1}
          max={resource.capacity}
          data-testid="booking-quantity"
          {...form.getInputProps('quantity')}
        />
      )}
      <TextInput
        label={t('resources.purpose')}
        required
        maxLength={200}
        data-testid="booking-title"
        {...form.getInputProps('title')}
      />
      <Textarea
        label={t('resources.notes')}
        autosize
        minRows={2}
        maxLength={2000}
        {...form.getInputProps('notes')}
      />
      {(can('resources.manage') || booking) && (
        <MemberPicker
          label={t('resources.bookedFor')}
          description={t('resources.bookedForHint')}
          value={v.bookedFor}
          onChange={(value) => form.setFieldValue('bookedFor', value)}
          error={form.errors.bookedFor}
          data-testid="booking-for"
        />
      )}
      {!booking && (
        <Stack gap="xs">
          <Select
            label={t('resources.repeat')}
            data={(['none', 'daily', 'weekly', 'monthly'] as const).map((value) => ({
              value,
              label: t(`resources.repeats.${value}`),
            }))}
            allowDeselect={false}
            data-testid="booking-repeat"
            {...form.getInputProps('repeat')}
          />
          {v.repeat === 'weekly' && (
            <Chip.Group
              multiple
              value={v.days}
              onChange={(days) => form.setFieldValue('days', days)}
            >
              <Group gap={6} role="group" aria-label={t('resources.onDays')}>
                {WEEKDAYS.map((d) => (
                  <Chip key={d} value={d} size="xs">
                    {t(`resources.weekdays.${d}`)}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
          )}
          {v.repeat !== 'none' && (
            <Group gap="sm" align="flex-end" wrap="wrap">
              <SegmentedControl
                aria-label={t('resources.endsBy')}
                value={v.endsBy}
                onChange={(value) => form.setFieldValue('endsBy', value as Values['endsBy'])}
                data={[
                  { value: 'count', label: t('resources.endsCount') },
                  { value: 'until', label: t('resources.endsUntil') },
                ]}
              />
              {v.endsBy === 'count' ? (
                <NumberInput
                  label={t('resources.count')}
                  min={1}
                  max={100}
                  w={110}
                  {...form.getInputProps('count')}
                />
              ) : (
                <TextInput
                  type="date"
                  label={t('resources.until')}
                  w={170}
                  {...form.getInputProps('until')}
                />
              )}
            </Group>
          )}
        </Stack>
      )}
    </FormDrawer>
  );
}

function blank(): Values {
  const today = new Date().toISOString().slice(0, 10);
  return {
    resourceId: null,
    date: today,
    startTime: '09:00',
    endTime: '10:00',
    quantity: 1,
    title: '',
    notes: '',
    bookedFor: [],
    repeat: 'none',
    days: [],
    endsBy: 'count',
    count: 4,
    until: '',
  };
}

/** The RRULE for the repeat choice, or null. */
export function toRule(v: Pick<Values, 'repeat' | 'days' | 'endsBy' | 'count' | 'until'>) {
  if (v.repeat === 'none') return null;
  const parts = [`FREQ=${v.repeat.toUpperCase()}`];
  if (v.repeat === 'weekly' && v.days.length) parts.push(`BYDAY=${v.days.join(',')}`);
  if (v.endsBy === 'until' && v.until) parts.push(`UNTIL=${v.until.replace(/-/g, '')}`);
  else parts.push(`COUNT=${typeof v.count === 'number' ? v.count : 1}`);
  return parts.join(';');
}
