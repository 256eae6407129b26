import type { z } from 'zod';
import type { Permission } from './permissions.js';

/**
 * Who may call an endpoint. `public` needs no session; `authenticated` needs a session or token
 * in an organization; anything else is a named permission the caller's role must hold.
 */
export type Access = 'public' | 'authenticated' | Permission;

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * One API operation, written once: the server registers it (validation, OpenAPI, permission),
 * the web app calls it through the typed client. `response` is the success body schema;
 * `raw` endpoints answer a non-JSON body (CSV) and have no response schema.
 */
export interface Endpoint<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  operationId: string;
  method: HttpMethod;
  path: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  status?: 200 | 201 | 202 | 204;
  /** Content type of a non-JSON success body (for example `text/csv`). */
  produces?: string;
}

/** Declares an endpoint; a function only so TypeScript infers the schema types. */
export function endpoint<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
>(def: Endpoint<P, Q, B, R>): Endpoint<P, Q, B, R> {
  return def;
}

export type AnyEndpoint = Endpoint<z.ZodType, z.ZodType, z.ZodType, z.ZodType>;
