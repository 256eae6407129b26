import type { Kysely } from 'kysely';
import type { Dialect } from './database.js';
import type { DB } from './types.js';

/**
 * Serialises check-then-write use cases of one organization (last-owner checks, for example).
 * PostgreSQL takes a row lock on the organization until the transaction ends; SQLite needs
 * nothing because Keel holds one write connection and runs transactions one at a time.
 */
export async function lockOrganization(trx: Kysely<DB>, dialect: Dialect, orgId: string) {
  if (dialect !== 'postgres') return;
  await trx.selectFrom('organizations').select('id').where('id', '=', orgId).forUpdate().execute();
}
