import {
  type AnyEndpoint,
  CONTRACT_NAMESPACES,
  DEFAULT_ROLE_PERMISSIONS,
  PERMISSIONS,
  ROLES,
  type Role,
} from '@keel/contracts';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, membersOf, sessionClient, type TestOrg } from './factories.js';
import { createTestApp, type TestApp } from './harness.js';

const isEndpoint = (v: unknown): v is AnyEndpoint =>
  !!v &&
  typeof v === 'object' &&
  'operationId' in v &&
  'method' in v &&
  'path' in v &&
  'access' in v;

/** Every operation the contracts declare, from every namespace. */
const ENDPOINTS: AnyEndpoint[] = Object.values(CONTRACT_NAMESPACES).flatMap((ns) =>
  Object.values(ns).filter(isEndpoint),
);
/** Streams never end, so the matrix checks them for 401 only; live.test.ts covers the rest. */
const isStream = (ep: AnyEndpoint) => ep.produces === 'text/event-stream';

/** The path with its parameters filled by valid-shaped values that name nothing. */
const concrete = (path: string) =>
  path
    .replace(':id', uuidv7())
    .replace(':token', 'inv_doesnotexist0123456789')
    .replace(':role', 'viewer')
    .replace(':entityType', 'employee')
    .replace(':entityId', uuidv7())
    // Any other parameter: a well-formed id that names nothing.
    .replace(/:\w+/g, () => uuidv7());

const hasBody = (ep: AnyEndpoint) => ep.method !== 'GET' && ep.method !== 'DELETE';

let t: TestApp;
let acme: TestOrg;
let ids: Awaited<ReturnType<typeof membersOf>>;
const granted = {} as Record<Role, Set<string>>;

beforeAll(async () => {
  t = await createTestApp();
  acme = await buildOrg(t);
  ids = await membersOf(t, acme);
  for (const role of ROLES) {
    const me = await acme.as[role].get('/api/me');
    granted[role] = new Set(me.json().permissions);
  }
});
afterAll(() => t.close());

/** A fresh session per call, so sign-out endpoints do not end the session other tests use. */
async function call(role: Role, ep: AnyEndpoint) {
  const c = await sessionClient(t, ids[role].userId, acme.orgId);
  return c.request(ep.method, concrete(ep.path), hasBody(ep) ? {} : undefined);
}

