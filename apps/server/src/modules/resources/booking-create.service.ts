import type { resources as contract } from '@keel/contracts';
import type { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit.service.js';
import { type Actor, can } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import type { Deps } from '../../platform/deps.js';
import { KeelError, notFound } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import { requestApproval } from '../approvals/index.js';
import {
  BOOKING_APPROVAL,
  type BookingRow,
  bookingLabel,
  bookingSnapshot,
  bookingsById,
  formatRange,
  iso,
} from './booking.read.js';
import { bookingEvent, notifyBooking } from './booking.write.js';
import {
  checkBookedFor,
  checkMayBook,
  checkRules,
  clashError,
  describeClash,
  occupancy,
  type Slot,
} from './booking-rules.js';
import { fitSlots, seriesSlots } from './booking-series.js';
import { loadResource, lockResource, nowIso, rulesOf, siteInfo } from './resources.service.js';
import './resources.tables.js';

/**
 * Books a resource once or as a series, under the resource's lock: every occurrence obeys the
 * rules and fits capacity, buffers and blackouts, or nothing is booked (with `skipConflicts`,
 * the free occurrences are booked and the others reported). Bookings that need approval are
 * pending with one approval request for the whole series.
 */
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

  const slots = seriesSlots(r0, first, input.recurrence, nowMs, site.timeZone);

  const at = iso(nowMs);
  const managerBooks = can(actor, 'resources.manage');
  const status = rulesOf(r0).needsApproval && !managerBooks ? 'pending_approval' : 'confirmed';
  const seriesId = input.recurrence ? newId() : null;

  const created = await deps.db.transaction().execute(async (trx) => {
    const r = await lockResource(trx, deps, actor.orgId, r0.id);
    if (!r) throw notFound('resource');
    checkMayBook(actor, r);
    const occ = await occupancy(trx, r, slots);
    const { accepted, skipped } = fitSlots(r, occ, slots);
    const described = await Promise.all(
      skipped.map(async (s) => ({
        start: iso(s.slot.start),
        end: iso(s.slot.end),
        conflicts: await describeClash(trx, actor, s.clash),
      })),
    );
    if (skipped.length && (!input.skipConflicts || accepted.length === 0)) {
      if (!input.recurrence) throw clashError(r, described[0]!.conflicts, site.timeZone);
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
    // One statement for the whole series (at most resources.MAX_OCCURRENCES rows).
    await trx.insertInto('resource_bookings').values(rows).execute();
    for (const row of rows) {
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
      const more = rows.length > 1 ? ` and ${rows.length - 1} more` : '';
      await notifyBooking(trx, deps, {
        r,
        booking: head,
        recipients: [bookedFor],
        actorUserId: actor.userId,
        title: `${actor.userName} booked ${r.name} for you`,
        timeZone: site.timeZone,
        suffix: `${more}${status === 'pending_approval' ? ' (awaiting approval)' : ''}`,
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
