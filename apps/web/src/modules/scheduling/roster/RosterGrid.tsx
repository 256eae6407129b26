import { useVirtualizer } from '@tanstack/react-virtual';
import type { TFunction } from 'i18next';
import {
  type CSSProperties,
  type DragEvent,
  type HTMLAttributes,
  type KeyboardEvent,
  type MouseEvent,
  memo,
  type Ref,
  type RefObject,
  useDeferredValue,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import classes from './roster.module.css';
import {
  type Badge,
  badgesByShift,
  type CoverageCell,
  coverageState,
  type Derived,
  hours,
  indexShifts,
  isWeekend,
  laborOf,
  OPEN,
  type Roster,
  rowSignature,
  type Shift,
  weekStart,
} from './roster-model';
import type { RosterActions } from './use-roster';

type Employee = Roster['employees'][number];

export interface GridHandlers {
  /** an empty spot of a cell was chosen: create a shift there */
  onCreate: (rowKey: string, date: string) => void;
  /** a chip was chosen: edit (or view) it */
  onOpen: (shift: Shift) => void;
  /** a chip's action menu (Move to…, Copy to…, …) */
  onMenu: (shift: Shift) => void;
}

interface RowData {
  sig: string;
  cells: Map<string, Shift[]> | undefined;
  badges: Map<string, Badge>;
}

export interface DayInfo {
  date: string;
  weekend: boolean;
  holiday: string | null;
  today: boolean;
}

/**
 * A div carrying an ARIA grid role. The roster is laid out with CSS grid (sticky header and first
 * column), so rows and cells are divs with the grid roles — as the calendar and the resource
 * timeline do with Mantine's Box — kept to a bare div for speed (thousands of cells).
 */
export function Div(
  props: HTMLAttributes<HTMLDivElement> & {
    ref?: Ref<HTMLDivElement>;
    [data: `data-${string}`]: string | number | boolean | undefined;
  },
) {
  return <div {...props} />;
}

/**
 * Translated sentences with placeholders, translated once per key and count and then filled by
 * string replacement: the grid labels thousands of cells and chips, and i18next per cell costs.
 */
export function labelMaker(t: TFunction) {
  const cache = new Map<string, string>();
  // the keys are the roster's own (i18n.ts), written as literals by the callers below
  const translate = t as unknown as (key: string, options: Record<string, unknown>) => string;
  return (key: string, values: Record<string, string | number>, count?: number) => {
    const k = `${key}|${count ?? ''}`;
    let template = cache.get(k);
    if (template === undefined) {
      const slots: Record<string, string | number> = {};
      for (const name of Object.keys(values)) slots[name] = `\uE000${name}\uE000`;
      template = translate(key, { ...slots, ...(count === undefined ? {} : { count }) });
      cache.set(k, template);
    }
    return template.replace(/\uE000(\w+)\uE000/g, (_, name: string) => String(values[name] ?? ''));
  };
}

/** Estimated height of a person's row before it is measured (name, position, hours; one chip). */
const ROW_ESTIMATE = 63;
/** People rows rendered above and below the visible ones. */
const OVERSCAN = 8;
/** Distance from the scroller's top or bottom edge at which a drag scrolls it, in px. */
const DRAG_EDGE = 48;

/** Scrolls the grid to a shift's row so its chip is rendered; false when it is not in the grid. */
export type RevealShift = (shiftId: string) => boolean;

const cx = (...names: (string | false | null | undefined)[]) => names.filter(Boolean).join(' ');

export function dayInfos(
  dates: string[],
  holidayList: Roster['holidays'],
  today: string,
): DayInfo[] {
  const holidays = new Map(holidayList.map((h) => [h.date, h.name]));
  return dates.map((date) => ({
    date,
    weekend: isWeekend(date),
    holiday: holidays.get(date) ?? null,
    today: date === today,
  }));
}

function dayClass(d: DayInfo) {
  return cx(d.holiday ? classes.holiday : d.weekend && classes.weekend, d.today && classes.today);
}

/**
 * The roster grid: a row per person (and open shifts on top), a column per day, shift chips in the
 * cells, then coverage per shift type and labor per day. Rows are memoised by a signature of their
 * shifts and badges, so a move re-renders only the rows it touches. Clicks, keys and drag and drop
 * are handled once, on the grid, by looking up the cell or chip under the event.
 *
 * People rows are virtualized: only the visible ones (plus an overscan) are in the DOM, between two
 * spacers holding the height of the others (measured once rendered, estimated before). The header,
 * the open-shifts row, coverage and labor are always rendered. Keyboard navigation works on row
 * numbers and scrolls a row in before focusing it; a drag near the top or bottom edge scrolls.
 */
export function RosterGrid({
  roster,
  derived,
  days,
  editable,
  actions,
  handlers,
  compact,
  revealRef,
}: {
  roster: Roster;
  derived: Derived;
  days: DayInfo[];
  editable: boolean;
  actions: RosterActions;
  handlers: GridHandlers;
  compact: boolean;
  /** set to a function that scrolls a shift's row into the rendered window */
  revealRef?: RefObject<RevealShift | null>;
}) {
  const { t, i18n } = useTranslation();
  const gridRef = useRef<HTMLDivElement>(null);
  const scrollerRef = useRef<HTMLDivElement>(null);
  const topSpacerRef = useRef<HTMLDivElement>(null);
  const cache = useRef(new Map<string, RowData>());
  const byId = useMemo(() => new Map(derived.shifts.map((s) => [s.id, s])), [derived.shifts]);
  const byIdRef = useRef(byId);
  byIdRef.current = byId;
  const actionsRef = useRef(actions);
  actionsRef.current = actions;
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;

  const index = useMemo(() => indexShifts(derived.shifts), [derived.shifts]);
  // Cost totals follow a move at a lower priority than the chips, badges and coverage.
  const laborInput = useDeferredValue(derived.laborInput);
  const labor = useMemo(() => laborOf(derived.labor, laborInput), [derived.labor, laborInput]);
  const badges = useMemo(() => badgesByShift(derived.findings), [derived.findings]);
  const rowKeys = useMemo(() => [OPEN, ...roster.employees.map((e) => e.id)], [roster.employees]);
  const rowData = useMemo(() => {
    const out = new Map<string, RowData>();
    for (const key of rowKeys) {
      const cells = index.get(key);
      const sig = rowSignature(cells, badges);
      const prev = cache.current.get(key);
      const data = prev && prev.sig === sig ? prev : { sig, cells, badges };
      out.set(key, data);
    }
    cache.current = out;
    return out;
  }, [rowKeys, index, badges]);

  // ── row virtualization ───────────────────────────────────────────────────
  // People rows start below the header and the open-shifts row (their height is the top spacer's
  // offset); on desktop both stick to the top, so a row scrolled to sits below them.
  const total = roster.employees.length;
  const [rowsTop, setRowsTop] = useState(0);
  const [openBottom, setOpenBottom] = useState(0);
  const measureTop = useRef(() => {});
  measureTop.current = () => {
    const spacer = topSpacerRef.current;
    const openLabel = gridRef.current?.querySelector<HTMLElement>(
      '[data-rowkey="__open__"] [role=rowheader]',
    );
    if (!spacer) return;
    // where the people rows start inside the scroller's content (the top spacer's offset)
    const top = spacer.offsetTop;
    setRowsTop((prev) => (prev === top ? prev : top));
    const bottom = openLabel ? openLabel.offsetHeight : 0;
    setOpenBottom((prev) => (prev === bottom ? prev : bottom));
  };
  useLayoutEffect(() => measureTop.current());
  useLayoutEffect(() => {
    const openLabel = gridRef.current?.querySelector<HTMLElement>(
      '[data-rowkey="__open__"] [role=rowheader]',
    );
    if (!openLabel) return;
    const observer = new ResizeObserver(() => measureTop.current());
    observer.observe(openLabel);
    return () => observer.disconnect();
  }, []);
  const headH = 40;
  const stickyTop = compact ? headH : headH + openBottom;
  const employees = roster.employees;
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => ROW_ESTIMATE,
    // the first render already holds a screenful of rows (the scroller is measured right after)
    initialRect: { width: 0, height: typeof window === 'undefined' ? 800 : window.innerHeight },
    overscan: OVERSCAN,
    scrollMargin: rowsTop,
    scrollPaddingStart: stickyTop,
    getItemKey: (i) => employees[i]?.id ?? i,
    // a person's row is a `display: contents` row: its header cell stretches to the row's height
    measureElement: (el) => (el as HTMLElement).offsetHeight,
  });
  const items = virtualizer.getVirtualItems();
  const firstItem = items[0];
  const lastItem = items[items.length - 1];
  const padTop = firstItem ? firstItem.start - rowsTop : 0;
  // (item offsets and the total size count from the scroller's top, rowsTop included)
  const padBottom = lastItem ? Math.max(0, virtualizer.getTotalSize() - lastItem.end) : 0;

  const rendered = useRef(false);
  useLayoutEffect(() => {
    if (!rendered.current) performance.mark('roster:committed');
  }, []);
  useEffect(() => {
    if (!rendered.current) {
      rendered.current = true;
      // after the commit, at the next frame (style and layout of the grid included); with
      // virtualized rows the first render is the complete one (other rows render on scroll)
      requestAnimationFrame(() =>
        setTimeout(() => {
          performance.mark('roster:rendered');
          performance.mark('roster:complete');
        }, 0),
      );
    }
  }, []);

  // Row numbers for navigation: 0 is the open-shifts row, person i is i + 1.
  const rowIndexOf = useMemo(() => {
    const m = new Map<string, number>();
    m.set(OPEN, 0);
    employees.forEach((e, i) => {
      m.set(e.id, i + 1);
    });
    return m;
  }, [employees]);

  // A focus asked for a row outside the rendered window: scrolled to, focused once rendered.
  const pendingFocus = useRef<{ row: number; col: number; tries: number } | null>(null);
  useEffect(() => {
    const p = pendingFocus.current;
    if (!p) return;
    if (focusRendered(p.row, p.col) || --p.tries <= 0) pendingFocus.current = null;
    else requestAnimationFrame(() => setKick((k) => k + 1));
  });
  const [, setKick] = useState(0);

  const revealRow = (row: number) => {
    if (row >= 1) virtualizer.scrollToIndex(row - 1, { align: 'auto' });
  };
  useEffect(() => {
    if (!revealRef) return;
    revealRef.current = (shiftId: string) => {
      const s = byIdRef.current.get(shiftId);
      if (!s) return false;
      const row = rowIndexOf.get(s.employee?.id ?? OPEN);
      if (row === undefined) return false;
      if (row >= 1) virtualizer.scrollToIndex(row - 1, { align: 'center' });
      return true;
    };
    return () => {
      revealRef.current = null;
    };
  }, [revealRef, rowIndexOf, virtualizer]);

  // The roving tab stop left the DOM with its row: the first cell takes it back.
  useEffect(() => {
    const el = active.current;
    if (el && !el.isConnected) {
      active.current = null;
      const first = gridRef.current?.querySelector<HTMLElement>('[data-navrow] [data-cell]');
      if (first) first.tabIndex = 0;
    }
  });

  // ── events, delegated ────────────────────────────────────────────────────
  const shiftOf = (el: Element | null): Shift | undefined => {
    const chip = el?.closest<HTMLElement>('[data-shift-id]');
    return chip ? byIdRef.current.get(chip.dataset.shiftId ?? '') : undefined;
  };
  const cellOf = (el: Element | null) => el?.closest<HTMLElement>('[data-cell]') ?? null;

  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    const target = e.target as Element;
    const shift = shiftOf(target);
    if (shift) {
      handlersRef.current.onOpen(shift);
      return;
    }
    const cell = cellOf(target);
    if (cell && editable && (target === cell || target.closest('[data-add]'))) {
      handlersRef.current.onCreate(cell.dataset.row ?? OPEN, cell.dataset.date ?? '');
    }
  };

  const onContextMenu = (e: MouseEvent<HTMLDivElement>) => {
    const shift = shiftOf(e.target as Element);
    if (shift) {
      e.preventDefault();
      handlersRef.current.onMenu(shift);
    }
  };

  /** Focuses a cell of a rendered row; false when the row is not in the DOM. */
  const focusRendered = (row: number, col: number) => {
    const r = gridRef.current?.querySelector<HTMLElement>(`[data-navrow][data-rowindex="${row}"]`);
    if (!r) return false;
    const cells = r.querySelectorAll<HTMLElement>('[data-cell]');
    if (!cells.length) return false;
    cells[Math.max(0, Math.min(cells.length - 1, col))]?.focus();
    return true;
  };
  const focusCell = (row: number, col: number) => {
    const target = Math.max(0, Math.min(total, row));
    revealRow(target);
    if (!focusRendered(target, col)) pendingFocus.current = { row: target, col, tries: 20 };
  };
  const position = (cell: HTMLElement) => {
    const row = cell.parentElement;
    return {
      row: Number(row?.dataset.rowindex ?? 0),
      col: row ? [...row.querySelectorAll('[data-cell]')].indexOf(cell) : 0,
    };
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    const cell = cellOf(target);
    if (!cell) return;
    const { row, col } = position(cell);
    const chip = target.closest<HTMLElement>('[data-shift-id]');
    const inner = [...cell.querySelectorAll<HTMLElement>('[data-shift-id],[data-add]')];
    const at = inner.indexOf(target);
    const isMenuKey = e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey);
    if (chip && isMenuKey) {
      e.preventDefault();
      const shift = shiftOf(chip);
      if (shift) handlersRef.current.onMenu(shift);
      return;
    }
    switch (e.key) {
      case 'ArrowRight':
        e.preventDefault();
        focusCell(row, col + 1);
        return;
      case 'ArrowLeft':
        e.preventDefault();
        focusCell(row, col - 1);
        return;
      case 'ArrowDown':
        e.preventDefault();
        if (at >= 0 && at < inner.length - 1) inner[at + 1]?.focus();
        else focusCell(row + 1, col);
        return;
      case 'ArrowUp':
        e.preventDefault();
        if (at > 0) inner[at - 1]?.focus();
        else if (at === 0) cell.focus();
        else focusCell(row - 1, col);
        return;
      case 'Home':
        e.preventDefault();
        focusCell(e.ctrlKey ? 0 : row, 0);
        return;
      case 'End':
        e.preventDefault();
        focusCell(e.ctrlKey ? Number.MAX_SAFE_INTEGER : row, Number.MAX_SAFE_INTEGER);
        return;
      case 'Escape':
        if (target !== cell) {
          e.preventDefault();
          cell.focus();
        }
        return;
      case 'Enter':
      case ' ':
        e.preventDefault();
        if (chip) {
          const shift = shiftOf(chip);
          if (shift) handlersRef.current.onOpen(shift);
        } else if (target.closest('[data-add]') || (target === cell && inner.length === 0)) {
          if (editable)
            handlersRef.current.onCreate(cell.dataset.row ?? OPEN, cell.dataset.date ?? '');
        } else if (target === cell) {
          inner[0]?.focus();
        }
        return;
    }
  };

  // Roving tabindex: the last focused cell or chip is the one Tab comes back to.
  const active = useRef<HTMLElement | null>(null);
  const onFocus = (e: React.FocusEvent<HTMLDivElement>) => {
    const el = e.target as HTMLElement;
    if (!el.matches('[data-cell],[data-shift-id],[data-add]')) return;
    if (active.current && active.current !== el) active.current.tabIndex = -1;
    const first = gridRef.current?.querySelector<HTMLElement>('[data-cell][tabindex="0"]');
    if (first && first !== el) first.tabIndex = -1;
    el.tabIndex = 0;
    active.current = el;
  };

  // ── drag and drop (native) ───────────────────────────────────────────────
  const dropTarget = useRef<HTMLElement | null>(null);
  const setDropTarget = (el: HTMLElement | null) => {
    if (dropTarget.current === el) return;
    dropTarget.current?.classList.remove(classes.dropTarget ?? '');
    el?.classList.add(classes.dropTarget ?? '');
    dropTarget.current = el;
  };
  // the cell a drag started in: no edge scrolling while the pointer is still over it
  const dragSource = useRef<HTMLElement | null>(null);
  const onDragStart = (e: DragEvent<HTMLDivElement>) => {
    const shift = shiftOf(e.target as Element);
    if (!shift) return;
    dragSource.current = cellOf(e.target as Element);
    e.dataTransfer.setData('text/x-keel-shift', shift.id);
    e.dataTransfer.setData('text/plain', shift.id);
    e.dataTransfer.effectAllowed = 'copyMove';
  };
  const onDragOver = (e: DragEvent<HTMLDivElement>) => {
    // Near the top (below the sticky rows) or bottom edge of the visible part of the grid, the
    // grid scrolls under the drag.
    const scroller = scrollerRef.current;
    if (scroller && editable && cellOf(e.target as Element) !== dragSource.current) {
      const box = scroller.getBoundingClientRect();
      const bottom = Math.min(box.bottom, window.innerHeight);
      const top = Math.max(box.top + stickyTop, 0);
      const y = e.clientY;
      if (y > bottom - DRAG_EDGE && y <= bottom)
        scroller.scrollTop += Math.ceil((y - (bottom - DRAG_EDGE)) / 2) + 4;
      else if (y < top + DRAG_EDGE && y >= top)
        scroller.scrollTop -= Math.ceil((top + DRAG_EDGE - y) / 2) + 4;
    }
    const cell = cellOf(e.target as Element);
    if (!cell || !editable) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = e.ctrlKey || e.altKey || e.metaKey ? 'copy' : 'move';
    setDropTarget(cell);
  };
  const onDragEnd = () => {
    setDropTarget(null);
    dragSource.current = null;
  };
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    setDropTarget(null);
    dragSource.current = null;
    const cell = cellOf(e.target as Element);
    const id = e.dataTransfer.getData('text/x-keel-shift') || e.dataTransfer.getData('text/plain');
    const shift = byIdRef.current.get(id);
    if (!cell || !shift || !editable) return;
    e.preventDefault();
    performance.mark('roster:drop');
    const row = cell.dataset.row ?? OPEN;
    const date = cell.dataset.date ?? shift.date;
    const employeeId = row === OPEN ? null : row;
    const copy = e.ctrlKey || e.altKey || e.metaKey;
    if (copy) {
      actionsRef.current.copy(shift, { employeeId, date });
      return;
    }
    if ((shift.employee?.id ?? null) === employeeId && shift.date === date) return;
    if (!actionsRef.current.canEdit(shift)) return;
    actionsRef.current.update(shift, { employeeId, date });
  };

  const cols = days.length;
  const style = {
    '--cols': cols,
    '--head-h': '40px',
    '--label-w': compact ? '112px' : '180px',
    '--col-w': cols > 14 ? '88px' : cols > 7 ? '100px' : compact ? '84px' : '108px',
    '--col-track': cols <= 7 ? 'minmax(var(--col-w), 1fr)' : 'var(--col-w)',
  } as CSSProperties;
  const locale = i18n.language;
  const dayFmt = useMemo(
    () => new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', timeZone: 'UTC' }),
    [locale],
  );
  const longFmt = useMemo(
    () =>
      new Intl.DateTimeFormat(locale, {
        weekday: 'long',
        month: 'long',
        day: 'numeric',
        timeZone: 'UTC',
      }),
    [locale],
  );
  const dayLabels = useMemo(
    () =>
      new Map(
        days.map((d) => [
          d.date,
          {
            short: dayFmt.format(new Date(`${d.date}T00:00:00Z`)),
            long: longFmt.format(new Date(`${d.date}T00:00:00Z`)),
          },
        ]),
      ),
    [days, dayFmt, longFmt],
  );
  const label = useMemo(() => labelMaker(t), [t]);
  const weeks = useMemo(
    () => [...new Set(days.map((d) => weekStart(d.date, roster.weekStartsOn)))],
    [days, roster.weekStartsOn],
  );
  const ctx: RowContext = {
    label,
    days,
    dayLabels,
    editable,
    canEdit: actions.canEdit,
    t,
    weekStartsOn: roster.weekStartsOn,
    weeks,
    stickyOpen: !compact,
  };

  const coverageRowCount = useMemo(
    () => new Set(derived.coverage.map((c) => `${c.shiftTypeId}|${c.positionId ?? ''}`)).size,
    [derived.coverage],
  );

  return (
    <div
      className={classes.scroller}
      data-testid="roster-grid-scroller"
      ref={scrollerRef}
      style={{ scrollPaddingTop: stickyTop }}
    >
      <Div
        ref={gridRef}
        role="grid"
        aria-label={t('scheduling.roster.grid.label', { site: roster.site.name })}
        aria-rowcount={rowKeys.length + 1 + coverageRowCount + (labor ? 1 : 0)}
        aria-colcount={cols + 1}
        className={classes.grid}
        style={style}
        onClick={onClick}
        onContextMenu={onContextMenu}
        onKeyDown={onKeyDown}
        onFocus={onFocus}
        onDragStart={onDragStart}
        onDragOver={onDragOver}
        onDragEnd={onDragEnd}
        onDragLeave={(e) => {
          if (e.target === gridRef.current) setDropTarget(null);
        }}
        onDrop={onDrop}
        data-testid="roster-grid"
      >
        <Div role="row" className={classes.row} aria-rowindex={1}>
          <Div role="columnheader" className={cx(classes.head, classes.corner)}>
            {t('scheduling.roster.grid.person')}
          </Div>
          {days.map((d) => (
            <Div
              key={d.date}
              role="columnheader"
              className={cx(classes.head, d.today && classes.todayHead, dayClass(d))}
              title={d.holiday ?? undefined}
              data-testid={`roster-day-${d.date}`}
            >
              <div>{dayLabels.get(d.date)?.short}</div>
              {d.holiday && <div className={classes.muted}>{d.holiday}</div>}
            </Div>
          ))}
        </Div>
        <ShiftRow
          rowKey={OPEN}
          index={0}
          employee={null}
          data={rowData.get(OPEN) as RowData}
          ctx={ctx}
          first
        />
        <div ref={topSpacerRef} aria-hidden className={classes.spacer} style={{ height: padTop }} />
        {items.map((item) => {
          const emp = employees[item.index];
          if (!emp) return null;
          return (
            <ShiftRow
              key={emp.id}
              rowKey={emp.id}
              index={item.index + 1}
              employee={emp}
              data={rowData.get(emp.id) as RowData}
              ctx={ctx}
              first={false}
              measure={virtualizer.measureElement}
            />
          );
        })}
        <div aria-hidden className={classes.spacer} style={{ height: padBottom }} />
        <CoverageRows
          roster={roster}
          coverage={derived.coverage}
          days={days}
          t={t}
          rowIndexStart={rowKeys.length + 2}
        />
        {labor && (
          <LaborRow
            rowIndex={rowKeys.length + 2 + coverageRowCount}
            labor={labor}
            days={days}
            currency={roster.currency}
            weekStartsOn={roster.weekStartsOn}
            locale={locale}
            t={t}
          />
        )}
      </Div>
    </div>
  );
}

