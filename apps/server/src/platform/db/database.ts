import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import { type PubSub, postgresPubSub } from './pubsub.js';
import { GuardedSqliteDialect } from './sqlite-guard.js';
import type { DB } from './types.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  /** Human description for logs and `keel doctor` (no password). */
  describe: string;
  /** Messages between server copies (PostgreSQL only; SQLite is one process). */
  pubsub: PubSub | null;
  close(): Promise<void>;
}

// PostgreSQL answers in the same shapes as SQLite: counts as numbers, timestamps as ISO-8601
// UTC strings, dates as YYYY-MM-DD. NUMERIC stays a string so exact decimals never become floats.
pg.types.setTypeParser(20, (v) => Number(v)); // int8
pg.types.setTypeParser(1184, (v) => new Date(v).toISOString()); // timestamptz
pg.types.setTypeParser(1114, (v) => new Date(`${v}Z`).toISOString()); // timestamp
pg.types.setTypeParser(1082, (v) => v); // date

/**
 * better-sqlite3 refuses to bind booleans; this wrapper binds them as 0/1 so services can pass
 * booleans to both databases.
 */
function sqliteWithBooleans(raw: SQLite.Database): SqliteDatabase {
  const fix = (params: ReadonlyArray<unknown>) =>
    params.map((p) => (p === true ? 1 : p === false ? 0 : p));
  return {
    close: () => raw.close(),
    prepare(sql: string) {
      const stmt = raw.prepare(sql);
      return {
        reader: stmt.reader,
        all: (params: ReadonlyArray<unknown>) => stmt.all(...fix(params)),
        run: (params: ReadonlyArray<unknown>) => stmt.run(...fix(params)),
        iterate: (params: ReadonlyArray<unknown>) => stmt.iterate(...fix(params)),
      };
    },
  } as SqliteDatabase;
}

export interface OpenOptions {
  databaseUrl: string | null;
  /** SQLite file; `:memory:` for a throwaway database. */
  sqliteFile?: string;
  /** PostgreSQL schema to use (tests give each file its own). */
  pgSchema?: string;
  pgPoolSize?: number;
}

/** Opens SQLite (embedded default) or PostgreSQL when a URL is given. */
export function openDatabase(options: OpenOptions): Database {
  if (options.databaseUrl) {
    const url = new URL(options.databaseUrl);
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.pgPoolSize ?? 10,
      ...(options.pgSchema ? { options: `-c search_path=${options.pgSchema}` } : {}),
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    // Copies sharing a schema share a channel; tests give each schema its own.
    const channel = `keel_live${options.pgSchema ? `_${options.pgSchema}` : ''}`;
    const pubsub = postgresPubSub(pool, options.databaseUrl, channel, (err) =>
      // A lost LISTEN connection is re-established; live updates pause meanwhile.
      console.error('keel: live-update channel error', err),
    );
    return {
      db,
      dialect: 'postgres',
      describe: `postgres ${url.hostname}:${url.port || 5432}${url.pathname}${options.pgSchema ? ` (schema ${options.pgSchema})` : ''}`,
      pubsub,
      close: async () => {
        await pubsub.close();
        await db.destroy();
      },
    };
  }
  const file = options.sqliteFile ?? ':memory:';
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const raw = new SQLite(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('synchronous = NORMAL');
  const db = new Kysely<DB>({
    dialect: new GuardedSqliteDialect({ database: sqliteWithBooleans(raw) }),
  });
  return {
    db,
    dialect: 'sqlite',
    describe: `sqlite ${file}`,
    pubsub: null,
    close: () => db.destroy(),
  };
}
