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
  /** Index of the run of overlapping items it belongs to (they share `lanes`). */
  cluster: number;
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
      return { item, top: a / 60_000, height: (b - a) / 60_000, lane: 0, lanes: 1, cluster: 0 };
    })
    .sort((x, y) => x.top - y.top || y.height - x.height);
  const laneEnds: number[] = [];
  let cluster: PlacedItem[] = [];
  let clusterEnd = -1;
  let clusters = 0;
  const closeCluster = () => {
    const n = Math.max(1, ...cluster.map((c) => c.lane + 1));
    for (const c of cluster) {
      c.lanes = n;
      c.cluster = clusters;
    }
    if (cluster.length) clusters++;
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

/** Items that did not fit side by side, gathered into one "+N more" block beside the others. */
export interface MoreBlock {
  top: number;
  height: number;
  items: CalendarItem[];
}

/** A shown item; `crowded` when its run of overlapping items also has "+N more" blocks. */
export type CappedItem = PlacedItem & { crowded: boolean };

/**
 * At most `max` items side by side, so every shown chip keeps a readable width. Where more
 * overlap, the items beyond the first `max` lanes are merged (by overlapping time) into
 * "+N more" blocks that sit in a narrow extra column.
 */
export function capLanes(
  placed: PlacedItem[],
  max: number,
): { shown: CappedItem[]; more: MoreBlock[] } {
  const cap = Math.max(1, Math.floor(max));
  const shown: CappedItem[] = [];
  const hidden: PlacedItem[] = [];
  for (const p of placed) {
    if (p.lanes <= cap) shown.push({ ...p, crowded: false });
    else if (p.lane < cap) shown.push({ ...p, lanes: cap, crowded: true });
    else hidden.push(p);
  }
  const more: MoreBlock[] = [];
  for (const p of hidden.sort((a, b) => a.top - b.top || a.lane - b.lane)) {
    const last = more[more.length - 1];
    if (last && p.top < last.top + last.height) {
      last.height = Math.max(last.height, p.top + p.height - last.top);
      last.items.push(p.item);
    } else more.push({ top: p.top, height: p.height, items: [p.item] });
  }
  return { shown, more };
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
