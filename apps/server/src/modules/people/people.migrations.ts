import type { CreateTableBuilder } from 'kysely';
import type { ColumnTypes, MigrationSet } from '../../platform/db/migrations.js';

/** id, org_id and who/when columns every business table carries. */
function standard<T extends string>(t: ColumnTypes, b: CreateTableBuilder<T, never>) {
  return b
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_by', 'text');
}

export const peopleMigrations: MigrationSet = (t) => ({
  '20261125_0010_people_structure': {
    async up(db) {
      await standard(t, db.schema.createTable('sites'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('time_zone', 'text', (c) => c.notNull())
        .addColumn('address_line1', 'text')
        .addColumn('address_line2', 'text')
        .addColumn('city', 'text')
        .addColumn('region', 'text')
        .addColumn('postal_code', 'text')
        .addColumn('country', 'text')
        .addColumn('archived_at', t.timestamp)
        .addUniqueConstraint('sites_org_code', ['org_id', 'code'])
        .execute();
      await standard(t, db.schema.createTable('departments'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('archived_at', t.timestamp)
        .addUniqueConstraint('departments_org_code', ['org_id', 'code'])
        .execute();
      await standard(t, db.schema.createTable('positions'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('title_key', 'text', (c) => c.notNull())
        .addColumn('department_id', 'text', (c) => c.references('departments.id'))
        .addColumn('description', 'text')
        .addColumn('archived_at', t.timestamp)
        .addUniqueConstraint('positions_org_title', ['org_id', 'title_key'])
        .execute();
      await standard(t, db.schema.createTable('employees'))
        .addColumn('employee_number', 'text')
        .addColumn('first_name', 'text', (c) => c.notNull())
        .addColumn('last_name', 'text', (c) => c.notNull())
        .addColumn('sort_name', 'text', (c) => c.notNull())
        .addColumn('email', 'text')
        .addColumn('phone', 'text')
        .addColumn('site_id', 'text', (c) => c.references('sites.id'))
        .addColumn('department_id', 'text', (c) => c.references('departments.id'))
        .addColumn('position_id', 'text', (c) => c.references('positions.id'))
        .addColumn('manager_id', 'text', (c) => c.references('employees.id'))
        .addColumn('employment_type', 'text', (c) => c.notNull())
        .addColumn('start_date', t.date)
        .addColumn('contract_hours_per_week', 'real')
        .addColumn('skills', t.json, (c) => c.notNull())
        .addColumn('pay_type', 'text')
        .addColumn('pay_amount_minor', t.bigint)
        .addColumn('pay_currency', 'text')
        .addColumn('archived_at', t.timestamp)
        .addUniqueConstraint('employees_org_number', ['org_id', 'employee_number'])
        .addUniqueConstraint('employees_org_email', ['org_id', 'email'])
        .execute();
      await db.schema
        .createIndex('employees_org_sort')
        .on('employees')
        .columns(['org_id', 'sort_name', 'id'])
        .execute();
      await db.schema
        .createIndex('employees_site')
        .on('employees')
        .columns(['org_id', 'site_id'])
        .execute();
      await db.schema
        .createIndex('employees_department')
        .on('employees')
        .columns(['org_id', 'department_id'])
        .execute();
      await db.schema
        .createIndex('employees_manager')
        .on('employees')
        .columns(['org_id', 'manager_id'])
        .execute();
    },
  },
  '20261125_0011_people_contract_hours_double': {
    // The first migration made this REAL, which PostgreSQL stores as a 4-byte float (about seven
    // significant digits) while SQLite's REAL is 8 bytes: make PostgreSQL match.
    async up(db) {
      if (t.dialect !== 'postgres') return;
      await db.schema
        .alterTable('employees')
        .alterColumn('contract_hours_per_week', (c) => c.setDataType(t.double))
        .execute();
    },
  },
  '20261127_0290_people_qualifications': {
    // Scheduling: positions say which skills/certifications they need; employees hold dated
    // qualifications (certifications with an expiry) besides their plain skills.
    async up(db) {
      await db.schema
        .alterTable('positions')
        .addColumn('required_skills', t.json, (c) => c.notNull().defaultTo('[]'))
        .execute();
      await standard(t, db.schema.createTable('employee_qualifications'))
        .addColumn('employee_id', 'text', (c) => c.notNull().references('employees.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('issued_on', t.date)
        .addColumn('expires_on', t.date)
        .addColumn('note', 'text')
        .addUniqueConstraint('employee_qualifications_name', ['employee_id', 'name_key'])
        .execute();
      await db.schema
        .createIndex('employee_qualifications_org')
        .on('employee_qualifications')
        .columns(['org_id', 'employee_id'])
        .execute();
    },
  },
});
