import { resources } from '@keel/contracts';
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Tabs,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconChevronLeft, IconChevronRight, IconPlus } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpointQuery, useCursorList } from '../../api/query';
import { DataTable, RowLink } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { ListState, LoadMore } from '../../components/ListState';
import { TableSkeleton } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { SideDrawer } from '../../components/SideDrawer';
import { useCan } from '../../lib/session';
import { type BookingDraft, BookingDrawer } from './BookingDrawer';
import { BookingItem } from './BookingItem';
import { ResourceFormDrawer } from './ResourceFormDrawer';
import type { ResourcesSearch } from './routes';
import { Timeline, type TimelineView, timelineRange } from './Timeline';
import { addDays, formatInZone, mondayOf, todayIn } from './zoned';

type Resource = resources.Resource;
type Booking = resources.Booking;

const routeApi = getRouteApi('/app/resources');

/** Shared state of the page: the booking drawer and the open booking. */
function useBookingUi() {
  const [bookingOpen, bookingDrawer] = useDisclosure(false);
  const [draft, setDraft] = useState<BookingDraft | null>(null);
  const [editing, setEditing] = useState<Booking | null>(null);
  const [open, setOpen] = useState<Booking | null>(null);
  return {
    bookingOpen,
    draft,
    editing,
    open,
    book: (d: BookingDraft | null) => {
      setEditing(null);
      setDraft(d);
      bookingDrawer.open();
    },
    edit: (b: Booking) => {
      setOpen(null);
      setEditing(b);
      bookingDrawer.open();
    },
    show: setOpen,
    close: bookingDrawer.close,
  };
}

