import type { StandardColumns } from '../../platform/db/types.js';

/** Attendance tables: clock entries, breaks, timesheets. */
declare module '../../platform/db/types.js' {
  interface DB {
    attendance_entries: StandardColumns & {
      employee_id: string;
      site_id: string;
      /** the published shift it matches; null = unscheduled */
      shift_id: string | null;
      clock_in_at: string;
      /** null = still clocked in (at most one such entry per person) */
      clock_out_at: string | null;
      /** phone | web | manager */
      source: string;
      note: string | null;
      corrected_by: string | null;
      corrected_at: string | null;
      correction_reason: string | null;
    };
    attendance_breaks: StandardColumns & {
      entry_id: string;
      started_at: string;
      /** null = the break is running */
      ended_at: string | null;
    };
    timesheets: StandardColumns & {
      employee_id: string;
      site_id: string;
      /** local dates (site zone), inclusive */
      period_from: string;
      period_to: string;
      /** open | submitted | approved | rejected */
      status: string;
      scheduled_minutes: number;
      worked_minutes: number;
      break_minutes: number;
      overtime_minutes: number;
      late_count: number;
      early_count: number;
      missed_count: number;
      approved_by: string | null;
      approved_at: string | null;
      note: string | null;
    };
  }
}