interface RowContext {
  label: ReturnType<typeof labelMaker>;
  days: DayInfo[];
  dayLabels: Map<string, { short: string; long: string }>;
  editable: boolean;
  canEdit: (shift: Shift) => boolean;
  t: TFunction;
  weekStartsOn: number;
  /** week starts of the shown days */
  weeks: string[];
  stickyOpen: boolean;
}

const ShiftRow = memo(
  function ShiftRow({
    rowKey,
    index,
    employee,
    data,
    ctx,
    first,
    measure,
  }: {
    rowKey: string;
    /** row number for navigation: 0 = open shifts, person i = i + 1 */
    index: number;
    employee: Employee | null;
    data: RowData;
    ctx: RowContext;
    first: boolean;
    /** the virtualizer's measurement of a person's row (its header cell has the row's height) */
    measure?: (el: Element | null) => void;
  }) {
    const { t, days, editable } = ctx;
    const name = employee ? employee.name : t('scheduling.roster.grid.open');
    const weekly = new Map<string, number>();
    if (employee && data.cells) {
      for (const [date, cell] of data.cells) {
        const w = weekStart(date, ctx.weekStartsOn);
        for (const s of cell) weekly.set(w, (weekly.get(w) ?? 0) + s.paidMinutes);
      }
    }
    const weeks = ctx.weeks;
    const contract = employee?.contractMinutesPerWeek ?? null;
    const sticky = !employee && ctx.stickyOpen;
    return (
      <Div
        role="row"
        className={classes.row}
        data-navrow
        data-rowkey={rowKey}
        data-rowindex={index}
        aria-rowindex={index + 2}
        data-testid={employee ? `roster-row-${employee.id}` : 'roster-row-open'}
      >
        <Div
          role="rowheader"
          ref={measure}
          data-index={employee ? index - 1 : undefined}
          className={cx(
            classes.label,
            !employee && classes.sectionLabel,
            sticky && classes.openSticky,
          )}
        >
          <div className={classes.labelName} title={name}>
            {name}
          </div>
          {employee && (
            <>
              <div className={classes.muted}>{employee.positionName ?? ''}</div>
              <div className={classes.muted} data-testid={`roster-hours-${employee.id}`}>
                {weeks.map((w, i) => {
                  const min = weekly.get(w) ?? 0;
                  const over = contract !== null && min > contract;
                  return (
                    <span key={w} className={over ? classes.over : undefined}>
                      {i > 0 ? ' · ' : ''}
                      {hours(min)}
                    </span>
                  );
                })}
                {contract !== null
                  ? ` / ${ctx.label('scheduling.roster.grid.hours', { hours: hours(contract) })}`
                  : ` ${ctx.label('scheduling.roster.grid.h', {})}`}
              </div>
            </>
          )}
        </Div>
        {days.map((d, col) => {
          const cell = data.cells?.get(d.date);
          const label = ctx.dayLabels.get(d.date)?.long ?? d.date;
          return (
            <Div
              key={d.date}
              role="gridcell"
              data-cell
              data-row={rowKey}
              data-date={d.date}
              data-testid={`roster-cell-${employee?.id ?? 'open'}-${d.date}`}
              tabIndex={first && col === 0 ? 0 : -1}
              aria-label={ctx.label(
                'scheduling.roster.grid.cellLabel',
                { name, date: label },
                cell?.length ?? 0,
              )}
              className={cx(
                classes.cell,
                editable && classes.editable,
                dayClass(d),
                sticky && classes.openSticky,
              )}
            >
              {cell?.map((s) => (
                <Chip
                  key={s.id}
                  shift={s}
                  badge={data.badges.get(s.id)}
                  ownPosition={employee?.positionId ?? null}
                  draggable={editable && !s.id.startsWith('local-')}
                  label={ctx.label}
                />
              ))}
              {editable && cell && cell.length > 0 && (
                <button
                  type="button"
                  tabIndex={-1}
                  data-add
                  className={classes.addBtn}
                  aria-label={ctx.label('scheduling.roster.grid.addIn', { name, date: label })}
                >
                  + {t('scheduling.roster.grid.add')}
                </button>
              )}
            </Div>
          );
        })}
      </Div>
    );
  },
  (a, b) =>
    a.data === b.data &&
    a.index === b.index &&
    a.measure === b.measure &&
    a.ctx.days === b.ctx.days &&
    a.ctx.editable === b.ctx.editable &&
    a.ctx.canEdit === b.ctx.canEdit &&
    a.ctx.t === b.ctx.t &&
    a.ctx.stickyOpen === b.ctx.stickyOpen &&
    a.first === b.first &&
    a.employee?.id === b.employee?.id &&
    a.employee?.name === b.employee?.name &&
    a.employee?.positionName === b.employee?.positionName &&
    a.employee?.contractMinutesPerWeek === b.employee?.contractMinutesPerWeek,
);

