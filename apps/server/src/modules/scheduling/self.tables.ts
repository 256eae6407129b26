import type { StandardColumns } from '../../platform/db/types.js';

/** Tables of the self-service area: swap, give-away and release requests. */
declare module '../../platform/db/types.js' {
  interface DB {
    shift_swaps: StandardColumns & {
      site_id: string;
      /** swap | give_away | release */
      kind: string;
      /** the requester's published shift */
      shift_id: string;
      requester_employee_id: string;
      /** null for a release to the open pool */
      target_employee_id: string | null;
      /** the colleague's shift taken in exchange (swap only) */
      target_shift_id: string | null;
      /** pending_colleague | declined | pending_approval | approved | rejected | cancelled | failed */
      status: string;
      approval_id: string | null;
      colleague_responded_at: string | null;
      note: string | null;
      decided_at: string | null;
      decided_by: string | null;
      /** why a request failed (the shifts changed, someone is no longer eligible) */
      failure_reason: string | null;
    };
  }
}
