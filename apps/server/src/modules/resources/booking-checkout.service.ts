import { type Booking, resources as contract } from '@keel/contracts';
import type { z } from 'zod';
import type { Actor } from '../../platform/auth/actor.js';
import { toBool } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { conflict } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import { type BookingRow, getBooking, iso, loadBooking, MINUTE } from './booking.read.js';
import { checkHandles, lockBooking, recordBookingChange } from './booking.write.js';
import type { ResourceRow } from './resources.service.js';
import './resources.tables.js';

// Equipment hand-over: checking a booking out and back in.

/**
 * One hand-over step under the resource's lock: the actor must handle the booking, `next`
 * checks the step and returns the changed row, which is saved, audited and announced.
 */
async function handOver(
  deps: Deps,
  actor: Actor,
  id: string,
  step: {
    what: string;
    action: string;
    event: string;
    next: (r: ResourceRow, before: BookingRow, at: string) => BookingRow;
  },
): Promise<Booking> {
  const at = iso(deps.clock.now().getTime());
  const seen = await loadBooking(deps.db, actor, id);
  await deps.db.transaction().execute(async (trx) => {
    const { r, before } = await lockBooking(trx, deps, actor, seen);
    checkHandles(actor, before, step.what);
    const after = step.next(r, before, at);
    await trx.updateTable('resource_bookings').set(after).where('id', '=', id).execute();
    await recordBookingChange(trx, deps, {
      actor,
      r,
      action: step.action,
      event: step.event,
      before,
      after,
      at,
    });
  });
  afterCommit(deps);
  return getBooking(deps, actor, id);
}

/**
 * Checks out a confirmed booking of a resource that requires it, from
 * CHECKOUT_EARLY_MINUTES before its start until its end.
 */
export function checkOutBooking(
  deps: Deps,
  actor: Actor,
  id: string,
  input: z.output<typeof contract.checkOutBody>,
): Promise<Booking> {
  return handOver(deps, actor, id, {
    what: 'check this out',
    action: 'check_out',
    event: 'booking.checked_out',
    next: (r, before, at) => {
      if (!toBool(r.requires_checkout))
        throw conflict('CHECKOUT_NOT_REQUIRED', `${r.name} is not checked out and in.`);
      if (before.status !== 'confirmed')
        throw conflict(
          'BOOKING_NOT_CONFIRMED',
          before.status === 'pending_approval'
            ? 'This booking is still awaiting approval.'
            : `A ${before.status.replace('_', ' ')} booking cannot be checked out.`,
        );
      if (Date.parse(at) < Date.parse(before.starts_at) - contract.CHECKOUT_EARLY_MINUTES * MINUTE)
        throw conflict(
          'CHECKOUT_TOO_EARLY',
          `It can be checked out from ${contract.CHECKOUT_EARLY_MINUTES} minutes before the booking starts.`,
        );
      if (before.ends_at <= at) throw conflict('BOOKING_ENDED', 'This booking has already ended.');
      return {
        ...before,
        status: 'checked_out',
        checked_out_at: at,
        checked_out_by: actor.userId,
        checkout_note: input.note ?? null,
        updated_at: at,
        updated_by: actor.userId,
      };
    },
  });
}

/** Checks a checked-out booking back in with its condition; late when past its end. */
export function checkInBooking(
  deps: Deps,
  actor: Actor,
  id: string,
  input: z.output<typeof contract.checkInBody>,
): Promise<Booking> {
  return handOver(deps, actor, id, {
    what: 'check this in',
    action: 'check_in',
    event: 'booking.checked_in',
    next: (_r, before, at) => {
      if (before.status !== 'checked_out')
        throw conflict('BOOKING_NOT_CHECKED_OUT', 'This booking is not checked out.');
      return {
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
    },
  });
}
