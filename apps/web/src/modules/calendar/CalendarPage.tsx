import { calendar } from '@keel/contracts';
import {
  ActionIcon,
  Alert,
  Box,
  Button,
  Chip,
  Group,
  SegmentedControl,
  Skeleton,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconCalendarOff, IconChevronLeft, IconChevronRight, IconRss } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpointQuery } from '../../api/query';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { SideDrawer } from '../../components/SideDrawer';
import { useMe } from '../../lib/session';
import { useIsPhone } from '../../lib/use-is-phone';
import { AgendaView, MonthView, TimeGridView } from './CalendarViews';
import {
  addDays,
  CALENDAR_VIEWS,
  type CalendarView,
  shiftAnchor,
  today,
  viewDays,
  viewRange,
} from './calendar-layout';
import { FeedPanel } from './FeedPanel';

const routeApi = getRouteApi('/app/calendar');

/** The heading of the shown period: "November 2026", "23 – 29 Nov 2026", "Wednesday, 25 November 2026". */
function periodTitle(view: CalendarView, anchor: string, locale: string) {
  const at = (d: string) => new Date(`${d}T12:00:00Z`);
  const opts = (o: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...o });
  if (view === 'month') return opts({ month: 'long', year: 'numeric' }).format(at(anchor));
  if (view === 'day') return opts({ dateStyle: 'full' }).format(at(anchor));
  const { first, days } = viewDays(view, anchor);
  return opts({ day: 'numeric', month: 'short', year: 'numeric' }).formatRange(
    at(first),
    at(addDays(first, days - 1)),
  );
}

