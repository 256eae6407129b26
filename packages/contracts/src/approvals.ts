import { z } from 'zod';
import { ROLES } from './permissions.js';
import {
  cursor,
  endpoint,
  id,
  idParams,
  limit,
  ok,
  optionalText,
  page,
  recordMeta,
  timestamp,
} from './shared.js';

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'cancelled'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

export const APPROVAL_EVENT_KINDS = [
  'requested',
  'reminded',
  'escalated',
  'approved',
  'rejected',
  'cancelled',
  'commented',
] as const;

/** The roles an amount threshold may require (staff and viewer decide nothing). */
export const APPROVAL_RULE_ROLES = ['coordinator', 'manager', 'owner'] as const;

const person = z.object({ id, name: z.string() });

export const approvalSubject = z
  .object({ label: z.string(), href: z.string() })
  .nullable()
  .describe('The record the approval is about; null when the caller may not read it');

export const approval = z.object({
  id,
  type: z.string(),
  entityType: z.string(),
  entityId: id,
  subject: approvalSubject,
  siteId: id.nullable(),
  site: z
    .object({ id, name: z.string() })
    .nullable()
    .describe('The site the request belongs to; null when it has none'),
  title: z.string(),
  amountMinor: z.number().int().nullable(),
  currency: z.string().nullable(),
  status: z.enum(APPROVAL_STATUSES),
  requestedBy: person,
  requestedAt: timestamp,
  requiredRole: z.enum(ROLES).nullable().describe('Set when the amount needs a higher role'),
  decidedBy: person.nullable(),
  decidedAt: timestamp.nullable(),
  comment: z.string().nullable(),
  escalationLevel: z.number().int(),
  canDecide: z.boolean().describe('Whether the caller may approve or reject it now'),
  canCancel: z.boolean(),
});
export type Approval = z.infer<typeof approval>;

export const approvalEvent = z.object({
  id,
  kind: z.enum(APPROVAL_EVENT_KINDS),
  actor: person.nullable().describe('null: the system (reminders, escalation)'),
  comment: z.string().nullable(),
  at: timestamp,
});
export type ApprovalEvent = z.infer<typeof approvalEvent>;

export const approvalDetail = approval.extend({
  events: z.array(approvalEvent),
  deciders: z.array(person).describe('Who may decide it now'),
});
export type ApprovalDetail = z.infer<typeof approvalDetail>;

export const APPROVAL_VIEWS = ['inbox', 'mine', 'decided'] as const;
export type ApprovalView = (typeof APPROVAL_VIEWS)[number];

export const listApprovalsQuery = z.strictObject({
  view: z
    .enum(APPROVAL_VIEWS)
    .default('inbox')
    .describe(
      'inbox: pending requests I may decide; mine: requests I made; decided: decided requests I may see',
    ),
  cursor,
  limit,
});

export const listApprovals = endpoint({
  operationId: 'listApprovals',
  method: 'GET',
  path: '/api/approvals',
  summary: 'Approval requests: needing my decision, mine, or decided',
  tag: 'approvals',
  access: 'authenticated',
  query: listApprovalsQuery,
  response: page(approval),
});

export const approvalCounts = endpoint({
  operationId: 'approvalCounts',
  method: 'GET',
  path: '/api/approvals/counts',
  summary: 'How many requests wait for my decision, and how many of mine are pending',
  tag: 'approvals',
  access: 'authenticated',
  response: z.object({ needsMe: z.number().int(), minePending: z.number().int() }),
});

export const getApproval = endpoint({
  operationId: 'getApproval',
  method: 'GET',
  path: '/api/approvals/:id',
  summary: 'One approval request with its history',
  description:
    'Visible to its deciders, its requester and holders of the approval type permission (site scope applies).',
  tag: 'approvals',
  access: 'authenticated',
  params: idParams,
  response: approvalDetail,
});

export const decideApprovalBody = z
  .strictObject({
    decision: z.enum(['approved', 'rejected']),
    comment: optionalText(2000),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'rejected' && !v.comment)
      ctx.addIssue({
        code: 'custom',
        path: ['comment'],
        message: 'is required when rejecting',
      });
  });
