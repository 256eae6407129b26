import type { KeelModule } from '../../platform/http/module.js';
import { periods } from '../../platform/jobs/jobs.js';
import { approvalsMigrations } from './approvals.migrations.js';
import { approvalsRoutes } from './approvals.routes.js';
import { canReadApproval, describeApprovals, remindAndEscalate } from './approvals.service.js';
import './approvals.tables.js';

export {
  approvalHref,
  cancelApprovals,
  pendingApproval,
  type RequestApprovalInput,
  requestApproval,
} from './approvals.service.js';

export const approvalsModule: KeelModule = {
  name: 'approvals',
  migrations: approvalsMigrations,
  routes: approvalsRoutes,
  entities: [
    { entityType: 'approval_request', canRead: canReadApproval, describe: describeApprovals },
  ],
  jobs: [{ name: 'approvals.remind-escalate', period: periods.hourly, run: remindAndEscalate }],
};
