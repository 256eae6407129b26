import { z } from 'zod';
import { endpoint, id, timestamp } from './shared.js';

/** The longest range one calendar request may cover (a quarter). */
export const CALENDAR_MAX_DAYS = 92;

const instant = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/,
    'must be a date (YYYY-MM-DD) or an ISO-8601 date-time with a zone',
  )
  .refine(
    (v) =>
      !Number.isNaN(Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v)) &&
      new Date(`${v.slice(0, 10)}T00:00:00Z`).toISOString().slice(0, 10) === v.slice(0, 10),
    { message: 'must be a real date' },
  )
  .transform((v) => new Date(v.length === 10 ? `${v}T00:00:00Z` : v).toISOString());

const flag = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .describe('true or false');

const kindName = z.string().regex(/^[a-z][a-z0-9_.-]{0,39}$/, 'must be kinds such as task,booking');

export const calendarQuery = z
  .strictObject({
    from: instant.describe('Start of the range (inclusive); a date means 00:00 UTC'),
    to: instant.describe(
      `End of the range (exclusive); at most ${CALENDAR_MAX_DAYS} days after from`,
    ),
    kinds: z
      .string()
      .max(400)
      .optional()
      .transform((v) =>
        v
          ? v
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : undefined,
      )
      .pipe(z.array(kindName).max(20).optional())
      .describe('Comma-separated kinds, e.g. `task,booking`; default all'),
    mine: flag.optional().describe('Only items you are part of (assigned, booked, requested)'),
    siteId: id.optional().describe('Only items of this site'),
  })
  .superRefine((q, ctx) => {
    const from = Date.parse(q.from);
    const to = Date.parse(q.to);
    if (to <= from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    else if (to - from > CALENDAR_MAX_DAYS * 86_400_000)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `must be at most ${CALENDAR_MAX_DAYS} days after from`,
      });
  });
export type CalendarQuery = z.input<typeof calendarQuery>;

export const calendarItem = z.object({
  uid: z.string().describe('Stable across requests, e.g. `task:ID`'),
  kind: z.string().describe('task, booking, …'),
  title: z.string(),
  start: timestamp,
  end: timestamp,
  allDay: z
    .boolean()
    .describe('All-day items start at 00:00Z of their first day and end at 00:00Z after the last'),
  href: z.string().describe('Web path of the record'),
  siteId: id.nullable(),
  status: z.string().nullable(),
  color: z.string().nullable(),
});
export type CalendarItem = z.infer<typeof calendarItem>;

export const calendarResponse = z.object({
  items: z.array(calendarItem).describe('Ordered by start'),
  kinds: z.array(z.string()).describe('Every kind the calendar can show'),
  truncated: z.boolean().describe('True when a kind had more items than one response holds'),
  timeZone: z
    .string()
    .describe("Time zone to show the items in: your site's, or the organization's"),
});
export type CalendarResponse = z.infer<typeof calendarResponse>;

export const getCalendar = endpoint({
  operationId: 'getCalendar',
  method: 'GET',
  path: '/api/calendar',
  summary: 'Dated items (tasks, bookings, …) in a range',
  description: `Merges every module's calendar items that you may see, overlapping [from, to). The range may cover at most ${CALENDAR_MAX_DAYS} days.`,
  tag: 'calendar',
  access: 'authenticated',
  query: calendarQuery,
  response: calendarResponse,
});

export const calendarFeedStatus = z.object({
  exists: z.boolean(),
  createdAt: timestamp.nullable(),
  lastUsedAt: timestamp.nullable().describe('When a calendar app last fetched the feed'),
});
export type CalendarFeedStatus = z.infer<typeof calendarFeedStatus>;

export const getFeed = endpoint({
  operationId: 'getCalendarFeed',
  method: 'GET',
  path: '/api/calendar/feed',
  summary: 'Whether you have a private iCal feed, and when it was last used',
  tag: 'calendar',
  access: 'authenticated',
  response: calendarFeedStatus,
});

export const createFeed = endpoint({
  operationId: 'createCalendarFeed',
  method: 'POST',
  path: '/api/calendar/feed',
  summary: 'Create your private iCal feed, or replace it with a new address',
  description:
    'Answers the feed URL once; only a digest is stored. Creating it again revokes the previous address.',
  tag: 'calendar',
  access: 'authenticated',
  response: calendarFeedStatus.extend({
    url: z.string().describe('Subscribe to this URL; keep it private'),
  }),
  status: 201,
});

export const revokeFeed = endpoint({
  operationId: 'revokeCalendarFeed',
  method: 'DELETE',
  path: '/api/calendar/feed',
  summary: 'Revoke your private iCal feed',
  tag: 'calendar',
  access: 'authenticated',
  response: calendarFeedStatus,
});

export const icalFeed = endpoint({
  operationId: 'getIcalFeed',
  method: 'GET',
  path: '/api/calendar/feed/:token',
  summary: 'A private iCal feed (text/calendar) for calendar apps',
  description:
    'The address from createCalendarFeed, ending in `.ics`. Holds your own items (assigned, booked, requested) from 30 days back to 180 days ahead, as you may see them now. An unknown or revoked address answers 404.',
  tag: 'calendar',
  access: 'public',
  params: z.strictObject({
    token: z
      .string()
      .max(120)
      .regex(/^[A-Za-z0-9_-]+(\.ics)?$/, 'is not a feed address'),
  }),
  response: z.string(),
  produces: 'text/calendar',
});
