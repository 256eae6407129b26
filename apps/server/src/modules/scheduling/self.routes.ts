import { schedulingSelf as api } from '@keel/contracts';
import type { RouteContext } from '../../platform/http/module.js';
import { listMyShifts } from './my-shifts.service.js';
import { claimOpenShift, listOpenShifts } from './open-shift.service.js';
import {
  acceptSwap,
  cancelSwap,
  createSwap,
  declineSwap,
  listSwapCandidates,
  listSwaps,
  releaseShift,
} from './swap.service.js';

/** Routes of the self area: my shifts, open shifts, swaps. */
export function selfRoutes({ route, deps }: RouteContext): void {
  route(api.listMyShifts, async ({ actor, query }) => listMyShifts(deps, actor, query));
  route(api.releaseShift, async ({ actor, params, body }) =>
    releaseShift(deps, actor, params.id, body.note ?? null),
  );
  route(api.listOpenShifts, async ({ actor, query }) => listOpenShifts(deps, actor, query));
  route(api.claimOpenShift, async ({ actor, params }) => claimOpenShift(deps, actor, params.id));
  route(api.listSwapCandidates, async ({ actor, query }) =>
    listSwapCandidates(deps, actor, query.shiftId),
  );
  route(api.listSwaps, async ({ actor, query }) => listSwaps(deps, actor, query));
  route(api.createSwap, async ({ actor, body }) => createSwap(deps, actor, body));
  route(api.acceptSwap, async ({ actor, params }) => acceptSwap(deps, actor, params.id));
  route(api.declineSwap, async ({ actor, params, body }) =>
    declineSwap(deps, actor, params.id, body.note ?? null),
  );
  route(api.cancelSwap, async ({ actor, params }) => cancelSwap(deps, actor, params.id));
}
