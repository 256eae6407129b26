import type { StandardColumns } from '../../platform/db/types.js';

declare module '../../platform/db/types.js' {
  interface DB {
    approval_requests: StandardColumns & {
      type: string;
      entity_type: string;
      entity_id: string;
      site_id: string | null;
      amount_minor: number | null;
      currency: string | null;
      title: string;
      status: 'pending' | 'approved' | 'rejected' | 'cancelled';
      requested_by: string;
      /** Lowest role that may decide (from the organization's rule for the amount); null: any. */
      required_role: string | null;
      decided_by: string | null;
      decided_at: string | null;
      comment: string | null;
      /** 0: the first deciders; each escalation widens them one role up. */
      escalation_level: number;
      escalated_at: string | null;
      reminded_at: string | null;
    };
    approval_events: {
      id: string;
      org_id: string;
      request_id: string;
      kind:
        | 'requested'
        | 'reminded'
        | 'escalated'
        | 'approved'
        | 'rejected'
        | 'cancelled'
        | 'commented';
      actor_user_id: string | null;
      comment: string | null;
      data: string | null;
      created_at: string;
    };
    approval_rules: StandardColumns & {
      type: string;
      /** null: every site without a rule of its own. */
      site_id: string | null;
      /** Above this amount (minor units) `required_role` or higher must decide. */
      threshold_minor: number | null;
      required_role: string | null;
      /** Overrides the type's escalate-after-days; 0: never escalate. */
      escalate_after_days: number | null;
    };
  }
}
