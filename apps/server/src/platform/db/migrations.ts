import {
  type Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
  Migrator,
  sql,
} from 'kysely';
import type { Dialect } from './database.js';

/** Column types that differ between the two databases, for migrations. */
export interface ColumnTypes {
  timestamp: 'timestamptz' | 'text';
  date: 'date' | 'text';
  bool: 'boolean' | 'integer';
  /** JSON is stored as text on both so reads need no per-driver branch. */
  json: 'text';
  /** Money in minor units, counts, exact quantities in a fixed scale. */
  bigint: 'bigint';
  /** A measure that is not money or stock (hours per week): a float8 on both. */
  double: 'double precision' | 'real';
  /** For the rare migration step only one database needs (ALTER COLUMN TYPE on PostgreSQL). */
  dialect: Dialect;
}

export function columnTypes(dialect: Dialect): ColumnTypes {
  return dialect === 'postgres'
    ? {
        timestamp: 'timestamptz',
        date: 'date',
        bool: 'boolean',
        json: 'text',
        bigint: 'bigint',
        double: 'double precision',
        dialect,
      }
    : {
        timestamp: 'text',
        date: 'text',
        bool: 'integer',
        json: 'text',
        bigint: 'bigint',
        // SQLite's REAL is already an 8-byte float.
        double: 'real',
        dialect,
      };
}

/** A module's migrations, named `YYYYMMDD_NNNN_module_what` so they sort across modules. */
export type MigrationSet = (t: ColumnTypes) => Record<string, Migration>;

const isConcurrentSchemaDrop = (error: unknown) =>
  error instanceof Error &&
  // The catalog scan meets a schema, table or column that another connection dropped mid-scan.
  /^(schema|relation|column) ".+"( of relation ".+")? does not exist$/.test(error.message);

/** Runs every module's pending migrations in name order; throws with the failing name. */
export async function migrateToLatest(
  db: Kysely<unknown>,
  dialect: Dialect,
  sets: MigrationSet[],
): Promise<MigrationResultSet> {
  const t = columnTypes(dialect);
  const all: Record<string, Migration> = {};
  for (const set of sets) {
    for (const [name, migration] of Object.entries(set(t))) {
      if (all[name]) throw new Error(`Duplicate migration name ${name}`);
      all[name] = migration;
    }
  }
  const provider: MigrationProvider = { getMigrations: async () => all };
  // Kysely looks for its bookkeeping tables in every schema unless told which one; with another
  // Keel (or test run) in a sibling schema it would skip creating its own and then fail. Pin them
  // to the schema this connection works in (search_path), which is where the tables go anyway.
  const migrationTableSchema =
    dialect === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]
          ?.schema
      : undefined;
  const migrator = new Migrator({
    db,
    provider,
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  let result = await migrator.migrateToLatest();
  // Kysely checks for its tables by introspecting every schema; PostgreSQL fails that catalog
  // scan when another schema is dropped at the same moment (parallel test runs do this). When it
  // failed before any migration ran, trying again is safe.
  const beforeAnyMigration = (r: MigrationResultSet) =>
    isConcurrentSchemaDrop(r.error) && !r.results?.some((m) => m.status === 'Error');
  for (let attempt = 1; attempt < 4 && beforeAnyMigration(result); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    result = await migrator.migrateToLatest();
  }
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const err = result.error instanceof Error ? result.error : new Error(String(result.error));
    err.message = `Migration ${failed?.migrationName ?? '?'} failed: ${err.message}`;
    throw err;
  }
  return result;
}
