import { z } from 'zod';
import {
  endpoint,
  id,
  idParams,
  isoDate,
  optionalText,
  text,
  timestamp,
  userRef,
} from './shared.js';

/**
 * Attendance: clocking in and out (and breaks) from the phone, actual versus scheduled per
 * published shift with late / early / missed flags, manager corrections (always with a reason,
 * always audited), timesheets per pay period with approval, and a CSV export for payroll.
 *
 * Times of clock events come from the server clock, never from the client. Dates are local
 * calendar dates (`YYYY-MM-DD`) in the site's time zone; a night entry belongs to the date it
 * started on.
 */

export const CLOCK_STATES = ['clocked_out', 'clocked_in', 'on_break'] as const;
export type ClockState = (typeof CLOCK_STATES)[number];
export const ENTRY_SOURCES = ['phone', 'web', 'manager'] as const;
export const TIMESHEET_STATUSES = ['open', 'submitted', 'approved', 'rejected'] as const;
export type TimesheetStatus = (typeof TIMESHEET_STATUSES)[number];
/**
 * Flags of an actual-vs-scheduled row. `late`: clocked in after start + grace; `early`: clocked
 * out before end − grace; `missed`: no clock-in and the shift has ended; `not_clocked_in`: the
 * shift started more than the grace ago, has not ended, and nobody clocked in; `unscheduled`:
 * worked without a published shift; `open`: still clocked in; `overtime`: worked more than the
 * scheduled paid minutes plus the grace.
 */
export const ATTENDANCE_FLAGS = [
  'late',
  'early',
  'missed',
  'not_clocked_in',
  'unscheduled',
  'open',
  'overtime',
] as const;
export type AttendanceFlag = (typeof ATTENDANCE_FLAGS)[number];

/** How far before or after its start a clock-in is matched to a published shift. */
export const SHIFT_MATCH_MINUTES = 120;
/** Longest range the actual-vs-scheduled view answers at once. */
export const MAX_RANGE_DAYS = 62;

const instant = z.iso
  .datetime({ offset: true, message: 'must be an ISO-8601 date-time such as 2026-11-25T09:00:00Z' })
  .describe('ISO-8601 instant');

const person = z.object({ id, name: z.string(), employeeNumber: z.string().nullable() });

export const attendanceBreak = z.object({
  id,
  startedAt: timestamp,
  endedAt: timestamp.nullable(),
  minutes: z.number().int().describe('Minutes so far when still running'),
});

export const attendanceEntry = z.object({
  id,
  createdAt: timestamp,
  updatedAt: timestamp,
  employee: person,
  siteId: id,
  shiftId: id.nullable().describe('The published shift it was matched to; null: unscheduled'),
  /** local date (site zone) of the clock-in */
  date: isoDate,
  clockInAt: timestamp,
  clockOutAt: timestamp.nullable(),
  source: z.enum(ENTRY_SOURCES),
  note: z.string().nullable(),
  breaks: z.array(attendanceBreak),
  breakMinutes: z.number().int(),
  workedMinutes: z.number().int().describe('Clocked time minus breaks; up to now when open'),
  corrected: z.object({ by: userRef, at: timestamp, reason: z.string() }).nullable(),
});
export type AttendanceEntry = z.infer<typeof attendanceEntry>;

export const scheduledShift = z.object({
  id,
  siteId: id,
  date: isoDate,
  startTime: z.string(),
  endTime: z.string(),
  startsAt: timestamp,
  endsAt: timestamp,
  breakMinutes: z.number().int(),
  paidMinutes: z.number().int(),
  positionName: z.string().nullable(),
  shiftTypeCode: z.string().nullable(),
});
export type ScheduledShift = z.infer<typeof scheduledShift>;

// ── Clock (own employee record) ──────────────────────────────────────────────

export const myAttendance = z.object({
  employee: person.nullable().describe('null: the account is not linked to an employee record'),
  state: z.enum(CLOCK_STATES),
  now: timestamp.describe('Server time'),
  site: z.object({ id, name: z.string(), timeZone: z.string() }).nullable(),
  openEntry: attendanceEntry.nullable(),
  todayShifts: z.array(scheduledShift),
  nextShift: scheduledShift.nullable(),
  /** a published shift a clock-in now would be matched to */
  matchingShift: scheduledShift.nullable(),
  todayEntries: z.array(attendanceEntry),
  period: z.object({
    from: isoDate,
    to: isoDate,
    workedMinutes: z.number().int(),
    scheduledMinutes: z.number().int(),
  }),
});
export type MyAttendance = z.infer<typeof myAttendance>;

