import type { MigrationSet } from '../db/migrations.js';

export const auditMigrations: MigrationSet = (t) => ({
  '20261125_0002_platform_audit': {
    async up(db) {
      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('at', t.timestamp, (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('actor_name', 'text')
        .addColumn('via', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('entity_type', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('entity_label', 'text')
        .addColumn('changes', t.json, (c) => c.notNull())
        .addColumn('restricted', t.json)
        .execute();
      await db.schema
        .createIndex('audit_log_org_at')
        .on('audit_log')
        .columns(['org_id', 'id'])
        .execute();
      await db.schema
        .createIndex('audit_log_entity')
        .on('audit_log')
        .columns(['org_id', 'entity_type', 'entity_id', 'id'])
        .execute();
      await db.schema
        .createIndex('audit_log_actor')
        .on('audit_log')
        .columns(['org_id', 'actor_id', 'id'])
        .execute();
    },
  },
});
