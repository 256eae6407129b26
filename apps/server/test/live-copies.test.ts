import type { LiveMessage } from '@keel/contracts';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/platform/db/database.js';
import { afterCommit } from '../src/platform/events/event-bus.js';
import { makeDeps } from '../src/runtime.js';
import { actorFor, buildOrg, type TestOrg } from './factories.js';
import { createTestApp, onPostgres, pgUrl, type TestApp } from './harness.js';

let t: TestApp;
let acme: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  acme = await buildOrg(t);
});
afterAll(() => t.close());

describe('live updates across server copies', () => {
  it(
    onPostgres
      ? 'reach the streams of every copy sharing the PostgreSQL database (LISTEN/NOTIFY)'
      : 'stay in the one process that serves an SQLite database',
    async () => {
      if (!onPostgres) {
        // Embedded mode is one process per database file: no fan-out channel exists.
        const database = openDatabase({ databaseUrl: null, sqliteFile: ':memory:' });
        expect(database.pubsub).toBeNull();
        await database.close();
        return;
      }
      // A second copy: its own pool, LISTEN connection, event bus and live hub.
      const database = openDatabase({ databaseUrl: pgUrl, pgSchema: t.schema, pgPoolSize: 2 });
      const copy = makeDeps({
        db: database.db,
        dialect: database.dialect,
        clock: t.clock,
        config: t.deps.config,
        log: pino({ level: 'silent' }),
        filesDir: '/tmp/keel-test-copy',
        pubsub: database.pubsub,
      });
      try {
        const owner = await actorFor(t, acme.owner.userId, acme.orgId);
        const received: LiveMessage[] = [];
        const arrived = new Promise<void>((resolve) => {
          copy.events.live.connect(owner, (m) => {
            received.push(m);
            resolve();
          });
        });
        await database.pubsub!.ready();
        await t.deps.db.transaction().execute((trx) =>
          t.deps.events.record(trx, {
            orgId: acme.orgId,
            type: 'test.changed',
            entityType: 'test',
            entityId: 'from-copy-one',
            topics: ['tests'],
            data: { secret: 'stays home' },
          }),
        );
        afterCommit(t.deps);
        await t.deps.events.flush();
        await arrived;
        expect(received).toEqual([
          {
            id: expect.any(String),
            type: 'test.changed',
            entityType: 'test',
            entityId: 'from-copy-one',
            topics: ['tests'],
          },
        ]);
      } finally {
        copy.mailer.close();
        await database.close();
      }
    },
  );
});
