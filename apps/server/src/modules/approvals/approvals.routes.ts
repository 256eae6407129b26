import { approvals } from '@keel/contracts';
import type { RouteContext } from '../../platform/http/module.js';
import { cancelOwnApproval, decideApproval } from './approval-decide.service.js';
import { approvalCounts, getApproval, listApprovals } from './approvals.read.js';
import * as rules from './rules.service.js';

export function approvalsRoutes({ route, deps }: RouteContext): void {
  route(approvals.listApprovals, async ({ actor, query }) => listApprovals(deps, actor, query));
  route(approvals.approvalCounts, async ({ actor }) => approvalCounts(deps, actor));
  route(approvals.getApproval, async ({ actor, params }) => getApproval(deps, actor, params.id));
  route(approvals.decideApproval, async ({ actor, params, body }) =>
    decideApproval(deps, actor, params.id, body),
  );
  route(approvals.cancelApproval, async ({ actor, params, body }) =>
    cancelOwnApproval(deps, actor, params.id, body.comment ?? null),
  );
  route(approvals.listApprovalRules, async ({ actor }) => rules.listRules(deps, actor));
  route(approvals.createApprovalRule, async ({ actor, body }) =>
    rules.createRule(deps, actor, body),
  );
  route(approvals.updateApprovalRule, async ({ actor, params, body }) =>
    rules.updateRule(deps, actor, params.id, body),
  );
  route(approvals.deleteApprovalRule, async ({ actor, params }) => {
    await rules.deleteRule(deps, actor, params.id);
    return { ok: true as const };
  });
}
