import type { Booking, resources as contract } from '@keel/contracts';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { type Actor, can } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { conflict, notFound } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import { cancelApprovals, requestApproval } from '../approvals/index.js';
import {
  BOOKING_APPROVAL,
  type BookingRow,
  formatRange,
  getBooking,
  iso,
  loadBooking,
} from './booking.read.js';
import {
  bookingEvent,
  checkChangeable,
  lockBooking,
  notifyBooking,
  recordBookingChange,
} from './booking.write.js';
import {
  checkBookedFor,
  checkRules,
  clashError,
  clashOf,
  describeClash,
  occupancy,
  type Slot,
} from './booking-rules.js';
import { followingInSeries } from './booking-series.js';
import { lockResource, nowIso, type ResourceRow, rulesOf, siteInfo } from './resources.service.js';
import './resources.tables.js';

// Changing a booking: reschedule or edit, cancel (one or the rest of a series), approval decisions.

/**
 * Changes a pending or confirmed booking that has not ended, under the resource's lock: new
 * times obey the rules and must be free; a reschedule that needs approval asks again.
 */
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
    const { r, before } = await lockBooking(trx, deps, actor, seen);
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
        throw clashError(r, await describeClash(trx, actor, clash), site.timeZone);
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
    await recordBookingChange(trx, deps, {
      actor,
      r,
      action: 'update',
      event: 'booking.updated',
      before,
      after,
      at,
    });
    if (before.booked_for !== bookedFor)
      await bookingEvent(trx, deps, actor, before, 'booking.updated');
    const site = await siteInfo(trx, actor.orgId, r.site_id);
    await notifyBooking(trx, deps, {
      r,
      booking: after,
      recipients: [bookedFor, before.booked_by],
      actorUserId: actor.userId,
      title: `${actor.userName} changed your booking of ${r.name}`,
      timeZone: site.timeZone,
      suffix: reapprove ? ' (awaiting approval again)' : '',
    });
  });
  afterCommit(deps);
  return getBooking(deps, actor, id);
}

/**
 * Cancels bookings in the caller's transaction (audited, announced) and withdraws approval
 * requests none of whose bookings is still pending; returns their ids.
 */
export async function cancelRows(
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
    await recordBookingChange(trx, deps, {
      actor,
      r,
      action: 'cancel',
      event: 'booking.cancelled',
      before,
      after,
      at,
    });
  }
  // Pending approvals of bookings that are no longer pending are withdrawn.
  const approvalIds = [...new Set(rows.map((b) => b.approval_id).filter((v): v is string => !!v))];
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
  return ids;
}

/**
 * Cancels a pending or confirmed booking that has not ended (with `scope: 'following'`, also
 * its series' later occurrences the actor may handle) and tells its booker and member.
 */
export async function cancelBooking(
  deps: Deps,
  actor: Actor,
  id: string,
  input: z.output<typeof contract.cancelBookingBody>,
) {
  const at = nowIso(deps);
  const seen = await loadBooking(deps.db, actor, id);
  const ids = await deps.db.transaction().execute(async (trx) => {
    const { r, before: b } = await lockBooking(trx, deps, actor, seen);
    checkChangeable(actor, b, at);
    const rows = input.scope === 'following' ? await followingInSeries(trx, actor, b, at) : [b];
    const cancelled = await cancelRows(trx, deps, actor, r, rows, input.reason ?? null, at);
    const site = await siteInfo(trx, actor.orgId, r.site_id);
    const later = cancelled.length > 1 ? ` and ${cancelled.length - 1} later occurrences` : '';
    await notifyBooking(trx, deps, {
      r,
      booking: b,
      recipients: [b.booked_for, b.booked_by],
      actorUserId: actor.userId,
      title: `${actor.userName} cancelled your booking of ${r.name}`,
      timeZone: site.timeZone,
      suffix: `${later}${input.reason ? ` — ${input.reason}` : ''}`,
    });
    return cancelled;
  });
  afterCommit(deps);
  return { cancelledIds: ids };
}

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
    await recordBookingChange(trx, deps, {
      actor,
      r,
      action: decision === 'approved' ? 'approve' : 'reject',
      event: `booking.${status}`,
      before,
      after: { ...before, status },
      at,
    });
  }
  const site = await siteInfo(trx, request.orgId, r.site_id);
  const first = rows[0]!;
  await notifyBooking(trx, deps, {
    r,
    booking: first,
    recipients: [first.booked_for, first.booked_by],
    actorUserId: actor.userId,
    title: `${actor.userName} ${decision} your booking of ${r.name}`,
    timeZone: site.timeZone,
    suffix: `${rows.length > 1 ? ` and ${rows.length - 1} more` : ''}${comment ? ` — ${comment}` : ''}`,
  });
}
