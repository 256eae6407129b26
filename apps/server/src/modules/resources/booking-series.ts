import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/db/types.js';
import { invalid, KeelError } from '../../platform/errors.js';
import { type BookingRow, CHANGEABLE, formatRange, iso, mayHandle } from './booking.read.js';
import { type Clash, checkRules, clashOf, type Occupancy, type Slot } from './booking-rules.js';
import type { ResourceRow } from './resources.service.js';
import { expandRecurrence, RecurrenceError } from './schedule.js';
import './resources.tables.js';

// Recurring bookings: expanding a series into slots, fitting them, and a series' later occurrences.

/**
 * The slots of a booking: the first one alone, or every occurrence of its recurrence (the
 * site's wall-clock time), each checked against the resource's rules.
 */
export function seriesSlots(
  r: ResourceRow,
  first: Slot,
  recurrence: string | null | undefined,
  nowMs: number,
  timeZone: string,
): Slot[] {
  if (!recurrence) return [first];
  let starts: number[];
  try {
    starts = expandRecurrence(recurrence, first.start, timeZone);
  } catch (err) {
    if (err instanceof RecurrenceError)
      throw invalid('RECURRENCE_INVALID', 'recurrence', err.message);
    throw err;
  }
  const length = first.end - first.start;
  const slots = starts.map((s) => ({ start: s, end: s + length, quantity: first.quantity }));
  for (const s of slots) {
    try {
      checkRules(r, s, nowMs);
    } catch (err) {
      if (err instanceof KeelError && err.kind === 'invalid')
        throw invalid(
          err.code,
          'recurrence',
          `the occurrence ${formatRange(s.start, s.end, timeZone)} breaks a rule: ${err.fields?.[0]?.message ?? err.message}`,
        );
      throw err;
    }
  }
  return slots;
}

/**
 * Splits slots into those that fit and those that clash, in order: each accepted slot is held
 * before the next is tried, so occurrences of one series must fit next to each other too.
 */
export function fitSlots(r: ResourceRow, occ: Occupancy, slots: Slot[]) {
  const accepted: Slot[] = [];
  const skipped: { slot: Slot; clash: Clash }[] = [];
  for (const slot of slots) {
    const clash = clashOf(r, occ, slot);
    if (clash) skipped.push({ slot, clash });
    else {
      accepted.push(slot);
      occ.held.push({
        ...slot,
        row: { starts_at: iso(slot.start), ends_at: iso(slot.end) } as BookingRow,
      });
    }
  }
  return { accepted, skipped };
}

/** The booking and its series' later changeable occurrences that the actor may handle. */
export async function followingInSeries(
  trx: Kysely<DB>,
  actor: Actor,
  b: BookingRow,
  at: string,
): Promise<BookingRow[]> {
  if (!b.series_id) return [b];
  return (
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
