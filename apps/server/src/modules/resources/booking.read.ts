import {
  type Blackout,
  type Booking,
  type BookingStatus,
  resources as contract,
  type ResourceKind,
} from '@keel/contracts';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { type Actor, can, canSeeSite } from '../../platform/auth/actor.js';
import { type DB, toBool } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor, isCursorId } from '../../platform/http/cursor.js';
import type { CalendarItem } from '../../platform/registry.js';
import { userNames } from '../accounts/index.js';
import { siteSummaries } from '../people/index.js';
import {
  checkRange,
  nowIso,
  type ResourceRow,
  toResources,
  visibleResources,
} from './resources.service.js';
import './resources.tables.js';

// Bookings as the actor may see them: visibility, shaping for the API, lists, timeline, calendar.

export type BookingRow = DB['resource_bookings'];
export type BlackoutRow = DB['resource_blackouts'];
/** A booking row joined with the resource fields the API shows. */
export type Joined = BookingRow & {
  resource_name: string;
  resource_kind: string;
  resource_color: string;
  resource_capacity: number;
  resource_requires_checkout: boolean | number;
};

/** Statuses that hold the resource. */
export const ACTIVE = [...contract.ACTIVE_BOOKING_STATUSES] as string[];
/** Statuses in which a booking may still be changed or cancelled. */
export const CHANGEABLE = ['pending_approval', 'confirmed'];
/** One minute in milliseconds. */
export const MINUTE = 60_000;
/** Milliseconds since the epoch as an ISO instant. */
export const iso = (ms: number) => new Date(ms).toISOString();

const isMine = (actor: Actor, b: Pick<BookingRow, 'booked_by' | 'booked_for'>) =>
  b.booked_by === actor.userId || b.booked_for === actor.userId;

/** Whether the actor may see a booking: readers in its site, and the people it is by or for. */
export const seesBooking = (
  actor: Actor,
  b: Pick<BookingRow, 'booked_by' | 'booked_for' | 'site_id'>,
) => isMine(actor, b) || (can(actor, 'resources.read') && canSeeSite(actor, b.site_id));

/** Managers of the booking's site, or its booker and the member it is for. */
export const mayHandle = (actor: Actor, b: BookingRow) =>
  can(actor, 'resources.book') &&
  (isMine(actor, b) || (can(actor, 'resources.manage') && canSeeSite(actor, b.site_id)));

/** Bookings joined with their resource, narrowed to what the actor may see. */
export function visibleBookings(db: Kysely<DB>, actor: Actor) {
  let q = db
    .selectFrom('resource_bookings as b')
    .innerJoin('resources as r', 'r.id', 'b.resource_id')
    .selectAll('b')
    .select([
      'r.name as resource_name',
      'r.kind as resource_kind',
      'r.color as resource_color',
      'r.capacity as resource_capacity',
      'r.requires_checkout as resource_requires_checkout',
    ])
    .where('b.org_id', '=', actor.orgId);
  if (!can(actor, 'resources.read')) {
    q = q.where((eb) =>
      eb.or([eb('b.booked_by', '=', actor.userId), eb('b.booked_for', '=', actor.userId)]),
    );
  } else if (actor.siteIds) {
    const ids = actor.siteIds.length ? [...actor.siteIds] : ['-'];
    q = q.where((eb) =>
      eb.or([
        eb('b.site_id', 'in', ids),
        eb('b.booked_by', '=', actor.userId),
        eb('b.booked_for', '=', actor.userId),
      ]),
    );
  }
  return q;
}

