import type { MigrationSet } from '../../platform/db/migrations.js';

export const accountsMigrations: MigrationSet = (t) => ({
  '20261125_0001_accounts_core': {
    async up(db) {
      await db.schema
        .createTable('organizations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('locale', 'text', (c) => c.notNull())
        .addColumn('time_zone', 'text', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_by', 'text')
        .execute();
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text')
        .addColumn('locale', 'text')
        .addColumn('last_org_id', 'text')
        .addColumn('last_login_at', t.timestamp)
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('memberships')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('site_ids', t.json)
        .addColumn('employee_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_by', 'text')
        .addUniqueConstraint('memberships_org_user', ['org_id', 'user_id'])
        .execute();
      await db.schema.createIndex('memberships_user').on('memberships').column('user_id').execute();
      await db.schema
        .createTable('role_permissions')
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('permissions', t.json, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_by', 'text')
        .addPrimaryKeyConstraint('role_permissions_pk', ['org_id', 'role'])
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('last_seen_at', t.timestamp, (c) => c.notNull())
        .addColumn('expires_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('last_used_at', t.timestamp)
        .addColumn('expires_at', t.timestamp)
        .addColumn('revoked_at', t.timestamp)
        .execute();
      await db.schema
        .createIndex('api_tokens_user')
        .on('api_tokens')
        .columns(['org_id', 'user_id'])
        .execute();
      await db.schema
        .createTable('invitations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('site_ids', t.json)
        .addColumn('employee_id', 'text')
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('expires_at', t.timestamp, (c) => c.notNull())
        .addColumn('accepted_at', t.timestamp)
        .addColumn('revoked_at', t.timestamp)
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_by', 'text')
        .execute();
      await db.schema
        .createIndex('invitations_org')
        .on('invitations')
        .columns(['org_id', 'id'])
        .execute();
      await db.schema
        .createTable('password_resets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('expires_at', t.timestamp, (c) => c.notNull())
        .addColumn('used_at', t.timestamp)
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('login_attempts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('ip', 'text', (c) => c.notNull())
        .addColumn('succeeded', t.bool, (c) => c.notNull())
        .addColumn('at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('login_attempts_email')
        .on('login_attempts')
        .columns(['email', 'at'])
        .execute();
      await db.schema
        .createIndex('login_attempts_ip')
        .on('login_attempts')
        .columns(['ip', 'at'])
        .execute();
    },
  },
  '20261126_0600_accounts_grant_work_permissions': {
    // An organization that customized a role before tasks and resources existed keeps its stored
    // list (absent row = defaults): grant that role the new permissions its defaults include, so
    // staff can still book and managers still see tasks. Frozen here, not read from the current
    // defaults, so the migration means the same thing whenever it runs.
    async up(db) {
      const grants: Record<string, string[]> = {
        manager: [
          'tasks.read',
          'tasks.manage',
          'resources.read',
          'resources.book',
          'resources.manage',
        ],
        coordinator: [
          'tasks.read',
          'tasks.manage',
          'resources.read',
          'resources.book',
          'resources.manage',
        ],
        staff: ['resources.read', 'resources.book'],
        viewer: ['tasks.read', 'resources.read'],
      };
      const rows = await db
        .selectFrom('role_permissions')
        .select(['org_id', 'role', 'permissions'])
        .execute();
      for (const row of rows as { org_id: string; role: string; permissions: string }[]) {
        const current = JSON.parse(row.permissions) as string[];
        const missing = (grants[row.role] ?? []).filter((p) => !current.includes(p));
        if (missing.length === 0) continue;
        await db
          .updateTable('role_permissions')
          .set({ permissions: JSON.stringify([...current, ...missing]) })
          .where('org_id', '=', row.org_id)
          .where('role', '=', row.role)
          .execute();
      }
    },
  },
  '20261127_0050_accounts_grant_scheduling_permissions': {
    // Same reasoning as 0600: a customized role keeps its list, plus the scheduling permissions
    // its defaults gained in this release (frozen here).
    async up(db) {
      const all = [
        'scheduling.read',
        'scheduling.self',
        'scheduling.manage',
        'scheduling.publish',
        'scheduling.approve',
      ];
      const grants: Record<string, string[]> = {
        manager: all,
        coordinator: all,
        staff: ['scheduling.self'],
        viewer: ['scheduling.read'],
      };
      const rows = await db
        .selectFrom('role_permissions')
        .select(['org_id', 'role', 'permissions'])
        .execute();
      for (const row of rows as { org_id: string; role: string; permissions: string }[]) {
        const current = JSON.parse(row.permissions) as string[];
        const missing = (grants[row.role] ?? []).filter((p) => !current.includes(p));
        if (missing.length === 0) continue;
        await db
          .updateTable('role_permissions')
          .set({ permissions: JSON.stringify([...current, ...missing]) })
          .where('org_id', '=', row.org_id)
          .where('role', '=', row.role)
          .execute();
      }
    },
  },
});
