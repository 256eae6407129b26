import type { MigrationSet } from '../db/migrations.js';

export const mailMigrations: MigrationSet = (t) => ({
  '20261125_0003_platform_mail': {
    async up(db) {
      await db.schema
        .createTable('mail_messages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text')
        .addColumn('to_address', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('text_body', 'text', (c) => c.notNull())
        .addColumn('html_body', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('error', 'text')
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('sent_at', t.timestamp)
        .execute();
      await db.schema
        .createIndex('mail_messages_org')
        .on('mail_messages')
        .columns(['org_id', 'id'])
        .execute();
      await db.schema
        .createIndex('mail_messages_status')
        .on('mail_messages')
        .columns(['status', 'id'])
        .execute();
    },
  },
});
