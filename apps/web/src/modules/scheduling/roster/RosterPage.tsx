import { scheduling } from '@keel/contracts';
import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Menu,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconChevronLeft,
  IconChevronRight,
  IconCopy,
  IconDots,
  IconHistory,
  IconPrinter,
  IconSend,
  IconTemplate,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpointUrl } from '../../../api/client';
import { endpointQuery } from '../../../api/query';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorState } from '../../../components/ErrorState';
import { TableSkeleton } from '../../../components/LoadingState';
import { PageHeader } from '../../../components/PageHeader';
import { useCan } from '../../../lib/session';
import { useIsPhone } from '../../../lib/use-is-phone';
import { useReferenceOptions } from '../../organization/reference-data';
import {
  ConflictsPanel,
  CopyWeekModal,
  HistoryDrawer,
  PublishModal,
  TemplatesModal,
} from './RosterDialogs';
import { dayInfos, type RevealShift, RosterGrid } from './RosterGrid';
import { DayView, PositionView } from './RosterViews';
import classes from './roster.module.css';
import { addDays, type Derived, datesFrom, type Shift, todayIn, weekStart } from './roster-model';
import type { RosterSearch, RosterView } from './routes';
import { type EditorTarget, ShiftActions, ShiftEditor } from './ShiftEditor';
import { useRoster } from './use-roster';

const routeApi = getRouteApi('/app/scheduling');

type Finding = Derived['findings'][number];

/**
 * The roster of a site: a grid of people × days (or one day as a timeline, or positions × days)
 * with the rule findings, coverage and labor; coordinators build drafts by click, drag and drop or
 * keyboard, every change re-checked in the browser at once, and publish.
 */
