export type * from './audit.js';
export * as audit from './audit.js';
export type * from './auth.js';
export * as auth from './auth.js';
export type * from './live.js';
export * as live from './live.js';
export * as mail from './mail.js';
export type * from './organization.js';
export * as org from './organization.js';
export type * from './people.js';
export * as people from './people.js';
export { EMPLOYEE_STATUSES, EMPLOYMENT_TYPES, IMPORT_COLUMNS, PAY_TYPES } from './people.js';
export * from './permissions.js';
export * from './shared.js';

import * as audit_ from './audit.js';
import * as auth_ from './auth.js';
import * as live_ from './live.js';
import * as mail_ from './mail.js';
import * as org_ from './organization.js';
import * as people_ from './people.js';

/**
 * Every contract namespace. Add a new module's namespace here: the permission-matrix test, the
 * route coverage test and the web app's live-update topics all read this list.
 */
export const CONTRACT_NAMESPACES: Record<string, Record<string, unknown>> = {
  auth: auth_,
  org: org_,
  people: people_,
  audit: audit_,
  mail: mail_,
  live: live_,
};
