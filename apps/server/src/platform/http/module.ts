import type { AnyEndpoint } from '@keel/contracts';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.js';
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
export interface HistoryEntity {
  entityType: string;
  /** True when the actor may read this record (permission, organization, site scope). */
  canRead: (deps: Deps, actor: import('../auth/actor.js').Actor, id: string) => Promise<boolean>;
}

export interface KeelModule {
  name: string;
  migrations: import('../db/migrations.js').MigrationSet;
  routes: (ctx: RouteContext) => void;
  historyEntities?: HistoryEntity[];
}

export function bindRoute(
  app: FastifyInstance,
  authenticate: Authenticator,
): RouteContext['route'] {
  return (ep, handler, options) => route(app, authenticate, ep, handler, options);
}
