import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Dialect } from './db/database.js';
import type { DB } from './db/types.js';
import type { Mailer } from './mail/mailer.js';

/** What services are built from. Passed explicitly; no service reaches for globals. */
export interface Deps {
  db: Kysely<DB>;
  dialect: Dialect;
  clock: Clock;
  mailer: Mailer;
  config: Config;
  log: Logger;
}
