import type { CreateTableBuilder } from 'kysely';
import type { ColumnTypes, MigrationSet } from '../../platform/db/migrations.js';

export function standard<T extends string>(t: ColumnTypes, b: CreateTableBuilder<T, never>) {
  return b
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_by', 'text');
}

/** Core scheduling tables; the other areas add theirs under 20261127_02xx–04xx. */
export const schedulingCoreMigrations: MigrationSet = (t) => ({
  '20261127_0100_scheduling_core': {
    async up(db) {
      await standard(t, db.schema.createTable('shift_types'))
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('code_key', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('start_time', 'text', (c) => c.notNull())
        .addColumn('end_time', 'text', (c) => c.notNull())
        .addColumn('break_minutes', 'integer', (c) => c.notNull())
        .addColumn('color', 'text', (c) => c.notNull())
        .addColumn('position_id', 'text', (c) => c.references('positions.id'))
        .addColumn('archived_at', t.timestamp)
        .addUniqueConstraint('shift_types_site_code', ['org_id', 'site_id', 'code_key'])
        .execute();

      await standard(t, db.schema.createTable('shifts'))
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
        .addColumn('date', t.date, (c) => c.notNull())
        .addColumn('start_time', 'text', (c) => c.notNull())
        .addColumn('end_time', 'text', (c) => c.notNull())
        .addColumn('starts_at', t.timestamp, (c) => c.notNull())
        .addColumn('ends_at', t.timestamp, (c) => c.notNull())
        .addColumn('break_minutes', 'integer', (c) => c.notNull())
        .addColumn('paid_minutes', 'integer', (c) => c.notNull())
        .addColumn('shift_type_id', 'text', (c) => c.references('shift_types.id'))
        .addColumn('position_id', 'text', (c) => c.references('positions.id'))
        .addColumn('employee_id', 'text', (c) => c.references('employees.id'))
        .addColumn('notes', 'text')
        .addColumn('published_at', t.timestamp)
        .addColumn('published_version', 'integer')
        .addColumn('changed_since_publish', t.bool, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('shifts_org_site_date')
        .on('shifts')
        .columns(['org_id', 'site_id', 'date'])
        .execute();
      await db.schema
        .createIndex('shifts_org_employee_date')
        .on('shifts')
        .columns(['org_id', 'employee_id', 'date'])
        .execute();
      await db.schema
        .createIndex('shifts_org_starts')
        .on('shifts')
        .columns(['org_id', 'starts_at'])
        .execute();

      await standard(t, db.schema.createTable('coverage_needs'))
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
        .addColumn('shift_type_id', 'text', (c) => c.notNull().references('shift_types.id'))
        .addColumn('position_id', 'text', (c) => c.references('positions.id'))
        .addColumn('weekday', 'integer')
        .addColumn('date', t.date)
        .addColumn('min_count', 'integer', (c) => c.notNull())
        .addColumn('ideal_count', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('coverage_needs_org_site')
        .on('coverage_needs')
        .columns(['org_id', 'site_id', 'shift_type_id'])
        .execute();

      await standard(t, db.schema.createTable('public_holidays'))
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
        .addColumn('date', t.date, (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addUniqueConstraint('public_holidays_site_date', ['org_id', 'site_id', 'date'])
        .execute();

      await standard(t, db.schema.createTable('rotation_patterns'))
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('days', t.json, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('rotation_patterns_org_site')
        .on('rotation_patterns')
        .columns(['org_id', 'site_id'])
        .execute();

      await standard(t, db.schema.createTable('week_templates'))
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('shifts', t.json, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('week_templates_org_site')
        .on('week_templates')
        .columns(['org_id', 'site_id'])
        .execute();

      await standard(t, db.schema.createTable('roster_publications'))
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
        .addColumn('period_from', t.date, (c) => c.notNull())
        .addColumn('period_to', t.date, (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('shift_count', 'integer', (c) => c.notNull())
        .addColumn('notified_count', 'integer', (c) => c.notNull())
        .addColumn('summary', t.json, (c) => c.notNull())
        .addColumn('snapshot', t.json, (c) => c.notNull())
        .addUniqueConstraint('roster_publications_version', [
          'org_id',
          'site_id',
          'period_from',
          'version',
        ])
        .execute();

      await db.schema
        .createTable('scheduling_settings')
        .addColumn('org_id', 'text', (c) => c.primaryKey().references('organizations.id'))
        .addColumn('rule_severities', t.json, (c) => c.notNull())
        .addColumn('week_starts_on', 'integer', (c) => c.notNull())
        .addColumn('pay_period_days', 'integer', (c) => c.notNull())
        .addColumn('pay_period_anchor', t.date, (c) => c.notNull())
        .addColumn('late_grace_minutes', 'integer', (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_by', 'text')
        .execute();
    },
  },
});
