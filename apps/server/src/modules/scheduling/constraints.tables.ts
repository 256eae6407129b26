import type { DbBool, StandardColumns } from '../../platform/db/types.js';

/** Tables of the constraints area: work rules, availability, time off, shift preferences. */
declare module '../../platform/db/types.js' {
  interface DB {
    work_rule_sets: StandardColumns & {
      name: string;
      /** the set for this contract type (unique per organization); null = not tied to one */
      employment_type: string | null;
      /** the organization's fallback set (at most one) */
      is_default: DbBool;
      /** JSON: WorkRules fields (null = no limit) */
      rules: string;
    };
    employee_work_rules: StandardColumns & {
      employee_id: string;
      /** JSON: a partial WorkRules; fields present override the employee's rule set */
      rules: string;
      note: string | null;
    };
    availability_windows: StandardColumns & {
      employee_id: string;
      /** 1 = Monday … 7 = Sunday */
      weekday: number;
      /** local 'HH:MM'; end <= start crosses midnight */
      start_time: string;
      end_time: string;
      /** 'unavailable' | 'prefer' */
      kind: string;
      note: string | null;
      valid_from: string | null;
      valid_until: string | null;
    };
    availability_exceptions: StandardColumns & {
      employee_id: string;
      date: string;
      /** both null = the whole day */
      start_time: string | null;
      end_time: string | null;
      kind: string;
      note: string | null;
    };
    time_off_types: StandardColumns & {
      name: string;
      name_key: string;
      color: string;
      paid: DbBool;
      /** null = unlimited */
      yearly_allowance_minutes: number | null;
      requires_approval: DbBool;
      archived_at: string | null;
    };
    time_off_requests: StandardColumns & {
      employee_id: string;
      type_id: string;
      start_date: string;
      end_date: string;
      all_day: DbBool;
      /** partial day only (start_date = end_date) */
      start_time: string | null;
      end_time: string | null;
      minutes: number;
      reason: string | null;
      /** 'pending' | 'approved' | 'rejected' | 'cancelled' */
      status: string;
      approval_id: string | null;
      requested_by: string | null;
      decided_by: string | null;
      decided_at: string | null;
    };
    shift_preferences: StandardColumns & {
      employee_id: string;
      date: string | null;
      weekday: number | null;
      shift_type_id: string | null;
      /** 'want' | 'avoid' */
      kind: string;
      weight: number;
      note: string | null;
    };
  }
}
