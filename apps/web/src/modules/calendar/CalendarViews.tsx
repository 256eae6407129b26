import type { CalendarItem } from '@keel/contracts';
import { Box, Group, Paper, ScrollArea, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../../lib/use-is-phone';
import { CalendarItemLink, KindBadge } from './CalendarItemLink';
import {
  addDays,
  capLanes,
  dateList,
  dayStart,
  onDate,
  placeTimed,
  today,
} from './calendar-layout';

export interface ViewProps {
  first: string;
  days: number;
  items: CalendarItem[];
  tz: string;
  locale: string;
  kindLabel: (kind: string) => string;
  onOpenDay: (date: string) => void;
  /** The agenda from a date: where a day view's "+N more" leads. */
  onOpenAgenda: (date: string) => void;
}

const fmt = (locale: string, tz: string, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(locale, { timeZone: tz, ...options });

/** "09:30–10:15", or "All day". */
export function timeLabel(item: CalendarItem, locale: string, tz: string, allDay: string) {
  if (item.allDay) return allDay;
  const f = fmt(locale, tz, { hour: '2-digit', minute: '2-digit' });
  return `${f.format(new Date(item.start))}–${f.format(new Date(item.end))}`;
}

const weekdayNames = (locale: string, first: string, short: boolean) =>
  dateList(first, 7).map((d) =>
    fmt(locale, 'UTC', { weekday: short ? 'narrow' : 'short' }).format(new Date(`${d}T12:00:00Z`)),
  );

/** Six weeks of days with the items of each as chips; a day's number opens its day view. */
export function MonthView({
  first,
  items,
  tz,
  locale,
  onOpenDay,
  compact,
}: ViewProps & { compact: boolean }) {
  const { t } = useTranslation();
  const dates = dateList(first, 42);
  const month = addDays(first, 15).slice(0, 7);
  const now = today(tz);
  const max = compact ? 2 : 3;
  const long = fmt(locale, 'UTC', { dateStyle: 'full' });
  return (
    <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
      <Box
        style={{ display: 'grid', gridTemplateColumns: 'repeat(7, minmax(0, 1fr))' }}
        role="grid"
        aria-label={t('calendar.views.month')}
      >
        <Box role="row" display="contents">
          {weekdayNames(locale, first, compact).map((name, i) => (
            <Text
              key={dates[i]}
              role="columnheader"
              fz="xs"
              fw={600}
              c="dimmed"
              ta="center"
              py={4}
              style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
            >
              {name}
            </Text>
          ))}
        </Box>
        {/* Weeks as rows; `display: contents` keeps the days in the parent grid. */}
        {[0, 1, 2, 3, 4, 5].map((week) => (
          <Box key={dates[week * 7]} role="row" display="contents">
            {dates.slice(week * 7, week * 7 + 7).map((date, j) => {
              const i = week * 7 + j;
              const dayItems = items.filter((item) => onDate(item, date, tz));
              const outside = date.slice(0, 7) !== month;
              const dateText = long.format(new Date(`${date}T12:00:00Z`));
              return (
                <Box
                  key={date}
                  role="gridcell"
                  p={4}
                  mih={compact ? 64 : 104}
                  bg={outside ? 'var(--mantine-color-default-hover)' : undefined}
                  style={{
                    borderRight:
                      i % 7 === 6 ? undefined : '1px solid var(--mantine-color-default-border)',
                    borderBottom:
                      i >= 35 ? undefined : '1px solid var(--mantine-color-default-border)',
                    minWidth: 0,
                  }}
                >
                  <UnstyledButton
                    onClick={() => onOpenDay(date)}
                    aria-label={dateText}
                    fz="xs"
                    fw={date === now ? 700 : 500}
                    c={date === now ? 'white' : outside ? 'dimmed' : undefined}
                    bg={date === now ? 'var(--mantine-primary-color-filled)' : undefined}
                    px={6}
                    style={{ borderRadius: 10 }}
                  >
                    {Number(date.slice(8))}
                  </UnstyledButton>
                  <Stack gap={2} mt={2}>
                    {dayItems.slice(0, max).map((item) => (
                      <CalendarItemLink
                        key={item.uid}
                        item={item}
                        label={`${item.title}, ${timeLabel(item, locale, tz, t('calendar.allDay'))}`}
                      />
                    ))}
                    {dayItems.length > max && (
                      <UnstyledButton
                        fz="xs"
                        c="dimmed"
                        onClick={() => onOpenDay(date)}
                        aria-label={t('calendar.moreLabel', {
                          count: dayItems.length - max,
                          date: dateText,
                        })}
                      >
                        {t('calendar.more', { count: dayItems.length - max })}
                      </UnstyledButton>
                    )}
                  </Stack>
                </Box>
              );
            })}
          </Box>
        ))}
      </Box>
    </Paper>
  );
}

const HOUR = 44;
const HOURS = Array.from({ length: 24 }, (_, h) => h);
const TIME_COLUMN = 52;
/** Narrowest chip whose title stays readable (a word or two). */
const MIN_CHIP = 80;
/** Never more than this many items side by side; the rest become "+N more". */
const MAX_LANES = 3;

/** A week or a day: an all-day row, then a 24-hour grid with items placed by time. */
export function TimeGridView({
  first,
  days,
  items,
  tz,
  locale,
  onOpenDay,
  onOpenAgenda,
}: ViewProps) {
  const { t } = useTranslation();
  const dates = dateList(first, days);
  const now = today(tz);
  const scroller = useRef<HTMLDivElement>(null);
  // As many lanes as keep chips readable in a day column (up to MAX_LANES); where more overlap,
  // a narrow column on the right says "+N" (a day view has room for "+N more").
  const { ref: gridRef, width } = useElementSize();
  const column = width ? (width - TIME_COLUMN) / days : Number.POSITIVE_INFINITY;
  const maxLanes = Math.min(MAX_LANES, Math.max(1, Math.floor(column / MIN_CHIP)));
  const moreWidth = days === 1 ? 88 : Math.min(30, Math.floor(column / 3));
  const placed = dates.map((d) => capLanes(placeTimed(items, d, tz), maxLanes));
  const longDate = fmt(locale, 'UTC', { dateStyle: 'full' });
  // The week's "+N more" opens the day; the day's opens the agenda from that day.
  const openMore = days === 1 ? onOpenAgenda : onOpenDay;
  const allDay = dates.map((d) => items.filter((i) => i.allDay && onDate(i, d, tz)));
  const hourFmt = fmt(locale, tz, { hour: 'numeric' });
  const dayFmt = fmt(locale, 'UTC', { weekday: 'short', day: 'numeric' });
  // Start the grid at 07:00 rather than midnight.
  useEffect(() => {
    scroller.current?.scrollTo({ top: 7 * HOUR });
  }, []);
  const cols = `${TIME_COLUMN}px repeat(${days}, minmax(0, 1fr))`;
  return (
    <Paper withBorder radius="md" style={{ overflow: 'hidden' }} ref={gridRef}>
      <Box
        style={{
          display: 'grid',
          gridTemplateColumns: cols,
          borderBottom: '1px solid var(--mantine-color-default-border)',
        }}
      >
        <Box />
        {dates.map((d) => (
          <UnstyledButton
            key={d}
            onClick={() => onOpenDay(d)}
            py={4}
            ta="center"
            fz="sm"
            fw={d === now ? 700 : 500}
            c={d === now ? 'var(--mantine-primary-color-filled)' : undefined}
          >
            {dayFmt.format(new Date(`${d}T12:00:00Z`))}
          </UnstyledButton>
        ))}
        <Text fz="xs" c="dimmed" p={4}>
          {t('calendar.allDay')}
        </Text>
        {allDay.map((list, i) => (
          <Stack
            key={dates[i]}
            gap={2}
            p={2}
            style={{ borderLeft: '1px solid var(--mantine-color-default-border)' }}
          >
            {list.map((item) => (
              <CalendarItemLink key={item.uid} item={item} />
            ))}
          </Stack>
        ))}
      </Box>
      <ScrollArea.Autosize mah="65vh" viewportRef={scroller} type="auto">
        <Box style={{ display: 'grid', gridTemplateColumns: cols, position: 'relative' }}>
          <Box>
            {HOURS.map((h) => (
              <Text
                key={`h${h}`}
                fz={10}
                c="dimmed"
                h={HOUR}
                ta="right"
                pr={6}
                style={{ transform: 'translateY(-0.5em)' }}
              >
                {h === 0 ? '' : hourFmt.format(dayStart(dates[0]!, tz).add(h, 'hour').toDate())}
              </Text>
            ))}
          </Box>
          {dates.map((d, col) => (
            <Box
              key={d}
              pos="relative"
              h={24 * HOUR}
              style={{
                borderLeft: '1px solid var(--mantine-color-default-border)',
                backgroundImage: `repeating-linear-gradient(to bottom, var(--mantine-color-default-border) 0 1px, transparent 1px ${HOUR}px)`,
              }}
            >
              {placed[col]!.shown.map((p) => {
                // Crowded runs leave the right edge to their "+N more" blocks.
                const room = p.crowded ? `(100% - ${moreWidth}px)` : '100%';
                return (
                  <CalendarItemLink
                    key={p.item.uid}
                    item={p.item}
                    variant="block"
                    label={`${p.item.title}, ${timeLabel(p.item, locale, tz, '')}`}
                    style={{
                      position: 'absolute',
                      top: (p.top / 60) * HOUR,
                      height: Math.max((p.height / 60) * HOUR - 2, 18),
                      left: `calc(${room} * ${p.lane / p.lanes} + 2px)`,
                      width: `calc(${room} / ${p.lanes} - 4px)`,
                    }}
                  >
                    <Text
                      fz="xs"
                      fw={600}
                      lineClamp={p.height >= 90 ? 3 : p.height >= 40 ? 2 : 1}
                      inherit
                      style={{ overflowWrap: 'anywhere' }}
                    >
                      {p.item.title}
                    </Text>
                    {p.height >= 45 && (
                      <Text fz={10} truncate="end" inherit>
                        {timeLabel(p.item, locale, tz, '')}
                      </Text>
                    )}
                  </CalendarItemLink>
                );
              })}
              {placed[col]!.more.map((m) => (
                <UnstyledButton
                  key={`more-${m.items[0]!.uid}`}
                  onClick={() => openMore(d)}
                  aria-label={t('calendar.moreLabel', {
                    count: m.items.length,
                    date: longDate.format(new Date(`${d}T12:00:00Z`)),
                  })}
                  title={m.items
                    .map((i) => `${timeLabel(i, locale, tz, '')} ${i.title}`)
                    .join('\n')}
                  data-testid="calendar-more"
                  fz="xs"
                  fw={600}
                  style={{
                    position: 'absolute',
                    top: (m.top / 60) * HOUR,
                    height: Math.max((m.height / 60) * HOUR - 2, 18),
                    right: 2,
                    width: moreWidth - 2,
                    display: 'flex',
                    alignItems: 'flex-start',
                    justifyContent: 'center',
                    paddingTop: 2,
                    borderRadius: 4,
                    border: '1px dashed var(--mantine-color-default-border)',
                    background: 'var(--mantine-color-default-hover)',
                    color: 'var(--mantine-color-text)',
                    whiteSpace: 'nowrap',
                    overflow: 'hidden',
                  }}
                >
                  {days === 1
                    ? t('calendar.more', { count: m.items.length })
                    : `+${m.items.length}`}
                </UnstyledButton>
              ))}
            </Box>
          ))}
        </Box>
      </ScrollArea.Autosize>
    </Paper>
  );
}

/** Day by day, the items of each day with their times: the phone's default. */
export function AgendaView({ first, days, items, tz, locale, kindLabel }: ViewProps) {
  const { t } = useTranslation();
  // Phones: the title gets the row's width (two lines), the kind goes under it.
  const isPhone = useIsPhone();
  const dayFmt = fmt(locale, 'UTC', { dateStyle: 'full' });
  const sections = dateList(first, days)
    .map((date) => ({ date, list: items.filter((i) => onDate(i, date, tz)) }))
    .filter((s) => s.list.length > 0);
  return (
    <Stack gap="md">
      {sections.map(({ date, list }) => (
        <Box key={date} component="section" aria-labelledby={`agenda-${date}`}>
          <Title order={3} fz="sm" c="dimmed" mb={6} id={`agenda-${date}`}>
            {dayFmt.format(new Date(`${date}T12:00:00Z`))}
          </Title>
          <Paper withBorder radius="md">
            {list.map((item, i) => {
              const badge = <KindBadge item={item} label={kindLabel(item.kind)} />;
              return (
                <CalendarItemLink key={item.uid} item={item} variant="plain">
                  <Group
                    gap="sm"
                    wrap="nowrap"
                    align={isPhone ? 'flex-start' : 'center'}
                    px="sm"
                    py={10}
                    style={{
                      borderTop: i ? '1px solid var(--mantine-color-default-border)' : undefined,
                    }}
                  >
                    <Text fz="sm" c="dimmed" w={isPhone ? 84 : 96} style={{ flexShrink: 0 }}>
                      {timeLabel(item, locale, tz, t('calendar.allDay'))}
                    </Text>
                    <Stack gap={4} align="flex-start" style={{ flex: 1, minWidth: 0 }}>
                      <Text
                        fz="sm"
                        fw={500}
                        lineClamp={2}
                        style={{
                          wordBreak: 'break-word',
                          textDecoration: item.status === 'cancelled' ? 'line-through' : undefined,
                        }}
                        c="var(--mantine-color-text)"
                      >
                        {item.title}
                      </Text>
                      {isPhone && badge}
                    </Stack>
                    {!isPhone && badge}
                  </Group>
                </CalendarItemLink>
              );
            })}
          </Paper>
        </Box>
      ))}
    </Stack>
  );
}