function Chip({
  shift,
  badge,
  ownPosition,
  draggable,
  label: tl,
}: {
  shift: Shift;
  badge: Badge | undefined;
  ownPosition: string | null;
  draggable: boolean;
  label: RowContext['label'];
}) {
  const color = shift.shiftType?.color ?? '#868e96';
  const showPosition = shift.position && shift.position.id !== ownPosition;
  const problems = badge
    ? [
        badge.errors ? tl('scheduling.roster.chip.errors', {}, badge.errors) : '',
        badge.warnings ? tl('scheduling.roster.chip.warnings', {}, badge.warnings) : '',
      ]
        .filter(Boolean)
        .join(', ')
    : '';
  const label = [
    shift.shiftType ? `${shift.shiftType.code} ${shift.shiftType.name}` : '',
    `${shift.startTime}–${shift.endTime}`,
    showPosition ? shift.position?.name : '',
    shift.status === 'draft'
      ? tl('scheduling.roster.chip.draft', {})
      : shift.changedSincePublish
        ? tl('scheduling.roster.chip.changed', {})
        : tl('scheduling.roster.chip.published', {}),
    problems,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <Div
      role="button"
      tabIndex={-1}
      draggable={draggable}
      data-shift-id={shift.id}
      data-testid="roster-chip"
      data-status={shift.status}
      data-findings={badge ? badge.errors + badge.warnings : 0}
      aria-label={label}
      aria-haspopup="menu"
      title={shift.notes ? `${label}\n${shift.notes}` : label}
      className={cx(
        classes.chip,
        shift.status === 'draft' && classes.draft,
        shift.status === 'published' && shift.changedSincePublish && classes.changed,
      )}
      style={{ '--chip': color } as CSSProperties}
    >
      {shift.shiftType && <span className={classes.chipCode}>{shift.shiftType.code}</span>}{' '}
      <span className={classes.chipTimes}>
        {shift.startTime}–{shift.endTime}
      </span>
      {badge && badge.errors > 0 && (
        <span className={classes.badge} aria-hidden>
          {badge.errors}
        </span>
      )}
      {badge && badge.warnings > 0 && (
        <span className={cx(classes.badge, classes.badgeWarn)} aria-hidden>
          {badge.warnings}
        </span>
      )}
      {showPosition && <span className={classes.chipPos}>{shift.position?.name}</span>}
    </Div>
  );
}

