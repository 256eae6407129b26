import { sql } from 'kysely';
import type { MigrationSet } from '../../platform/db/migrations.js';

/** The migration that creates the index; a database that has just run it needs a full reindex. */
export const SEARCH_INDEX_MIGRATION = '20261126_0400_search_documents';

export const searchMigrations: MigrationSet = (t) => ({
  [SEARCH_INDEX_MIGRATION]: {
    async up(db) {
      let table = db.schema
        .createTable('search_documents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('entity_type', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('site_id', 'text')
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('subtitle', 'text')
        .addColumn('body', 'text')
        .addColumn('href', 'text', (c) => c.notNull())
        .addColumn('permission', 'text')
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addUniqueConstraint('search_documents_key', ['org_id', 'entity_type', 'entity_id']);
      // The full-text index differs per database: SQLite keeps a contentless FTS5 table keyed by
      // `fts_rowid`; PostgreSQL a maintained tsvector column with a GIN index.
      table =
        t.dialect === 'postgres'
          ? table.addColumn('search_vector', sql`tsvector`, (c) => c.notNull())
          : table.addColumn('fts_rowid', 'integer', (c) => c.unique());
      await table.execute();
      if (t.dialect === 'postgres') {
        await db.schema
          .createIndex('search_documents_vector')
          .on('search_documents')
          .using('gin')
          .column('search_vector')
          .execute();
      } else {
        // Terms are folded (lower case, no diacritics) before they reach the index; the
        // tokenizer folds again for safety. Prefix indexes make 2- and 3-letter prefixes cheap.
        await sql`create virtual table search_fts using fts5(title, subtitle, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='2 3')`.execute(
          db,
        );
      }
      await db.schema
        .createIndex('search_documents_org_type')
        .on('search_documents')
        .columns(['org_id', 'entity_type'])
        .execute();
      await db.schema
        .createTable('search_document_readers')
        .addColumn('document_id', 'text', (c) =>
          c.notNull().references('search_documents.id').onDelete('cascade'),
        )
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('search_document_readers_pk', ['document_id', 'user_id'])
        .execute();
      await db.schema
        .createIndex('search_document_readers_user')
        .on('search_document_readers')
        .columns(['user_id', 'document_id'])
        .execute();
    },
  },
});
