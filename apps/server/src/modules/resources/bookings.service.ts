import {
  type Blackout,
  type Booking,
  type BookingConflict,
  type BookingStatus,
  resources as contract,
  type ResourceKind,
} from '@keel/contracts';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit.service.js';
import { type Actor, can, canSeeSite } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import { type DB, toBool } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { conflict, forbidden, invalid, KeelError, notFound } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import { decodeCursor, encodeCursor, isCursorId } from '../../platform/http/cursor.js';
import type { CalendarItem } from '../../platform/registry.js';
import { activeMembers, userNames } from '../accounts/index.js';
import { cancelApprovals, requestApproval } from '../approvals/index.js';
import { notify } from '../notifications/index.js';
import { siteSummaries } from '../people/index.js';
import {
  checkRange,
  loadResource,
  lockResource,
  mayBook,
  nowIso,
  type ResourceRow,
  rulesOf,
  siteInfo,
  toResources,
  visibleResources,
} from './resources.service.js';
import {
  capacityClash,
  expandRecurrence,
  type Held,
  overlaps,
  RecurrenceError,
} from './schedule.js';
import './resources.tables.js';

export type BookingRow = DB['resource_bookings'];
type Joined = BookingRow & {
  resource_name: string;
  resource_kind: string;
  resource_color: string;
  resource_capacity: number;
  resource_requires_checkout: boolean | number;
};

const ACTIVE = [...contract.ACTIVE_BOOKING_STATUSES] as string[];
const CHANGEABLE = ['pending_approval', 'confirmed'];
const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

const isMine = (actor: Actor, b: Pick<BookingRow, 'booked_by' | 'booked_for'>) =>
  b.booked_by === actor.userId || b.booked_for === actor.userId;

/** Whether the actor may see a booking: readers in its site, and the people it is by or for. */
export const seesBooking = (
  actor: Actor,
  b: Pick<BookingRow, 'booked_by' | 'booked_for' | 'site_id'>,
) => isMine(actor, b) || (can(actor, 'resources.read') && canSeeSite(actor, b.site_id));

/** Managers of the booking's site, or its booker and the member it is for. */
const mayHandle = (actor: Actor, b: BookingRow) =>
  can(actor, 'resources.book') &&
  (isMine(actor, b) || (can(actor, 'resources.manage') && canSeeSite(actor, b.site_id)));