describe('the contracts', () => {
  it('declare every endpoint once, with a known access level', () => {
    expect(ENDPOINTS.length).toBeGreaterThan(40);
    const keys = ENDPOINTS.map((e) => `${e.method} ${e.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(ENDPOINTS.map((e) => e.operationId)).size).toBe(ENDPOINTS.length);
    for (const ep of ENDPOINTS) {
      expect(['public', 'authenticated', ...PERMISSIONS]).toContain(ep.access);
    }
  });

  it('give each role its default permissions in a new organization', () => {
    for (const role of ROLES) {
      expect([...granted[role]].sort()).toEqual([...DEFAULT_ROLE_PERMISSIONS[role]].sort());
    }
  });
});

describe('the registered routes', () => {
  /** Rebuilds full paths and methods from Fastify's route tree. */
  function registeredRoutes(): { method: string; path: string }[] {
    const tree = t.app.printRoutes({ commonPrefix: false });
    const out: { method: string; path: string }[] = [];
    const stack: string[] = [];
    for (const line of tree.split('\n')) {
      const at = line.search(/[├└]── /);
      if (at < 0) continue;
      const depth = at / 4;
      const rest = line.slice(at + 4);
      const m = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(rest)!;
      stack.length = depth;
      const path = (stack[depth - 1] ?? '') + m[1];
      stack[depth] = path;
      for (const method of (m[2] ?? '').split(',').map((s) => s.trim())) {
        if (method) out.push({ method, path });
      }
    }
    return out;
  }

  it('include every endpoint of the contracts', () => {
    for (const ep of ENDPOINTS) {
      expect(t.app.hasRoute({ method: ep.method, url: ep.path }), `${ep.method} ${ep.path}`).toBe(
        true,
      );
    }
  });

  it('include no /api route the contracts do not declare (docs aside)', () => {
    const declared = new Set(ENDPOINTS.map((e) => `${e.method} ${e.path}`));
    const routes = registeredRoutes().filter(
      (r) =>
        r.path.startsWith('/api') &&
        r.method !== 'HEAD' &&
        !r.path.startsWith('/api/docs') &&
        r.path !== '/api/openapi.json',
    );
    expect(routes.length).toBeGreaterThanOrEqual(ENDPOINTS.length);
    const undeclared = routes.filter((r) => !declared.has(`${r.method} ${r.path}`));
    expect(undeclared).toEqual([]);
  });

  it('appear in the OpenAPI document with their operation ids', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { paths: Record<string, Record<string, { operationId?: string }>> };
    for (const ep of ENDPOINTS) {
      const path = ep.path.replace(/:(\w+)/g, '{$1}');
      expect(doc.paths[path]?.[ep.method.toLowerCase()]?.operationId, path).toBe(ep.operationId);
    }
  });
});

const NAMED = ENDPOINTS.filter((e) => e.access !== 'public' && e.access !== 'authenticated');
const AUTHENTICATED = ENDPOINTS.filter((e) => e.access === 'authenticated');

describe.each(
  AUTHENTICATED.filter(isStream).map((ep) => ({ ep, name: `${ep.method} ${ep.path}` })),
)('signed-in stream $name', ({ ep }) => {
  it('answers 401 without a session (live.test.ts opens it signed in)', async () => {
    const anon = await t.app.inject({ method: ep.method, url: concrete(ep.path) });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().code).toBe('UNAUTHENTICATED');
  });
});
const PUBLIC = ENDPOINTS.filter((e) => e.access === 'public');

describe.each(NAMED.map((ep) => ({ ep, name: `${ep.method} ${ep.path} (${ep.access})` })))(
  'permission matrix: $name',
  ({ ep }) => {
    it.each([...ROLES])('%s', async (role) => {
      const allowed = DEFAULT_ROLE_PERMISSIONS[role].includes(ep.access as never);
      expect(granted[role].has(ep.access)).toBe(allowed);
      const res = await call(role, ep);
      if (allowed) {
        expect([401, 403], res.body).not.toContain(res.statusCode);
        expect([200, 201, 202, 400, 404, 409, 422]).toContain(res.statusCode);
      } else {
        expect(res.statusCode, res.body).toBe(403);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.json()).toMatchObject({
          status: 403,
          code: 'PERMISSION_DENIED',
          permission: ep.access,
        });
      }
    });

    it('answers 401 without a session', async () => {
      const res = await t.app.inject({
        method: ep.method,
        url: concrete(ep.path),
        ...(hasBody(ep) ? { payload: {} } : {}),
      });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('UNAUTHENTICATED');
    });
  },
);

describe.each(
  AUTHENTICATED.filter((ep) => !isStream(ep)).map((ep) => ({
    ep,
    name: `${ep.method} ${ep.path}`,
  })),
)('signed-in endpoint $name', ({ ep }) => {
  it('answers 401 without a session, and 401 for an unknown bearer token', async () => {
    const anon = await t.app.inject({
      method: ep.method,
      url: concrete(ep.path),
      ...(hasBody(ep) ? { payload: {} } : {}),
    });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().code).toBe('UNAUTHENTICATED');
    const bearer = await t.app.inject({
      method: ep.method,
      url: concrete(ep.path),
      headers: { authorization: 'Bearer keel_pat_notarealtoken' },
      ...(hasBody(ep) ? { payload: {} } : {}),
    });
    expect(bearer.statusCode).toBe(401);
  });

  it.each([...ROLES])('lets %s through', async (role) => {
    const res = await call(role, ep);
    expect([401, 403], res.body).not.toContain(res.statusCode);
    expect(res.statusCode).toBeLessThan(500);
  });
});

describe.each(PUBLIC.map((ep) => ({ ep, name: `${ep.method} ${ep.path}` })))(
  'public endpoint $name',
  ({ ep }) => {
    it('never asks for a session', async () => {
      const res = await t.app.inject({
        method: ep.method,
        url: concrete(ep.path),
        ...(hasBody(ep) ? { payload: {} } : {}),
      });
      expect(res.statusCode).not.toBe(401);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.statusCode === 200 || res.json().code !== 'UNAUTHENTICATED').toBe(true);
    });
  },
);
