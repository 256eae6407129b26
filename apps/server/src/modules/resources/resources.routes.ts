import { resources } from '@keel/contracts';
import type { RouteContext } from '../../platform/http/module.js';
import { addBlackout, deleteBlackout, listBlackouts, updateBlackout } from './blackout.service.js';
import { getBooking, listBookings, timeline } from './booking.read.js';
import { cancelBooking, updateBooking } from './booking-change.service.js';
import { checkInBooking, checkOutBooking } from './booking-checkout.service.js';
import { createBooking } from './booking-create.service.js';
import * as service from './resources.service.js';

export function resourcesRoutes({ route, deps }: RouteContext): void {
  // Static paths before /api/resources/:id so they are not read as ids.
  route(resources.getTimeline, async ({ actor, query }) => timeline(deps, actor, query));
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
    listBlackouts(deps, actor, params.id, query.includePast === 'true'),
  );
  route(resources.createBlackout, async ({ actor, params, body }) =>
    addBlackout(deps, actor, params.id, body),
  );
  route(resources.updateBlackout, async ({ actor, params, body }) =>
    updateBlackout(deps, actor, params.id, body),
  );
  route(resources.deleteBlackout, async ({ actor, params }) =>
    deleteBlackout(deps, actor, params.id),
  );

  route(resources.listBookings, async ({ actor, query }) => listBookings(deps, actor, query));
  route(resources.getBooking, async ({ actor, params }) => getBooking(deps, actor, params.id));
  route(resources.createBooking, async ({ actor, body }) => createBooking(deps, actor, body));
  route(resources.updateBooking, async ({ actor, params, body }) =>
    updateBooking(deps, actor, params.id, body),
  );
  route(resources.cancelBooking, async ({ actor, params, body }) =>
    cancelBooking(deps, actor, params.id, body),
  );
  route(resources.checkOutBooking, async ({ actor, params, body }) =>
    checkOutBooking(deps, actor, params.id, body),
  );
  route(resources.checkInBooking, async ({ actor, params, body }) =>
    checkInBooking(deps, actor, params.id, body),
  );
}
