import type { CalendarItem } from '@keel/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CALENDAR_VIEWS,
  capLanes,
  onDate,
  placeTimed,
  shiftAnchor,
  viewDays,
  viewRange,
  weekStart,
} from './calendar-layout';

const item = (start: string, end: string, allDay = false): CalendarItem => ({
  uid: `x:${start}`,
  kind: 'task',
  title: 'x',
  start,
  end,
  allDay,
  href: '/x',
  siteId: null,
  status: null,
  color: null,
});

describe('calendar ranges', () => {
  it('starts weeks on Monday and months on the Monday before the 1st', () => {
    expect(weekStart('2026-11-25')).toBe('2026-11-23');
    expect(weekStart('2026-11-23')).toBe('2026-11-23');
    expect(weekStart('2026-11-29')).toBe('2026-11-23');
    expect(viewDays('month', '2026-11-25')).toEqual({ first: '2026-10-26', days: 42 });
  });

  it('turns a view into instants in the display time zone', () => {
    expect(viewRange('day', '2026-11-25', 'Europe/Berlin')).toEqual({
      from: '2026-11-24T23:00:00.000Z',
      to: '2026-11-25T23:00:00.000Z',
    });
  });

  it('keeps every view within the API limit of 92 days and moves forward and back', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CALENDAR_VIEWS),
        fc.date({ min: new Date('2000-01-01'), max: new Date('2090-12-31'), noInvalidDate: true }),
        fc.constantFrom('UTC', 'America/Chicago', 'Asia/Kolkata', 'Pacific/Auckland'),
        (view, d, tz) => {
          const anchor = d.toISOString().slice(0, 10);
          const r = viewRange(view, anchor, tz);
          const days = (Date.parse(r.to) - Date.parse(r.from)) / 86_400_000;
          expect(days).toBeGreaterThan(0);
          expect(days).toBeLessThanOrEqual(92);
          const back = shiftAnchor(view, shiftAnchor(view, anchor, 1), -1);
          if (view === 'month') expect(back.slice(0, 7)).toBe(anchor.slice(0, 7));
          else expect(back).toBe(anchor);
        },
      ),
    );
  });
});

describe('placing items', () => {
  it('puts all-day items on their dates and timed items on the local dates they overlap', () => {
    const allDay = item('2026-11-24T00:00:00.000Z', '2026-11-26T00:00:00.000Z', true);
    expect(onDate(allDay, '2026-11-23', 'UTC')).toBe(false);
    expect(onDate(allDay, '2026-11-24', 'Asia/Tokyo')).toBe(true);
    expect(onDate(allDay, '2026-11-25', 'UTC')).toBe(true);
    expect(onDate(allDay, '2026-11-26', 'UTC')).toBe(false);
    // 23:30 UTC on the 24th is already the 25th in Berlin.
    const late = item('2026-11-24T23:30:00.000Z', '2026-11-25T00:30:00.000Z');
    expect(onDate(late, '2026-11-24', 'Europe/Berlin')).toBe(false);
    expect(onDate(late, '2026-11-25', 'Europe/Berlin')).toBe(true);
  });

  it('lays overlapping items side by side and lone items full width', () => {
    const placed = placeTimed(
      [
        item('2026-11-25T09:00:00.000Z', '2026-11-25T10:00:00.000Z'),
        item('2026-11-25T09:30:00.000Z', '2026-11-25T11:00:00.000Z'),
        item('2026-11-25T13:00:00.000Z', '2026-11-25T14:00:00.000Z'),
      ],
      '2026-11-25',
      'UTC',
    );
    expect(placed.map((p) => [p.top, p.height, p.lane, p.lanes])).toEqual([
      [540, 60, 0, 2],
      [570, 90, 1, 2],
      [780, 60, 0, 1],
    ]);
  });

  it('never gives two overlapping items the same lane', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1400 }), fc.integer({ min: 1, max: 300 })), {
          maxLength: 15,
        }),
        (spans) => {
          const base = Date.parse('2026-11-25T00:00:00.000Z');
          const items = spans.map(([s, len], i) => ({
            ...item(
              new Date(base + s * 60_000).toISOString(),
              new Date(base + (s + len) * 60_000).toISOString(),
            ),
            uid: `i${i}`,
          }));
          const placed = placeTimed(items, '2026-11-25', 'UTC');
          for (const a of placed)
            for (const b of placed)
              if (a !== b && a.top < b.top + b.height && b.top < a.top + a.height)
                expect(a.lane === b.lane).toBe(false);
          for (const p of placed) expect(p.lane).toBeLessThan(p.lanes);
        },
      ),
    );
  });

  it('caps side-by-side items and gathers the rest into "+N more" blocks', () => {
    const at = (h: number, m: number, len: number) =>
      item(
        new Date(Date.parse('2026-11-25T00:00:00.000Z') + (h * 60 + m) * 60_000).toISOString(),
        new Date(
          Date.parse('2026-11-25T00:00:00.000Z') + (h * 60 + m + len) * 60_000,
        ).toISOString(),
      );
    const items = [at(9, 0, 60), at(9, 0, 60), at(9, 0, 60), at(9, 0, 60), at(9, 0, 60)].map(
      (x, i) => ({ ...x, uid: `i${i}` }),
    );
    items.push({ ...at(14, 0, 60), uid: 'lone' });
    const { shown, more } = capLanes(placeTimed(items, '2026-11-25', 'UTC'), 3);
    expect(shown.map((p) => [p.item.uid, p.lane, p.lanes, p.crowded])).toEqual([
      ['i0', 0, 3, true],
      ['i1', 1, 3, true],
      ['i2', 2, 3, true],
      ['lone', 0, 1, false],
    ]);
    expect(more).toHaveLength(1);
    expect(more[0]).toMatchObject({ top: 540, height: 60 });
    expect(more[0]!.items.map((i) => i.uid)).toEqual(['i3', 'i4']);
  });

  it('shows every item once, never more than the cap side by side', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1400 }), fc.integer({ min: 1, max: 300 })), {
          maxLength: 15,
        }),
        fc.integer({ min: 1, max: 4 }),
        (spans, max) => {
          const base = Date.parse('2026-11-25T00:00:00.000Z');
          const items = spans.map(([s, len], i) => ({
            ...item(
              new Date(base + s * 60_000).toISOString(),
              new Date(base + (s + len) * 60_000).toISOString(),
            ),
            uid: `i${i}`,
          }));
          const { shown, more } = capLanes(placeTimed(items, '2026-11-25', 'UTC'), max);
          const uids = [
            ...shown.map((p) => p.item.uid),
            ...more.flatMap((b) => b.items.map((i) => i.uid)),
          ];
          expect(uids.sort()).toEqual(items.map((i) => i.uid).sort());
          for (const p of shown) {
            expect(p.lanes).toBeLessThanOrEqual(max);
            expect(p.lane).toBeLessThan(p.lanes);
          }
          // Shown items never share a lane where they overlap; blocks never overlap each other.
          const overlap = (
            a: { top: number; height: number },
            b: { top: number; height: number },
          ) => a.top < b.top + b.height && b.top < a.top + a.height;
          for (const a of shown)
            for (const b of shown) if (a !== b && overlap(a, b)) expect(a.lane).not.toBe(b.lane);
          for (const a of more)
            for (const b of more) if (a !== b) expect(overlap(a, b)).toBe(false);
        },
      ),
    );
  });
});
