import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { migrate } from '../apps/server/src/app.js';
import { systemClock } from '../apps/server/src/platform/clock.js';
import { loadConfig } from '../apps/server/src/platform/config.js';
import { openDatabase } from '../apps/server/src/platform/db/database.js';
import type { Deps } from '../apps/server/src/platform/deps.js';
import { makeDeps } from '../apps/server/src/runtime.js';

export interface BenchRuntime {
  deps: Deps;
  dialect: Deps['dialect'];
  /** Flushes pending mail and events, closes the database, drops the schema / temp files. */
  close(): Promise<void>;
}

/**
 * A migrated database for a benchmark: SQLite (in memory, or a WAL file in a temporary folder
 * like `npm start`), or with KEEL_BENCH_DATABASE_URL a throwaway schema in that PostgreSQL.
 */
export async function benchRuntime(
  name: string,
  options: { sqlite: 'memory' | 'file' },
): Promise<BenchRuntime> {
  const pgUrl = process.env.KEEL_BENCH_DATABASE_URL ?? null;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `keel-bench-${name}-`));
  const schema = pgUrl ? `bench_${randomBytes(5).toString('hex')}` : undefined;
  const onSchema = async (statement: string) => {
    const c = new pg.Client({ connectionString: pgUrl! });
    await c.connect();
    await c.query(statement);
    await c.end();
  };
  if (pgUrl) await onSchema(`create schema ${schema}`);
  const database = openDatabase(
    pgUrl
      ? { databaseUrl: pgUrl, pgSchema: schema }
      : {
          databaseUrl: null,
          sqliteFile: options.sqlite === 'memory' ? ':memory:' : path.join(tmp, 'keel.sqlite'),
        },
  );
  const deps = makeDeps({
    db: database.db,
    dialect: database.dialect,
    clock: systemClock,
    config: loadConfig({
      NODE_ENV: 'test',
      KEEL_DATA_DIR: tmp,
      KEEL_PUBLIC_URL: 'http://bench.test',
    }),
    log: pino({ level: 'silent' }),
    filesDir: path.join(tmp, 'files'),
    pubsub: database.pubsub,
  });
  await migrate(deps);
  return {
    deps,
    dialect: database.dialect,
    async close() {
      await deps.events.flush();
      await deps.mailer.flush();
      deps.mailer.close();
      await database.close();
      fs.rmSync(tmp, { recursive: true, force: true });
      if (pgUrl) await onSchema(`drop schema ${schema} cascade`);
    },
  };
}
