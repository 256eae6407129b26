import type { AnyEndpoint } from '@keel/contracts';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.js';
import type { EntityKind, RegistryParts } from '../registry.js';
import { type Authenticator, route } from './route.js';

/** What a module's routes are registered with. */
export interface RouteContext {
  app: FastifyInstance;
  deps: Deps;
  authenticate: Authenticator;
  /** `route` bound to this app and authenticator. */
  route: <E extends AnyEndpoint>(
    ep: E,
    handler: Parameters<typeof route<E>>[3],
    options?: Parameters<typeof route<E>>[4],
  ) => void;
}

/** A record type whose history page other modules may show, and who may read it. */
export type HistoryEntity = EntityKind;

/**
 * A business module: its tables, its routes, and what it plugs into the shared capabilities
 * (see `registry.ts`): record kinds (history, subjects of tasks/comments/attachments/approvals),
 * approval types, calendar sources and recurring jobs.
 */
export interface KeelModule extends RegistryParts {
  name: string;
  migrations: import('../db/migrations.js').MigrationSet;
  routes: (ctx: RouteContext) => void;
  /** Called once with the built dependencies (event subscribers and the like). */
  start?: (deps: Deps) => void;
}

export function bindRoute(
  app: FastifyInstance,
  authenticate: Authenticator,
): RouteContext['route'] {
  return (ep, handler, options) => route(app, authenticate, ep, handler, options);
}