function visibleBookings(db: Kysely<DB>, actor: Actor) {
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

async function toBookings(
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

async function bookingsById(db: Kysely<DB>, actor: Actor, ids: string[], now: string) {
  if (ids.length === 0) return [];
  const rows = await visibleBookings(db, actor)
    .where('b.id', 'in', ids)
    .orderBy('b.starts_at')
    .orderBy('b.id')
    .execute();
  return toBookings(db, actor, rows, now);
}

async function loadBooking(db: Kysely<DB>, actor: Actor, id: string): Promise<Joined> {
  const row = await visibleBookings(db, actor).where('b.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('booking');
  return row;
}

export async function getBooking(deps: Deps, actor: Actor, id: string): Promise<Booking> {
  const row = await loadBooking(deps.db, actor, id);
  return (await toBookings(deps.db, actor, [row], nowIso(deps)))[0]!;
}

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

// ── Rules ──────────────────────────────────────────────────────────────────

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

interface Slot {
  start: number;
  end: number;
  quantity: number;
}

/**
 * The resource's booking rules for one slot. `checkStart` is false when a reschedule keeps a
 * start that has already passed (only the end or quantity changes).
 */
function checkRules(r: ResourceRow, slot: Slot, now: number, checkStart = true): void {
  const grid = contract.BOOKING_GRID_MINUTES * MINUTE;
  if (slot.start % grid !== 0)
    throw invalid(
      'BOOKING_OFF_GRID',
      'start',
      `must be on a ${contract.BOOKING_GRID_MINUTES}-minute mark`,
    );
  if (slot.end % grid !== 0)
    throw invalid(
      'BOOKING_OFF_GRID',
      'end',
      `must be on a ${contract.BOOKING_GRID_MINUTES}-minute mark`,
    );
  if (slot.end <= slot.start) throw invalid('END_BEFORE_START', 'end', 'must be after the start');
  if (slot.quantity > r.capacity)
    throw invalid(
      'QUANTITY_OVER_CAPACITY',
      'quantity',
      `must be at most ${r.capacity} (the resource’s capacity)`,
    );
  const rules = rulesOf(r);
  if (
    rules.maxDurationMinutes !== null &&
    slot.end - slot.start > rules.maxDurationMinutes * MINUTE
  )
    throw invalid(
      'BOOKING_TOO_LONG',
      'end',
      `a booking may last at most ${durationText(rules.maxDurationMinutes)}`,
    );
  if (!checkStart) return;
  if (slot.start < now) throw invalid('START_IN_PAST', 'start', 'must not be in the past');
  if (rules.minLeadMinutes !== null && slot.start - now < rules.minLeadMinutes * MINUTE)
    throw invalid(
      'LEAD_TIME',
      'start',
      `must be at least ${durationText(rules.minLeadMinutes)} from now`,
    );
  if (rules.maxAdvanceDays !== null && slot.start > now + rules.maxAdvanceDays * 86_400_000)
    throw invalid('TOO_FAR_AHEAD', 'start', `must be at most ${rules.maxAdvanceDays} days ahead`);
}

function durationText(minutes: number) {
  if (minutes % (60 * 24) === 0) return `${minutes / 60 / 24} day${minutes === 1440 ? '' : 's'}`;
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? '' : 's'}`;
  return `${minutes} minutes`;
}

function checkMayBook(actor: Actor, r: ResourceRow) {
  if (r.archived_at)
    throw conflict('RESOURCE_ARCHIVED', 'This resource is archived and cannot be booked.', [
      { field: 'resourceId', message: 'is archived' },
    ]);
  if (!mayBook(actor, r))
    throw new KeelError(
      'forbidden',
      'BOOKING_ROLE_NOT_ALLOWED',
      'Your role may not book this resource.',
      { fields: [{ field: 'resourceId', message: 'may not be booked by your role' }] },
    );
}

/** The member a booking is for: an active member who can see the resource's site. */
async function checkBookedFor(db: Kysely<DB>, actor: Actor, r: ResourceRow, userId: string) {
  if (userId === actor.userId) return;
  const [member] = await activeMembers(db, actor.orgId, [userId]);
  if (!member)
    throw invalid('MEMBER_NOT_FOUND', 'bookedForUserId', 'is not a member of this organization');
  if (member.siteIds && !member.siteIds.includes(r.site_id))
    throw invalid('MEMBER_NOT_IN_SITE', 'bookedForUserId', 'has no access to this site');
}

// ── Conflicts ──────────────────────────────────────────────────────────────

type HeldRow = Held & { row: BookingRow };
interface BlackoutSpan {
  start: number;
  end: number;
  row: DB['resource_blackouts'];
}

/** A resource's active bookings and blackouts around a set of slots, read under its lock. */
async function occupancy(
  trx: Kysely<DB>,
  r: ResourceRow,
  slots: Slot[],
  exceptIds: string[] = [],
): Promise<{ held: HeldRow[]; blackouts: BlackoutSpan[] }> {
  const buffer = r.buffer_minutes * MINUTE;
  const from = iso(Math.min(...slots.map((s) => s.start)) - buffer);
  const to = iso(Math.max(...slots.map((s) => s.end)) + buffer);
  let q = trx
    .selectFrom('resource_bookings')
    .selectAll()
    .where('resource_id', '=', r.id)
    .where('status', 'in', ACTIVE)
    .where('starts_at', '<', to)
    .where('ends_at', '>', from);
  if (exceptIds.length) q = q.where('id', 'not in', exceptIds);
  const [bookings, blackouts] = await Promise.all([
    q.execute(),
    trx
      .selectFrom('resource_blackouts')
      .selectAll()
      .where('resource_id', '=', r.id)
      .where('starts_at', '<', to)
      .where('ends_at', '>', from)
      .execute(),
  ]);
  return {
    held: bookings.map((row) => ({
      start: Date.parse(row.starts_at),
      end: Date.parse(row.ends_at),
      quantity: row.quantity,
      row,
    })),
    blackouts: blackouts.map((row) => ({
      start: Date.parse(row.starts_at),
      end: Date.parse(row.ends_at),
      row,
    })),
  };
}

interface Clash {
  bookings: BookingRow[];
  blackouts: DB['resource_blackouts'][];
}

function clashOf(
  r: ResourceRow,
  occ: { held: HeldRow[]; blackouts: BlackoutSpan[] },
  slot: Slot,
): Clash | null {
  const blackouts = occ.blackouts.filter((b) => overlaps(b, slot)).map((b) => b.row);
  const clashing = capacityClash(occ.held, slot, r.capacity, r.buffer_minutes * MINUTE);
  const bookings = clashing?.map((h) => h.row) ?? [];
  return blackouts.length || clashing ? { bookings, blackouts } : null;
}

async function describeClash(
  db: Kysely<DB>,
  actor: Actor,
  clash: Clash,
): Promise<BookingConflict[]> {
  const visible = clash.bookings.filter((b) => seesBooking(actor, b));
  const names = await userNames(
    db,
    visible.map((b) => b.booked_for),
  );
  return [
    ...clash.blackouts.map((b) => ({
      kind: 'blackout' as const,
      start: b.starts_at,
      end: b.ends_at,
      quantity: null,
      bookingId: null,
      bookedFor: null,
      reason: b.note ? `${b.reason}: ${b.note}` : b.reason,
    })),
    ...clash.bookings
      .sort((a, b) => a.starts_at.localeCompare(b.starts_at))
      .map((b) => {
        const sees = seesBooking(actor, b);
        return {
          kind: 'booking' as const,
          start: b.starts_at,
          end: b.ends_at,
          quantity: b.quantity,
          bookingId: sees ? b.id : null,
          bookedFor: sees ? (names.get(b.booked_for) ?? null) : null,
          reason: null,
        };
      }),
  ];
}

function clashText(conflicts: BookingConflict[], timeZone: string) {
  return conflicts
    .map((c) =>
      c.kind === 'blackout'
        ? `blocked ${formatRange(Date.parse(c.start), Date.parse(c.end), timeZone)} (${c.reason})`
        : `booked ${formatRange(Date.parse(c.start), Date.parse(c.end), timeZone)}`,
    )
    .join('; ');
}

// ── Creating ───────────────────────────────────────────────────────────────

async function bookingEvent(
  trx: Kysely<DB>,
  deps: Deps,
  actor: Actor | null,
  b: Pick<BookingRow, 'id' | 'org_id' | 'site_id' | 'booked_by' | 'booked_for'>,
  type: string,
) {
  await deps.events.record(trx, {
    orgId: b.org_id,
    type,
    entityType: 'booking',
    entityId: b.id,
    siteId: b.site_id,
    permission: 'resources.read',
    topics: ['resources'],
    actorUserId: actor?.userId ?? null,
  });
  // The booker and the member it is for hear about it even without resources.read.
  await deps.events.record(trx, {
    orgId: b.org_id,
    type,
    entityType: 'booking',
    entityId: b.id,
    userIds: [...new Set([b.booked_by, b.booked_for])],
    topics: ['resources'],
    actorUserId: actor?.userId ?? null,
  });
}

const bookingSnapshot = (b: BookingRow) => ({
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

const bookingLabel = (r: Pick<ResourceRow, 'name'>, b: Pick<BookingRow, 'title'>) =>
  `${r.name}: ${b.title}`;

export const BOOKING_APPROVAL = 'booking';

export async function createBooking(
  deps: Deps,
  actor: Actor,
  input: z.output<typeof contract.createBookingBody>,
) {
  const nowMs = deps.clock.now().getTime();
  const r0 = await loadResource(deps.db, actor, input.resourceId);
  checkMayBook(actor, r0);
  const bookedFor = input.bookedForUserId ?? actor.userId;
  await checkBookedFor(deps.db, actor, r0, bookedFor);
  const first: Slot = {
    start: Date.parse(input.start),
    end: Date.parse(input.end),
    quantity: input.quantity,
  };
  checkRules(r0, first, nowMs);
  const site = await siteInfo(deps.db, actor.orgId, r0.site_id);

  let slots: Slot[] = [first];
  if (input.recurrence) {
    let starts: number[];
    try {
      starts = expandRecurrence(input.recurrence, first.start, site.timeZone);
    } catch (err) {
      if (err instanceof RecurrenceError)
        throw invalid('RECURRENCE_INVALID', 'recurrence', err.message);
      throw err;
    }
    const length = first.end - first.start;
    slots = starts.map((s) => ({ start: s, end: s + length, quantity: input.quantity }));
    for (const s of slots) {
      try {
        checkRules(r0, s, nowMs);
      } catch (err) {
        if (err instanceof KeelError && err.kind === 'invalid')
          throw invalid(
            err.code,
            'recurrence',
            `the occurrence ${formatRange(s.start, s.end, site.timeZone)} breaks a rule: ${err.fields?.[0]?.message ?? err.message}`,
          );
        throw err;
      }
    }
  }

  const at = iso(nowMs);
  const managerBooks = can(actor, 'resources.manage');
  const status = rulesOf(r0).needsApproval && !managerBooks ? 'pending_approval' : 'confirmed';
  const seriesId = input.recurrence ? newId() : null;

  const created = await deps.db.transaction().execute(async (trx) => {
    const r = await lockResource(trx, deps, actor.orgId, r0.id);
    if (!r) throw notFound('resource');
    checkMayBook(actor, r);
    const occ = await occupancy(trx, r, slots);
    const accepted: Slot[] = [];
    const skipped: { slot: Slot; clash: Clash }[] = [];
    for (const slot of slots) {
      const clash = clashOf(r, occ, slot);
      if (clash) skipped.push({ slot, clash });
      else {
        accepted.push(slot);
        // Later occurrences of the same series must fit next to this one too.
        occ.held.push({
          ...slot,
          row: { starts_at: iso(slot.start), ends_at: iso(slot.end) } as BookingRow,
        });
      }
    }
    const described = await Promise.all(
      skipped.map(async (s) => ({
        start: iso(s.slot.start),
        end: iso(s.slot.end),
        conflicts: await describeClash(trx, actor, s.clash),
      })),
    );
    if (skipped.length && (!input.skipConflicts || accepted.length === 0)) {
      if (!input.recurrence) {
        const conflicts = described[0]!.conflicts;
        throw new KeelError(
          'conflict',
          'BOOKING_CONFLICT',
          `${r.name} is not free then: ${clashText(conflicts, site.timeZone)}.`,
          {
            fields: [
              { field: 'start', message: `clashes with ${clashText(conflicts, site.timeZone)}` },
            ],
            extra: { conflicts },
          },
        );
      }
      const dates = described
        .map((d) => formatRange(Date.parse(d.start), Date.parse(d.end), site.timeZone))
        .join('; ');
      throw new KeelError(
        'conflict',
        'BOOKING_CONFLICT',
        `${skipped.length} of ${slots.length} occurrences are not free: ${dates}.`,
        {
          fields: [{ field: 'recurrence', message: `occurrences not free: ${dates}` }],
          extra: { occurrences: described },
        },
      );
    }

    const rows: BookingRow[] = accepted.map((s) => ({
      id: newId(),
      org_id: actor.orgId,
      resource_id: r.id,
      site_id: r.site_id,
      series_id: seriesId,
      recurrence: input.recurrence ?? null,
      starts_at: iso(s.start),
      ends_at: iso(s.end),
      quantity: s.quantity,
      title: input.title,
      notes: input.notes ?? null,
      booked_by: actor.userId,
      booked_for: bookedFor,
      status,
      approval_id: null,
      checked_out_at: null,
      checked_out_by: null,
      checkout_note: null,
      checked_in_at: null,
      checked_in_by: null,
      return_condition: null,
      return_note: null,
      late: false,
      cancelled_at: null,
      cancelled_by: null,
      cancel_reason: null,
      created_at: at,
      created_by: actor.userId,
      updated_at: at,
      updated_by: actor.userId,
    }));
    for (const row of rows) {
      await trx.insertInto('resource_bookings').values(row).execute();
      await recordAudit(trx, {
        actor,
        orgId: actor.orgId,
        action: 'create',
        entityType: 'booking',
        entityId: row.id,
        entityLabel: bookingLabel(r, row),
        after: bookingSnapshot(row),
        at,
      });
      await bookingEvent(trx, deps, actor, row, 'booking.created');
    }
    const head = rows[0]!;
    if (status === 'pending_approval') {
      const series = rows.length > 1 ? ` (${rows.length} occurrences)` : '';
      const approval = await requestApproval(trx, deps, {
        orgId: actor.orgId,
        type: BOOKING_APPROVAL,
        entityId: head.id,
        siteId: r.site_id,
        title: `Booking of ${r.name}: ${input.title}, ${formatRange(Date.parse(head.starts_at), Date.parse(head.ends_at), site.timeZone)}${series}`,
        requestedBy: actor,
      });
      await trx
        .updateTable('resource_bookings')
        .set({ approval_id: approval.id })
        .where(
          'id',
          'in',
          rows.map((x) => x.id),
        )
        .execute();
    }
    if (bookedFor !== actor.userId) {
      await notify(trx, deps, {
        orgId: actor.orgId,
        type: 'booking_updated',
        recipients: [bookedFor],
        actorUserId: actor.userId,
        entity: { entityType: 'booking', entityId: head.id },
        siteId: r.site_id,
        title: `${actor.userName} booked ${r.name} for you`,
        body: `${input.title}, ${formatRange(Date.parse(head.starts_at), Date.parse(head.ends_at), site.timeZone)}${rows.length > 1 ? ` and ${rows.length - 1} more` : ''}${status === 'pending_approval' ? ' (awaiting approval)' : ''}`,
        href: `/resources/${r.id}`,
      });
    }
    return {
      ids: rows.map((x) => x.id),
      skipped: described,
    };
  });
  afterCommit(deps);
  return {
    items: await bookingsById(deps.db, actor, created.ids, nowIso(deps)),
    seriesId: seriesId && created.ids.length ? seriesId : null,
    skipped: input.skipConflicts ? created.skipped : [],
  };
}

// ── Changing ───────────────────────────────────────────────────────────────

function checkChangeable(actor: Actor, b: BookingRow, now: string) {
  if (!mayHandle(actor, b))
    throw forbidden(
      'BOOKING_NOT_YOURS',
      'Only its booker, the member it is for, or a resource manager may change this booking.',
    );
  if (!CHANGEABLE.includes(b.status))
    throw conflict(
      'BOOKING_NOT_CHANGEABLE',
      `A ${b.status.replace('_', ' ')} booking cannot be changed.`,
    );
  if (b.ends_at <= now) throw conflict('BOOKING_ENDED', 'This booking has already ended.');
}

export async function updateBooking(
  deps: Deps,
  actor: Actor,
  id: string,
  input: z.output<typeof contract.updateBookingBody>,
): Promise<Booking> {
  const nowMs = deps.clock.now().getTime();
  const at = iso(nowMs);
  const seen = await loadBooking(deps.db, actor, id);
  await deps.db.transaction().execute(async (trx) => {
    const r = await lockResource(trx, deps, actor.orgId, seen.resource_id);
    if (!r) throw notFound('booking');
    const before = await trx
      .selectFrom('resource_bookings')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    checkChangeable(actor, before, at);
    const slot: Slot = {
      start: input.start ? Date.parse(input.start) : Date.parse(before.starts_at),
      end: input.end ? Date.parse(input.end) : Date.parse(before.ends_at),
      quantity: input.quantity ?? before.quantity,
    };
    const timeChanged =
      iso(slot.start) !== before.starts_at ||
      iso(slot.end) !== before.ends_at ||
      slot.quantity !== before.quantity;
    const startChanged = iso(slot.start) !== before.starts_at;
    if (timeChanged) {
      if (r.archived_at)
        throw conflict('RESOURCE_ARCHIVED', 'This resource is archived and cannot be booked.');
      checkRules(r, slot, nowMs, startChanged || Date.parse(before.starts_at) > nowMs);
      const occ = await occupancy(trx, r, [slot], [id]);
      const clash = clashOf(r, occ, slot);
      if (clash) {
        const site = await siteInfo(trx, actor.orgId, r.site_id);
        const conflicts = await describeClash(trx, actor, clash);
        throw new KeelError(
          'conflict',
          'BOOKING_CONFLICT',
          `${r.name} is not free then: ${clashText(conflicts, site.timeZone)}.`,
          {
            fields: [
              { field: 'start', message: `clashes with ${clashText(conflicts, site.timeZone)}` },
            ],
            extra: { conflicts },
          },
        );
      }
    }
    const bookedFor = input.bookedForUserId ?? before.booked_for;
    if (bookedFor !== before.booked_for) await checkBookedFor(trx, actor, r, bookedFor);
    // A reschedule of an approved booking by someone who cannot approve asks again.
    const reapprove =
      timeChanged &&
      before.status === 'confirmed' &&
      rulesOf(r).needsApproval &&
      !can(actor, 'resources.manage');
    const after: BookingRow = {
      ...before,
      starts_at: iso(slot.start),
      ends_at: iso(slot.end),
      quantity: slot.quantity,
      title: input.title ?? before.title,
      notes: input.notes === undefined ? before.notes : input.notes,
      booked_for: bookedFor,
      status: reapprove ? 'pending_approval' : before.status,
      updated_at: at,
      updated_by: actor.userId,
    };
    await trx.updateTable('resource_bookings').set(after).where('id', '=', id).execute();
    if (reapprove) {
      const site = await siteInfo(trx, actor.orgId, r.site_id);
      const approval = await requestApproval(trx, deps, {
        orgId: actor.orgId,
        type: BOOKING_APPROVAL,
        entityId: id,
        siteId: r.site_id,
        title: `Booking of ${r.name}: ${after.title}, ${formatRange(slot.start, slot.end, site.timeZone)} (rescheduled)`,
        requestedBy: actor,
      });
      await trx
        .updateTable('resource_bookings')
        .set({ approval_id: approval.id })
        .where('id', '=', id)
        .execute();
    }
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'update',
      entityType: 'booking',
      entityId: id,
      entityLabel: bookingLabel(r, after),
      before: bookingSnapshot(before),
      after: bookingSnapshot(after),
      at,
    });
    await bookingEvent(trx, deps, actor, after, 'booking.updated');
    if (before.booked_for !== bookedFor)
      await bookingEvent(trx, deps, actor, before, 'booking.updated');
    const site = await siteInfo(trx, actor.orgId, r.site_id);
    await notify(trx, deps, {
      orgId: actor.orgId,
      type: 'booking_updated',
      recipients: [bookedFor, before.booked_by],
      actorUserId: actor.userId,
      entity: { entityType: 'booking', entityId: id },
      siteId: r.site_id,
      title: `${actor.userName} changed your booking of ${r.name}`,
      body: `${after.title}, ${formatRange(slot.start, slot.end, site.timeZone)}${reapprove ? ' (awaiting approval again)' : ''}`,
      href: `/resources/${r.id}`,
    });
  });
  afterCommit(deps);
  return getBooking(deps, actor, id);
}

/** Cancels bookings in the caller's transaction; returns their ids. */
async function cancelRows(
  trx: Kysely<DB>,
  deps: Deps,
  actor: Actor | null,
  r: ResourceRow,
  rows: BookingRow[],
  reason: string | null,
  at: string,
): Promise<string[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((b) => b.id);
  await trx
    .updateTable('resource_bookings')
    .set({
      status: 'cancelled',
      cancelled_at: at,
      cancelled_by: actor?.userId ?? null,
      cancel_reason: reason,
      updated_at: at,
      updated_by: actor?.userId ?? null,
    })
    .where('id', 'in', ids)
    .execute();
  for (const before of rows) {
    const after = { ...before, status: 'cancelled', cancel_reason: reason };
    await recordAudit(trx, {
      actor,
      orgId: before.org_id,
      action: 'cancel',
      entityType: 'booking',
      entityId: before.id,
      entityLabel: bookingLabel(r, before),
      before: bookingSnapshot(before),
      after: bookingSnapshot(after),
      at,
    });
    await bookingEvent(trx, deps, actor, before, 'booking.cancelled');
  }
  // Pending approvals of bookings that are no longer pending are withdrawn.
  {
    const approvalIds = [
      ...new Set(rows.map((b) => b.approval_id).filter((v): v is string => !!v)),
    ];
    for (const approvalId of approvalIds) {
      const stillPending = await trx
        .selectFrom('resource_bookings')
        .select('id')
        .where('approval_id', '=', approvalId)
        .where('status', '=', 'pending_approval')
        .executeTakeFirst();
      if (stillPending) continue;
      const head = rows.find((b) => b.approval_id === approvalId)!;
      const original = await trx
        .selectFrom('resource_bookings')
        .select('id')
        .where('approval_id', '=', approvalId)
        .orderBy('starts_at')
        .executeTakeFirst();
      await cancelApprovals(trx, deps, {
        orgId: head.org_id,
        type: BOOKING_APPROVAL,
        entityId: original?.id ?? head.id,
        actor,
      });
    }
  }
  return ids;
}

export async function cancelBooking(
  deps: Deps,
  actor: Actor,
  id: string,
  input: z.output<typeof contract.cancelBookingBody>,
) {
  const at = nowIso(deps);
  const seen = await loadBooking(deps.db, actor, id);
  const ids = await deps.db.transaction().execute(async (trx) => {
    const r = await lockResource(trx, deps, actor.orgId, seen.resource_id);
    if (!r) throw notFound('booking');
    const b = await trx
      .selectFrom('resource_bookings')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    checkChangeable(actor, b, at);
    let rows = [b];
    if (input.scope === 'following' && b.series_id) {
      rows = (
        await trx
          .selectFrom('resource_bookings')
          .selectAll()
          .where('series_id', '=', b.series_id)
          .where('org_id', '=', actor.orgId)
          .where('starts_at', '>=', b.starts_at)
          .where('status', 'in', CHANGEABLE)
          .orderBy('starts_at')
          .execute()
      ).filter((x) => mayHandle(actor, x) && x.ends_at > at);
    }
    const cancelled = await cancelRows(trx, deps, actor, r, rows, input.reason ?? null, at);
    const site = await siteInfo(trx, actor.orgId, r.site_id);
    await notify(trx, deps, {
      orgId: actor.orgId,
      type: 'booking_updated',
      recipients: [b.booked_for, b.booked_by],
      actorUserId: actor.userId,
      entity: { entityType: 'booking', entityId: b.id },
      siteId: r.site_id,
      title: `${actor.userName} cancelled your booking of ${r.name}`,
      body: `${b.title}, ${formatRange(Date.parse(b.starts_at), Date.parse(b.ends_at), site.timeZone)}${cancelled.length > 1 ? ` and ${cancelled.length - 1} later occurrences` : ''}${input.reason ? ` — ${input.reason}` : ''}`,
      href: `/resources/${r.id}`,
    });
    return cancelled;
  });
  afterCommit(deps);
  return { cancelledIds: ids };
}

// ── Check-out / check-in ───────────────────────────────────────────────────

export async function checkOutBooking(
  deps: Deps,
  actor: Actor,
  id: string,
  input: z.output<typeof contract.checkOutBody>,
): Promise<Booking> {
  const nowMs = deps.clock.now().getTime();
  const at = iso(nowMs);
  const seen = await loadBooking(deps.db, actor, id);
  await deps.db.transaction().execute(async (trx) => {
    const r = await lockResource(trx, deps, actor.orgId, seen.resource_id);
    if (!r) throw notFound('booking');
    const before = await trx
      .selectFrom('resource_bookings')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    if (!mayHandle(actor, before))
      throw forbidden(
        'BOOKING_NOT_YOURS',
        'Only its booker, the member it is for, or a resource manager may check this out.',
      );
    if (!toBool(r.requires_checkout))
      throw conflict('CHECKOUT_NOT_REQUIRED', `${r.name} is not checked out and in.`);
    if (before.status !== 'confirmed')
      throw conflict(
        'BOOKING_NOT_CONFIRMED',
        before.status === 'pending_approval'
          ? 'This booking is still awaiting approval.'
          : `A ${before.status.replace('_', ' ')} booking cannot be checked out.`,
      );
    if (nowMs < Date.parse(before.starts_at) - contract.CHECKOUT_EARLY_MINUTES * MINUTE)
      throw conflict(
        'CHECKOUT_TOO_EARLY',
        `It can be checked out from ${contract.CHECKOUT_EARLY_MINUTES} minutes before the booking starts.`,
      );
    if (before.ends_at <= at) throw conflict('BOOKING_ENDED', 'This booking has already ended.');
    const after: BookingRow = {
      ...before,
      status: 'checked_out',
      checked_out_at: at,
      checked_out_by: actor.userId,
      checkout_note: input.note ?? null,
      updated_at: at,
      updated_by: actor.userId,
    };
    await trx.updateTable('resource_bookings').set(after).where('id', '=', id).execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'check_out',
      entityType: 'booking',
      entityId: id,
      entityLabel: bookingLabel(r, after),
      before: bookingSnapshot(before),
      after: bookingSnapshot(after),
      at,
    });
    await bookingEvent(trx, deps, actor, after, 'booking.checked_out');
  });
  afterCommit(deps);
  return getBooking(deps, actor, id);
}

export async function checkInBooking(
  deps: Deps,
  actor: Actor,
  id: string,
  input: z.output<typeof contract.checkInBody>,
): Promise<Booking> {
  const at = nowIso(deps);
  const seen = await loadBooking(deps.db, actor, id);
  await deps.db.transaction().execute(async (trx) => {
    const r = await lockResource(trx, deps, actor.orgId, seen.resource_id);
    if (!r) throw notFound('booking');
    const before = await trx
      .selectFrom('resource_bookings')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    if (!mayHandle(actor, before))
      throw forbidden(
        'BOOKING_NOT_YOURS',
        'Only its booker, the member it is for, or a resource manager may check this in.',
      );
    if (before.status !== 'checked_out')
      throw conflict('BOOKING_NOT_CHECKED_OUT', 'This booking is not checked out.');
    const after: BookingRow = {
      ...before,
      status: 'returned',
      checked_in_at: at,
      checked_in_by: actor.userId,
      return_condition: input.condition,
      return_note: input.note ?? null,
      late: at > before.ends_at,
      updated_at: at,
      updated_by: actor.userId,
    };
    await trx.updateTable('resource_bookings').set(after).where('id', '=', id).execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'check_in',
      entityType: 'booking',
      entityId: id,
      entityLabel: bookingLabel(r, after),
      before: bookingSnapshot(before),
      after: bookingSnapshot(after),
      at,
    });
    await bookingEvent(trx, deps, actor, after, 'booking.checked_in');
  });
  afterCommit(deps);
  return getBooking(deps, actor, id);
}

// ── Approval decisions ─────────────────────────────────────────────────────

/**
 * Applies an approval decision to the bookings it covers (the booking and, for a series, its
 * other pending occurrences); runs in the deciding transaction.
 */
export async function applyApprovalDecision(
  trx: Kysely<DB>,
  deps: Deps,
  actor: Actor,
  request: { id: string; orgId: string; entityId: string },
  decision: 'approved' | 'rejected',
  comment: string | null,
) {
  const at = nowIso(deps);
  const head = await trx
    .selectFrom('resource_bookings')
    .selectAll()
    .where('org_id', '=', request.orgId)
    .where('id', '=', request.entityId)
    .executeTakeFirst();
  if (!head) throw notFound('booking');
  const rows = await trx
    .selectFrom('resource_bookings')
    .selectAll()
    .where('org_id', '=', request.orgId)
    .where((eb) => eb.or([eb('approval_id', '=', request.id), eb('id', '=', request.entityId)]))
    .where('status', '=', 'pending_approval')
    .orderBy('starts_at')
    .execute();
  if (rows.length === 0)
    throw conflict('BOOKING_NOT_PENDING', 'This booking is no longer awaiting approval.');
  const r = (await lockResource(trx, deps, request.orgId, head.resource_id))!;
  const status = decision === 'approved' ? 'confirmed' : 'rejected';
  await trx
    .updateTable('resource_bookings')
    .set({ status, updated_at: at, updated_by: actor.userId })
    .where(
      'id',
      'in',
      rows.map((b) => b.id),
    )
    .execute();
  for (const before of rows) {
    await recordAudit(trx, {
      actor,
      orgId: request.orgId,
      action: decision === 'approved' ? 'approve' : 'reject',
      entityType: 'booking',
      entityId: before.id,
      entityLabel: bookingLabel(r, before),
      before: bookingSnapshot(before),
      after: { ...bookingSnapshot(before), status },
      at,
    });
    await bookingEvent(trx, deps, actor, before, `booking.${status}`);
  }
  const site = await siteInfo(trx, request.orgId, r.site_id);
  const first = rows[0]!;
  await notify(trx, deps, {
    orgId: request.orgId,
    type: 'booking_updated',
    recipients: [first.booked_for, first.booked_by],
    actorUserId: actor.userId,
    entity: { entityType: 'booking', entityId: first.id },
    siteId: r.site_id,
    title: `${actor.userName} ${decision} your booking of ${r.name}`,
    body: `${first.title}, ${formatRange(Date.parse(first.starts_at), Date.parse(first.ends_at), site.timeZone)}${rows.length > 1 ? ` and ${rows.length - 1} more` : ''}${comment ? ` — ${comment}` : ''}`,
    href: `/resources/${r.id}`,
  });
}

// ── Blackouts ──────────────────────────────────────────────────────────────

type BlackoutRow = DB['resource_blackouts'];
const toBlackout = (b: BlackoutRow): Blackout => ({
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
const blackoutSnapshot = (b: BlackoutRow) => ({
  resourceId: b.resource_id,
  start: b.starts_at,
  end: b.ends_at,
  reason: b.reason,
  note: b.note,
});

export async function listBlackouts(
  deps: Deps,
  actor: Actor,
  resourceId: string,
  includePast: boolean,
) {
  await loadResource(deps.db, actor, resourceId);
  let q = deps.db
    .selectFrom('resource_blackouts')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('resource_id', '=', resourceId);
  if (!includePast) q = q.where('ends_at', '>', nowIso(deps));
  const rows = await q.orderBy('starts_at').orderBy('id').limit(500).execute();
  return { items: rows.map(toBlackout) };
}

export interface BlackoutInput {
  orgId: string;
  resourceId: string;
  start: string;
  end: string;
  reason: 'maintenance' | 'holiday' | 'other';
  note?: string | null;
  /** Cancel the active bookings it overlaps (their bookers are told). */
  cancelBookings?: boolean;
  /** Who does it; null for the system (maintenance downtime, for example). */
  actor: Actor | null;
}

/** Active bookings overlapping a blackout; cancels them when asked. */
async function applyBlackout(
  trx: Kysely<DB>,
  deps: Deps,
  r: ResourceRow,
  b: BlackoutRow,
  cancelBookings: boolean,
  actor: Actor | null,
  at: string,
) {
  const affected = await trx
    .selectFrom('resource_bookings')
    .selectAll()
    .where('resource_id', '=', r.id)
    .where('status', 'in', ACTIVE)
    .where('starts_at', '<', b.ends_at)
    .where('ends_at', '>', b.starts_at)
    .orderBy('starts_at')
    .execute();
  const names = await userNames(
    trx,
    affected.map((x) => x.booked_for),
  );
  let cancelledIds: string[] = [];
  if (cancelBookings) {
    // Equipment already out is not cancelled: it has to come back first.
    const cancellable = affected.filter((x) => CHANGEABLE.includes(x.status) && x.ends_at > at);
    const reason = `Blocked for ${b.reason}${b.note ? `: ${b.note}` : ''}`;
    cancelledIds = await cancelRows(trx, deps, actor, r, cancellable, reason, at);
    const site = await siteInfo(trx, r.org_id, r.site_id);
    for (const x of cancellable) {
      await notify(trx, deps, {
        orgId: r.org_id,
        type: 'booking_updated',
        recipients: [x.booked_for, x.booked_by],
        actorUserId: actor?.userId ?? null,
        entity: { entityType: 'booking', entityId: x.id },
        siteId: r.site_id,
        title: `Your booking of ${r.name} was cancelled`,
        body: `${x.title}, ${formatRange(Date.parse(x.starts_at), Date.parse(x.ends_at), site.timeZone)} — ${reason}`,
        href: `/resources/${r.id}`,
      });
    }
  }
  const cancelled = new Set(cancelledIds);
  return {
    blackout: toBlackout(b),
    affected: affected.map((x) => ({
      id: x.id,
      start: x.starts_at,
      end: x.ends_at,
      status: (cancelled.has(x.id) ? 'cancelled' : x.status) as BookingStatus,
      title: x.title,
      bookedFor: { id: x.booked_for, name: names.get(x.booked_for) ?? '—' },
    })),
    cancelledIds,
  };
}

function checkBlackoutTimes(start: string, end: string) {
  const s = Date.parse(start);
  const e = Date.parse(end);
  if (!(e > s)) throw invalid('END_BEFORE_START', 'end', 'must be after the start');
  if (e - s > 366 * 86_400_000)
    throw invalid('BLACKOUT_TOO_LONG', 'end', 'must be within a year of the start');
  return { start: iso(s), end: iso(e) };
}

/**
 * Blocks a resource for a period, in the caller's transaction (other modules call this, e.g.
 * maintenance downtime). Reports the active bookings it overlaps and cancels them when asked.
 * The caller runs `afterCommit(deps)` after its transaction.
 */
export async function createBlackout(db: Kysely<DB>, deps: Deps, input: BlackoutInput) {
  const at = nowIso(deps);
  const r = await lockResource(db, deps, input.orgId, input.resourceId);
  if (!r) throw notFound('resource');
  const { start, end } = checkBlackoutTimes(input.start, input.end);
  const row: BlackoutRow = {
    id: newId(),
    org_id: input.orgId,
    resource_id: r.id,
    site_id: r.site_id,
    starts_at: start,
    ends_at: end,
    reason: input.reason,
    note: input.note ?? null,
    created_at: at,
    created_by: input.actor?.userId ?? null,
    updated_at: at,
    updated_by: input.actor?.userId ?? null,
  };
  await db.insertInto('resource_blackouts').values(row).execute();
  await recordAudit(db, {
    actor: input.actor,
    orgId: input.orgId,
    action: 'create',
    entityType: 'resource_blackout',
    entityId: row.id,
    entityLabel: `${r.name}: ${row.reason}`,
    after: blackoutSnapshot(row),
    at,
  });
  await recordAudit(db, {
    actor: input.actor,
    orgId: input.orgId,
    action: 'blackout',
    entityType: 'resource',
    entityId: r.id,
    entityLabel: r.name,
    after: blackoutSnapshot(row),
    at,
  });
  await blackoutEvent(db, deps, input.actor, row, 'resource.blackout_created');
  return applyBlackout(db, deps, r, row, input.cancelBookings ?? false, input.actor, at);
}

async function blackoutEvent(
  trx: Kysely<DB>,
  deps: Deps,
  actor: Actor | null,
  b: BlackoutRow,
  type: string,
) {
  await deps.events.record(trx, {
    orgId: b.org_id,
    type,
    entityType: 'resource',
    entityId: b.resource_id,
    siteId: b.site_id,
    permission: 'resources.read',
    topics: ['resources'],
    actorUserId: actor?.userId ?? null,
  });
}

export async function addBlackout(
  deps: Deps,
  actor: Actor,
  resourceId: string,
  input: z.output<typeof contract.blackoutBody>,
) {
  await loadResource(deps.db, actor, resourceId);
  const result = await deps.db.transaction().execute((trx) =>
    createBlackout(trx, deps, {
      orgId: actor.orgId,
      resourceId,
      start: input.start,
      end: input.end,
      reason: input.reason,
      note: input.note ?? null,
      cancelBookings: input.cancelBookings,
      actor,
    }),
  );
  afterCommit(deps);
  return result;
}

async function loadBlackout(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await db
    .selectFrom('resource_blackouts')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || !canSeeSite(actor, row.site_id)) throw notFound('blackout');
  return row;
}

export async function updateBlackout(
  deps: Deps,
  actor: Actor,
  id: string,
  input: Partial<z.output<typeof contract.blackoutBody>>,
) {
  const at = nowIso(deps);
  const seen = await loadBlackout(deps.db, actor, id);
  const result = await deps.db.transaction().execute(async (trx) => {
    const r = (await lockResource(trx, deps, actor.orgId, seen.resource_id))!;
    const before = await loadBlackout(trx, actor, id);
    const times = checkBlackoutTimes(input.start ?? before.starts_at, input.end ?? before.ends_at);
    const after: BlackoutRow = {
      ...before,
      starts_at: times.start,
      ends_at: times.end,
      reason: input.reason ?? before.reason,
      note: input.note === undefined ? before.note : input.note,
      updated_at: at,
      updated_by: actor.userId,
    };
    await trx.updateTable('resource_blackouts').set(after).where('id', '=', id).execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'update',
      entityType: 'resource_blackout',
      entityId: id,
      entityLabel: `${r.name}: ${after.reason}`,
      before: blackoutSnapshot(before),
      after: blackoutSnapshot(after),
      at,
    });
    await blackoutEvent(trx, deps, actor, after, 'resource.blackout_updated');
    return applyBlackout(trx, deps, r, after, input.cancelBookings ?? false, actor, at);
  });
  afterCommit(deps);
  return result;
}

export async function deleteBlackout(deps: Deps, actor: Actor, id: string) {
  const at = nowIso(deps);
  const seen = await loadBlackout(deps.db, actor, id);
  await deps.db.transaction().execute(async (trx) => {
    const r = (await lockResource(trx, deps, actor.orgId, seen.resource_id))!;
    const before = await loadBlackout(trx, actor, id);
    await trx.deleteFrom('resource_blackouts').where('id', '=', id).execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'delete',
      entityType: 'resource_blackout',
      entityId: id,
      entityLabel: `${r.name}: ${before.reason}`,
      before: blackoutSnapshot(before),
      at,
    });
    await blackoutEvent(trx, deps, actor, before, 'resource.blackout_deleted');
  });
  afterCommit(deps);
  return { ok: true as const };
}

// ── Timeline and calendar ──────────────────────────────────────────────────

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

export async function bookingParticipants(deps: Deps, orgId: string, id: string) {
  const b = await deps.db
    .selectFrom('resource_bookings')
    .select(['booked_by', 'booked_for'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return b ? [...new Set([b.booked_by, b.booked_for])] : [];
}
