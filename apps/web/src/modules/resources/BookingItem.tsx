import { resources } from '@keel/contracts';
import {
  Badge,
  Button,
  Card,
  Group,
  Menu,
  Modal,
  Select,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { AnchorLink } from '../../components/links';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useRefreshResources } from './BookingDrawer';
import { formatRangeInZone } from './zoned';

type Booking = resources.Booking;

export const STATUS_COLORS: Record<Booking['status'], string> = {
  pending_approval: 'yellow',
  confirmed: 'teal',
  rejected: 'red',
  cancelled: 'gray',
  checked_out: 'blue',
  returned: 'gray',
};

export function BookingStatusBadge({ booking }: { booking: Booking }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap">
      <Badge color={STATUS_COLORS[booking.status]} variant="light">
        {t(`resources.statuses.${booking.status}`)}
      </Badge>
      {booking.overdue && (
        <Badge color="red" variant="filled">
          {t('resources.overdueBadge')}
        </Badge>
      )}
      {booking.late && (
        <Badge color="orange" variant="light">
          {t('resources.late')}
        </Badge>
      )}
    </Group>
  );
}

/** Cancel / check out / check in / change, as the booking allows for the caller. */
export function BookingActions({
  booking,
  onEdit,
}: {
  booking: Booking;
  onEdit?: ((booking: Booking) => void) | undefined;
}) {
  const { t } = useTranslation();
  const refresh = useRefreshResources();
  const [checkOutOpen, checkOut] = useDisclosure(false);
  const [checkInOpen, checkIn] = useDisclosure(false);
  const [cancelOpen, cancelModal] = useDisclosure(false);
  const [note, setNote] = useState('');
  const [condition, setCondition] = useState<string | null>('good');

  const done = async (message: string) => {
    notifySuccess(message);
    await refresh();
  };
  const cancel = useMutation({
    mutationFn: (scope: 'one' | 'following') =>
      call(resources.cancelBooking, { params: { id: booking.id }, body: { scope } }),
    onSuccess: (res) =>
      done(
        res.cancelledIds.length > 1
          ? t('resources.cancelledMany', { count: res.cancelledIds.length })
          : t('resources.cancelled'),
      ),
    onError: (e) => notifyError(e, t),
  });
  const out = useMutation({
    mutationFn: () =>
      call(resources.checkOutBooking, {
        params: { id: booking.id },
        body: { note: note.trim() || null },
      }),
    onSuccess: () => {
      checkOut.close();
      return done(t('resources.checkedOut'));
    },
    onError: (e) => notifyError(e, t),
  });
  const back = useMutation({
    mutationFn: () =>
      call(resources.checkInBooking, {
        params: { id: booking.id },
        body: {
          condition: (condition ?? 'good') as (typeof resources.RETURN_CONDITIONS)[number],
          note: note.trim() || null,
        },
      }),
    onSuccess: () => {
      checkIn.close();
      return done(t('resources.checkedIn'));
    },
    onError: (e) => notifyError(e, t),
  });

  return (
    <Group gap="xs" wrap="wrap">
      {booking.canCheckOut && (
        <Button
          size="xs"
          onClick={() => {
            setNote('');
            checkOut.open();
          }}
          data-testid="booking-check-out"
        >
          {t('resources.checkOut')}
        </Button>
      )}
      {booking.canCheckIn && (
        <Button
          size="xs"
          onClick={() => {
            setNote('');
            setCondition('good');
            checkIn.open();
          }}
          data-testid="booking-check-in"
        >
          {t('resources.checkIn')}
        </Button>
      )}
      {booking.canChange && onEdit && (
        <Button size="xs" variant="default" onClick={() => onEdit(booking)}>
          {t('resources.change')}
        </Button>
      )}
      {booking.canChange &&
        (booking.seriesId ? (
          <Menu position="bottom-end">
            <Menu.Target>
              <Button
                size="xs"
                variant="default"
                color="red"
                rightSection={<IconChevronDown size={14} aria-hidden />}
                loading={cancel.isPending}
                data-testid="booking-cancel"
              >
                {t('resources.cancel')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => cancel.mutate('one')}>{t('resources.cancelOne')}</Menu.Item>
              <Menu.Item color="red" onClick={() => cancel.mutate('following')}>
                {t('resources.cancelFollowing')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        ) : (
          <Button
            size="xs"
            variant="default"
            color="red"
            loading={cancel.isPending}
            onClick={cancelModal.open}
            data-testid="booking-cancel"
          >
            {t('resources.cancel')}
          </Button>
        ))}
      <Modal
        opened={cancelOpen}
        onClose={cancelModal.close}
        title={t('resources.cancelConfirm')}
        centered
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={cancelModal.close}>
            {t('common.cancel')}
          </Button>
          <Button
            color="red"
            data-testid="confirm"
            onClick={() => {
              cancelModal.close();
              cancel.mutate('one');
            }}
          >
            {t('resources.cancel')}
          </Button>
        </Group>
      </Modal>
      <Modal
        opened={checkOutOpen}
        onClose={checkOut.close}
        title={t('resources.checkOutTitle', { name: booking.resource.name })}
        centered
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <Stack>
          <Textarea
            label={t('resources.checkOutNote')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            maxLength={1000}
            autosize
            minRows={2}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={checkOut.close}>
              {t('common.cancel')}
            </Button>
            <Button
              loading={out.isPending}
              onClick={() => out.mutate()}
              data-testid="confirm-check-out"
            >
              {t('resources.checkOut')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal
        opened={checkInOpen}
        onClose={checkIn.close}
        title={t('resources.checkInTitle', { name: booking.resource.name })}
        centered
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <Stack>
          <Select
            label={t('resources.condition')}
            data={resources.RETURN_CONDITIONS.map((c) => ({
              value: c,
              label: t(`resources.conditions.${c}`),
            }))}
            value={condition}
            onChange={setCondition}
            allowDeselect={false}
          />
          <Textarea
            label={t('resources.returnNote')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            maxLength={1000}
            autosize
            minRows={2}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={checkIn.close}>
              {t('common.cancel')}
            </Button>
            <Button
              loading={back.isPending}
              onClick={() => back.mutate()}
              data-testid="confirm-check-in"
            >
              {t('resources.checkIn')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Group>
  );
}

/** One booking as a card: resource, times in the site's zone, who, status and actions. */
export function BookingItem({
  booking,
  showResource = true,
  onEdit,
}: {
  booking: Booking;
  showResource?: boolean;
  onEdit?: ((booking: Booking) => void) | undefined;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Card padding="sm" withBorder data-testid="booking-item">
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Stack gap={2} style={{ minWidth: 0, flex: '1 1 14rem' }}>
          {showResource && (
            <AnchorLink to="/resources/$id" params={{ id: booking.resource.id }} fw={600} fz="sm">
              {booking.resource.name}
            </AnchorLink>
          )}
          <Text fz="sm" fw={showResource ? 400 : 600}>
            {booking.title}
            {booking.quantity > 1 ? ` · ×${booking.quantity}` : ''}
          </Text>
          <Text fz="sm" c="dimmed">
            {formatRangeInZone(booking.start, booking.end, booking.timeZone, i18n.language, true)}
          </Text>
          <Text fz="xs" c="dimmed">
            {t('resources.bookedFor')}: {booking.bookedFor?.name ?? '—'}
            {booking.bookedBy && booking.bookedBy.id !== booking.bookedFor?.id
              ? ` · ${t('resources.bookedBy')}: ${booking.bookedBy.name}`
              : ''}
          </Text>
          {booking.approvalId && booking.status === 'pending_approval' && (
            <AnchorLink
              to="/approvals/$approvalId"
              params={{ approvalId: booking.approvalId }}
              fz="xs"
            >
              {t('resources.openApproval')}
            </AnchorLink>
          )}
        </Stack>
        <Stack gap="xs" align="flex-start" style={{ flex: '0 1 auto' }}>
          <BookingStatusBadge booking={booking} />
          <BookingActions booking={booking} onEdit={onEdit} />
        </Stack>
      </Group>
    </Card>
  );
}
