import type { CreateTableBuilder } from 'kysely';
import type { ColumnTypes, MigrationSet } from '../../platform/db/migrations.js';

/** id, org_id and who/when columns. */
function standard<T extends string>(t: ColumnTypes, b: CreateTableBuilder<T, never>) {
  return b
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_by', 'text');
}

export const collabMigrations: MigrationSet = (t) => ({
  '20261126_0300_collab_comments': {
    async up(db) {
      await standard(t, db.schema.createTable('comments'))
        .addColumn('entity_type', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('edited_at', t.timestamp)
        .execute();
      // A record's thread, in order (list, activity, count).
      await db.schema
        .createIndex('comments_record')
        .on('comments')
        .columns(['org_id', 'entity_type', 'entity_id', 'created_at', 'id'])
        .execute();
      await db.schema
        .createTable('comment_mentions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('comment_id', 'text', (c) => c.notNull().references('comments.id'))
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addUniqueConstraint('comment_mentions_once', ['comment_id', 'user_id'])
        .execute();
      await db.schema
        .createIndex('comment_mentions_user')
        .on('comment_mentions')
        .columns(['org_id', 'user_id', 'created_at'])
        .execute();
    },
  },
  '20261126_0301_collab_attachments': {
    async up(db) {
      await standard(t, db.schema.createTable('attachments'))
        .addColumn('entity_type', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('mime_type', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('width', 'integer')
        .addColumn('height', 'integer')
        .addColumn('storage_key', 'text', (c) => c.notNull())
        .addColumn('thumbnail_key', 'text')
        .execute();
      await db.schema
        .createIndex('attachments_record')
        .on('attachments')
        .columns(['org_id', 'entity_type', 'entity_id', 'created_at', 'id'])
        .execute();
    },
  },
});
