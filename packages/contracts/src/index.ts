export type * from './approvals.js';
export * as approvals from './approvals.js';
export { APPROVAL_RULE_ROLES, APPROVAL_STATUSES } from './approvals.js';
export type * from './attendance.js';
export * as attendance from './attendance.js';
export type * from './audit.js';
export * as audit from './audit.js';
export type * from './auth.js';
export * as auth from './auth.js';
export type * from './calendar.js';
export * as calendar from './calendar.js';
export type * from './collab.js';
export * as collab from './collab.js';
export type * from './live.js';
export * as live from './live.js';
export * as mail from './mail.js';
export type * from './notifications.js';
export * as notifications from './notifications.js';
export {
  DEFAULT_NOTIFICATION_PREFERENCES,
  EMAIL_MODES,
  NOTIFICATION_TYPES,
} from './notifications.js';
export type * from './organization.js';
export * as org from './organization.js';
export type * from './people.js';
export * as people from './people.js';
export { EMPLOYEE_STATUSES, EMPLOYMENT_TYPES, IMPORT_COLUMNS, PAY_TYPES } from './people.js';
export * from './permissions.js';
export type * from './resources.js';
export * as resources from './resources.js';
export type * from './scheduling.js';
export * as scheduling from './scheduling.js';
export { RULE_CODES, RULE_SEVERITIES, SHIFT_STATUSES } from './scheduling.js';
export type * from './scheduling-people.js';
export * as schedulingPeople from './scheduling-people.js';
export type * from './scheduling-self.js';
export * as schedulingSelf from './scheduling-self.js';
export { SWAP_KINDS, SWAP_STATUSES } from './scheduling-self.js';
export type * from './search.js';
export * as search from './search.js';
export * from './shared.js';
export type * from './tasks.js';
export * as tasks from './tasks.js';
export * as zonedTime from './zoned-time.js';

import * as approvals_ from './approvals.js';
import * as attendance_ from './attendance.js';
import * as audit_ from './audit.js';
import * as auth_ from './auth.js';
import * as calendar_ from './calendar.js';
import * as collab_ from './collab.js';
import * as live_ from './live.js';
import * as mail_ from './mail.js';
import * as notifications_ from './notifications.js';
import * as org_ from './organization.js';
import * as people_ from './people.js';
import * as resources_ from './resources.js';
import * as scheduling_ from './scheduling.js';
import * as schedulingPeople_ from './scheduling-people.js';
import * as schedulingSelf_ from './scheduling-self.js';
import * as search_ from './search.js';
import * as tasks_ from './tasks.js';

/**
 * Every contract namespace. Add a new module's namespace here: the permission-matrix test, the
 * route coverage test and the web app's live-update topics all read this list.
 */
export const CONTRACT_NAMESPACES: Record<string, Record<string, unknown>> = {
  auth: auth_,
  org: org_,
  people: people_,
  collab: collab_,
  resources: resources_,
  tasks: tasks_,
  search: search_,
  calendar: calendar_,
  approvals: approvals_,
  notifications: notifications_,
  audit: audit_,
  mail: mail_,
  live: live_,
  scheduling: scheduling_,
  schedulingPeople: schedulingPeople_,
  schedulingSelf: schedulingSelf_,
  attendance: attendance_,
};
