import type { CreateTableBuilder } from 'kysely';
import type { ColumnTypes, MigrationSet } from '../../platform/db/migrations.js';

function standard<T extends string>(t: ColumnTypes, b: CreateTableBuilder<T, never>) {
  return b
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_by', 'text');
}

export const workMigrations: MigrationSet = (t) => ({
  '20261126_0200_work_tasks': {
    async up(db) {
      await standard(t, db.schema.createTable('task_series'))
        .addColumn('rrule', 'text', (c) => c.notNull())
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('dtstart', t.date, (c) => c.notNull())
        .addColumn('template', t.json, (c) => c.notNull())
        .addColumn('active', t.bool, (c) => c.notNull())
        .addColumn('last_date', t.date, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('task_series_active')
        .on('task_series')
        .columns(['active', 'mode', 'org_id'])
        .execute();

      await standard(t, db.schema.createTable('tasks'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('title_key', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('priority', 'text', (c) => c.notNull())
        .addColumn('priority_rank', 'integer', (c) => c.notNull())
        .addColumn('site_id', 'text', (c) => c.references('sites.id'))
        .addColumn('department_id', 'text', (c) => c.references('departments.id'))
        .addColumn('time_zone', 'text', (c) => c.notNull())
        .addColumn('due_date', t.date)
        .addColumn('due_time', 'text')
        .addColumn('due_at', t.timestamp)
        .addColumn('due_key', t.timestamp, (c) => c.notNull())
        .addColumn('estimate_centihours', 'integer')
        .addColumn('labels', t.json, (c) => c.notNull())
        .addColumn('subject_type', 'text')
        .addColumn('subject_id', 'text')
        .addColumn('requires_signoff', t.bool, (c) => c.notNull())
        .addColumn('signoff_state', 'text')
        .addColumn('signoff_approval_id', 'text')
        .addColumn('series_id', 'text', (c) => c.references('task_series.id'))
        .addColumn('occurrence_date', t.date)
        .addColumn('checklist_total', 'integer', (c) => c.notNull())
        .addColumn('checklist_done', 'integer', (c) => c.notNull())
        .addColumn('completed_at', t.timestamp)
        .addColumn('completed_by', 'text')
        // One task per series and occurrence date: the recurrence job and completions may race.
        .addUniqueConstraint('tasks_series_occurrence', ['series_id', 'occurrence_date'])
        .execute();
      const idx = (name: string, cols: string[]) =>
        db.schema.createIndex(name).on('tasks').columns(cols).execute();
      await idx('tasks_org_due', ['org_id', 'due_key', 'id']);
      await idx('tasks_org_status_due', ['org_id', 'status', 'due_key', 'id']);
      await idx('tasks_org_site_due', ['org_id', 'site_id', 'due_key', 'id']);
      await idx('tasks_org_created', ['org_id', 'created_at', 'id']);
      await idx('tasks_org_updated', ['org_id', 'updated_at', 'id']);
      await idx('tasks_org_priority', ['org_id', 'priority_rank', 'id']);
      await idx('tasks_org_title', ['org_id', 'title_key', 'id']);
      await idx('tasks_org_creator', ['org_id', 'created_by']);
      await idx('tasks_org_department', ['org_id', 'department_id']);
      await idx('tasks_subject', ['org_id', 'subject_type', 'subject_id']);
      // Reminder jobs scan open tasks by due instant across organizations.
      await idx('tasks_status_due_at', ['status', 'due_at']);

      await db.schema
        .createTable('task_people')
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id'))
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('task_people_pk', ['task_id', 'role', 'user_id'])
        .execute();
      // My work: a user's assigned tasks in one index range.
      await db.schema
        .createIndex('task_people_user')
        .on('task_people')
        .columns(['org_id', 'user_id', 'role', 'task_id'])
        .execute();

      await db.schema
        .createTable('task_labels')
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id'))
        .addColumn('label', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('task_labels_pk', ['task_id', 'label'])
        .execute();
      await db.schema
        .createIndex('task_labels_label')
        .on('task_labels')
        .columns(['org_id', 'label', 'task_id'])
        .execute();

      await standard(t, db.schema.createTable('task_checklist_items'))
        .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id'))
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('done', t.bool, (c) => c.notNull())
        .addColumn('done_by', 'text')
        .addColumn('done_at', t.timestamp)
        .addColumn('position', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('task_checklist_task')
        .on('task_checklist_items')
        .columns(['task_id', 'position'])
        .execute();

      await db.schema
        .createTable('task_status_changes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id'))
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text', (c) => c.notNull())
        .addColumn('at', t.timestamp, (c) => c.notNull())
        .addColumn('by_user_id', 'text')
        .addColumn('comment', 'text')
        .execute();
      await db.schema
        .createIndex('task_status_changes_task')
        .on('task_status_changes')
        .columns(['task_id', 'at'])
        .execute();

      await standard(t, db.schema.createTable('task_views'))
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('filters', t.json, (c) => c.notNull())
        .addColumn('shared', t.bool, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('task_views_user')
        .on('task_views')
        .columns(['org_id', 'user_id'])
        .execute();
      await db.schema
        .createIndex('task_views_shared')
        .on('task_views')
        .columns(['org_id', 'shared'])
        .execute();

      await db.schema
        .createTable('task_reminders')
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('sent_at', t.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('task_reminders_pk', ['task_id', 'kind', 'key'])
        .execute();
    },
  },
});
