import type { BookingStatus, resources as contract } from '@keel/contracts';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit.service.js';
import { type Actor, canSeeSite } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { invalid, notFound } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import { userNames } from '../accounts/index.js';
import { ACTIVE, type BlackoutRow, CHANGEABLE, iso, toBlackout } from './booking.read.js';
import { notifyBooking } from './booking.write.js';
import { cancelRows } from './booking-change.service.js';
import {
  loadResource,
  lockResource,
  nowIso,
  type ResourceRow,
  siteInfo,
} from './resources.service.js';
import './resources.tables.js';

// Blackouts: periods a resource cannot be booked (maintenance, holidays), and the bookings they hit.

/** The audited fields of a blackout. */
const blackoutSnapshot = (b: BlackoutRow) => ({
  resourceId: b.resource_id,
  start: b.starts_at,
  end: b.ends_at,
  reason: b.reason,
  note: b.note,
});

/** A resource's blackouts, upcoming only unless `includePast`. */
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
      await notifyBooking(trx, deps, {
        r,
        booking: x,
        recipients: [x.booked_for, x.booked_by],
        actorUserId: actor?.userId ?? null,
        title: `Your booking of ${r.name} was cancelled`,
        timeZone: site.timeZone,
        suffix: ` — ${reason}`,
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

/** Blocks a resource for a period on the actor's behalf; see `createBlackout`. */
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

/** Changes a blackout under the resource's lock; reports (and on request cancels) the bookings it now overlaps. */
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

/** Removes a blackout (audited); bookings it cancelled stay cancelled. */
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
