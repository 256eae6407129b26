import { search } from '@keel/contracts';
import type { RouteContext } from '../../platform/http/module.js';
import * as service from './search.service.js';

export function searchRoutes({ route, deps }: RouteContext): void {
  route(search.search, async ({ actor, query }) => service.search(deps, actor, query));
}
