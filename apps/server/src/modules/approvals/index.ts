import type { KeelModule } from '../../platform/http/module.js';
import { periods } from '../../platform/jobs/jobs.js';
import { remindAndEscalate } from './approval-jobs.js';
import { approvalsMigrations } from './approvals.migrations.js';
import { canReadApproval, describeApprovals } from './approvals.read.js';
import { approvalsRoutes } from './approvals.routes.js';
import './approvals.tables.js';

export {
  cancelApprovals,
  pendingApproval,
  type RequestApprovalInput,
  requestApproval,
} from './approval-request.service.js';
export { approvalHref } from './approvals.write.js';

export const approvalsModule: KeelModule = {
  name: 'approvals',
  migrations: approvalsMigrations,
  routes: approvalsRoutes,
  entities: [
    { entityType: 'approval_request', canRead: canReadApproval, describe: describeApprovals },
  ],
  jobs: [{ name: 'approvals.remind-escalate', period: periods.hourly, run: remindAndEscalate }],
};
