import type { MigrationSet } from '../../platform/db/migrations.js';
import { standard } from './scheduling.migrations.js';
import './self.tables.js';

/** Tables of the self area. */
export const selfMigrations: MigrationSet = (t) => ({
  '20261127_0300_scheduling_swaps': {
    async up(db) {
      await standard(t, db.schema.createTable('shift_swaps'))
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        // No foreign key to shifts: a coordinator may delete a shift; its requests stay as history.
        .addColumn('shift_id', 'text', (c) => c.notNull())
        .addColumn('requester_employee_id', 'text', (c) => c.notNull().references('employees.id'))
        .addColumn('target_employee_id', 'text', (c) => c.references('employees.id'))
        .addColumn('target_shift_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('approval_id', 'text')
        .addColumn('colleague_responded_at', t.timestamp)
        .addColumn('note', 'text')
        .addColumn('decided_at', t.timestamp)
        .addColumn('decided_by', 'text')
        .addColumn('failure_reason', 'text')
        .execute();
      await db.schema
        .createIndex('shift_swaps_org_shift')
        .on('shift_swaps')
        .columns(['org_id', 'shift_id', 'status'])
        .execute();
      await db.schema
        .createIndex('shift_swaps_org_requester')
        .on('shift_swaps')
        .columns(['org_id', 'requester_employee_id', 'created_at'])
        .execute();
      await db.schema
        .createIndex('shift_swaps_org_target')
        .on('shift_swaps')
        .columns(['org_id', 'target_employee_id', 'created_at'])
        .execute();
      await db.schema
        .createIndex('shift_swaps_org_site_status')
        .on('shift_swaps')
        .columns(['org_id', 'site_id', 'status'])
        .execute();
    },
  },
});
