import type { RouteContext } from '../../platform/http/module.js';
import { attendanceRoutes } from './attendance.routes.js';
import { constraintsRoutes } from './constraints.routes.js';
import { coreRoutes } from './core.routes.js';
import { selfRoutes } from './self.routes.js';
import { setupRoutes } from './setup.routes.js';

/** Every scheduling route, by area. */
export function schedulingRoutes(ctx: RouteContext): void {
  coreRoutes(ctx);
  setupRoutes(ctx);
  constraintsRoutes(ctx);
  selfRoutes(ctx);
  attendanceRoutes(ctx);
}
