import type { MigrationSet } from '../db/migrations.js';

export const eventMigrations: MigrationSet = (t) => ({
  '20261126_0001_platform_events_jobs': {
    async up(db) {
      await db.schema
        .createTable('domain_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('entity_type', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('site_id', 'text')
        .addColumn('permission', 'text')
        .addColumn('user_ids', t.json)
        .addColumn('topics', t.json, (c) => c.notNull())
        .addColumn('data', t.json)
        .addColumn('actor_user_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('dispatched_at', t.timestamp)
        .execute();
      await db.schema
        .createIndex('domain_events_status')
        .on('domain_events')
        .columns(['status', 'id'])
        .execute();
      await db.schema
        .createTable('job_runs')
        .addColumn('job', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('started_at', t.timestamp, (c) => c.notNull())
        .addColumn('finished_at', t.timestamp)
        .addColumn('error', 'text')
        .addPrimaryKeyConstraint('job_runs_pk', ['job', 'period'])
        .execute();
    },
  },
});
