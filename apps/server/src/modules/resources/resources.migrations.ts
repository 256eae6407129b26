import type { CreateTableBuilder } from 'kysely';
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

export const resourcesMigrations: MigrationSet = (t) => ({
  '20261126_0500_resources_tables': {
    async up(db) {
      await standard(t, db.schema.createTable('resources'))
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('capacity', 'integer', (c) => c.notNull())
        .addColumn('location', 'text')
        .addColumn('color', 'text', (c) => c.notNull())
        .addColumn('max_duration_minutes', 'integer')
        .addColumn('min_lead_minutes', 'integer')
        .addColumn('max_advance_days', 'integer')
        .addColumn('bookable_roles', t.json)
        .addColumn('needs_approval', t.bool, (c) => c.notNull())
        .addColumn('requires_checkout', t.bool, (c) => c.notNull())
        .addColumn('buffer_minutes', 'integer', (c) => c.notNull())
        .addColumn('archived_at', t.timestamp)
        .execute();
      await db.schema
        .createIndex('resources_org_site_name')
        .on('resources')
        .columns(['org_id', 'site_id', 'name', 'id'])
        .execute();
      await db.schema
        .createIndex('resources_org_kind')
        .on('resources')
        .columns(['org_id', 'kind'])
        .execute();

      await standard(t, db.schema.createTable('resource_bookings'))
        .addColumn('resource_id', 'text', (c) => c.notNull().references('resources.id'))
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
        .addColumn('series_id', 'text')
        .addColumn('recurrence', 'text')
        .addColumn('starts_at', t.timestamp, (c) => c.notNull())
        .addColumn('ends_at', t.timestamp, (c) => c.notNull())
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('notes', 'text')
        .addColumn('booked_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('booked_for', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('approval_id', 'text')
        .addColumn('checked_out_at', t.timestamp)
        .addColumn('checked_out_by', 'text')
        .addColumn('checkout_note', 'text')
        .addColumn('checked_in_at', t.timestamp)
        .addColumn('checked_in_by', 'text')
        .addColumn('return_condition', 'text')
        .addColumn('return_note', 'text')
        .addColumn('late', t.bool, (c) => c.notNull())
        .addColumn('cancelled_at', t.timestamp)
        .addColumn('cancelled_by', 'text')
        .addColumn('cancel_reason', 'text')
        .execute();
      // The conflict check reads a resource's bookings around an interval.
      await db.schema
        .createIndex('resource_bookings_resource_time')
        .on('resource_bookings')
        .columns(['resource_id', 'starts_at', 'ends_at'])
        .execute();
      await db.schema
        .createIndex('resource_bookings_site_time')
        .on('resource_bookings')
        .columns(['org_id', 'site_id', 'starts_at'])
        .execute();
      await db.schema
        .createIndex('resource_bookings_for_time')
        .on('resource_bookings')
        .columns(['org_id', 'booked_for', 'starts_at'])
        .execute();
      await db.schema
        .createIndex('resource_bookings_by_time')
        .on('resource_bookings')
        .columns(['org_id', 'booked_by', 'starts_at'])
        .execute();
      await db.schema
        .createIndex('resource_bookings_status_end')
        .on('resource_bookings')
        .columns(['org_id', 'status', 'ends_at'])
        .execute();
      await db.schema
        .createIndex('resource_bookings_series')
        .on('resource_bookings')
        .columns(['series_id', 'starts_at'])
        .execute();

      await standard(t, db.schema.createTable('resource_blackouts'))
        .addColumn('resource_id', 'text', (c) => c.notNull().references('resources.id'))
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
        .addColumn('starts_at', t.timestamp, (c) => c.notNull())
        .addColumn('ends_at', t.timestamp, (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .execute();
      await db.schema
        .createIndex('resource_blackouts_resource_time')
        .on('resource_blackouts')
        .columns(['resource_id', 'starts_at', 'ends_at'])
        .execute();
      await db.schema
        .createIndex('resource_blackouts_site_time')
        .on('resource_blackouts')
        .columns(['org_id', 'site_id', 'starts_at'])
        .execute();
    },
  },
});