export const getMyAttendance = endpoint({
  operationId: 'getMyAttendance',
  method: 'GET',
  path: '/api/attendance/me',
  summary: 'My clock state, open entry, today’s and the next shift, hours this pay period',
  tag: 'scheduling',
  access: 'scheduling.self',
  response: myAttendance,
});

const clockBody = z.strictObject({
  note: optionalText(500),
  source: z.enum(['phone', 'web']).default('phone'),
});

export const clockIn = endpoint({
  operationId: 'clockIn',
  method: 'POST',
  path: '/api/attendance/clock-in',
  summary: 'Clock in now (matched to my published shift starting within 2 hours, else unscheduled)',
  description:
    '409 ALREADY_CLOCKED_IN when an entry is open (also for a double tap), 409 EMPLOYEE_NOT_LINKED without an employee record, 409 NO_SITE when there is no shift and no home site.',
  tag: 'scheduling',
  access: 'scheduling.self',
  body: clockBody,
  response: myAttendance,
  status: 201,
});

export const clockOut = endpoint({
  operationId: 'clockOut',
  method: 'POST',
  path: '/api/attendance/clock-out',
  summary: 'Clock out now (ends a running break)',
  description: '409 NOT_CLOCKED_IN when no entry is open.',
  tag: 'scheduling',
  access: 'scheduling.self',
  body: z.strictObject({ note: optionalText(500) }),
  response: myAttendance,
});

export const startBreak = endpoint({
  operationId: 'startBreak',
  method: 'POST',
  path: '/api/attendance/break/start',
  summary: 'Start a break',
  description: '409 NOT_CLOCKED_IN, 409 ALREADY_ON_BREAK.',
  tag: 'scheduling',
  access: 'scheduling.self',
  body: z.strictObject({}),
  response: myAttendance,
});

export const endBreak = endpoint({
  operationId: 'endBreak',
  method: 'POST',
  path: '/api/attendance/break/end',
  summary: 'End the running break',
  description: '409 NOT_CLOCKED_IN, 409 NOT_ON_BREAK.',
  tag: 'scheduling',
  access: 'scheduling.self',
  body: z.strictObject({}),
  response: myAttendance,
});

// ── Actual vs scheduled (managers) ───────────────────────────────────────────

export const attendanceRow = z.object({
  /** shift id, or `entry:<id>` for an unscheduled entry */
  key: z.string(),
  date: isoDate,
  employee: person,
  shift: scheduledShift.nullable(),
  entries: z.array(attendanceEntry),
  actualIn: timestamp.nullable(),
  actualOut: timestamp.nullable(),
  scheduledMinutes: z.number().int(),
  breakMinutes: z.number().int(),
  workedMinutes: z.number().int(),
  lateMinutes: z.number().int(),
  earlyMinutes: z.number().int(),
  /** worked minus scheduled paid minutes, when positive */
  extraMinutes: z.number().int(),
  flags: z.array(z.enum(ATTENDANCE_FLAGS)),
});
export type AttendanceRow = z.infer<typeof attendanceRow>;

export const attendanceQuery = z.strictObject({
  siteId: id,
  from: isoDate.optional().describe('First local date; default today at the site'),
  to: isoDate.optional().describe('Last local date (inclusive); default `from`'),
});

export const attendanceView = z.object({
  site: z.object({ id, name: z.string(), timeZone: z.string() }),
  from: isoDate,
  to: isoDate,
  now: timestamp,
  lateGraceMinutes: z.number().int(),
  rows: z.array(attendanceRow),
});
export type AttendanceView = z.infer<typeof attendanceView>;

export const listAttendance = endpoint({
  operationId: 'listAttendance',
  method: 'GET',
  path: '/api/attendance',
  summary: 'Actual versus scheduled per published shift and unscheduled entry, with flags',
  tag: 'scheduling',
  access: 'scheduling.manage',
  query: attendanceQuery,
  response: attendanceView,
});

const reason = text(500).describe('Why the record is corrected (kept in the audit log)');

const breakInput = z.strictObject({ startedAt: instant, endedAt: instant });

export const correctEntryBody = z.strictObject({
  clockInAt: instant.optional(),
  clockOutAt: instant.nullable().optional().describe('null re-opens the entry'),
  breaks: z.array(breakInput).max(20, 'at most 20 breaks').optional(),
  reason,
});

export const correctEntry = endpoint({
  operationId: 'correctAttendanceEntry',
  method: 'PATCH',
  path: '/api/attendance/entries/:id',
  summary: 'Correct an entry’s clock-in, clock-out or breaks (reason required, audited)',
  tag: 'scheduling',
  access: 'scheduling.manage',
  params: idParams,
  body: correctEntryBody,
  response: attendanceEntry,
});

