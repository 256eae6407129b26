import type { MigrationSet } from '../../platform/db/migrations.js';

export const notificationsMigrations: MigrationSet = (t) => ({
  '20261126_0100_notifications_tables': {
    async up(db) {
      await db.schema
        .createTable('notifications')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('actor_user_id', 'text')
        .addColumn('entity_type', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('site_id', 'text')
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text')
        .addColumn('href', 'text', (c) => c.notNull())
        .addColumn('read_at', t.timestamp)
        .addColumn('email_mode', 'text', (c) => c.notNull())
        .addColumn('emailed_at', t.timestamp)
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .execute();
      // The notification center: a user's list in an organization, newest first.
      await db.schema
        .createIndex('notifications_user')
        .on('notifications')
        .columns(['org_id', 'user_id', 'id'])
        .execute();
      await db.schema
        .createIndex('notifications_user_unread')
        .on('notifications')
        .columns(['org_id', 'user_id', 'read_at'])
        .execute();
      // The daily digest: items waiting to be mailed.
      await db.schema
        .createIndex('notifications_digest')
        .on('notifications')
        .columns(['email_mode', 'emailed_at', 'created_at'])
        .execute();
      await db.schema
        .createTable('notification_preferences')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('in_app', t.bool, (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addUniqueConstraint('notification_preferences_user_type', ['org_id', 'user_id', 'type'])
        .execute();
    },
  },
});
