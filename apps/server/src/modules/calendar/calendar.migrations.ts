import type { MigrationSet } from '../../platform/db/migrations.js';

export const calendarMigrations: MigrationSet = (t) => ({
  '20261126_0410_calendar_feeds': {
    async up(db) {
      await db.schema
        .createTable('calendar_feeds')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('token_hash', 'text', (c) => c.unique())
        .addColumn('issued_at', t.timestamp)
        .addColumn('last_used_at', t.timestamp)
        .addColumn('revoked_at', t.timestamp)
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_by', 'text')
        .addUniqueConstraint('calendar_feeds_member', ['org_id', 'user_id'])
        .execute();
    },
  },
});