/** Shapes rows for the API, with the actor's allowed actions on each. */
export async function toBookings(
  db: Kysely<DB>,
  actor: Actor,
  rows: Joined[],
  now: string,
): Promise<Booking[]> {
  const names = await userNames(
    db,
    rows.flatMap((r) =>
      [r.booked_by, r.booked_for, r.checked_out_by, r.checked_in_by].filter(
        (v): v is string => !!v,
      ),
    ),
  );
  const sites = await siteSummaries(
    db,
    actor.orgId,
    rows.map((r) => r.site_id),
  );
  const ref = (id: string | null) => (id ? { id, name: names.get(id) ?? '—' } : null);
  const nowMs = Date.parse(now);
  return rows.map((r) => {
    const requiresCheckout = toBool(r.resource_requires_checkout);
    const handles = mayHandle(actor, r);
    return {
      id: r.id,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      resource: {
        id: r.resource_id,
        name: r.resource_name,
        kind: r.resource_kind as ResourceKind,
        color: r.resource_color,
        capacity: r.resource_capacity,
        requiresCheckout,
      },
      siteId: r.site_id,
      timeZone: sites.get(r.site_id)?.timeZone ?? 'UTC',
      start: r.starts_at,
      end: r.ends_at,
      quantity: r.quantity,
      title: r.title,
      notes: r.notes,
      status: r.status as BookingStatus,
      bookedBy: ref(r.booked_by),
      bookedFor: ref(r.booked_for),
      seriesId: r.series_id,
      recurrence: r.recurrence,
      approvalId: r.approval_id,
      checkedOutAt: r.checked_out_at,
      checkedOutBy: ref(r.checked_out_by),
      checkoutNote: r.checkout_note,
      checkedInAt: r.checked_in_at,
      checkedInBy: ref(r.checked_in_by),
      returnCondition: r.return_condition as Booking['returnCondition'],
      returnNote: r.return_note,
      late: toBool(r.late),
      overdue: r.status === 'checked_out' && r.ends_at < now,
      cancelledAt: r.cancelled_at,
      cancelReason: r.cancel_reason,
      canChange: handles && CHANGEABLE.includes(r.status) && r.ends_at > now,
      canCheckOut:
        handles &&
        requiresCheckout &&
        r.status === 'confirmed' &&
        nowMs >= Date.parse(r.starts_at) - contract.CHECKOUT_EARLY_MINUTES * MINUTE &&
        r.ends_at > now,
      canCheckIn: handles && r.status === 'checked_out',
    };
  });
}

/** The visible bookings among `ids`, in start order, shaped for the API. */
export async function bookingsById(db: Kysely<DB>, actor: Actor, ids: string[], now: string) {
  if (ids.length === 0) return [];
  const rows = await visibleBookings(db, actor)
    .where('b.id', 'in', ids)
    .orderBy('b.starts_at')
    .orderBy('b.id')
    .execute();
  return toBookings(db, actor, rows, now);
}

/** A booking the actor may see; not found otherwise. */
export async function loadBooking(db: Kysely<DB>, actor: Actor, id: string): Promise<Joined> {
  const row = await visibleBookings(db, actor).where('b.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('booking');
  return row;
}

/** One booking the actor may see, shaped for the API; not found otherwise. */
export async function getBooking(deps: Deps, actor: Actor, id: string): Promise<Booking> {
  const row = await loadBooking(deps.db, actor, id);
  return (await toBookings(deps.db, actor, [row], nowIso(deps)))[0]!;
}

/** A page of the visible bookings matching the query, in start order, with a cursor. */
export async function listBookings(
  deps: Deps,
  actor: Actor,
  query: z.output<typeof contract.listBookingsQuery>,
) {
  const now = nowIso(deps);
  let q = visibleBookings(deps.db, actor);
  if (query.mine)
    q = q.where((eb) =>
      eb.or([eb('b.booked_by', '=', actor.userId), eb('b.booked_for', '=', actor.userId)]),
    );
  if (query.resourceId) q = q.where('b.resource_id', '=', query.resourceId);
  if (query.siteId) q = q.where('b.site_id', '=', query.siteId);
  if (query.from) q = q.where('b.ends_at', '>', iso(Date.parse(query.from)));
  if (query.to) q = q.where('b.starts_at', '<', iso(Date.parse(query.to)));
  if (query.status === 'active') q = q.where('b.status', 'in', ACTIVE);
  else if (query.status === 'overdue')
    q = q.where('b.status', '=', 'checked_out').where('b.ends_at', '<', now);
  else if (query.status) q = q.where('b.status', '=', query.status);
  const after = decodeCursor(
    query.cursor,
    (v) => v.length === 2 && typeof v[0] === 'string' && isCursorId(v[1]),
  );
  if (after) {
    const [start, id] = after as [string, string];
    q = q.where((eb) =>
      eb.or([
        eb('b.starts_at', '>', start),
        eb.and([eb('b.starts_at', '=', start), eb('b.id', '>', id)]),
      ]),
    );
  }
  const rows = await q
    .orderBy('b.starts_at')
    .orderBy('b.id')
    .limit(query.limit + 1)
    .execute();
  const more = rows.length > query.limit;
  const pageRows = rows.slice(0, query.limit);
  const last = pageRows.at(-1);
  return {
    items: await toBookings(deps.db, actor, pageRows, now),
    nextCursor: more && last ? encodeCursor([last.starts_at, last.id]) : null,
  };
}

const rangeFormat = new Map<string, Intl.DateTimeFormat>();
/** "Wed, Nov 25, 10:00 – 11:30" in the site's time zone, for messages. */
export function formatRange(start: number, end: number, timeZone: string): string {
  let f = rangeFormat.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    rangeFormat.set(timeZone, f);
  }
  return f.formatRange(new Date(start), new Date(end));
}

