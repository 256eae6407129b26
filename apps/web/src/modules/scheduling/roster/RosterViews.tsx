import { type CSSProperties, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { type DayInfo, Div } from './RosterGrid';
import classes from './roster.module.css';
import {
  type CoverageCell,
  coverageState,
  type Derived,
  minutesOf,
  OPEN,
  type Roster,
  type Shift,
} from './roster-model';

const cx = (...names: (string | false | null | undefined)[]) => names.filter(Boolean).join(' ');

/**
 * One date as a timeline: a row per person (open shifts on top), bars placed by local time in
 * the site's zone; the axis runs past midnight far enough to show the night shifts of the day.
 */
export function DayView({
  roster,
  derived,
  date,
  compact,
  onOpen,
  onCreate,
}: {
  roster: Roster;
  derived: Derived;
  date: string;
  compact: boolean;
  onOpen: (s: Shift) => void;
  onCreate: ((rowKey: string, date: string) => void) | null;
}) {
  const { t } = useTranslation();
  const shifts = useMemo(
    () => derived.shifts.filter((s) => s.date === date),
    [derived.shifts, date],
  );
  const endHour = useMemo(() => {
    let max = 24;
    for (const s of shifts) {
      const a = minutesOf(s.startTime);
      let b = minutesOf(s.endTime);
      if (b <= a) b += 24 * 60;
      max = Math.max(max, Math.ceil(b / 60));
    }
    return Math.min(36, max);
  }, [shifts]);
  const byRow = useMemo(() => {
    const m = new Map<string, Shift[]>();
    for (const s of shifts) {
      const k = s.employee?.id ?? OPEN;
      m.set(k, [...(m.get(k) ?? []), s]);
    }
    return m;
  }, [shifts]);
  const rows = [
    { key: OPEN, name: t('scheduling.roster.grid.open'), sub: '' },
    ...roster.employees.map((e) => ({ key: e.id, name: e.name, sub: e.positionName ?? '' })),
  ];
  // Open at the day's first shift (the axis is wider than a phone).
  const scroller = useRef<HTMLDivElement>(null);
  const first = useMemo(
    () => Math.min(24 * 60, ...shifts.map((s) => minutesOf(s.startTime))),
    [shifts],
  );
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const labelW = compact ? 112 : 180;
    const axis = el.scrollWidth - labelW;
    el.scrollLeft = first >= 24 * 60 ? 0 : Math.max(0, (first / (endHour * 60)) * axis - 24);
  }, [first, endHour, compact]);
  const step = compact ? 3 : endHour > 24 ? 2 : 1;
  const ticks = Array.from({ length: Math.floor(endHour / step) + 1 }, (_, i) => i * step);
  const total = endHour * 60;
  const style = {
    '--label-w': compact ? '112px' : '180px',
    '--axis-w': compact ? '640px' : '900px',
    '--hours': endHour,
  } as CSSProperties;
  return (
    <div className={classes.scroller} data-testid="roster-day-view" ref={scroller}>
      <div className={classes.timeline} style={style}>
        <div className={cx(classes.head, classes.corner)}>{t('scheduling.roster.grid.person')}</div>
        <div className={classes.axis} aria-hidden>
          {ticks.map((h) => (
            <span key={h} className={classes.tick} style={{ left: `${(h / endHour) * 100}%` }}>
              {String(h % 24).padStart(2, '0')}
            </span>
          ))}
        </div>
        {rows.map((r) => (
          <div
            key={r.key}
            className={classes.row}
            data-testid={`day-row-${r.key === OPEN ? 'open' : r.key}`}
          >
            <div className={cx(classes.label, r.key === OPEN && classes.sectionLabel)}>
              <div className={classes.labelName}>{r.name}</div>
              {r.sub && <div className={classes.muted}>{r.sub}</div>}
            </div>
            {/* biome-ignore lint/a11y/noStaticElementInteractions: the empty track is a mouse shortcut; bars and the toolbar are the keyboard path */}
            <div
              className={classes.track}
              onClick={(e) => {
                if (e.target === e.currentTarget && onCreate) onCreate(r.key, date);
              }}
              onKeyDown={undefined}
            >
              {endHour > 24 && (
                <span className={classes.midnight} style={{ left: `${(24 / endHour) * 100}%` }} />
              )}
              {(byRow.get(r.key) ?? []).map((s) => {
                const a = minutesOf(s.startTime);
                let b = minutesOf(s.endTime);
                if (b <= a) b += 24 * 60;
                const color = s.shiftType?.color ?? '#868e96';
                return (
                  <button
                    type="button"
                    key={s.id}
                    className={cx(classes.chip, classes.bar, s.status === 'draft' && classes.draft)}
                    style={
                      {
                        '--chip': color,
                        left: `${(a / total) * 100}%`,
                        width: `${((Math.min(b, total) - a) / total) * 100}%`,
                      } as CSSProperties
                    }
                    onClick={() => onOpen(s)}
                    data-testid="day-bar"
                    aria-label={`${s.employee?.name ?? t('scheduling.roster.grid.open')}: ${s.shiftType?.code ?? ''} ${s.startTime}–${s.endTime}`}
                  >
                    <span className={classes.chipCode}>{s.shiftType?.code}</span>
                    <span className={classes.chipTimes}>
                      {s.startTime}–{s.endTime}
                    </span>
                  </button>
                );
              })}
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}

/**
 * Rows are positions and their shift types; per day the names assigned, the open slots, and the
 * coverage (scheduled of needed).
 */
export function PositionView({
  roster,
  derived,
  days,
  compact,
  onOpen,
}: {
  roster: Roster;
  derived: Derived;
  days: DayInfo[];
  compact: boolean;
  onOpen: (s: Shift) => void;
}) {
  const { t, i18n } = useTranslation();
  const rows = useMemo(() => {
    const positions = new Map(roster.positions.map((p) => [p.id, p.name]));
    const types = new Map(roster.shiftTypes.map((s) => [s.id, s]));
    const cells = new Map<string, Map<string, Shift[]>>();
    const keyOf = (pos: string | null, type: string | null) => `${pos ?? ''}|${type ?? ''}`;
    for (const s of derived.shifts) {
      const k = keyOf(s.position?.id ?? null, s.shiftType?.id ?? null);
      let m = cells.get(k);
      if (!m) {
        m = new Map();
        cells.set(k, m);
      }
      m.set(s.date, [...(m.get(s.date) ?? []), s]);
    }
    const cov = new Map<string, Map<string, CoverageCell>>();
    for (const c of derived.coverage) {
      const k = keyOf(c.positionId, c.shiftTypeId);
      let m = cov.get(k);
      if (!m) {
        m = new Map();
        cov.set(k, m);
      }
      m.set(c.date, c);
      if (!cells.has(k)) cells.set(k, new Map());
    }
    return [...cells.keys()]
      .map((k) => {
        const [pos, type] = k.split('|') as [string, string];
        const st = type ? types.get(type) : undefined;
        return {
          key: k,
          position: pos ? (positions.get(pos) ?? '') : t('scheduling.roster.positions.any'),
          type: st ? `${st.code} ${st.name}` : t('scheduling.roster.editor.customTimes'),
          order: `${pos ? (positions.get(pos) ?? '') : '~'}|${st?.startTime ?? '99'}`,
          cells: cells.get(k) ?? new Map<string, Shift[]>(),
          cov: cov.get(k),
        };
      })
      .sort((a, b) => a.order.localeCompare(b.order));
  }, [derived.shifts, derived.coverage, roster, t]);
  const fmt = new Intl.DateTimeFormat(i18n.language, {
    weekday: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
  const style = {
    '--cols': days.length,
    '--label-w': compact ? '112px' : '180px',
    '--col-w': days.length > 14 ? '90px' : compact ? '96px' : '120px',
  } as CSSProperties;
  return (
    <div className={classes.scroller} data-testid="roster-position-view">
      <Div className={classes.grid} style={style} role="table">
        <Div role="row" className={classes.row}>
          <Div role="columnheader" className={cx(classes.head, classes.corner)}>
            {t('scheduling.roster.positions.position')}
          </Div>
          {days.map((d) => (
            <Div
              key={d.date}
              role="columnheader"
              className={cx(classes.head, d.weekend && classes.weekend)}
            >
              {fmt.format(new Date(`${d.date}T00:00:00Z`))}
            </Div>
          ))}
        </Div>
        {rows.map((r) => (
          <Div key={r.key} role="row" className={classes.row} data-testid="position-row">
            <Div role="rowheader" className={classes.label}>
              <div className={classes.labelName}>{r.position}</div>
              <div className={classes.muted}>{r.type}</div>
            </Div>
            {days.map((d) => {
              const list = r.cells.get(d.date) ?? [];
              const c = r.cov?.get(d.date);
              const open = list.filter((s) => !s.employee);
              return (
                <Div
                  key={d.date}
                  role="cell"
                  className={cx(
                    classes.cell,
                    d.holiday ? classes.holiday : d.weekend && classes.weekend,
                  )}
                >
                  <div className={classes.names}>
                    {list
                      .filter((s) => s.employee)
                      .map((s) => (
                        <button
                          type="button"
                          key={s.id}
                          className={classes.addBtn}
                          style={{ opacity: 1, color: 'inherit' }}
                          onClick={() => onOpen(s)}
                        >
                          {s.employee?.name}
                        </button>
                      ))}
                    {open.length > 0 && (
                      <button
                        type="button"
                        className={cx(classes.addBtn, classes.openSlot)}
                        style={{ opacity: 1 }}
                        onClick={() => open[0] && onOpen(open[0])}
                      >
                        {t('scheduling.roster.positions.open', { count: open.length })}
                      </button>
                    )}
                  </div>
                  {c && (
                    <span
                      className={cx(classes.sum, classes[`cov_${coverageState(c)}`])}
                      style={{ border: 0, borderRadius: 4 }}
                    >
                      {c.scheduled}/{c.min}
                    </span>
                  )}
                </Div>
              );
            })}
          </Div>
        ))}
      </Div>
    </div>
  );
}
