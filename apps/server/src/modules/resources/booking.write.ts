import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { conflict, forbidden, notFound } from '../../platform/errors.js';
import { notify } from '../notifications/index.js';
import {
  type BookingRow,
  bookingLabel,
  bookingSnapshot,
  CHANGEABLE,
  formatRange,
  mayHandle,
} from './booking.read.js';
import { lockResource, type ResourceRow } from './resources.service.js';
import './resources.tables.js';

// What every change of a booking does: lock, audit, announce, tell the people it concerns.

/**
 * Announces a booking change to readers of its site and, by name, to its booker and the member
 * it is for; in the caller's transaction.
 */
export async function bookingEvent(
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

/** Audits a booking change (before → after) and announces it, in the caller's transaction. */
export async function recordBookingChange(
  trx: Kysely<DB>,
  deps: Deps,
  change: {
    actor: Actor | null;
    r: Pick<ResourceRow, 'name'>;
    action: string;
    event: string;
    before: BookingRow;
    after: BookingRow;
    at: string;
  },
) {
  const { actor, r, before, after, at } = change;
  await recordAudit(trx, {
    actor,
    orgId: before.org_id,
    action: change.action,
    entityType: 'booking',
    entityId: before.id,
    entityLabel: bookingLabel(r, after),
    before: bookingSnapshot(before),
    after: bookingSnapshot(after),
    at,
  });
  await bookingEvent(trx, deps, actor, after, change.event);
}

/**
 * Locks the booking's resource and reads the booking under that lock; not found when the
 * resource is gone. Every change of one booking starts here.
 */
export async function lockBooking(
  trx: Kysely<DB>,
  deps: Deps,
  actor: Actor,
  seen: Pick<BookingRow, 'id' | 'resource_id'>,
): Promise<{ r: ResourceRow; before: BookingRow }> {
  const r = await lockResource(trx, deps, actor.orgId, seen.resource_id);
  if (!r) throw notFound('booking');
  const before = await trx
    .selectFrom('resource_bookings')
    .selectAll()
    .where('id', '=', seen.id)
    .executeTakeFirstOrThrow();
  return { r, before };
}

/** Forbidden unless the actor may handle the booking (booker, member it is for, or manager). */
export function checkHandles(actor: Actor, b: BookingRow, what: string) {
  if (!mayHandle(actor, b))
    throw forbidden(
      'BOOKING_NOT_YOURS',
      `Only its booker, the member it is for, or a resource manager may ${what}.`,
    );
}

/** The actor may handle the booking, it is pending or confirmed, and it has not ended. */
export function checkChangeable(actor: Actor, b: BookingRow, now: string) {
  checkHandles(actor, b, 'change this booking');
  if (!CHANGEABLE.includes(b.status))
    throw conflict(
      'BOOKING_NOT_CHANGEABLE',
      `A ${b.status.replace('_', ' ')} booking cannot be changed.`,
    );
  if (b.ends_at <= now) throw conflict('BOOKING_ENDED', 'This booking has already ended.');
}

/**
 * Notifies people about a booking (`booking_updated`): "<title>, <when><suffix>", linking to
 * the resource; in the caller's transaction.
 */
export async function notifyBooking(
  trx: Kysely<DB>,
  deps: Deps,
  n: {
    r: Pick<ResourceRow, 'id' | 'org_id' | 'site_id'>;
    booking: Pick<BookingRow, 'id' | 'title' | 'starts_at' | 'ends_at'>;
    recipients: string[];
    actorUserId: string | null;
    title: string;
    timeZone: string;
    suffix?: string;
  },
) {
  const { r, booking: b } = n;
  await notify(trx, deps, {
    orgId: r.org_id,
    type: 'booking_updated',
    recipients: n.recipients,
    actorUserId: n.actorUserId,
    entity: { entityType: 'booking', entityId: b.id },
    siteId: r.site_id,
    title: n.title,
    body: `${b.title}, ${formatRange(Date.parse(b.starts_at), Date.parse(b.ends_at), n.timeZone)}${n.suffix ?? ''}`,
    href: `/resources/${r.id}`,
  });
}
