import type { MigrationSet } from '../../platform/db/migrations.js';
import { standard } from './scheduling.migrations.js';

/** Tables of the constraints area (work rules, availability, time off, preferences). */
export const constraintsMigrations: MigrationSet = (t) => ({
  '20261127_0200_scheduling_constraints': {
    async up(db) {
      await standard(t, db.schema.createTable('work_rule_sets'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('employment_type', 'text')
        .addColumn('is_default', t.bool, (c) => c.notNull())
        .addColumn('rules', t.json, (c) => c.notNull())
        .addUniqueConstraint('work_rule_sets_type', ['org_id', 'employment_type'])
        .execute();

      await standard(t, db.schema.createTable('employee_work_rules'))
        .addColumn('employee_id', 'text', (c) => c.notNull().references('employees.id'))
        .addColumn('rules', t.json, (c) => c.notNull())
        .addColumn('note', 'text')
        .addUniqueConstraint('employee_work_rules_employee', ['employee_id'])
        .execute();

      await standard(t, db.schema.createTable('availability_windows'))
        .addColumn('employee_id', 'text', (c) => c.notNull().references('employees.id'))
        .addColumn('weekday', 'integer', (c) => c.notNull())
        .addColumn('start_time', 'text', (c) => c.notNull())
        .addColumn('end_time', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('valid_from', t.date)
        .addColumn('valid_until', t.date)
        .execute();
      await db.schema
        .createIndex('availability_windows_employee')
        .on('availability_windows')
        .columns(['org_id', 'employee_id'])
        .execute();

      await standard(t, db.schema.createTable('availability_exceptions'))
        .addColumn('employee_id', 'text', (c) => c.notNull().references('employees.id'))
        .addColumn('date', t.date, (c) => c.notNull())
        .addColumn('start_time', 'text')
        .addColumn('end_time', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .execute();
      await db.schema
        .createIndex('availability_exceptions_employee')
        .on('availability_exceptions')
        .columns(['org_id', 'employee_id', 'date'])
        .execute();

      await standard(t, db.schema.createTable('time_off_types'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('color', 'text', (c) => c.notNull())
        .addColumn('paid', t.bool, (c) => c.notNull())
        .addColumn('yearly_allowance_minutes', 'integer')
        .addColumn('requires_approval', t.bool, (c) => c.notNull())
        .addColumn('archived_at', t.timestamp)
        .addUniqueConstraint('time_off_types_name', ['org_id', 'name_key'])
        .execute();

      await standard(t, db.schema.createTable('time_off_requests'))
        .addColumn('employee_id', 'text', (c) => c.notNull().references('employees.id'))
        .addColumn('type_id', 'text', (c) => c.notNull().references('time_off_types.id'))
        .addColumn('start_date', t.date, (c) => c.notNull())
        .addColumn('end_date', t.date, (c) => c.notNull())
        .addColumn('all_day', t.bool, (c) => c.notNull())
        .addColumn('start_time', 'text')
        .addColumn('end_time', 'text')
        .addColumn('minutes', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('approval_id', 'text')
        .addColumn('requested_by', 'text')
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', t.timestamp)
        .execute();
      await db.schema
        .createIndex('time_off_requests_employee')
        .on('time_off_requests')
        .columns(['org_id', 'employee_id', 'start_date'])
        .execute();
      await db.schema
        .createIndex('time_off_requests_status')
        .on('time_off_requests')
        .columns(['org_id', 'status', 'start_date'])
        .execute();

      await standard(t, db.schema.createTable('shift_preferences'))
        .addColumn('employee_id', 'text', (c) => c.notNull().references('employees.id'))
        .addColumn('date', t.date)
        .addColumn('weekday', 'integer')
        .addColumn('shift_type_id', 'text', (c) => c.references('shift_types.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('weight', 'integer', (c) => c.notNull())
        .addColumn('note', 'text')
        .execute();
      await db.schema
        .createIndex('shift_preferences_employee')
        .on('shift_preferences')
        .columns(['org_id', 'employee_id'])
        .execute();
    },
  },
});
