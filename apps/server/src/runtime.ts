import path from 'node:path';
import pino from 'pino';
import { LOG_REDACT } from './app.js';
import { systemClock } from './platform/clock.js';
import type { Config } from './platform/config.js';
import { type Database, openDatabase } from './platform/db/database.js';
import type { Deps } from './platform/deps.js';
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
  const mailer = new Mailer({
    db: database.db,
    clock: systemClock,
    log,
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
  });
  const deps: Deps = {
    db: database.db,
    dialect: database.dialect,
    clock: systemClock,
    mailer,
    config,
    log,
  };
  return {
    deps,
    database,
    async close() {
      mailer.close();
      await database.close();
    },
  };
}
