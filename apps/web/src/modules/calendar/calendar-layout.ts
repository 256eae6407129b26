import type { CalendarItem } from '@keel/contracts';
import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

export const CALENDAR_VIEWS = ['month', 'week', 'day', 'agenda'] as const;
export type CalendarView = (typeof CALENDAR_VIEWS)[number];

/** Days the agenda shows from its anchor. */
export const AGENDA_DAYS = 30;

/** Midnight of a calendar date (YYYY-MM-DD) in a time zone. */
export const dayStart = (date: string, tz: string): Dayjs => dayjs.tz(date, tz);

export const addDays = (date: string, n: number): string =>
  dayjs.utc(date).add(n, 'day').format('YYYY-MM-DD');

/** Today's date in the time zone. */
export const today = (tz: string): string => dayjs().tz(tz).format('YYYY-MM-DD');

/** Monday of the week holding `date` (weeks start on Monday). */
export const weekStart = (date: string): string => {
  const d = dayjs.utc(date);
  return d.subtract((d.day() + 6) % 7, 'day').format('YYYY-MM-DD');
};

/** The first date and number of days a view shows around its anchor date. */
export function viewDays(view: CalendarView, anchor: string): { first: string; days: number } {
  switch (view) {
    case 'month':
      return { first: weekStart(`${anchor.slice(0, 7)}-01`), days: 42 };
    case 'week':
      return { first: weekStart(anchor), days: 7 };
    case 'day':
      return { first: anchor, days: 1 };
    case 'agenda':
      return { first: anchor, days: AGENDA_DAYS };
  }
}

/** The API range [from, to) of a view, as instants in the display time zone. */
export function viewRange(view: CalendarView, anchor: string, tz: string) {
  const { first, days } = viewDays(view, anchor);
  return {
    from: dayStart(first, tz).toISOString(),
    to: dayStart(addDays(first, days), tz).toISOString(),
  };
}

/** The anchor after moving one view length back (-1) or forward (+1). */
export function shiftAnchor(view: CalendarView, anchor: string, step: -1 | 1): string {
  if (view === 'month')
    return dayjs
      .utc(`${anchor.slice(0, 7)}-01`)
      .add(step, 'month')
      .format('YYYY-MM-DD');
  if (view === 'week') return addDays(anchor, 7 * step);
  if (view === 'day') return addDays(anchor, step);
  return addDays(anchor, AGENDA_DAYS * step);
}

export const dateList = (first: string, days: number): string[] =>
  Array.from({ length: days }, (_, i) => addDays(first, i));

/**
 * Whether an item falls on a date. All-day items cover their UTC dates [start, end); timed items
 * count on every local date they overlap in the display time zone.
 */
export function onDate(item: CalendarItem, date: string, tz: string): boolean {
  if (item.allDay) {
    const first = item.start.slice(0, 10);
    const end = item.end.slice(0, 10);
    return first <= date && (date < end || (end <= first && date === first));
  }
  const s = dayStart(date, tz).valueOf();
  const e = dayStart(addDays(date, 1), tz).valueOf();
  const is = Date.parse(item.start);
  const ie = Date.parse(item.end);
  return is < e && (ie > s || (ie <= is && is >= s));
}

export interface PlacedItem {
  item: CalendarItem;
  /** Minutes from the day's midnight, clipped to the day. */
  top: number;
  height: number;
  lane: number;
  lanes: number;
}

/** Timed items of one date laid out side by side where they overlap (greedy lanes). */
export function placeTimed(items: CalendarItem[], date: string, tz: string): PlacedItem[] {
  const s = dayStart(date, tz);
  const dayMs = dayStart(addDays(date, 1), tz).valueOf() - s.valueOf();
  const rows = items
    .filter((i) => !i.allDay && onDate(i, date, tz))
    .map((item) => {
      const a = Math.max(0, Date.parse(item.start) - s.valueOf());
      const b = Math.min(dayMs, Math.max(Date.parse(item.end) - s.valueOf(), a + 15 * 60_000));
      return { item, top: a / 60_000, height: (b - a) / 60_000, lane: 0, lanes: 1 };
    })
    .sort((x, y) => x.top - y.top || y.height - x.height);
  const laneEnds: number[] = [];
  let cluster: PlacedItem[] = [];
  let clusterEnd = -1;
  const closeCluster = () => {
    const n = Math.max(1, ...cluster.map((c) => c.lane + 1));
    for (const c of cluster) c.lanes = n;
    cluster = [];
    laneEnds.length = 0;
  };
  for (const r of rows) {
    if (r.top >= clusterEnd) closeCluster();
    let lane = laneEnds.findIndex((end) => end <= r.top);
    if (lane < 0) lane = laneEnds.length;
    laneEnds[lane] = r.top + r.height;
    r.lane = lane;
    cluster.push(r);
    clusterEnd = Math.max(clusterEnd, r.top + r.height);
  }
  closeCluster();
  return rows;
}

const KIND_COLORS: Record<string, string> = {
  task: 'blue',
  booking: 'teal',
  shift: 'violet',
  work_order: 'orange',
  inspection: 'grape',
};

/** A Mantine color name or a CSS color (`#0ca678`) for an item: its own, else its kind's. */
export const itemColor = (item: CalendarItem): string =>
  item.color || KIND_COLORS[item.kind] || 'gray';

/** Background, text and accent colors of an item's chip, for theme names and CSS colors alike. */
export function chipColors(color: string) {
  if (/^[a-z]+$/.test(color))
    return {
      bg: `var(--mantine-color-${color}-light)`,
      fg: `var(--mantine-color-${color}-light-color)`,
      accent: `var(--mantine-color-${color}-filled)`,
    };
  return {
    bg: `color-mix(in srgb, ${color} 16%, var(--mantine-color-body))`,
    fg: 'var(--mantine-color-text)',
    accent: color,
  };
}
