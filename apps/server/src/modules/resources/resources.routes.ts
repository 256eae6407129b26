import { resources } from '@keel/contracts';
import type { RouteContext } from '../../platform/http/module.js';
import * as bookings from './bookings.service.js';
import * as service from './resources.service.js';

export function resourcesRoutes({ route, deps }: RouteContext): void {
  // Static paths before /api/resources/:id so they are not read as ids.
  route(resources.getTimeline, async ({ actor, query }) => bookings.timeline(deps, actor, query));
  route(resources.listResources, async ({ actor, query }) =>
    service.listResources(deps, actor, query),
  );
  route(resources.getResource, async ({ actor, params }) =>
    service.getResource(deps, actor, params.id),
  );
  route(resources.createResource, async ({ actor, body }) =>
    service.createResource(deps, actor, body),
  );
  route(resources.updateResource, async ({ actor, params, body }) =>
    service.updateResource(deps, actor, params.id, body),
  );
  route(resources.archiveResource, async ({ actor, params }) =>
    service.setResourceArchived(deps, actor, params.id, true),
  );
  route(resources.restoreResource, async ({ actor, params }) =>
    service.setResourceArchived(deps, actor, params.id, false),
  );

  route(resources.listBlackouts, async ({ actor, params, query }) =>
    bookings.listBlackouts(deps, actor, params.id, query.includePast === 'true'),
  );
  route(resources.createBlackout, async ({ actor, params, body }) =>
    bookings.addBlackout(deps, actor, params.id, body),
  );
  route(resources.updateBlackout, async ({ actor, params, body }) =>
    bookings.updateBlackout(deps, actor, params.id, body),
  );
  route(resources.deleteBlackout, async ({ actor, params }) =>
    bookings.deleteBlackout(deps, actor, params.id),
  );

  route(resources.listBookings, async ({ actor, query }) =>
    bookings.listBookings(deps, actor, query),
  );
  route(resources.getBooking, async ({ actor, params }) =>
    bookings.getBooking(deps, actor, params.id),
  );
  route(resources.createBooking, async ({ actor, body }) =>
    bookings.createBooking(deps, actor, body),
  );
  route(resources.updateBooking, async ({ actor, params, body }) =>
    bookings.updateBooking(deps, actor, params.id, body),
  );
  route(resources.cancelBooking, async ({ actor, params, body }) =>
    bookings.cancelBooking(deps, actor, params.id, body),
  );
  route(resources.checkOutBooking, async ({ actor, params, body }) =>
    bookings.checkOutBooking(deps, actor, params.id, body),
  );
  route(resources.checkInBooking, async ({ actor, params, body }) =>
    bookings.checkInBooking(deps, actor, params.id, body),
  );
}
