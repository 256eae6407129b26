import { can, canSeeSite } from '../../platform/auth/actor.js';
import type { RegistryParts } from '../../platform/registry.js';
import './attendance.tables.js';

/**
 * What the attendance area plugs into the shared capabilities: its records' history (the audit
 * of clock steps, corrections and approvals) is readable by managers of the site, and a clock
 * record also by the person it belongs to.
 */
export const attendanceParts: RegistryParts = {
  entities: [
    {
      entityType: 'attendance_entry',
      canRead: async (deps, actor, id) => {
        const row = await deps.db
          .selectFrom('attendance_entries')
          .select(['site_id', 'employee_id'])
          .where('org_id', '=', actor.orgId)
          .where('id', '=', id)
          .executeTakeFirst();
        if (!row) return false;
        if (actor.employeeId === row.employee_id && can(actor, 'scheduling.self')) return true;
        return can(actor, 'scheduling.manage') && canSeeSite(actor, row.site_id);
      },
    },
    {
      entityType: 'timesheet',
      canRead: async (deps, actor, id) => {
        const row = await deps.db
          .selectFrom('timesheets')
          .select(['site_id', 'employee_id'])
          .where('org_id', '=', actor.orgId)
          .where('id', '=', id)
          .executeTakeFirst();
        if (!row) return false;
        if (actor.employeeId === row.employee_id && can(actor, 'scheduling.self')) return true;
        return can(actor, 'scheduling.manage') && canSeeSite(actor, row.site_id);
      },
    },
  ],
};
