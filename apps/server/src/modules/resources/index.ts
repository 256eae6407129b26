import type { Kysely } from 'kysely';
import { type Actor, can } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import type { KeelModule } from '../../platform/http/module.js';
import type { EntityRef } from '../../platform/registry.js';
import {
  BOOKING_APPROVAL,
  bookingParticipants,
  calendarBookings,
  describeBookings,
} from './booking.read.js';
import { applyApprovalDecision } from './booking-change.service.js';
import { resourcesMigrations } from './resources.migrations.js';
import { resourcesRoutes } from './resources.routes.js';
import { resourceDocuments, visibleResources } from './resources.service.js';
import './resources.tables.js';

export { type BlackoutInput, createBlackout } from './blackout.service.js';
export { cancelBooking, updateBooking } from './booking-change.service.js';
export { checkInBooking, checkOutBooking } from './booking-checkout.service.js';
export { createBooking } from './booking-create.service.js';
export { createResource, setResourceArchived, updateResource } from './resources.service.js';

/** Resources of an organization by id (for other modules, e.g. maintenance linking assets). */
export async function resourceExists(db: Kysely<DB>, orgId: string, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('resources')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return !!row;
}

async function describeResources(deps: Deps, actor: Actor, ids: string[]) {
  const out = new Map<string, EntityRef>();
  if (!can(actor, 'resources.read') || ids.length === 0) return out;
  const rows = await visibleResources(deps.db, actor).where('id', 'in', ids).execute();
  for (const r of rows)
    out.set(r.id, {
      entityType: 'resource',
      id: r.id,
      label: r.name,
      href: `/resources/${r.id}`,
      siteId: r.site_id,
    });
  return out;
}

async function describeBookingRefs(deps: Deps, actor: Actor, ids: string[]) {
  const out = new Map<string, EntityRef>();
  for (const b of await describeBookings(deps, actor, ids))
    out.set(b.id, {
      entityType: 'booking',
      id: b.id,
      label: `${b.resource_name}: ${b.title}`,
      href: `/resources/${b.resource_id}`,
      siteId: b.site_id,
    });
  return out;
}

export const resourcesModule: KeelModule = {
  name: 'resources',
  migrations: resourcesMigrations,
  routes: resourcesRoutes,
  entities: [
    {
      entityType: 'resource',
      canRead: async (deps, actor, id) => (await describeResources(deps, actor, [id])).has(id),
      describe: describeResources,
      participants: async () => [],
    },
    {
      entityType: 'booking',
      canRead: async (deps, actor, id) => (await describeBookingRefs(deps, actor, [id])).has(id),
      describe: describeBookingRefs,
      participants: bookingParticipants,
    },
  ],
  approvalTypes: [
    {
      type: BOOKING_APPROVAL,
      entityType: 'booking',
      permission: 'resources.manage',
      remindAfterDays: 1,
      escalateAfterDays: 2,
      onDecided: async ({ db, deps, actor, request, decision, comment }) =>
        applyApprovalDecision(db, deps, actor, request, decision, comment),
    },
  ],
  calendarSources: [{ kind: 'booking', list: calendarBookings }],
  searchSources: [{ entityType: 'resource', label: 'Resources', reindex: resourceDocuments }],
};