function CoverageRows({
  roster,
  coverage,
  days,
  t,
  rowIndexStart,
}: {
  roster: Roster;
  coverage: CoverageCell[];
  days: DayInfo[];
  t: TFunction;
  rowIndexStart: number;
}) {
  const rows = useMemo(() => {
    const byKey = new Map<string, Map<string, CoverageCell>>();
    for (const c of coverage) {
      const key = `${c.shiftTypeId}|${c.positionId ?? ''}`;
      let m = byKey.get(key);
      if (!m) {
        m = new Map();
        byKey.set(key, m);
      }
      const prev = m.get(c.date);
      m.set(
        c.date,
        prev
          ? {
              ...prev,
              min: prev.min + c.min,
              ideal: prev.ideal + c.ideal,
              scheduled: prev.scheduled + c.scheduled,
              open: prev.open + c.open,
            }
          : c,
      );
    }
    const types = new Map(roster.shiftTypes.map((s) => [s.id, s]));
    const positions = new Map(roster.positions.map((p) => [p.id, p.name]));
    return [...byKey.entries()]
      .map(([key, cells]) => {
        const [typeId, posId] = key.split('|') as [string, string];
        const type = types.get(typeId);
        const label = `${type?.code ?? '?'} ${type?.name ?? ''}${posId ? ` · ${positions.get(posId) ?? ''}` : ''}`;
        return { key, label, cells, order: `${type?.startTime ?? ''}${type?.code ?? ''}${posId}` };
      })
      .sort((a, b) => a.order.localeCompare(b.order));
  }, [coverage, roster.shiftTypes, roster.positions]);
  if (rows.length === 0) return null;
  return (
    <>
      {rows.map((r, i) => (
        <Div
          key={r.key}
          role="row"
          className={classes.row}
          aria-rowindex={rowIndexStart + i}
          data-testid="roster-coverage-row"
        >
          <Div role="rowheader" className={cx(classes.label, classes.sectionLabel)}>
            <div className={classes.labelName} title={r.label}>
              {t('scheduling.roster.grid.coverage')}: {r.label}
            </div>
          </Div>
          {days.map((d) => {
            const c = r.cells.get(d.date);
            if (!c) return <Div key={d.date} role="gridcell" className={classes.sum} />;
            const state = coverageState(c);
            return (
              <Div
                key={d.date}
                role="gridcell"
                className={cx(classes.sum, classes[`cov_${state}`])}
                data-testid={`roster-coverage-${c.shiftTypeId}-${d.date}`}
                data-state={state}
                title={t('scheduling.roster.grid.coverageTitle', {
                  scheduled: c.scheduled,
                  min: c.min,
                  ideal: c.ideal,
                  open: c.open,
                })}
              >
                {c.scheduled}/{c.min}
                {c.open > 0 ? ` +${c.open}` : ''}
              </Div>
            );
          })}
        </Div>
      ))}
    </>
  );
}

