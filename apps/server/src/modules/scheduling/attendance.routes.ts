import { attendance } from '@keel/contracts';
import type { RouteContext } from '../../platform/http/module.js';
import {
  clockIn,
  clockOut,
  endBreak,
  myAttendance,
  startBreak,
} from './attendance.clock.service.js';
import { correctEntry, createEntry, listAttendance } from './attendance.manage.service.js';
import { approveTimesheets, listTimesheets, reopenTimesheets } from './timesheet.service.js';
import { exportTimesheets } from './timesheet-csv.js';

/** Routes of the attendance area: the staff clock, actual vs scheduled, timesheets. */
export function attendanceRoutes({ route, deps }: RouteContext): void {
  route(attendance.getMyAttendance, async ({ actor }) => myAttendance(deps, actor));
  route(attendance.clockIn, async ({ actor, body }) => clockIn(deps, actor, body));
  route(attendance.clockOut, async ({ actor, body }) => clockOut(deps, actor, body));
  route(attendance.startBreak, async ({ actor }) => startBreak(deps, actor));
  route(attendance.endBreak, async ({ actor }) => endBreak(deps, actor));

  route(attendance.listAttendance, async ({ actor, query }) => listAttendance(deps, actor, query));
  route(attendance.createEntry, async ({ actor, body }) => createEntry(deps, actor, body));
  route(attendance.correctEntry, async ({ actor, params, body }) =>
    correctEntry(deps, actor, params.id, body),
  );

  route(attendance.listTimesheets, async ({ actor, query }) => listTimesheets(deps, actor, query));
  route(attendance.exportTimesheets, async ({ actor, query, reply }) => {
    const { csv, filename } = await exportTimesheets(deps, actor, query);
    reply.header('content-disposition', `attachment; filename="${filename}"`);
    return csv;
  });
  route(attendance.approveTimesheets, async ({ actor, body }) =>
    approveTimesheets(deps, actor, body),
  );
  route(attendance.reopenTimesheets, async ({ actor, body }) =>
    reopenTimesheets(deps, actor, body),
  );
}
