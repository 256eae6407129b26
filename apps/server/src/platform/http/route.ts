import type { AnyEndpoint } from '@keel/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Actor } from '../auth/actor.js';
import { can } from '../auth/actor.js';
import { KeelError } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** The session's CSRF token (null for API tokens and anonymous callers). */
    csrfToken: string | null;
  }
  interface FastifyContextConfig {
    access?: AnyEndpoint['access'];
  }
}

/** Resolves the caller from the request (session cookie or bearer token). */
export type Authenticator = (
  req: FastifyRequest,
) => Promise<{ actor: Actor; csrfToken: string | null } | null>;

type Infer<S> = [Exclude<S, undefined>] extends [z.ZodType]
  ? z.output<Exclude<S, undefined>>
  : undefined;

export interface HandlerContext<E extends AnyEndpoint, A> {
  actor: A;
  params: Infer<E['params']>;
  query: Infer<E['query']>;
  body: Infer<E['body']>;
  req: FastifyRequest;
  reply: FastifyReply;
}

type ActorFor<E extends AnyEndpoint> = E['access'] extends 'public' ? Actor | null : Actor;
type Result<E extends AnyEndpoint> = z.input<E['response']>;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Registers one contract endpoint. The pipeline is fixed: authenticate → check CSRF for cookie
 * writes → authorize the declared permission → validate params/query/body → handler → response
 * shaped by the contract (unknown fields stripped, so nothing leaks by accident).
 */
export function route<E extends AnyEndpoint>(
  app: FastifyInstance,
  authenticate: Authenticator,
  ep: E,
  handler: (ctx: HandlerContext<E, ActorFor<E>>) => Promise<Result<E>>,
  options: { bodyLimit?: number } = {},
): void {
  const access = ep.access;
  const permissionText =
    access === 'public'
      ? 'Permission: none (public).'
      : access === 'authenticated'
        ? 'Permission: any signed-in member.'
        : `Permission: \`${access}\`.`;
  const status = ep.status ?? 200;
  app.route({
    method: ep.method,
    url: ep.path,
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
    config: { access },
    schema: {
      operationId: ep.operationId,
      summary: ep.summary,
      description: [ep.description, permissionText].filter(Boolean).join('\n\n'),
      tags: [ep.tag],
      ...(access === 'public' ? {} : { security: [{ session: [] }, { bearer: [] }] }),
      ...(ep.params ? { params: ep.params } : {}),
      ...(ep.query ? { querystring: ep.query } : {}),
      ...(ep.body ? { body: ep.body } : {}),
      ...(ep.produces ? {} : { response: { [status]: ep.response } }),
    },
    // preValidation runs before the body is validated: a caller without rights learns nothing
    // about the input rules.
    preValidation: async (req) => {
      req.actor = null;
      const resolved = await authenticate(req);
      req.csrfToken = resolved?.csrfToken ?? null;
      if (access === 'public') {
        req.actor = resolved?.actor ?? null;
        return;
      }
      if (!resolved) {
        throw new KeelError('unauthenticated', 'UNAUTHENTICATED', 'Sign in to continue.');
      }
      if (resolved.actor.via === 'session' && !SAFE_METHODS.has(req.method)) {
        const header = req.headers['x-csrf-token'];
        if (typeof header !== 'string' || header !== resolved.csrfToken) {
          throw new KeelError(
            'forbidden',
            'CSRF_TOKEN_INVALID',
            'This request needs the x-csrf-token header from sign-in or GET /api/me.',
          );
        }
      }
      if (access !== 'authenticated' && !can(resolved.actor, access)) {
        throw new KeelError(
          'forbidden',
          'PERMISSION_DENIED',
          `Your role does not include the permission ${access}.`,
          { extra: { permission: access } },
        );
      }
      req.actor = resolved.actor;
    },
    handler: async (req, reply) => {
      const result = await handler({
        actor: req.actor as ActorFor<E>,
        params: req.params as Infer<E['params']>,
        query: req.query as Infer<E['query']>,
        body: req.body as Infer<E['body']>,
        req,
        reply,
      });
      reply.status(status);
      // A handler serving stored files sets the file's own type; the declared one is the default.
      if (ep.produces && !reply.hasHeader('content-type')) reply.type(ep.produces);
      return result;
    },
  });
}

/** Throws at start-up if any /api route was registered without declaring its access. */
export function enforceDeclaredAccess(app: FastifyInstance): void {
  app.addHook('onRoute', (opts) => {
    const url = opts.url ?? '';
    if (!url.startsWith('/api/') || url.startsWith('/api/docs')) return;
    if (url === '/api/openapi.json') return;
    if (!opts.config || !('access' in opts.config) || !opts.config.access) {
      throw new Error(`Route ${opts.method} ${url} does not declare its access`);
    }
  });
}
