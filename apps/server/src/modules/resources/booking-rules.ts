import { type BookingConflict, resources as contract } from '@keel/contracts';
import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/db/types.js';
import { conflict, invalid, KeelError } from '../../platform/errors.js';
import { activeMembers, userNames } from '../accounts/index.js';
import {
  ACTIVE,
  type BlackoutRow,
  type BookingRow,
  formatRange,
  iso,
  MINUTE,
  seesBooking,
} from './booking.read.js';
import { mayBook, type ResourceRow, rulesOf } from './resources.service.js';
import { capacityClash, type Held, overlaps } from './schedule.js';
import './resources.tables.js';

// Booking rules (grid, capacity, duration, lead time, who may book) and conflict detection.

/** One occurrence: start and end in milliseconds, and how many units it holds. */
export interface Slot {
  start: number;
  end: number;
  quantity: number;
}

/**
 * The resource's booking rules for one slot. `checkStart` is false when a reschedule keeps a
 * start that has already passed (only the end or quantity changes).
 */
export function checkRules(r: ResourceRow, slot: Slot, now: number, checkStart = true): void {
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

/** The resource is not archived and the actor's role may book it. */
export function checkMayBook(actor: Actor, r: ResourceRow) {
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
export async function checkBookedFor(db: Kysely<DB>, actor: Actor, r: ResourceRow, userId: string) {
  if (userId === actor.userId) return;
  const [member] = await activeMembers(db, actor.orgId, [userId]);
  if (!member)
    throw invalid('MEMBER_NOT_FOUND', 'bookedForUserId', 'is not a member of this organization');
  if (member.siteIds && !member.siteIds.includes(r.site_id))
    throw invalid('MEMBER_NOT_IN_SITE', 'bookedForUserId', 'has no access to this site');
}

// ── Conflicts ──────────────────────────────────────────────────────────────

export type HeldRow = Held & { row: BookingRow };
interface BlackoutSpan {
  start: number;
  end: number;
  row: BlackoutRow;
}

/** What holds a resource around some slots: its active bookings and its blackouts. */
export interface Occupancy {
  held: HeldRow[];
  blackouts: BlackoutSpan[];
}

/** A resource's active bookings and blackouts around a set of slots, read under its lock. */
export async function occupancy(
  trx: Kysely<DB>,
  r: ResourceRow,
  slots: Slot[],
  exceptIds: string[] = [],
): Promise<Occupancy> {
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

/** What a slot runs into: the bookings over capacity and the blackouts it overlaps. */
export interface Clash {
  bookings: BookingRow[];
  blackouts: BlackoutRow[];
}

/** The clash of a slot with the occupancy (capacity and buffer included); null when it fits. */
export function clashOf(r: ResourceRow, occ: Occupancy, slot: Slot): Clash | null {
  const blackouts = occ.blackouts.filter((b) => overlaps(b, slot)).map((b) => b.row);
  const clashing = capacityClash(occ.held, slot, r.capacity, r.buffer_minutes * MINUTE);
  const bookings = clashing?.map((h) => h.row) ?? [];
  return blackouts.length || clashing ? { bookings, blackouts } : null;
}

/** A clash as the API reports it; bookings the actor may not see stay anonymous. */
export async function describeClash(
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

/** A clash in words, in the site's time zone. */
export function clashText(conflicts: BookingConflict[], timeZone: string) {
  return conflicts
    .map((c) =>
      c.kind === 'blackout'
        ? `blocked ${formatRange(Date.parse(c.start), Date.parse(c.end), timeZone)} (${c.reason})`
        : `booked ${formatRange(Date.parse(c.start), Date.parse(c.end), timeZone)}`,
    )
    .join('; ');
}

/** The BOOKING_CONFLICT error for one slot that is not free. */
export function clashError(r: ResourceRow, conflicts: BookingConflict[], timeZone: string) {
  const text = clashText(conflicts, timeZone);
  return new KeelError('conflict', 'BOOKING_CONFLICT', `${r.name} is not free then: ${text}.`, {
    fields: [{ field: 'start', message: `clashes with ${text}` }],
    extra: { conflicts },
  });
}
