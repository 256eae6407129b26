import type { DbBool, StandardColumns } from '../../platform/db/types.js';

declare module '../../platform/db/types.js' {
  interface DB {
    resources: StandardColumns & {
      site_id: string;
      name: string;
      kind: string;
      description: string | null;
      capacity: number;
      location: string | null;
      color: string;
      max_duration_minutes: number | null;
      min_lead_minutes: number | null;
      max_advance_days: number | null;
      /** JSON array of roles; null: everyone holding resources.book */
      bookable_roles: string | null;
      needs_approval: DbBool;
      requires_checkout: DbBool;
      buffer_minutes: number;
      archived_at: string | null;
    };
    resource_bookings: StandardColumns & {
      resource_id: string;
      site_id: string;
      series_id: string | null;
      recurrence: string | null;
      starts_at: string;
      ends_at: string;
      quantity: number;
      title: string;
      notes: string | null;
      booked_by: string;
      booked_for: string;
      status: string;
      approval_id: string | null;
      checked_out_at: string | null;
      checked_out_by: string | null;
      checkout_note: string | null;
      checked_in_at: string | null;
      checked_in_by: string | null;
      return_condition: string | null;
      return_note: string | null;
      late: DbBool;
      cancelled_at: string | null;
      cancelled_by: string | null;
      cancel_reason: string | null;
    };
    resource_blackouts: StandardColumns & {
      resource_id: string;
      site_id: string;
      starts_at: string;
      ends_at: string;
      reason: string;
      note: string | null;
    };
  }
}
