import type { resources } from '@keel/contracts';
import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Card,
  Group,
  isLightColor,
  Paper,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../../lib/use-is-phone';
import { STATUS_COLORS } from './BookingItem';
import { addDays, formatInZone, formatRangeInZone, fromLocalParts, toLocalParts } from './zoned';

type Resource = resources.Resource;
type Booking = resources.Booking;
type Blackout = resources.Blackout;

export type TimelineView = 'day' | 'week';

export interface TimelineProps {
  resources: Resource[];
  bookings: Booking[];
  blackouts: Blackout[];
  view: TimelineView;
  /** First day shown (YYYY-MM-DD, in `timeZone`). */
  date: string;
  timeZone: string;
  /** An empty slot was chosen: book `resource` from `date` `start`–`end` (local times). */
  onSlot: (resource: Resource, slot: { date: string; start: string; end: string }) => void;
  onOpen: (booking: Booking) => void;
}

const LANE = 30;
const NAME_WIDTH = 220;

/** The range a view shows, as instants. */
export function timelineRange(view: TimelineView, date: string, timeZone: string) {
  const from = fromLocalParts(date, '00:00', timeZone)!;
  const to = fromLocalParts(addDays(date, view === 'day' ? 1 : 7), '00:00', timeZone)!;
  return { from, to };
}

/** Lanes so overlapping bookings of a pool sit one above the other. */
function lanes(bookings: Booking[]): Map<string, number> {
  const ends: number[] = [];
  const out = new Map<string, number>();
  for (const b of [...bookings].sort((a, c) => a.start.localeCompare(c.start))) {
    const start = Date.parse(b.start);
    let lane = ends.findIndex((end) => end <= start);
    if (lane === -1) lane = ends.length;
    ends[lane] = Date.parse(b.end);
    out.set(b.id, lane);
  }
  return out;
}

const hatch =
  'repeating-linear-gradient(45deg, var(--mantine-color-gray-4) 0 6px, var(--mantine-color-gray-1) 6px 12px)';

/**
 * Resources as rows against the hours of a day or the days of a week: bookings are bars,
 * blackouts hatched. Clicking an empty part of a row books it; each row also has a "+" (Book)
 * button for the keyboard. On phones it becomes an agenda per resource.
 */
export function Timeline(props: TimelineProps) {
  const isPhone = useIsPhone();
  return isPhone ? <Agenda {...props} /> : <Grid {...props} />;
}