/** The audited fields of a booking. */
export const bookingSnapshot = (b: BookingRow) => ({
  resourceId: b.resource_id,
  start: b.starts_at,
  end: b.ends_at,
  quantity: b.quantity,
  title: b.title,
  notes: b.notes,
  bookedFor: b.booked_for,
  status: b.status,
  seriesId: b.series_id,
  checkedOutAt: b.checked_out_at,
  checkoutNote: b.checkout_note,
  checkedInAt: b.checked_in_at,
  returnCondition: b.return_condition,
  returnNote: b.return_note,
  late: toBool(b.late),
  cancelReason: b.cancel_reason,
});

/** "Resource: title", the label of a booking in the audit log. */
export const bookingLabel = (r: Pick<ResourceRow, 'name'>, b: Pick<BookingRow, 'title'>) =>
  `${r.name}: ${b.title}`;

/** The approval type of bookings that need approval. */
export const BOOKING_APPROVAL = 'booking';

/** A blackout row shaped for the API. */
export const toBlackout = (b: BlackoutRow): Blackout => ({
  id: b.id,
  createdAt: b.created_at,
  updatedAt: b.updated_at,
  resourceId: b.resource_id,
  siteId: b.site_id,
  start: b.starts_at,
  end: b.ends_at,
  reason: b.reason as Blackout['reason'],
  note: b.note,
});

// ── Timeline and calendar ──────────────────────────────────────────────────

/** The visible, unarchived resources matching the query with their bookings and blackouts in the range. */
export async function timeline(
  deps: Deps,
  actor: Actor,
  query: z.output<typeof contract.timelineQuery>,
) {
  const { from, to } = checkRange(query.from, query.to);
  const now = nowIso(deps);
  let rq = visibleResources(deps.db, actor).where('archived_at', 'is', null);
  if (query.siteId) rq = rq.where('site_id', '=', query.siteId);
  if (query.kind) rq = rq.where('kind', '=', query.kind);
  const resourceRows = await rq.orderBy('name').orderBy('id').limit(500).execute();
  const ids = resourceRows.map((r) => r.id);
  if (ids.length === 0) return { resources: [], bookings: [], blackouts: [] };
  const [bookingRows, blackoutRows] = await Promise.all([
    visibleBookings(deps.db, actor)
      .where('b.resource_id', 'in', ids)
      .where('b.status', 'in', [...ACTIVE, 'returned'])
      .where('b.starts_at', '<', to)
      .where('b.ends_at', '>', from)
      .orderBy('b.starts_at')
      .limit(5000)
      .execute(),
    deps.db
      .selectFrom('resource_blackouts')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .where('resource_id', 'in', ids)
      .where('starts_at', '<', to)
      .where('ends_at', '>', from)
      .orderBy('starts_at')
      .execute(),
  ]);
  return {
    resources: await toResources(deps.db, actor, resourceRows, now),
    bookings: await toBookings(deps.db, actor, bookingRows, now),
    blackouts: blackoutRows.map(toBlackout),
  };
}

/** For the calendar: the actor's visible active and returned bookings overlapping the range. */
export async function calendarBookings(
  deps: Deps,
  actor: Actor,
  range: { from: string; to: string; mine: boolean; limit: number },
): Promise<CalendarItem[]> {
  if (!can(actor, 'resources.read') && !can(actor, 'resources.book')) return [];
  let q = visibleBookings(deps.db, actor)
    .where('b.status', 'in', [...ACTIVE, 'returned'])
    .where('b.starts_at', '<', iso(Date.parse(range.to)))
    .where('b.ends_at', '>', iso(Date.parse(range.from)));
  if (range.mine)
    q = q.where((eb) =>
      eb.or([eb('b.booked_by', '=', actor.userId), eb('b.booked_for', '=', actor.userId)]),
    );
  const rows = await q.orderBy('b.starts_at').orderBy('b.id').limit(range.limit).execute();
  return rows.map((b) => ({
    uid: `booking:${b.id}`,
    kind: 'booking',
    title: `${b.resource_name}: ${b.title}${b.status === 'pending_approval' ? ' (awaiting approval)' : ''}`,
    start: b.starts_at,
    end: b.ends_at,
    allDay: false,
    href: `/resources/${b.resource_id}`,
    siteId: b.site_id,
    status: b.status,
    color: b.resource_color,
  }));
}

/** For the entity registry: labels and links of the bookings the actor may see. */
export async function describeBookings(deps: Deps, actor: Actor, ids: string[]) {
  if (ids.length === 0) return [];
  return visibleBookings(deps.db, actor).where('b.id', 'in', ids).execute();
}

/** For the entity registry: the booker and the member a booking is for. */
export async function bookingParticipants(deps: Deps, orgId: string, id: string) {
  const b = await deps.db
    .selectFrom('resource_bookings')
    .select(['booked_by', 'booked_for'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return b ? [...new Set([b.booked_by, b.booked_for])] : [];
}
