import type { DbBool, StandardColumns } from '../../platform/db/types.js';

declare module '../../platform/db/types.js' {
  interface DB {
    tasks: StandardColumns & {
      title: string;
      /** lower-cased title, for sorting and search */
      title_key: string;
      description: string | null;
      status: string;
      priority: string;
      /** low 0 … urgent 3, for sorting */
      priority_rank: number;
      site_id: string | null;
      department_id: string | null;
      /** IANA zone the due date is read in: the site's, else the organization's */
      time_zone: string;
      due_date: string | null;
      /** HH:MM local time; null for a date-only task */
      due_time: string | null;
      /** The instant the task is due (end of the due date when there is no time); null: no date */
      due_at: string | null;
      /** due_at, or 9999-12-31 when there is none: a non-null key for sorting and keyset paging */
      due_key: string;
      /** Estimate in hundredths of an hour */
      estimate_centihours: number | null;
      /** JSON array of normalised labels (task_labels holds them for filtering) */
      labels: string;
      subject_type: string | null;
      subject_id: string | null;
      requires_signoff: DbBool;
      signoff_state: string | null;
      signoff_approval_id: string | null;
      series_id: string | null;
      occurrence_date: string | null;
      checklist_total: number;
      checklist_done: number;
      completed_at: string | null;
      completed_by: string | null;
    };
    task_people: {
      org_id: string;
      task_id: string;
      user_id: string;
      /** 'assignee' | 'watcher' */
      role: string;
    };
    task_labels: {
      org_id: string;
      task_id: string;
      label: string;
    };
    task_checklist_items: StandardColumns & {
      task_id: string;
      text: string;
      done: DbBool;
      done_by: string | null;
      done_at: string | null;
      position: number;
    };
    task_status_changes: {
      id: string;
      org_id: string;
      task_id: string;
      from_status: string | null;
      to_status: string;
      at: string;
      by_user_id: string | null;
      comment: string | null;
    };
    task_series: StandardColumns & {
      rrule: string;
      /** 'on_completion' | 'on_schedule' */
      mode: string;
      dtstart: string;
      /** JSON: the fields each new occurrence copies (see SeriesTemplate) */
      template: string;
      active: DbBool;
      /** Latest occurrence date created */
      last_date: string;
    };
    task_views: StandardColumns & {
      user_id: string;
      name: string;
      filters: string;
      shared: DbBool;
    };
    task_reminders: {
      org_id: string;
      task_id: string;
      /** 'due_soon' | 'overdue' */
      kind: string;
      /** due_soon: the due instant it warned about; overdue: the day it was sent */
      key: string;
      sent_at: string;
    };
  }
}