function Grid({
  resources,
  bookings,
  blackouts,
  view,
  date,
  timeZone,
  onSlot,
  onOpen,
}: TimelineProps) {
  const { t, i18n } = useTranslation();
  const { from, to } = timelineRange(view, date, timeZone);
  const fromMs = Date.parse(from);
  const span = Date.parse(to) - fromMs;
  const pct = (iso: string) =>
    Math.min(100, Math.max(0, ((Date.parse(iso) - fromMs) / span) * 100));
  const divisions = view === 'day' ? 24 : 7;
  const ticks =
    view === 'day'
      ? Array.from({ length: 24 }, (_, h) => ({
          key: String(h),
          at: fromLocalParts(date, `${String(h).padStart(2, '0')}:00`, timeZone)!,
          label: h % 2 === 0 ? `${String(h).padStart(2, '0')}:00` : '',
        }))
      : Array.from({ length: 7 }, (_, d) => {
          const day = addDays(date, d);
          const at = fromLocalParts(day, '00:00', timeZone)!;
          return {
            key: day,
            at,
            label: formatInZone(at, timeZone, i18n.language, {
              weekday: 'short',
              day: 'numeric',
            }),
          };
        });

  const pick = (resource: Resource, event: MouseEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const fraction = (event.clientX - rect.left) / rect.width;
    const instant = fromMs + fraction * span;
    if (view === 'week') {
      onSlot(resource, {
        date: toLocalParts(instant, timeZone).date,
        start: '09:00',
        end: '10:00',
      });
      return;
    }
    const local = toLocalParts(instant, timeZone);
    const [h, m] = local.time.split(':').map(Number) as [number, number];
    const startMin = h * 60 + (m < 30 ? 0 : 30);
    const endMin = Math.min(startMin + 60, 23 * 60 + 55);
    const hm = (v: number) =>
      `${String(Math.floor(v / 60)).padStart(2, '0')}:${String(v % 60).padStart(2, '0')}`;
    onSlot(resource, { date: local.date, start: hm(startMin), end: hm(endMin) });
  };

  const grid = `repeating-linear-gradient(to right, var(--mantine-color-default-border) 0 1px, transparent 1px calc(100% / ${divisions}))`;

  return (
    <Paper withBorder style={{ overflowX: 'auto' }} data-testid="resource-timeline">
      <Box miw={960} role="grid" aria-label={t('resources.tabs.timeline')}>
        <Group
          gap={0}
          wrap="nowrap"
          role="row"
          style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
        >
          <Box w={NAME_WIDTH} p="xs" style={{ flexShrink: 0 }} role="columnheader">
            <Text fz="xs" c="dimmed" fw={600}>
              {t('resources.resource')}
            </Text>
          </Box>
          <Box pos="relative" h={28} style={{ flex: 1 }} role="columnheader">
            {ticks.map((tick) => (
              <Text
                key={tick.key}
                fz="xs"
                c="dimmed"
                pos="absolute"
                top={6}
                style={{ left: `calc(${pct(tick.at)}% + 4px)`, whiteSpace: 'nowrap' }}
              >
                {tick.label}
              </Text>
            ))}
          </Box>
        </Group>
        {resources.map((resource) => {
          const mine = bookings.filter((b) => b.resource.id === resource.id);
          const laneOf = lanes(mine);
          const laneCount = Math.max(1, ...[...laneOf.values()].map((l) => l + 1));
          const blocked = blackouts.filter((b) => b.resourceId === resource.id);
          return (
            <Group
              key={resource.id}
              gap={0}
              wrap="nowrap"
              align="stretch"
              role="row"
              style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
            >
              <Group
                w={NAME_WIDTH}
                p="xs"
                gap={6}
                justify="space-between"
                align="center"
                wrap="nowrap"
                style={{ flexShrink: 0 }}
                role="rowheader"
              >
                <Box style={{ minWidth: 0, flex: 1 }}>
                  <Text
                    fz="sm"
                    fw={600}
                    lh={1.3}
                    lineClamp={2}
                    title={resource.name}
                    style={{ wordBreak: 'break-word' }}
                  >
                    <Box
                      component="span"
                      display="inline-block"
                      w={8}
                      h={8}
                      mr={6}
                      style={{ borderRadius: 4, background: resource.color }}
                      aria-hidden
                    />
                    {resource.name}
                  </Text>
                  <Text fz="xs" c="dimmed" truncate>
                    {t(`resources.kinds.${resource.kind}`)}
                    {resource.capacity > 1 ? ` · ${resource.capacity}` : ''}
                  </Text>
                </Box>
                {resource.canBook && (
                  <Tooltip label={t('resources.book')} withArrow openDelay={300}>
                    <ActionIcon
                      variant="light"
                      size="md"
                      style={{ flexShrink: 0 }}
                      onClick={() => onSlot(resource, { date, start: '09:00', end: '10:00' })}
                      aria-label={t('resources.bookNamed', { name: resource.name })}
                      data-testid="book-resource"
                    >
                      <IconPlus size={16} aria-hidden />
                    </ActionIcon>
                  </Tooltip>
                )}
              </Group>
              <Box
                pos="relative"
                role="gridcell"
                style={{
                  flex: 1,
                  minHeight: laneCount * LANE + 8,
                  backgroundImage: grid,
                  cursor: resource.canBook ? 'copy' : 'default',
                }}
                onClick={resource.canBook ? (e) => pick(resource, e) : undefined}
              >
                {blocked.map((b) => (
                  <Box
                    key={b.id}
                    pos="absolute"
                    top={0}
                    bottom={0}
                    title={t('resources.blackout', {
                      reason: t(`resources.blackoutReasons.${b.reason}`),
                    })}
                    aria-label={`${t('resources.blackout', { reason: t(`resources.blackoutReasons.${b.reason}`) })}, ${formatRangeInZone(b.start, b.end, timeZone, i18n.language)}`}
                    role="img"
                    style={{
                      left: `${pct(b.start)}%`,
                      width: `${Math.max(0.3, pct(b.end) - pct(b.start))}%`,
                      background: hatch,
                      opacity: 0.7,
                      pointerEvents: 'none',
                    }}
                    data-testid="blackout"
                  />
                ))}
                {mine.map((b) => {
                  const lane = laneOf.get(b.id) ?? 0;
                  const pending = b.status === 'pending_approval';
                  const label = t('resources.bookingLabel', {
                    resource: resource.name,
                    title: b.title,
                    range: formatRangeInZone(b.start, b.end, b.timeZone, i18n.language),
                    who: b.bookedFor?.name ?? '',
                  });
                  return (
                    <UnstyledButton
                      key={b.id}
                      pos="absolute"
                      onClick={() => onOpen(b)}
                      aria-label={`${label} (${t(`resources.statuses.${b.status}`)})`}
                      title={label}
                      data-testid="booking-item"
                      style={{
                        top: 4 + lane * LANE,
                        height: LANE - 4,
                        left: `${pct(b.start)}%`,
                        width: `max(6px, ${pct(b.end) - pct(b.start)}%)`,
                        background: pending ? 'var(--mantine-color-yellow-1)' : resource.color,
                        // Resource colours are picked freely: dark text on light ones.
                        color: pending
                          ? 'var(--mantine-color-yellow-light-color)'
                          : isLightColor(resource.color)
                            ? 'black'
                            : 'white',
                        border: pending
                          ? '1px dashed var(--mantine-color-yellow-7)'
                          : b.overdue
                            ? '2px solid var(--mantine-color-red-7)'
                            : '1px solid rgba(0,0,0,0.15)',
                        borderRadius: 4,
                        padding: '0 6px',
                        overflow: 'hidden',
                        whiteSpace: 'nowrap',
                        textOverflow: 'ellipsis',
                        fontSize: 12,
                        lineHeight: `${LANE - 6}px`,
                        opacity: b.status === 'returned' ? 0.55 : 1,
                      }}
                    >
                      {b.quantity > 1 ? `×${b.quantity} ` : ''}
                      {b.title}
                    </UnstyledButton>
                  );
                })}
              </Box>
            </Group>
          );
        })}
      </Box>
    </Paper>
  );
}

