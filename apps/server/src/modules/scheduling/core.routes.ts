import { scheduling } from '@keel/contracts';
import type { RouteContext } from '../../platform/http/module.js';
import { rosterPdf } from './publish.pdf.js';
import { copyWeek, listPublications, publishRoster } from './publish.service.js';
import { getRoster } from './roster.service.js';
import { getShift } from './shift.read.js';
import { createShift, deleteShift, updateShift } from './shift.service.js';
import * as types from './shift-type.service.js';

/** Routes of the core area: shift types, shifts, roster, publishing, PDF, copy week. */
export function coreRoutes({ route, deps }: RouteContext): void {
  route(scheduling.listShiftTypes, async ({ actor, query }) =>
    types.listShiftTypes(deps, actor, query),
  );
  route(scheduling.createShiftType, async ({ actor, body }) =>
    types.createShiftType(deps, actor, body),
  );
  route(scheduling.updateShiftType, async ({ actor, params, body }) =>
    types.updateShiftType(deps, actor, params.id, body),
  );
  route(scheduling.archiveShiftType, async ({ actor, params }) =>
    types.setShiftTypeArchived(deps, actor, params.id, true),
  );
  route(scheduling.restoreShiftType, async ({ actor, params }) =>
    types.setShiftTypeArchived(deps, actor, params.id, false),
  );

  route(scheduling.createShift, async ({ actor, body }) => createShift(deps, actor, body));
  route(scheduling.getShift, async ({ actor, params }) => getShift(deps, actor, params.id));
  route(scheduling.updateShift, async ({ actor, params, body }) =>
    updateShift(deps, actor, params.id, body),
  );
  route(scheduling.deleteShift, async ({ actor, params }) => deleteShift(deps, actor, params.id));

  // Static roster paths are distinct from /shifts/:id, so the order does not matter here.
  route(scheduling.getRoster, async ({ actor, query }) => getRoster(deps, actor, query));
  route(scheduling.publishRoster, async ({ actor, body }) => publishRoster(deps, actor, body));
  route(scheduling.listPublications, async ({ actor, query }) =>
    listPublications(deps, actor, query),
  );
  route(scheduling.rosterPdf, async ({ actor, query, reply }) => {
    reply.header(
      'content-disposition',
      `attachment; filename="roster-${query.from}-${query.to}.pdf"`,
    );
    return rosterPdf(deps, actor, query);
  });
  route(scheduling.copyWeek, async ({ actor, body }) => copyWeek(deps, actor, body));
}