export function RosterPage() {
  const { t } = useTranslation();
  const can = useCan();
  const isPhone = useIsPhone();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const set = useCallback(
    (patch: Partial<RosterSearch>) =>
      void navigate({
        to: '/scheduling',
        search: { ...search, ...patch },
        replace: true,
      }),
    [navigate, search],
  );
  const refs = useReferenceOptions();
  const settings = useQuery(endpointQuery(scheduling.getSchedulingSettings));
  const sites = refs.siteItems;
  const site = sites.find((s) => s.id === search.siteId) ?? sites[0] ?? null;
  const timeZone = site?.timeZone ?? 'UTC';
  const weekStartsOn = settings.data?.weekStartsOn ?? 1;
  const today = todayIn(timeZone);
  const weeks = search.weeks ?? (isPhone ? 1 : 2);
  const view: RosterView = search.view ?? 'grid';
  const from = search.from ?? weekStart(search.date ?? today, weekStartsOn);
  const to = addDays(from, weeks * 7 - 1);
  const dates = useMemo(() => datesFrom(from, weeks * 7), [from, weeks]);
  const dayDate =
    search.date && search.date >= from && search.date <= to
      ? search.date
      : today >= from && today <= to
        ? today
        : from;

  const settingsReady = !settings.isPending;
  const { query, roster, derived, actions, pending } = useRoster(
    site && settingsReady
      ? {
          siteId: site.id,
          from,
          to,
          departmentId: search.departmentId,
          positionId: search.positionId,
        }
      : null,
  );

  const [editor, setEditor] = useState<EditorTarget | null>(null);
  const [menuShift, setMenuShift] = useState<Shift | null>(null);
  const [panel, setPanel] = useState<
    'conflicts' | 'publish' | 'copy' | 'templates' | 'history' | null
  >(null);

  const editable = roster?.canEditDrafts ?? false;
  const handlers = useMemo(
    () => ({
      onCreate: (rowKey: string, date: string) => setEditor({ mode: 'create', rowKey, date }),
      onOpen: (shift: Shift) => setEditor({ mode: 'edit', shift }),
      onMenu: (shift: Shift) => {
        if (editable) setMenuShift(shift);
        else setEditor({ mode: 'edit', shift });
      },
    }),
    [editable],
  );

  const findings = derived?.findings ?? [];
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  // Stable across background refetches (rows compare it): only the dates and holidays matter.
  const holidays = roster?.holidays;
  const holidayKey = holidays?.map((h) => `${h.date}:${h.name}`).join('|') ?? '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: holidayKey stands for the holidays
  const days = useMemo(
    () => (holidays ? dayInfos(dates, holidays, today) : []),
    [dates, holidayKey, today, holidays !== undefined],
  );

  const revealRef = useRef<RevealShift | null>(null);
  const showFinding = (f: Finding) => {
    setPanel(null);
    // The grid renders only the rows in view: scroll the first shift's row in, then find its chip
    // (a few frames while the rows render).
    for (const id of f.shiftIds) if (revealRef.current?.(id)) break;
    const find = (tries: number) => {
      const grid = document.querySelector('[data-testid="roster-grid"]');
      if (!grid) return;
      const els = f.shiftIds
        .map((id) => grid.querySelector<HTMLElement>(`[data-shift-id="${CSS.escape(id)}"]`))
        .filter((x): x is HTMLElement => !!x);
      if (els.length === 0 && f.shiftIds.length > 0 && tries > 0) {
        requestAnimationFrame(() => find(tries - 1));
        return;
      }
      const target =
        els[0] ??
        (f.date
          ? grid.querySelector<HTMLElement>(
              `[data-testid^="roster-coverage-"][data-testid$="${f.date}"]`,
            )
          : null);
      if (!target) return;
      target.scrollIntoView({ block: 'center', inline: 'center', behavior: 'smooth' });
      const cls = classes.highlight ?? '';
      for (const el of els.length ? els : [target]) {
        el.classList.add(cls);
        setTimeout(() => el.classList.remove(cls), 2600);
      }
      target.focus({ preventScroll: true });
    };
    setTimeout(() => find(20), 50);
  };

  const shift = (n: number) => {
    if (view === 'day') {
      const d = addDays(dayDate, n);
      set({ date: d, from: d < from || d > to ? weekStart(d, weekStartsOn) : from });
    } else {
      set({ from: addDays(from, n * 7 * weeks), date: undefined });
    }
  };
  const goToday = () => set({ from: weekStart(today, weekStartsOn), date: today });

  const weekStarts = useMemo(
    () => Array.from({ length: 9 }, (_, i) => addDays(from, (i - 4) * 7)),
    [from],
  );
  const published = (roster?.publication.lastVersion ?? null) !== null;
  const pdfUrl = site
    ? endpointUrl(scheduling.rosterPdf, {
        query: { siteId: site.id, from, to: addDays(from, 6) },
      })
    : '#';

  // ── toolbar ─────────────────────────────────────────────────────────────
  const rangeLabel = useRangeLabel(view === 'day' ? dayDate : from, view === 'day' ? dayDate : to);
  const toolbar = (
    <Stack gap="xs" mb="sm">
      <Group gap="xs" wrap="wrap">
        <Select
          aria-label={t('scheduling.roster.toolbar.site')}
          data={sites.map((s) => ({ value: s.id, label: s.name }))}
          value={site?.id ?? null}
          onChange={(v) => v && set({ siteId: v })}
          allowDeselect={false}
          w={isPhone ? '100%' : 200}
          data-testid="roster-site"
        />
        <Group gap={4} wrap="nowrap">
          <ActionIcon
            variant="default"
            size="lg"
            onClick={() => shift(-1)}
            aria-label={t('scheduling.roster.toolbar.previous')}
            data-testid="roster-prev"
          >
            <IconChevronLeft size={18} aria-hidden />
          </ActionIcon>
          <Button variant="default" onClick={goToday} data-testid="roster-today">
            {t('scheduling.roster.toolbar.today')}
          </Button>
          <ActionIcon
            variant="default"
            size="lg"
            onClick={() => shift(1)}
            aria-label={t('scheduling.roster.toolbar.next')}
            data-testid="roster-next"
          >
            <IconChevronRight size={18} aria-hidden />
          </ActionIcon>
          <Text fw={600} size="sm" ml={6} data-testid="roster-range">
            {rangeLabel}
          </Text>
        </Group>
        <SegmentedControl
          aria-label={t('scheduling.roster.toolbar.view')}
          value={view}
          onChange={(v) => set({ view: v as RosterView })}
          data={[
            { value: 'grid', label: t('scheduling.roster.views.grid') },
            { value: 'day', label: t('scheduling.roster.views.day') },
            { value: 'position', label: t('scheduling.roster.views.position') },
          ]}
          data-testid="roster-view"
        />
        {view !== 'day' && (
          <SegmentedControl
            aria-label={t('scheduling.roster.toolbar.weeks')}
            value={String(weeks)}
            onChange={(v) => set({ weeks: Number(v) as 1 | 2 | 4 })}
            data={[
              { value: '1', label: t('scheduling.roster.toolbar.weeksN', { count: 1 }) },
              { value: '2', label: t('scheduling.roster.toolbar.weeksN', { count: 2 }) },
              { value: '4', label: t('scheduling.roster.toolbar.weeksN', { count: 4 }) },
            ]}
            data-testid="roster-weeks"
          />
        )}
      </Group>
      <Group gap="xs" wrap="wrap">
        {can('departments.read') && (
          <Select
            aria-label={t('scheduling.roster.toolbar.department')}
            placeholder={t('scheduling.roster.toolbar.allDepartments')}
            data={refs.departments}
            value={search.departmentId ?? null}
            onChange={(v) => set({ departmentId: v ?? undefined })}
            clearable
            w={isPhone ? '48%' : 200}
            data-testid="roster-department"
          />
        )}
        <Select
          aria-label={t('scheduling.roster.toolbar.position')}
          placeholder={t('scheduling.roster.toolbar.allPositions')}
          data={
            refs.positions.length
              ? refs.positions
              : (roster?.positions ?? []).map((p) => ({ value: p.id, label: p.name }))
          }
          value={search.positionId ?? null}
          onChange={(v) => set({ positionId: v ?? undefined })}
          clearable
          w={isPhone ? '48%' : 200}
          data-testid="roster-position"
        />
        <Button
          variant="default"
          leftSection={<IconAlertTriangle size={16} aria-hidden />}
          onClick={() => setPanel('conflicts')}
          data-testid="roster-conflicts"
          aria-label={t('scheduling.roster.toolbar.conflictsLabel', { errors, warnings })}
          rightSection={
            <Group gap={4} wrap="nowrap" aria-hidden>
              <Badge
                color="red"
                variant={errors ? 'filled' : 'light'}
                data-testid="roster-error-count"
              >
                {errors}
              </Badge>
              <Badge color="yellow" variant="light" data-testid="roster-warning-count">
                {warnings}
              </Badge>
            </Group>
          }
        >
          {t('scheduling.roster.toolbar.conflicts')}
        </Button>
        {roster?.canPublish && (
          <Button
            leftSection={<IconSend size={16} aria-hidden />}
            onClick={() => setPanel('publish')}
            data-testid="roster-publish"
          >
            {t('scheduling.roster.toolbar.publish')}
          </Button>
        )}
        {roster && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon
                variant="default"
                size="lg"
                aria-label={t('scheduling.roster.toolbar.more')}
                data-testid="roster-more"
              >
                <IconDots size={18} aria-hidden />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              {editable && (
                <Menu.Item
                  leftSection={<IconCopy size={16} aria-hidden />}
                  onClick={() => setPanel('copy')}
                  data-testid="roster-copy-week"
                >
                  {t('scheduling.roster.toolbar.copyWeek')}
                </Menu.Item>
              )}
              {editable && (
                <Menu.Item
                  leftSection={<IconTemplate size={16} aria-hidden />}
                  onClick={() => setPanel('templates')}
                  data-testid="roster-templates"
                >
                  {t('scheduling.roster.toolbar.templates')}
                </Menu.Item>
              )}
              <Menu.Item
                leftSection={<IconHistory size={16} aria-hidden />}
                onClick={() => setPanel('history')}
                data-testid="roster-history"
              >
                {t('scheduling.roster.toolbar.history')}
              </Menu.Item>
              <Menu.Item
                leftSection={<IconPrinter size={16} aria-hidden />}
                component="a"
                href={pdfUrl}
                target="_blank"
                rel="noopener"
                disabled={!published}
                data-testid="roster-pdf"
              >
                {t('scheduling.roster.toolbar.pdf')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        )}
        {roster && (
          <Text size="xs" c="dimmed" data-testid="roster-status" aria-live="polite">
            {pending
              ? t('scheduling.roster.toolbar.saving')
              : roster.publication.lastVersion !== null
                ? t('scheduling.roster.toolbar.version', {
                    version: roster.publication.lastVersion,
                    drafts: roster.publication.draftCount,
                    changed: roster.publication.changedCount,
                  })
                : t('scheduling.roster.toolbar.unpublished', {
                    drafts: roster.publication.draftCount,
                  })}
          </Text>
        )}
      </Group>
    </Stack>
  );

  // ── body ────────────────────────────────────────────────────────────────
  let body: React.ReactNode;
  if (refs.siteItems.length === 0 && !query.isFetching && !site) {
    body = <EmptyState title={t('scheduling.roster.empty.noSites')} />;
  } else if (query.isError && !roster) {
    body = <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  } else if (!roster || !derived) {
    body = <TableSkeleton rows={8} />;
  } else if (roster.shiftTypes.length === 0 || roster.employees.length === 0) {
    const noTypes = roster.shiftTypes.length === 0;
    body = (
      <EmptyState
        title={
          noTypes
            ? t('scheduling.roster.empty.noShiftTypes')
            : t('scheduling.roster.empty.noPeople')
        }
        description={
          noTypes
            ? t('scheduling.roster.empty.noShiftTypesBody')
            : t('scheduling.roster.empty.noPeopleBody')
        }
        action={
          can('scheduling.manage') ? (
            <Anchor component={Link} to="/scheduling/setup" data-testid="roster-setup-link">
              {t('scheduling.roster.empty.setup')}
            </Anchor>
          ) : undefined
        }
      />
    );
  } else if (view === 'day') {
    body = (
      <DayView
        roster={roster}
        derived={derived}
        date={dayDate}
        compact={isPhone}
        onOpen={handlers.onOpen}
        onCreate={editable ? handlers.onCreate : null}
      />
    );
  } else if (view === 'position') {
    body = (
      <PositionView
        roster={roster}
        derived={derived}
        days={days}
        compact={isPhone}
        onOpen={handlers.onOpen}
      />
    );
  } else {
    body = (
      <RosterGrid
        roster={roster}
        derived={derived}
        days={days}
        editable={editable}
        actions={actions}
        handlers={handlers}
        compact={isPhone}
        revealRef={revealRef}
      />
    );
  }

  return (
    <>
      <PageHeader
        title={t('scheduling.roster.title')}
        description={
          roster
            ? t('scheduling.roster.descriptionSite', {
                site: roster.site.name,
                zone: roster.site.timeZone,
              })
            : t('scheduling.roster.description')
        }
      />
      {toolbar}
      {query.isError && roster && (
        <Text c="red" size="sm" role="alert" mb="xs">
          {t('scheduling.roster.staleError')}{' '}
          <Anchor component="button" onClick={() => void query.refetch()}>
            {t('common.retry')}
          </Anchor>
        </Text>
      )}
      {editable && view === 'grid' && roster && roster.employees.length > 0 && (
        <Tooltip label={t('scheduling.roster.help')} multiline w={320}>
          <Text size="xs" c="dimmed" mb={4} tabIndex={0} style={{ display: 'inline-block' }}>
            {t('scheduling.roster.helpShort')}
          </Text>
        </Tooltip>
      )}
      {body}
      {roster && (
        <>
          <ShiftEditor
            roster={roster}
            dates={dates}
            target={editor}
            actions={actions}
            onClose={() => setEditor(null)}
            onMenu={setMenuShift}
          />
          <ShiftActions
            roster={roster}
            dates={dates}
            shift={menuShift}
            actions={actions}
            onClose={() => setMenuShift(null)}
          />
          <ConflictsPanel
            opened={panel === 'conflicts'}
            onClose={() => setPanel(null)}
            findings={findings}
            onShow={showFinding}
          />
          <PublishModal
            opened={panel === 'publish'}
            onClose={() => setPanel(null)}
            roster={roster}
            findings={findings}
            from={from}
            to={to}
          />
          {panel === 'copy' && (
            <CopyWeekModal
              opened
              onClose={() => setPanel(null)}
              siteId={roster.site.id}
              weekStarts={weekStarts}
              defaultTo={from}
            />
          )}
          {panel === 'templates' && (
            <TemplatesModal
              opened
              onClose={() => setPanel(null)}
              siteId={roster.site.id}
              weekStart={from}
            />
          )}
          <HistoryDrawer
            opened={panel === 'history'}
            onClose={() => setPanel(null)}
            siteId={roster.site.id}
          />
        </>
      )}
    </>
  );
}

function useRangeLabel(from: string, to: string) {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const fmt = new Intl.DateTimeFormat(i18n.language, {
      weekday: from === to ? 'long' : undefined,
      month: 'short',
      day: 'numeric',
      year: 'numeric',
      timeZone: 'UTC',
    });
    const a = new Date(`${from}T00:00:00Z`);
    const b = new Date(`${to}T00:00:00Z`);
    return from === to ? fmt.format(a) : fmt.formatRange(a, b);
  }, [from, to, i18n.language]);
}
