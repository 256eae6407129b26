import type { StandardColumns } from '../../platform/db/types.js';

/**
 * Core scheduling tables (shift types, shifts, coverage, holidays, rotations, templates,
 * publications, settings). Constraint, self-service and attendance tables are declared in their
 * own `*.tables.ts` files beside this one.
 */
declare module '../../platform/db/types.js' {
  interface DB {
    shift_types: StandardColumns & {
      site_id: string;
      code: string;
      /** upper-cased code, unique per site */
      code_key: string;
      name: string;
      /** local wall-clock 'HH:MM'; end <= start means the shift ends the next day */
      start_time: string;
      end_time: string;
      break_minutes: number;
      color: string;
      position_id: string | null;
      archived_at: string | null;
    };
    shifts: StandardColumns & {
      site_id: string;
      /** local date the shift starts on (site time zone) */
      date: string;
      /** local 'HH:MM' as entered */
      start_time: string;
      end_time: string;
      /** UTC instants computed from date + times in the site's zone (DST-correct) */
      starts_at: string;
      ends_at: string;
      break_minutes: number;
      /** (ends_at − starts_at) − break, in minutes */
      paid_minutes: number;
      shift_type_id: string | null;
      position_id: string | null;
      /** null = open shift */
      employee_id: string | null;
      notes: string | null;
      /** set when the shift was first published; null = draft (staff never see it) */
      published_at: string | null;
      /** roster_publications.version that last published it */
      published_version: number | null;
      /** edited since it was last published (drafts of a published shift are applied at once) */
      changed_since_publish: boolean;
    };
    coverage_needs: StandardColumns & {
      site_id: string;
      shift_type_id: string;
      position_id: string | null;
      /** ISO weekday 1 (Mon) … 7 (Sun) for a weekly pattern; null when `date` is set */
      weekday: number | null;
      /** a dated need overrides the weekday pattern for that date, shift type and position */
      date: string | null;
      min_count: number;
      ideal_count: number;
    };
    public_holidays: StandardColumns & {
      site_id: string;
      date: string;
      name: string;
    };
    rotation_patterns: StandardColumns & {
      site_id: string;
      name: string;
      description: string | null;
      /** JSON array, one entry per day of the cycle: shift type id, or null for a day off */
      days: string;
    };
    week_templates: StandardColumns & {
      site_id: string;
      name: string;
      /** JSON array of { weekday 1–7, shiftTypeId, positionId, employeeId, startTime, endTime, breakMinutes } */
      shifts: string;
    };
    roster_publications: StandardColumns & {
      site_id: string;
      period_from: string;
      period_to: string;
      version: number;
      shift_count: number;
      notified_count: number;
      /** JSON: { added, changed, removed } counts */
      summary: string;
      /** JSON: shifts as published [{ id, employeeId, date, start, end, positionId, shiftTypeId }] */
      snapshot: string;
    };
    scheduling_settings: {
      org_id: string;
      /** JSON RuleSeverities (partial; missing rules use the defaults) */
      rule_severities: string;
      /** ISO weekday the roster week starts on */
      week_starts_on: number;
      /** pay period length in days (7 or 14) and a local date one period starts on */
      pay_period_days: number;
      pay_period_anchor: string;
      /** minutes after the shift start a clock-in still counts as on time */
      late_grace_minutes: number;
      updated_at: string;
      updated_by: string | null;
    };
  }
}
