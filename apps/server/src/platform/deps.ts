import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Dialect } from './db/database.js';
import type { DB } from './db/types.js';
import type { EventBus } from './events/event-bus.js';
import type { FileStorage } from './files/storage.js';
import type { Mailer } from './mail/mailer.js';
import type { Registry } from './registry.js';

/** What services are built from. Passed explicitly; no service reaches for globals. */
export interface Deps {
  db: Kysely<DB>;
  dialect: Dialect;
  clock: Clock;
  mailer: Mailer;
  config: Config;
  log: Logger;
  /** Domain-event outbox, in-process subscribers and the live (SSE) hub. */
  events: EventBus;
  /** Uploaded files (attachments, photos). */
  files: FileStorage;
  /** What the modules plug into shared capabilities (entity kinds, approval types, calendar sources, jobs). */
  registry: Registry;
}
