import { randomBytes } from 'node:crypto';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import pino from 'pino';
import { buildApp, migrate } from '../src/app.js';
import type { Clock } from '../src/platform/clock.js';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/database.js';
import type { Deps } from '../src/platform/deps.js';
import { makeDeps } from '../src/runtime.js';

export const onPostgres = process.env.KEEL_TEST_DB === 'postgres';
export const pgUrl =
  process.env.KEEL_TEST_DATABASE_URL ?? 'postgres://keel:keel@127.0.0.1:5432/keel_test';

/** A clock tests can move. */
export class TestClock implements Clock {
  private t = Date.parse('2026-11-25T09:00:00Z');
  now() {
    return new Date(this.t);
  }
  advance(ms: number) {
    this.t += ms;
  }
}

export interface TestApp {
  /** The PostgreSQL schema of this app's database (undefined on SQLite). */
  schema: string | undefined;
  app: FastifyInstance;
  deps: Deps;
  clock: TestClock;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database and app for one test file: an in-memory SQLite database, or with
 * KEEL_TEST_DB=postgres a schema of its own in the test PostgreSQL database.
 */
export async function createTestApp(): Promise<TestApp> {
  const clock = new TestClock();
  const config = loadConfig({
    NODE_ENV: 'test',
    KEEL_DATA_DIR: '/tmp/keel-test',
    KEEL_PUBLIC_URL: 'http://keel.test',
  });
  let schema: string | undefined;
  if (onPostgres) {
    schema = `t_${randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    await client.query(`create schema ${schema}`);
    await client.end();
  }
  const database = openDatabase(
    onPostgres
      ? { databaseUrl: pgUrl, pgSchema: schema, pgPoolSize: 5 }
      : { databaseUrl: null, sqliteFile: ':memory:' },
  );
  const log = pino({ level: 'silent' });
  const filesDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'keel-files-'));
  const deps = makeDeps({
    db: database.db,
    dialect: database.dialect,
    clock,
    config,
    log,
    filesDir,
    mailFrom: 'Keel <keel@test>',
    pubsub: database.pubsub,
  });
  const { mailer } = deps;
  await migrate(deps);
  const app = await buildApp({ deps, logger: false });
  await app.ready();
  return {
    schema,
    app,
    deps,
    clock,
    async close() {
      await app.close();
      await deps.events.flush();
      await mailer.flush();
      mailer.close();
      await fsp.rm(filesDir, { recursive: true, force: true });
      await database.close();
      if (schema) {
        const client = new pg.Client({ connectionString: pgUrl });
        await client.connect();
        await client.query(`drop schema ${schema} cascade`);
        await client.end();
      }
    },
  };
}

/** A signed-in client: keeps the session cookie and CSRF token like a browser would. */
export class Client {
  cookie: string | null = null;
  csrf: string | null = null;
  bearer: string | null = null;
  constructor(
    readonly app: FastifyInstance,
    readonly ip = '10.0.0.1',
  ) {}

  async login(email: string, password: string) {
    const res = await this.request('POST', '/api/auth/login', { email, password });
    if (res.statusCode !== 200)
      throw new Error(`login ${email} failed: ${res.statusCode} ${res.body}`);
    this.csrf = res.json().csrfToken;
    return res;
  }

  request(
    method: InjectOptions['method'],
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET' && !('x-csrf-token' in h)) h['x-csrf-token'] = this.csrf;
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    return this.app
      .inject({
        method,
        url,
        remoteAddress: this.ip,
        headers: h,
        ...(body === undefined ? {} : { payload: body as object }),
      })
      .then((res) => {
        const set = res.cookies.find((c) => c.name === 'keel_session');
        if (set) this.cookie = set.value ? `keel_session=${set.value}` : null;
        return res;
      });
  }
  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, body?: unknown) {
    return this.request('POST', url, body ?? {});
  }
  patch(url: string, body: unknown) {
    return this.request('PATCH', url, body);
  }
  put(url: string, body: unknown) {
    return this.request('PUT', url, body);
  }
  delete(url: string) {
    return this.request('DELETE', url);
  }
}