export function ResourcesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const search = routeApi.useSearch();
  const setSearch = routeApi.useNavigate();
  const tab = search.tab ?? 'timeline';
  const [createOpen, create] = useDisclosure(false);
  const ui = useBookingUi();
  const all = useQuery(
    endpointQuery(resources.listResources, { query: { status: 'active', limit: 200 } }),
  );
  const activeResources = all.data?.items ?? [];

  return (
    <>
      <PageHeader
        title={t('resources.title')}
        description={t('resources.description')}
        actions={
          <>
            {can('resources.book') && (
              <Button
                leftSection={<IconPlus size={16} aria-hidden />}
                onClick={() => ui.book(null)}
                disabled={!activeResources.some((r) => r.canBook)}
                data-testid="new-booking"
              >
                {t('resources.book')}
              </Button>
            )}
            {can('resources.manage') && (
              <Button variant="default" onClick={create.open} data-testid="new-resource">
                {t('resources.newResource')}
              </Button>
            )}
          </>
        }
      />
      <Tabs
        value={tab}
        onChange={(value) =>
          void setSearch({
            to: '/resources',
            search: (prev) => ({
              ...(prev as ResourcesSearch),
              tab: (value ?? 'timeline') as typeof tab,
            }),
          })
        }
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="timeline" data-testid="tab-timeline">
            {t('resources.tabs.timeline')}
          </Tabs.Tab>
          <Tabs.Tab value="list" data-testid="tab-list">
            {t('resources.tabs.list')}
          </Tabs.Tab>
          <Tabs.Tab value="mine" data-testid="tab-mine">
            {t('resources.tabs.mine')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="timeline">
          {all.isPending ? (
            <TableSkeleton />
          ) : all.isError ? (
            <ErrorState error={all.error} onRetry={() => void all.refetch()} />
          ) : (
            <TimelineTab resources={activeResources} onBook={ui.book} onOpen={ui.show} />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="list">
          <ListTab onCreate={create.open} />
        </Tabs.Panel>
        <Tabs.Panel value="mine">
          <MineTab onEdit={ui.edit} />
        </Tabs.Panel>
      </Tabs>

      <BookingDrawer
        opened={ui.bookingOpen}
        onClose={ui.close}
        resourceList={activeResources}
        draft={ui.draft}
        booking={ui.editing}
      />
      <ResourceFormDrawer opened={createOpen} onClose={create.close} />
      <SideDrawer
        opened={ui.open !== null}
        onClose={() => ui.show(null)}
        title={t('resources.booking')}
        size="md"
      >
        {ui.open && <OpenBooking id={ui.open.id} fallback={ui.open} onEdit={ui.edit} />}
      </SideDrawer>
    </>
  );
}

/** The booking in the side drawer, kept fresh (its actions change it). */
function OpenBooking({
  id,
  fallback,
  onEdit,
}: {
  id: string;
  fallback: Booking;
  onEdit: (b: Booking) => void;
}) {
  const booking = useQuery(endpointQuery(resources.getBooking, { params: { id } }));
  return <BookingItem booking={booking.data ?? fallback} onEdit={onEdit} />;
}

function TimelineTab({
  resources: list,
  onBook,
  onOpen,
}: {
  resources: Resource[];
  onBook: (draft: BookingDraft) => void;
  onOpen: (b: Booking) => void;
}) {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const search = routeApi.useSearch();
  const sites = useMemo(() => {
    const bySite = new Map<string, Resource['site']>();
    for (const r of list) bySite.set(r.site.id, r.site);
    return [...bySite.values()].sort((a, b) => a.name.localeCompare(b.name));
  }, [list]);
  const site = sites.find((s) => s.id === search.siteId) ?? sites[0] ?? null;
  const timeZone = site?.timeZone ?? 'UTC';
  const view: TimelineView = search.view ?? 'day';
  const day = search.date ?? todayIn(timeZone);
  const first = view === 'week' ? mondayOf(day) : day;
  const range = timelineRange(view, first, timeZone);
  const setSearch = routeApi.useNavigate();
  const set = (patch: Partial<ResourcesSearch>) =>
    void setSearch({
      to: '/resources',
      search: (prev) => ({ ...(prev as ResourcesSearch), ...patch }),
    });

  const timeline = useQuery({
    ...endpointQuery(resources.getTimeline, {
      query: {
        from: range.from,
        to: range.to,
        ...(site ? { siteId: site.id } : {}),
        ...(search.kind ? { kind: search.kind } : {}),
      },
    }),
    enabled: site !== null,
    placeholderData: keepPreviousData,
  });

  if (!site)
    return (
      <EmptyState
        title={t('resources.noResources')}
        description={
          can('resources.manage')
            ? t('resources.noResourcesHint')
            : t('resources.noResourcesReader')
        }
      />
    );

  const step = view === 'day' ? 1 : 7;
  const label =
    view === 'day'
      ? formatInZone(range.from, timeZone, i18n.language, { dateStyle: 'full' })
      : `${formatInZone(range.from, timeZone, i18n.language, { month: 'short', day: 'numeric' })} – ${formatInZone(new Date(Date.parse(range.to) - 1).toISOString(), timeZone, i18n.language, { month: 'short', day: 'numeric', year: 'numeric' })}`;

  return (
    <Stack gap="sm">
      <Group gap="sm" wrap="wrap" align="flex-end">
        {sites.length > 1 && (
          <Select
            label={t('resources.site')}
            data={sites.map((s) => ({ value: s.id, label: s.name }))}
            value={site.id}
            onChange={(v) => set({ siteId: v ?? undefined })}
            allowDeselect={false}
            w={180}
            data-testid="timeline-site"
          />
        )}
        <Select
          label={t('resources.kind')}
          placeholder={t('resources.allKinds')}
          data={resources.RESOURCE_KINDS.map((k) => ({
            value: k,
            label: t(`resources.kindsPlural.${k}`),
          }))}
          value={search.kind ?? null}
          onChange={(v) => set({ kind: (v ?? undefined) as ResourcesSearch['kind'] })}
          clearable
          w={160}
        />
        <SegmentedControl
          aria-label={t('resources.view')}
          value={view}
          onChange={(v) => set({ view: v as TimelineView })}
          data={[
            { value: 'day', label: t('resources.day') },
            { value: 'week', label: t('resources.week') },
          ]}
        />
        <Group gap={4} wrap="nowrap">
          <ActionIcon
            variant="default"
            size="lg"
            aria-label={t('resources.previous')}
            onClick={() => set({ date: addDays(first, -step) })}
          >
            <IconChevronLeft size={16} aria-hidden />
          </ActionIcon>
          <Button variant="default" onClick={() => set({ date: undefined })}>
            {t('resources.today')}
          </Button>
          <ActionIcon
            variant="default"
            size="lg"
            aria-label={t('resources.next')}
            onClick={() => set({ date: addDays(first, step) })}
          >
            <IconChevronRight size={16} aria-hidden />
          </ActionIcon>
        </Group>
        <TextInput
          type="date"
          label={t('resources.date')}
          value={day}
          onChange={(e) => e.currentTarget.value && set({ date: e.currentTarget.value })}
          w={160}
        />
      </Group>
      <Group gap="xs">
        <Title order={2} fz="md">
          {label}
        </Title>
        <Badge variant="light" color="gray" tt="none">
          {timeZone}
        </Badge>
      </Group>
      {timeline.isPending ? (
        <TableSkeleton />
      ) : timeline.isError ? (
        <ErrorState error={timeline.error} onRetry={() => void timeline.refetch()} />
      ) : timeline.data.resources.length === 0 ? (
        <EmptyState
          title={t('resources.noResources')}
          description={t('resources.noResourcesReader')}
        />
      ) : (
        <Timeline
          resources={timeline.data.resources}
          bookings={timeline.data.bookings}
          blackouts={timeline.data.blackouts}
          view={view}
          date={first}
          timeZone={timeZone}
          onSlot={(r, slot) => onBook({ resourceId: r.id, ...slot })}
          onOpen={onOpen}
        />
      )}
    </Stack>
  );
}

function ListTab({ onCreate }: { onCreate: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const search = routeApi.useSearch();
  const navigate = useNavigate();
  const [q, setQ] = useState(search.q ?? '');
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const setSearch = routeApi.useNavigate();
  const set = (patch: Partial<ResourcesSearch>) =>
    void setSearch({
      to: '/resources',
      search: (prev) => ({ ...(prev as ResourcesSearch), ...patch }),
    });
  // biome-ignore lint/correctness/useExhaustiveDependencies: sync the debounced text only
  useEffect(() => {
    if ((search.q ?? '') !== debounced) set({ q: debounced || undefined });
  }, [debounced]);
  const { list, rows } = useCursorList(resources.listResources, {
    ...(search.q ? { q: search.q } : {}),
    ...(search.kind ? { kind: search.kind } : {}),
    status: search.status ?? 'active',
    limit: 50,
  });

  return (
    <Stack gap="sm">
      <Group gap="sm" wrap="wrap" align="flex-end">
        <TextInput
          label={t('resources.search')}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={240}
          data-testid="resource-search"
        />
        <Select
          label={t('resources.kind')}
          placeholder={t('resources.allKinds')}
          data={resources.RESOURCE_KINDS.map((k) => ({
            value: k,
            label: t(`resources.kindsPlural.${k}`),
          }))}
          value={search.kind ?? null}
          onChange={(v) => set({ kind: (v ?? undefined) as ResourcesSearch['kind'] })}
          clearable
          w={160}
        />
        <SegmentedControl
          aria-label={t('resources.status')}
          value={search.status ?? 'active'}
          onChange={(v) => set({ status: v as ResourcesSearch['status'] })}
          data={[
            { value: 'active', label: t('resources.active') },
            { value: 'archived', label: t('resources.archived') },
            { value: 'all', label: t('resources.all') },
          ]}
        />
      </Group>
      <ListState
        query={list}
        rows={rows}
        empty={
          <EmptyState
            title={t('resources.noResources')}
            description={
              can('resources.manage')
                ? t('resources.noResourcesHint')
                : t('resources.noResourcesReader')
            }
            action={
              can('resources.manage') && (
                <Button onClick={onCreate}>{t('resources.newResource')}</Button>
              )
            }
          />
        }
      >
        {(items) => (
          <>
            <DataTable
              caption={t('resources.tabs.list')}
              rows={items}
              rowKey={(r) => r.id}
              onRowClick={(r) => void navigate({ to: '/resources/$id', params: { id: r.id } })}
              columns={[
                {
                  key: 'name',
                  header: t('resources.name'),
                  render: (r) => (
                    <RowLink
                      onClick={() => void navigate({ to: '/resources/$id', params: { id: r.id } })}
                    >
                      {r.name}
                    </RowLink>
                  ),
                },
                {
                  key: 'kind',
                  header: t('resources.kind'),
                  render: (r) => t(`resources.kinds.${r.kind}`),
                },
                { key: 'site', header: t('resources.site'), render: (r) => r.site.name },
                {
                  key: 'capacity',
                  header: t('resources.capacity'),
                  align: 'right',
                  render: (r) => r.capacity,
                },
                {
                  key: 'location',
                  header: t('resources.location'),
                  render: (r) => r.location ?? '—',
                  hideOnMobile: true,
                },
                {
                  key: 'rules',
                  header: t('resources.rules'),
                  render: (r) => (
                    <Group gap={4}>
                      {r.rules.needsApproval && (
                        <Badge size="sm" variant="light" color="yellow">
                          {t('resources.approval')}
                        </Badge>
                      )}
                      {r.rules.requiresCheckout && (
                        <Badge size="sm" variant="light" color="blue">
                          {t('resources.checkOut')}
                        </Badge>
                      )}
                      {r.checkedOut.length > 0 && (
                        <Badge
                          size="sm"
                          variant="filled"
                          color={r.checkedOut.some((c) => c.overdue) ? 'red' : 'blue'}
                        >
                          {t('resources.checkedOut')}
                        </Badge>
                      )}
                      {r.status === 'archived' && (
                        <Badge size="sm" variant="light" color="gray">
                          {t('resources.archived')}
                        </Badge>
                      )}
                    </Group>
                  ),
                },
              ]}
            />
            <LoadMore list={list} mt="sm" />
          </>
        )}
      </ListState>
    </Stack>
  );
}

function MineTab({ onEdit }: { onEdit: (b: Booking) => void }) {
  const { t } = useTranslation();
  // Fixed for the life of the tab so the query key stays stable.
  const [since] = useState(() => new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString());
  const overdue = useQuery(
    endpointQuery(resources.listBookings, {
      query: { mine: 'true', status: 'overdue', limit: 50 },
    }),
  );
  const { list, rows } = useCursorList(resources.listBookings, {
    mine: 'true',
    from: since,
    status: 'active',
    limit: 30,
  });
  const late = overdue.data?.items ?? [];
  return (
    <Stack gap="md">
      {late.length > 0 && (
        <Stack gap="xs">
          <Title order={2} fz="md" c="red">
            {t('resources.overdue')}
          </Title>
          {late.map((b) => (
            <BookingItem key={b.id} booking={b} onEdit={onEdit} />
          ))}
        </Stack>
      )}
      <Stack gap="xs">
        <Title order={2} fz="md">
          {t('resources.upcoming')}
        </Title>
        <ListState
          query={list}
          rows={rows.filter((b) => !b.overdue)}
          empty={
            <EmptyState
              title={t('resources.mineEmpty')}
              description={t('resources.mineEmptyHint')}
            />
          }
        >
          {(items) => (
            <Stack gap="xs">
              {items.map((b) => (
                <BookingItem key={b.id} booking={b} onEdit={onEdit} />
              ))}
              <LoadMore list={list} />
            </Stack>
          )}
        </ListState>
      </Stack>
    </Stack>
  );
}