export type DecideApprovalBody = z.input<typeof decideApprovalBody>;

export const decideApproval = endpoint({
  operationId: 'decideApproval',
  method: 'POST',
  path: '/api/approvals/:id/decision',
  summary: 'Approve or reject a request',
  description:
    'Only its deciders; never the requester (403 APPROVAL_OWN_REQUEST). A decided request answers 409 APPROVAL_ALREADY_DECIDED.',
  tag: 'approvals',
  access: 'authenticated',
  params: idParams,
  body: decideApprovalBody,
  response: approvalDetail,
});

export const cancelApprovalBody = z.strictObject({ comment: optionalText(2000) });

export const cancelApproval = endpoint({
  operationId: 'cancelApproval',
  method: 'POST',
  path: '/api/approvals/:id/cancel',
  summary: 'Withdraw my pending request',
  tag: 'approvals',
  access: 'authenticated',
  params: idParams,
  body: cancelApprovalBody,
  response: approvalDetail,
});

export const approvalType = z.object({
  type: z.string(),
  entityType: z.string(),
  permission: z.string(),
  remindAfterDays: z.number().int(),
  escalateAfterDays: z.number().int(),
});

export const approvalRule = z.object({
  ...recordMeta,
  type: z.string(),
  site: z.object({ id, name: z.string() }).nullable().describe('null: every site'),
  thresholdMinor: z.number().int().nullable(),
  requiredRole: z.enum(ROLES).nullable(),
  escalateAfterDays: z.number().int().nullable(),
});
export type ApprovalRule = z.infer<typeof approvalRule>;

export const listApprovalRules = endpoint({
  operationId: 'listApprovalRules',
  method: 'GET',
  path: '/api/approval-rules',
  summary: 'Approval rules of the organization, and the approval types modules register',
  tag: 'approvals',
  access: 'org.settings.manage',
  response: z.object({ items: z.array(approvalRule), types: z.array(approvalType) }),
});

const ruleFields = {
  thresholdMinor: z
    .number()
    .int('must be a whole number of minor units')
    .min(0, 'must not be negative')
    .max(100_000_000_000, 'is too large')
    .nullable()
    .optional()
    .describe('Above this amount (minor units), requiredRole or higher must decide'),
  requiredRole: z.enum(APPROVAL_RULE_ROLES).nullable().optional(),
  escalateAfterDays: z
    .number()
    .int('must be a whole number of days')
    .min(0, 'must not be negative')
    .max(365, 'must be at most 365')
    .nullable()
    .optional()
    .describe("Overrides the type's default; 0: never escalate"),
};

export const createApprovalRuleBody = z.strictObject({
  type: z.string().trim().min(1, 'must not be empty').max(100),
  siteId: id.nullable().optional(),
  ...ruleFields,
});
export type CreateApprovalRuleBody = z.input<typeof createApprovalRuleBody>;

export const updateApprovalRuleBody = z.strictObject({
  siteId: id.nullable().optional(),
  ...ruleFields,
});
export type UpdateApprovalRuleBody = z.input<typeof updateApprovalRuleBody>;

export const createApprovalRule = endpoint({
  operationId: 'createApprovalRule',
  method: 'POST',
  path: '/api/approval-rules',
  summary: 'Add an approval rule (one per type and site)',
  tag: 'approvals',
  access: 'org.settings.manage',
  body: createApprovalRuleBody,
  response: approvalRule,
  status: 201,
});

export const updateApprovalRule = endpoint({
  operationId: 'updateApprovalRule',
  method: 'PATCH',
  path: '/api/approval-rules/:id',
  summary: 'Change an approval rule',
  tag: 'approvals',
  access: 'org.settings.manage',
  params: idParams,
  body: updateApprovalRuleBody,
  response: approvalRule,
});

export const deleteApprovalRule = endpoint({
  operationId: 'deleteApprovalRule',
  method: 'DELETE',
  path: '/api/approval-rules/:id',
  summary: 'Remove an approval rule (the type defaults apply again)',
  tag: 'approvals',
  access: 'org.settings.manage',
  params: idParams,
  response: ok,
});