/** Phone: each resource with its bookings in the range, as a list. */
function Agenda({
  resources,
  bookings,
  blackouts,
  view,
  date,
  timeZone,
  onSlot,
  onOpen,
}: TimelineProps) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap="sm" data-testid="resource-timeline">
      {resources.map((resource) => {
        const mine = bookings
          .filter((b) => b.resource.id === resource.id)
          .sort((a, b) => a.start.localeCompare(b.start));
        const blocked = blackouts.filter((b) => b.resourceId === resource.id);
        return (
          <Card key={resource.id} padding="sm" withBorder>
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Box style={{ minWidth: 0 }}>
                <Text fw={600} fz="sm" truncate>
                  {resource.name}
                </Text>
                <Text fz="xs" c="dimmed">
                  {t(`resources.kinds.${resource.kind}`)}
                  {resource.capacity > 1 ? ` · ${resource.capacity}` : ''}
                </Text>
              </Box>
              {resource.canBook && (
                <Button
                  size="xs"
                  variant="light"
                  leftSection={<IconPlus size={14} aria-hidden />}
                  onClick={() => onSlot(resource, { date, start: '09:00', end: '10:00' })}
                  aria-label={t('resources.bookNamed', { name: resource.name })}
                  data-testid="book-resource"
                >
                  {t('resources.book')}
                </Button>
              )}
            </Group>
            <Stack gap={4} mt="xs">
              {blocked.map((b) => (
                <Text
                  key={b.id}
                  fz="xs"
                  p={4}
                  style={{ background: hatch, borderRadius: 4 }}
                  data-testid="blackout"
                >
                  {t('resources.blackout', { reason: t(`resources.blackoutReasons.${b.reason}`) })}
                  {' · '}
                  {formatRangeInZone(b.start, b.end, timeZone, i18n.language)}
                </Text>
              ))}
              {mine.length === 0 && blocked.length === 0 && (
                <Text fz="xs" c="dimmed">
                  {view === 'day' ? t('resources.freeAllDay') : t('resources.freeAllWeek')}
                </Text>
              )}
              {mine.map((b) => (
                <UnstyledButton
                  key={b.id}
                  onClick={() => onOpen(b)}
                  data-testid="booking-item"
                  p={6}
                  style={{
                    borderLeft: `4px solid ${resource.color}`,
                    background: 'var(--mantine-color-default-hover)',
                    borderRadius: 4,
                  }}
                >
                  <Group justify="space-between" wrap="nowrap" gap="xs">
                    <Box style={{ minWidth: 0 }}>
                      <Text fz="sm" truncate>
                        {b.quantity > 1 ? `×${b.quantity} ` : ''}
                        {b.title}
                      </Text>
                      <Text fz="xs" c="dimmed">
                        {formatRangeInZone(b.start, b.end, b.timeZone, i18n.language)}
                        {b.bookedFor ? ` · ${b.bookedFor.name}` : ''}
                      </Text>
                    </Box>
                    <Badge
                      size="xs"
                      variant="light"
                      color={STATUS_COLORS[b.status]}
                      style={{ flexShrink: 0, overflow: 'visible' }}
                    >
                      {t(`resources.statuses.${b.status}`)}
                    </Badge>
                  </Group>
                </UnstyledButton>
              ))}
            </Stack>
          </Card>
        );
      })}
    </Stack>
  );
}