function LaborRow({
  rowIndex,
  labor,
  days,
  currency,
  weekStartsOn,
  locale,
  t,
}: {
  rowIndex: number;
  labor: NonNullable<Roster['labor']>;
  days: DayInfo[];
  currency: string | null;
  weekStartsOn: number;
  locale: string;
  t: TFunction;
}) {
  const money = useMemo(() => {
    try {
      return currency
        ? new Intl.NumberFormat(locale, {
            style: 'currency',
            currency,
            maximumFractionDigits: 0,
          })
        : null;
    } catch {
      return null;
    }
  }, [currency, locale]);
  const digits = money?.resolvedOptions().maximumFractionDigits ?? 0;
  const fmt = (minor: number) =>
    money ? money.format(minor / 10 ** (digits === 0 && currency !== 'JPY' ? 2 : digits)) : '';
  const weeks = [...new Set(days.map((d) => weekStart(d.date, weekStartsOn)))];
  return (
    <Div role="row" className={classes.row} aria-rowindex={rowIndex} data-testid="roster-labor-row">
      <Div role="rowheader" className={cx(classes.label, classes.sectionLabel)}>
        <div className={classes.labelName}>{t('scheduling.roster.grid.labor')}</div>
        {weeks.map((w) => {
          const tot = labor.byWeek[w];
          return (
            <div key={w} className={classes.muted}>
              {t('scheduling.roster.grid.week', { date: w.slice(5) })}:{' '}
              {t('scheduling.roster.grid.hours', { hours: hours(tot?.paidMinutes ?? 0) })}
              {tot ? ` · ${fmt(tot.costMinor)}` : ''}
            </div>
          );
        })}
      </Div>
      {days.map((d) => {
        const tot = labor.byDate[d.date];
        return (
          <Div key={d.date} role="gridcell" className={classes.sum}>
            <div>{t('scheduling.roster.grid.hours', { hours: hours(tot?.paidMinutes ?? 0) })}</div>
            {tot && currency && <div className={classes.muted}>{fmt(tot.costMinor)}</div>}
            {tot && tot.overtimeMinutes > 0 && (
              <div className={classes.over}>
                {t('scheduling.roster.grid.overtime', { hours: hours(tot.overtimeMinutes) })}
              </div>
            )}
          </Div>
        );
      })}
    </Div>
  );
}
