import { type CreateTableBuilder, sql } from 'kysely';
import type { ColumnTypes, MigrationSet } from '../../platform/db/migrations.js';

function standard<T extends string>(t: ColumnTypes, b: CreateTableBuilder<T, never>) {
  return b
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_by', 'text');
}

export const approvalsMigrations: MigrationSet = (t) => ({
  '20261126_0110_approvals_tables': {
    async up(db) {
      await standard(t, db.schema.createTable('approval_requests'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('entity_type', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('site_id', 'text')
        .addColumn('amount_minor', t.bigint)
        .addColumn('currency', 'text')
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('required_role', 'text')
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', t.timestamp)
        .addColumn('comment', 'text')
        .addColumn('escalation_level', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('escalated_at', t.timestamp)
        .addColumn('reminded_at', t.timestamp)
        .execute();
      await db.schema
        .createIndex('approval_requests_status')
        .on('approval_requests')
        .columns(['org_id', 'status', 'id'])
        .execute();
      await db.schema
        .createIndex('approval_requests_requester')
        .on('approval_requests')
        .columns(['org_id', 'requested_by', 'id'])
        .execute();
      await db.schema
        .createIndex('approval_requests_entity')
        .on('approval_requests')
        .columns(['org_id', 'type', 'entity_id'])
        .execute();
      // At most one pending request per subject and type, even under concurrent requests.
      await db.schema
        .createIndex('approval_requests_one_pending')
        .on('approval_requests')
        .columns(['org_id', 'type', 'entity_id'])
        .unique()
        .where(sql.ref('status'), '=', 'pending')
        .execute();
      // The reminder job walks pending requests of every organization.
      await db.schema
        .createIndex('approval_requests_pending')
        .on('approval_requests')
        .columns(['status', 'created_at'])
        .execute();

      await db.schema
        .createTable('approval_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('request_id', 'text', (c) => c.notNull().references('approval_requests.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('actor_user_id', 'text')
        .addColumn('comment', 'text')
        .addColumn('data', t.json)
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('approval_events_request')
        .on('approval_events')
        .columns(['request_id', 'id'])
        .execute();

      await standard(t, db.schema.createTable('approval_rules'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('site_id', 'text', (c) => c.references('sites.id'))
        .addColumn('threshold_minor', t.bigint)
        .addColumn('required_role', 'text')
        .addColumn('escalate_after_days', 'integer')
        .execute();
      await db.schema
        .createIndex('approval_rules_type')
        .on('approval_rules')
        .columns(['org_id', 'type', 'site_id'])
        .execute();
    },
  },
});