/** Month, week, day and agenda views of everything dated the member may see. */
export function CalendarPage() {
  const { t } = useTranslation();
  const me = useMe();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const search = routeApi.useSearch();
  const locale = me.user.locale ?? navigator.language ?? 'en-US';
  const [tz, setTz] = useState(me.organization.timeZone);
  const [mine, setMine] = useState(false);
  const [hiddenKinds, setHiddenKinds] = useState<string[]>([]);
  const [feedOpen, feed] = useDisclosure(false);
  const view: CalendarView = search.view ?? (isPhone ? 'agenda' : 'month');
  const anchor = search.date ?? today(tz);
  const go = (next: { view?: CalendarView; date?: string }) =>
    void navigate({
      to: '/calendar',
      search: { view: next.view ?? search.view, date: next.date ?? search.date },
    });

  const range = useMemo(() => viewRange(view, anchor, tz), [view, anchor, tz]);
  const data = useQuery({
    ...endpointQuery(calendar.getCalendar, {
      query: { from: range.from, to: range.to, ...(mine ? { mine: 'true' as const } : {}) },
    }),
    placeholderData: keepPreviousData,
  });
  // The server knows the member's site time zone; show the calendar in it once known.
  const serverTz = data.data?.timeZone;
  useEffect(() => {
    if (serverTz && serverTz !== tz) setTz(serverTz);
  }, [serverTz, tz]);

  const kindLabel = (kind: string) => t(`calendar.kinds.${kind}`, { defaultValue: kind });
  const kinds = data.data?.kinds ?? [];
  const items = (data.data?.items ?? []).filter((i) => !hiddenKinds.includes(i.kind));
  const { first, days } = viewDays(view, anchor);
  const viewProps = {
    first,
    days,
    items,
    tz,
    locale,
    kindLabel,
    onOpenDay: (date: string) => go({ view: 'day', date }),
    onOpenAgenda: (date: string) => go({ view: 'agenda', date }),
  };

  return (
    <Box data-testid="calendar">
      <PageHeader
        title={t('calendar.title')}
        description={t('calendar.description')}
        actions={
          <Button
            variant="default"
            leftSection={<IconRss size={16} aria-hidden />}
            onClick={feed.open}
            data-testid="calendar-subscribe"
          >
            {t('calendar.feed.open')}
          </Button>
        }
      />
      <Stack gap="sm" mb="md">
        <Group justify="space-between" gap="sm" wrap="wrap">
          <Group gap="xs" wrap="nowrap">
            <Button
              variant="default"
              size="sm"
              onClick={() => go({ date: today(tz) })}
              style={{ flexShrink: 0 }}
              data-testid="calendar-today"
            >
              {t('calendar.today')}
            </Button>
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={t('calendar.previous')}
              onClick={() => go({ view, date: shiftAnchor(view, anchor, -1) })}
              data-testid="calendar-prev"
            >
              <IconChevronLeft size={18} aria-hidden />
            </ActionIcon>
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={t('calendar.next')}
              onClick={() => go({ view, date: shiftAnchor(view, anchor, 1) })}
              data-testid="calendar-next"
            >
              <IconChevronRight size={18} aria-hidden />
            </ActionIcon>
            <Title
              order={2}
              fz={{ base: 'md', sm: 'lg' }}
              aria-live="polite"
              data-testid="calendar-period"
            >
              {periodTitle(view, anchor, locale)}
            </Title>
          </Group>
          <SegmentedControl
            aria-label={t('calendar.view')}
            value={view}
            onChange={(v) => go({ view: v as CalendarView })}
            data={CALENDAR_VIEWS.map((v) => ({ value: v, label: t(`calendar.views.${v}`) }))}
            size="sm"
            data-testid="calendar-view"
          />
        </Group>
        <Group gap="md" wrap="wrap">
          <Switch
            label={t('calendar.onlyMine')}
            checked={mine}
            onChange={(e) => setMine(e.currentTarget.checked)}
            data-testid="calendar-mine"
          />
          {kinds.length > 1 && (
            <Chip.Group
              multiple
              value={kinds.filter((k) => !hiddenKinds.includes(k))}
              onChange={(shown) => setHiddenKinds(kinds.filter((k) => !shown.includes(k)))}
            >
              <Group gap={6} role="group" aria-label={t('calendar.kindsFilter')}>
                {kinds.map((k) => (
                  <Chip key={k} value={k} size="sm" data-testid={`calendar-kind-${k}`}>
                    {kindLabel(k)}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
          )}
          <Text fz="xs" c="dimmed" ml="auto">
            {t('calendar.timeZoneNote', { tz })}
          </Text>
        </Group>
      </Stack>
      {data.data?.truncated && (
        <Alert color="yellow" variant="light" mb="sm">
          {t('calendar.truncated')}
        </Alert>
      )}
      {data.isPending ? (
        <Skeleton h={480} radius="md" />
      ) : data.isError ? (
        <ErrorState error={data.error} onRetry={() => void data.refetch()} />
      ) : view === 'agenda' && items.length === 0 ? (
        <EmptyState
          title={t('calendar.emptyTitle')}
          description={
            mine || hiddenKinds.length ? t('calendar.emptyFiltered') : t('calendar.empty')
          }
          icon={<IconCalendarOff size={28} stroke={1.5} aria-hidden />}
        />
      ) : (
        <Box style={{ opacity: data.isPlaceholderData ? 0.6 : 1, transition: 'opacity 120ms' }}>
          {view === 'month' && <MonthView {...viewProps} compact={isPhone} />}
          {(view === 'week' || view === 'day') && <TimeGridView {...viewProps} />}
          {view === 'agenda' && <AgendaView {...viewProps} />}
          {view !== 'agenda' && items.length === 0 && (
            <Text fz="sm" c="dimmed" mt="sm" role="status">
              {mine || hiddenKinds.length ? t('calendar.emptyFiltered') : t('calendar.empty')}
            </Text>
          )}
        </Box>
      )}
      <SideDrawer opened={feedOpen} onClose={feed.close} title={t('calendar.feed.title')} size="md">
        <FeedPanel />
      </SideDrawer>
    </Box>
  );
}
