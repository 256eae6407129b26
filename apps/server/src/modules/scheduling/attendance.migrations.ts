import { sql } from 'kysely';
import type { MigrationSet } from '../../platform/db/migrations.js';
import { standard } from './scheduling.migrations.js';

/** Tables of the attendance area: clock entries, their breaks, and timesheets per pay period. */
export const attendanceMigrations: MigrationSet = (t) => ({
  '20261127_0400_attendance_tables': {
    async up(db) {
      await standard(t, db.schema.createTable('attendance_entries'))
        .addColumn('employee_id', 'text', (c) => c.notNull().references('employees.id'))
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
        // No foreign key: a published shift may be deleted later; the entry then reads as unscheduled.
        .addColumn('shift_id', 'text')
        .addColumn('clock_in_at', t.timestamp, (c) => c.notNull())
        .addColumn('clock_out_at', t.timestamp)
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('corrected_by', 'text')
        .addColumn('corrected_at', t.timestamp)
        .addColumn('correction_reason', 'text')
        .execute();
      // One open entry per person: a double tap or two concurrent clock-ins cannot both insert.
      await db.schema
        .createIndex('attendance_entries_one_open')
        .on('attendance_entries')
        .columns(['org_id', 'employee_id'])
        .unique()
        .where(sql.ref('clock_out_at'), 'is', null)
        .execute();
      await db.schema
        .createIndex('attendance_entries_site_in')
        .on('attendance_entries')
        .columns(['org_id', 'site_id', 'clock_in_at'])
        .execute();
      await db.schema
        .createIndex('attendance_entries_employee_in')
        .on('attendance_entries')
        .columns(['org_id', 'employee_id', 'clock_in_at'])
        .execute();
      await db.schema
        .createIndex('attendance_entries_shift')
        .on('attendance_entries')
        .columns(['shift_id'])
        .execute();

      await standard(t, db.schema.createTable('attendance_breaks'))
        .addColumn('entry_id', 'text', (c) => c.notNull().references('attendance_entries.id'))
        .addColumn('started_at', t.timestamp, (c) => c.notNull())
        .addColumn('ended_at', t.timestamp)
        .execute();
      await db.schema
        .createIndex('attendance_breaks_entry')
        .on('attendance_breaks')
        .columns(['entry_id', 'started_at'])
        .execute();
      // One running break per entry.
      await db.schema
        .createIndex('attendance_breaks_one_open')
        .on('attendance_breaks')
        .columns(['entry_id'])
        .unique()
        .where(sql.ref('ended_at'), 'is', null)
        .execute();

      await standard(t, db.schema.createTable('timesheets'))
        .addColumn('employee_id', 'text', (c) => c.notNull().references('employees.id'))
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
        .addColumn('period_from', t.date, (c) => c.notNull())
        .addColumn('period_to', t.date, (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('scheduled_minutes', 'integer', (c) => c.notNull())
        .addColumn('worked_minutes', 'integer', (c) => c.notNull())
        .addColumn('break_minutes', 'integer', (c) => c.notNull())
        .addColumn('overtime_minutes', 'integer', (c) => c.notNull())
        .addColumn('late_count', 'integer', (c) => c.notNull())
        .addColumn('early_count', 'integer', (c) => c.notNull())
        .addColumn('missed_count', 'integer', (c) => c.notNull())
        .addColumn('approved_by', 'text')
        .addColumn('approved_at', t.timestamp)
        .addColumn('note', 'text')
        .addUniqueConstraint('timesheets_employee_period', ['org_id', 'employee_id', 'period_from'])
        .execute();
      await db.schema
        .createIndex('timesheets_site_period')
        .on('timesheets')
        .columns(['org_id', 'site_id', 'period_from'])
        .execute();
    },
  },
});
