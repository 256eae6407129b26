import path from 'node:path';
import pino, { type Logger } from 'pino';
import { LOG_REDACT } from './app.js';
import { buildModuleRegistry, modules } from './modules/index.js';
import { type Clock, systemClock } from './platform/clock.js';
import type { Config } from './platform/config.js';
import { type Database, openDatabase } from './platform/db/database.js';
import type { PubSub } from './platform/db/pubsub.js';
import type { Deps } from './platform/deps.js';
import { EventBus } from './platform/events/event-bus.js';
import { LocalFileStorage } from './platform/files/storage.js';
import { Mailer } from './platform/mail/mailer.js';

export interface Runtime {
  deps: Deps;
  database: Database;
  close(): Promise<void>;
}

/** Opens the database and builds the service dependencies from configuration. */
export function createRuntime(config: Config, options: { pretty?: boolean } = {}): Runtime {
  const log = pino({
    level: config.logLevel,
    redact: { paths: LOG_REDACT, censor: '[redacted]' },
    ...(options.pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' },
          },
        }
      : {}),
  });
  const database = openDatabase({
    databaseUrl: config.databaseUrl,
    sqliteFile: path.join(config.dataDir, 'keel.sqlite'),
  });
  const deps = makeDeps({
    db: database.db,
    dialect: database.dialect,
    clock: systemClock,
    config,
    log,
    filesDir: path.join(config.dataDir, 'files'),
    pubsub: database.pubsub,
  });
  const { mailer } = deps;
  return {
    deps,
    database,
    async close() {
      mailer.close();
      await database.close();
    },
  };
}

/**
 * The service dependencies over an open database: mailer (SMTP or outbox from `config`), event
 * bus, local file storage under `filesDir`, and the module registry; starts each module's
 * subscribers. The server, the CLI, tests and benchmarks all build them here.
 */
export function makeDeps(base: {
  db: Deps['db'];
  dialect: Deps['dialect'];
  clock: Clock;
  config: Config;
  log: Logger;
  filesDir: string;
  mailFrom?: string;
  /** Fan-out between server copies (the database's, PostgreSQL only). */
  pubsub?: PubSub | null;
}): Deps {
  const { db, clock, config, log } = base;
  const mailer = new Mailer({
    db,
    clock,
    log,
    smtpUrl: config.smtpUrl,
    from: base.mailFrom ?? config.mailFrom,
  });
  const deps: Deps = {
    db,
    dialect: base.dialect,
    clock,
    mailer,
    config,
    log,
    events: new EventBus({ db, clock, log, pubsub: base.pubsub ?? null }),
    files: new LocalFileStorage(base.filesDir),
    registry: buildModuleRegistry(),
  };
  for (const m of modules) m.start?.(deps);
  return deps;
}
