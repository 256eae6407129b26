import type { AnyEndpoint } from '@keel/contracts';
import type { z } from 'zod';

/**
 * The one typed client for the Keel API. Every call names a contract endpoint; its params, query
 * and body types come from the endpoint's zod schemas (input side) and the result type from the
 * response schema (output side). Responses are trusted, not re-validated, at run time.
 */

/** A schema slot the endpoint left at its default (`z.ZodType`) means "not declared". */
type Declared<S> = [NonNullable<S>] extends [z.ZodType]
  ? z.ZodType extends NonNullable<S>
    ? undefined
    : NonNullable<S>
  : undefined;
type InputOf<S> = Declared<S> extends z.ZodType ? z.input<Declared<S>> : undefined;

type Slot<K extends string, T> = [T] extends [undefined]
  ? { [P in K]?: undefined }
  : // biome-ignore lint/complexity/noBannedTypes: `{}` is the precise "no required keys" test here.
    {} extends T
    ? { [P in K]?: T }
    : { [P in K]: T };

export type CallInput<E extends AnyEndpoint> = Slot<'params', InputOf<E['params']>> &
  Slot<'query', InputOf<E['query']>> &
  Slot<'body', InputOf<E['body']>> & { signal?: AbortSignal | undefined };

export type CallOutput<E extends AnyEndpoint> = z.output<E['response']>;

type CallArgs<E extends AnyEndpoint> =
  // biome-ignore lint/complexity/noBannedTypes: see above
  {} extends CallInput<E> ? [input?: CallInput<E>] : [input: CallInput<E>];

export interface FieldError {
  field: string;
  message: string;
}

/** An API answer outside 2xx, parsed from its `application/problem+json` body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: FieldError[];
  /** The whole problem body, for endpoints that attach extra members (e.g. an import preview). */
  readonly body: Record<string, unknown>;

  constructor(init: {
    status: number;
    code: string;
    detail: string;
    errors?: FieldError[];
    body?: Record<string, unknown>;
  }) {
    super(init.detail || init.code);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.body = init.body ?? {};
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

// ── Session-wide state kept beside the client ───────────────────────────────

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** Remembers the CSRF token from the login answer or GET /api/me; sent on every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

/** What to do when a signed-in call answers 401 (the session ended): the app goes to sign-in. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

// ── URL building ────────────────────────────────────────────────────────────

function fillPath(path: string, params: Record<string, unknown> | undefined): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null || value === '') {
      throw new Error(`Missing path parameter "${name}" for ${path}`);
    }
    return encodeURIComponent(String(value));
  });
}

/** Serialises a query object; empty values are left out, arrays repeat the key. */
export function toQueryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      for (const item of value) search.append(key, String(item));
    } else {
      search.append(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The URL of an endpoint, e.g. for a plain download link (CSV export). */
export function endpointUrl<E extends AnyEndpoint>(
  endpoint: E,
  input: { params?: InputOf<E['params']>; query?: InputOf<E['query']> } = {},
): string {
  return (
    fillPath(endpoint.path, input.params as Record<string, unknown> | undefined) +
    toQueryString(input.query as Record<string, unknown> | undefined)
  );
}

// ── The call ────────────────────────────────────────────────────────────────

async function readProblem(response: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    const type = response.headers.get('content-type') ?? '';
    if (type.includes('json')) body = (await response.json()) as Record<string, unknown>;
  } catch {
    // A body that is not JSON still gives a usable error below.
  }
  const errors = Array.isArray(body.errors)
    ? (body.errors as unknown[]).flatMap((item) => {
        if (item && typeof item === 'object' && 'field' in item && 'message' in item) {
          return [{ field: String(item.field), message: String(item.message) }];
        }
        return [];
      })
    : [];
  return new ApiError({
    status: response.status,
    code: typeof body.code === 'string' ? body.code : `HTTP_${response.status}`,
    detail:
      typeof body.detail === 'string'
        ? body.detail
        : typeof body.title === 'string'
          ? body.title
          : response.statusText,
    errors,
    body,
  });
}

/**
 * Calls one endpoint. Resolves with the typed response body (text for non-JSON endpoints,
 * undefined for 204) or throws an ApiError. A 401 from a non-public endpoint also triggers the
 * unauthorized handler so the app can send the user to sign in.
 */
export async function call<E extends AnyEndpoint>(
  endpoint: E,
  ...args: CallArgs<E>
): Promise<CallOutput<E>> {
  const input = (args[0] ?? {}) as {
    params?: Record<string, unknown>;
    query?: Record<string, unknown>;
    body?: unknown;
    signal?: AbortSignal;
  };
  const url = fillPath(endpoint.path, input.params) + toQueryString(input.query);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (endpoint.method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const hasBody = input.body !== undefined;
  if (hasBody) headers['content-type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(url, {
      method: endpoint.method,
      credentials: 'same-origin',
      headers,
      ...(hasBody ? { body: JSON.stringify(input.body) } : {}),
      ...(input.signal ? { signal: input.signal } : {}),
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({
      status: 0,
      code: 'NETWORK_ERROR',
      detail: 'The server could not be reached.',
    });
  }

  if (!response.ok) {
    const error = await readProblem(response);
    if (error.status === 401 && endpoint.access !== 'public') onUnauthorized?.();
    throw error;
  }
  if (response.status === 204) return undefined as CallOutput<E>;
  if (endpoint.produces && !endpoint.produces.includes('json')) {
    return (await response.text()) as CallOutput<E>;
  }
  return (await response.json()) as CallOutput<E>;
}

// ── File upload (multipart, with progress) ──────────────────────────────────

export interface UploadInput<E extends AnyEndpoint> {
  params: InputOf<E['params']>;
  /** The multipart field name the endpoint reads (see its description). */
  field?: string;
  file: File | Blob;
  fileName?: string;
  /** 0…1 while the bytes go up. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/**
 * Uploads one file to a multipart endpoint (e.g. `collab.uploadAttachment`). Uses
 * XMLHttpRequest because fetch cannot report upload progress; errors are the same ApiError.
 */
export function upload<E extends AnyEndpoint>(
  endpoint: E,
  input: UploadInput<E>,
): Promise<CallOutput<E>> {
  const url = fillPath(endpoint.path, input.params as Record<string, unknown> | undefined);
  const form = new FormData();
  form.append(
    input.field ?? 'file',
    input.file,
    input.fileName ?? (input.file instanceof File ? input.file.name : 'file'),
  );
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(endpoint.method, url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) input.onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => {
      const response = new Response(xhr.status === 204 ? null : xhr.responseText, {
        status: xhr.status,
        statusText: xhr.statusText,
        headers: { 'content-type': xhr.getResponseHeader('content-type') ?? '' },
      });
      if (response.ok) {
        resolve((xhr.status === 204 ? undefined : JSON.parse(xhr.responseText)) as CallOutput<E>);
        return;
      }
      void readProblem(response).then((error) => {
        if (error.status === 401) onUnauthorized?.();
        reject(error);
      });
    };
    xhr.onerror = () =>
      reject(
        new ApiError({
          status: 0,
          code: 'NETWORK_ERROR',
          detail: 'The server could not be reached.',
        }),
      );
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    input.signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(form);
  });
}