export const createEntryBody = z.strictObject({
  employeeId: id,
  siteId: id,
  shiftId: id.nullable().optional().describe('Default: the published shift it overlaps'),
  clockInAt: instant,
  clockOutAt: instant.nullable().optional(),
  breaks: z.array(breakInput).max(20, 'at most 20 breaks').optional(),
  note: optionalText(500),
  reason,
});

export const createEntry = endpoint({
  operationId: 'createAttendanceEntry',
  method: 'POST',
  path: '/api/attendance/entries',
  summary: 'Add an entry for someone who forgot to clock (reason required, audited)',
  tag: 'scheduling',
  access: 'scheduling.manage',
  body: createEntryBody,
  response: attendanceEntry,
  status: 201,
});

// ── Timesheets ───────────────────────────────────────────────────────────────

export const timesheetTotals = z.object({
  scheduledMinutes: z.number().int(),
  workedMinutes: z.number().int(),
  breakMinutes: z.number().int(),
  regularMinutes: z.number().int(),
  overtimeMinutes: z.number().int(),
  lateCount: z.number().int(),
  earlyCount: z.number().int(),
  missedCount: z.number().int(),
});
export type TimesheetTotals = z.infer<typeof timesheetTotals>;

export const timesheetRow = z.object({
  employee: person,
  status: z.enum(TIMESHEET_STATUSES),
  /** approved: the approved snapshot; otherwise computed now */
  totals: timesheetTotals,
  /** computed now from entries and published shifts */
  current: timesheetTotals,
  /** approved, but entries or shifts changed since: re-approve to update the snapshot */
  changedSinceApproval: z.boolean(),
  openEntries: z.number().int().describe('Entries still clocked in (block approval)'),
  approvedBy: userRef,
  approvedAt: timestamp.nullable(),
  note: z.string().nullable(),
});
export type TimesheetRow = z.infer<typeof timesheetRow>;

export const timesheetQuery = z.strictObject({
  siteId: id,
  periodFrom: isoDate.optional().describe('A pay period start; default the current period'),
});

export const timesheetView = z.object({
  site: z.object({ id, name: z.string(), timeZone: z.string() }),
  periodFrom: isoDate,
  periodTo: isoDate,
  previousFrom: isoDate,
  nextFrom: isoDate,
  rows: z.array(timesheetRow),
});
export type TimesheetView = z.infer<typeof timesheetView>;

export const listTimesheets = endpoint({
  operationId: 'listTimesheets',
  method: 'GET',
  path: '/api/attendance/timesheets',
  summary: 'Timesheets of the site’s people for a pay period',
  description:
    'Everyone with a home site, a published shift or an entry at the site in the period. Totals are per person over the period (all sites).',
  tag: 'scheduling',
  access: 'scheduling.manage',
  query: timesheetQuery,
  response: timesheetView,
});

export const decisionBody = z.strictObject({
  siteId: id,
  periodFrom: isoDate,
  employeeIds: z.array(id).min(1, 'choose at least one person').max(500, 'at most 500 people'),
  note: optionalText(500),
});

export const approveTimesheets = endpoint({
  operationId: 'approveTimesheets',
  method: 'POST',
  path: '/api/attendance/timesheets/approve',
  summary: 'Approve timesheets: snapshot the totals (re-approving refreshes the snapshot)',
  description: '409 OPEN_ENTRY when someone is still clocked in within the period.',
  tag: 'scheduling',
  access: 'scheduling.approve',
  body: decisionBody,
  response: timesheetView,
});

export const reopenTimesheets = endpoint({
  operationId: 'reopenTimesheets',
  method: 'POST',
  path: '/api/attendance/timesheets/reopen',
  summary: 'Reopen approved timesheets',
  tag: 'scheduling',
  access: 'scheduling.approve',
  body: decisionBody,
  response: timesheetView,
});

export const TIMESHEET_CSV_COLUMNS = [
  'employee_number',
  'name',
  'period_from',
  'period_to',
  'status',
  'scheduled_hours',
  'worked_hours',
  'regular_hours',
  'overtime_hours',
  'break_hours',
  'late',
  'early',
  'missed',
] as const;

export const exportTimesheets = endpoint({
  operationId: 'exportTimesheets',
  method: 'GET',
  path: '/api/attendance/timesheets.csv',
  summary: 'Download the period’s timesheets as CSV for payroll',
  description: `Columns: ${TIMESHEET_CSV_COLUMNS.join(', ')}. Hours as decimals with 2 places.`,
  tag: 'scheduling',
  access: 'scheduling.approve',
  query: timesheetQuery,
  response: z.string(),
  produces: 'text/csv',
});
