import type { AuditEntry, Employee } from '@keel/contracts';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildDepartment,
  buildEmployee,
  buildOrg,
  buildPosition,
  buildSite,
  type TestOrg,
} from './factories.js';
import { type Client, createTestApp, type TestApp } from './harness.js';

let t: TestApp;
let acme: TestOrg;

beforeAll(async () => {
  t = await createTestApp();
  acme = await buildOrg(t);
  await buildSite(t, acme.owner, { name: 'Main', code: 'MAIN' });
  const archived = await buildSite(t, acme.owner, { name: 'Old', code: 'OLD' });
  await acme.as.owner.post(`/api/sites/${archived.id}/archive`);
  await buildDepartment(t, acme.owner, { name: 'Ops', code: 'OPS' });
  await buildPosition(t, acme.owner, { title: 'Picker' });
});
afterAll(() => t.close());

const counts = async (): Promise<{ employees: number; audit: number }> => {
  const [employees = 0, audit = 0] = await Promise.all(
    (['employees', 'audit_log'] as const).map(async (table) =>
      Number(
        (
          await t.deps.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .where('org_id', '=', acme.orgId)
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ),
  );
  return { employees, audit };
};

const csvOf = (rows: string[][]) => rows.map((r) => r.join(',')).join('\n');
type PreviewRow = {
  row: number;
  action: string;
  name: string;
  errors: { field: string; message: string }[];
};

describe('POST /api/employees/import/preview', () => {
  it('reports the problems of each row and writes nothing', async () => {
    await buildEmployee(t, acme.owner, { email: 'known@acme.test', firstName: 'Known' });
    const csv = csvOf([
      [
        'first_name',
        'last_name',
        'email',
        'site_code',
        'start_date',
        'employment_type',
        'manager_email',
        'favourite_colour',
      ],
      [
        'Good',
        'Row',
        'good@acme.test',
        'main',
        '2026-01-05',
        'Part time',
        'known@acme.test',
        'blue',
      ],
      ['Bad', 'Site', 'site@acme.test', 'NOPE', '', '', '', ''],
      ['Bad', 'Email', 'not-an-email', '', '', '', '', ''],
      ['Bad', 'Date', 'date@acme.test', '', '2026-02-30', '', '', ''],
      ['Bad', 'Type', 'type@acme.test', '', '', 'gig', '', ''],
      ['Dup', 'Licate', 'good@acme.test', '', '', '', '', ''],
      ['Bad', 'Manager', 'mgr@acme.test', '', '', '', 'ghost@acme.test', ''],
      ['Archived', 'Site', 'old@acme.test', 'OLD', '', '', '', ''],
      ['', 'NoFirst', '', '', '', '', '', ''],
      ['Known', 'Again', 'known@acme.test', '', '', '', '', ''],
    ]);
    const before = await counts();
    const res = await acme.as.owner.post('/api/employees/import/preview', { csv });
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      rows: PreviewRow[];
      valid: number;
      invalid: number;
      unknownColumns: string[];
    };
    expect(body.unknownColumns).toEqual(['favourite_colour']);
    const byLine = new Map(body.rows.map((r) => [r.row, r]));
    const fieldsOf = (line: number) => byLine.get(line)!.errors.map((e) => e.field);
    expect(byLine.get(2)).toMatchObject({ action: 'create', name: 'Good Row', errors: [] });
    expect(fieldsOf(3)).toEqual(['site_code']);
    expect(fieldsOf(4)).toEqual(['email']);
    expect(fieldsOf(5)).toEqual(['start_date']);
    expect(fieldsOf(6)).toEqual(['employment_type']);
    expect(byLine.get(7)!.errors).toEqual([{ field: 'email', message: 'also on line 2' }]);
    expect(fieldsOf(8)).toEqual(['manager_email']);
    expect(byLine.get(9)!.errors).toEqual([
      { field: 'site_code', message: 'site OLD is archived' },
    ]);
    expect(fieldsOf(10)).toEqual(['first_name']);
    expect(byLine.get(11)).toMatchObject({ action: 'update', errors: [] });
    expect(body.valid).toBe(2);
    expect(body.invalid).toBe(8);
    expect(await counts()).toEqual(before);
  });

  it('refuses pay columns from someone without people.pay.manage', async () => {
    const csv = csvOf([
      ['first_name', 'last_name', 'pay_type', 'pay_amount'],
      ['Pay', 'Less', 'hourly', '21.50'],
      ['No', 'Pay', '', ''],
    ]);
    const res = await acme.as.coordinator.post('/api/employees/import/preview', { csv });
    expect(res.statusCode).toBe(200);
    const rows = res.json().rows as PreviewRow[];
    expect(rows[0]!.errors).toEqual([
      { field: 'pay_type', message: expect.stringContaining('people.pay.manage') },
    ]);
    expect(rows[1]!.errors).toEqual([]);
    const manager = await acme.as.manager.post('/api/employees/import/preview', { csv });
    expect(manager.json().invalid).toBe(0);
  });

  it('checks pay values', async () => {
    const csv = csvOf([
      ['first_name', 'last_name', 'pay_type', 'pay_amount', 'pay_currency'],
      ['A', 'Weekly', 'weekly', '10', ''],
      ['B', 'Words', 'hourly', 'ten', ''],
      ['C', 'Cents', 'hourly', '10.123', ''],
      ['D', 'Yen', 'hourly', '1500', 'JPY'],
    ]);
    const rows = (await acme.as.manager.post('/api/employees/import/preview', { csv })).json()
      .rows as PreviewRow[];
    expect(rows.map((r) => r.errors.map((e) => e.field))).toEqual([
      ['pay_type'],
      ['pay_amount'],
      ['pay_amount'],
      [],
    ]);
  });

  it('answers 400 when first_name or last_name columns are missing', async () => {
    const res = await acme.as.owner.post('/api/employees/import/preview', {
      csv: 'name,email\nAda,ada@x.test',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('CSV_MISSING_COLUMNS');
  });
});

describe('POST /api/employees/import', () => {
  it('answers 422 IMPORT_HAS_ERRORS with the preview when any row is wrong, and writes nothing', async () => {
    const csv = csvOf([
      ['first_name', 'last_name', 'email'],
      ['Fine', 'One', 'fine1@acme.test'],
      ['Broken', 'Two', 'nope'],
    ]);
    const before = await counts();
    const res = await acme.as.owner.post('/api/employees/import', { csv });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({
      code: 'IMPORT_HAS_ERRORS',
      preview: {
        valid: 1,
        invalid: 1,
        rows: [{ row: 2 }, { row: 3, errors: [{ field: 'email' }] }],
      },
    });
    expect(await counts()).toEqual(before);
  });

  it('creates new rows, updates rows matched by number or e-mail, links managers that come later, and audits each', async () => {
    const byNumber = await buildEmployee(t, acme.owner, {
      employeeNumber: 'IMP-1',
      firstName: 'Num',
      lastName: 'Ber',
    });
    const byEmail = await buildEmployee(t, acme.owner, {
      email: 'match@acme.test',
      firstName: 'Mat',
      lastName: 'Ch',
    });
    const csv = csvOf([
      [
        'employee_number',
        'first_name',
        'last_name',
        'email',
        'site_code',
        'department_code',
        'position_title',
        'manager_email',
        'employment_type',
        'start_date',
        'contract_hours_per_week',
        'skills',
        'pay_type',
        'pay_amount',
      ],
      ['IMP-1', 'Num', 'Ber', '', 'MAIN', '', '', '', '', '', '', '', '', ''],
      ['', 'Mat', 'Changed', 'match@acme.test', '', '', '', '', '', '', '', '', '', ''],
      [
        'IMP-3',
        'Junior',
        'New',
        'junior@acme.test',
        'main',
        'ops',
        'picker',
        'senior@acme.test',
        'intern',
        '2026-09-01',
        '20',
        'lifting; packing',
        'hourly',
        '14.25',
      ],
      [
        'IMP-4',
        'Senior',
        'New',
        'senior@acme.test',
        'MAIN',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        'salary',
        '65000',
      ],
    ]);
    const before = await counts();
    const res = await acme.as.manager.post('/api/employees/import', { csv });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: 2, updated: 2 });
    const after = await counts();
    expect(after.employees).toBe(before.employees + 2);
    expect(after.audit).toBe(before.audit + 4);

    const num = (await acme.as.manager.get(`/api/employees/${byNumber.id}`)).json();
    expect(num.site.name).toBe('Main');
    const mail = (await acme.as.manager.get(`/api/employees/${byEmail.id}`)).json();
    expect(mail.lastName).toBe('Changed');
    const list = (await acme.as.manager.get('/api/employees?q=new')).json().items as Employee[];
    const junior = list.find((e) => e.firstName === 'Junior')!;
    const senior = list.find((e) => e.firstName === 'Senior')!;
    expect(junior).toMatchObject({
      employeeNumber: 'IMP-3',
      site: { name: 'Main' },
      department: { name: 'Ops' },
      position: { name: 'Picker' },
      manager: { id: senior.id, name: 'Senior New' },
      employmentType: 'intern',
      startDate: '2026-09-01',
      contractHoursPerWeek: 20,
      skills: ['lifting', 'packing'],
      pay: { type: 'hourly', amountMinor: 1425, currency: 'USD' },
    });
    expect(senior.pay).toEqual({ type: 'salary', amountMinor: 6_500_000, currency: 'USD' });

    const history = (await acme.as.manager.get(`/api/history/employee/${junior.id}`)).json()
      .items as AuditEntry[];
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: 'create', entityLabel: 'Junior New' });
    expect(history[0]!.changes.managerId).toEqual({ before: null, after: senior.id });
    const updated = (await acme.as.manager.get(`/api/history/employee/${byEmail.id}`)).json()
      .items as AuditEntry[];
    expect(updated[0]!.changes).toEqual({ lastName: { before: 'Ch', after: 'Changed' } });
  });
});

describe('GET /api/employees/export', () => {
  let org: TestOrg;
  const parse = (csv: string) => Papa.parse<string[]>(csv.trim(), { skipEmptyLines: true }).data;

  beforeAll(async () => {
    org = await buildOrg(t, 'Export Co');
    const site = await buildSite(t, org.owner, { code: 'EXP' });
    const dept = await buildDepartment(t, org.owner, { code: 'EXD' });
    const pos = await buildPosition(t, org.owner, { title: 'Checker, Senior' });
    const boss = await buildEmployee(t, org.owner, {
      firstName: 'Boss',
      lastName: 'Lady',
      email: 'boss@export.test',
      employeeNumber: '0007',
      pay: { type: 'salary', amountMinor: 9_000_000 },
    });
    await buildEmployee(t, org.owner, {
      firstName: 'Quote "Q"',
      lastName: "O'Brien, Jr.",
      email: 'q@export.test',
      phone: '+1 555 0100',
      siteId: site.id,
      departmentId: dept.id,
      positionId: pos.id,
      managerId: boss.id,
      employmentType: 'part_time',
      startDate: '2025-12-31',
      contractHoursPerWeek: 37.5,
      skills: ['forklift', 'first aid'],
      pay: { type: 'hourly', amountMinor: 2199 },
    });
    await buildEmployee(t, org.owner, {
      firstName: '=HYPERLINK("http://evil.test")',
      employeeNumber: '-42',
      lastName: '@SUM(A1)',
      phone: '-2+3',
      skills: ['+cmd'],
      pay: { type: 'hourly', amountMinor: 150_000, currency: 'JPY' },
    });
    await buildEmployee(t, org.owner, {
      firstName: '=1+2\nsecond line',
      lastName: 'Multi',
      employeeNumber: 'ML-1',
    });
    await buildEmployee(t, org.owner, {
      firstName: 'No',
      lastName: 'Mail',
      employeeNumber: 'NM-1',
      employmentType: 'contractor',
    });
  });

  it('answers CSV in the import columns, with pay for the owner', async () => {
    const res = await org.as.owner.get('/api/employees/export');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain('employees.csv');
    const [header, ...rows] = parse(res.body);
    expect(header).toContain('pay_amount');
    expect(rows).toHaveLength(5);
    const q = rows.find((r) => r[header!.indexOf('email')] === 'q@export.test')!;
    const col = (name: string) => q[header!.indexOf(name)];
    expect(col('first_name')).toBe('Quote "Q"');
    expect(col('last_name')).toBe("O'Brien, Jr.");
    expect(col('position_title')).toBe('Checker, Senior');
    expect(col('manager_email')).toBe('boss@export.test');
    expect(col('pay_amount')).toBe('21.99');
    expect(col('skills')).toBe('forklift; first aid');
  });

  it('leaves the pay columns out for the coordinator', async () => {
    const res = await org.as.coordinator.get('/api/employees/export');
    expect(res.statusCode).toBe(200);
    const [header] = parse(res.body);
    expect(header!.some((h) => h.startsWith('pay_'))).toBe(false);
    expect(res.body).not.toContain('21.99');
    expect(res.body).not.toContain('90000.00');
  });

  it('escapes cells a spreadsheet would run as formulas', async () => {
    const res = await org.as.owner.get('/api/employees/export');
    const cells = parse(res.body).flat();
    for (const cell of cells) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(cells).toContain('\'=HYPERLINK("http://evil.test")');
    expect(cells).toContain("'@SUM(A1)");
    expect(cells).toContain("'+1 555 0100");
    expect(cells).toContain("'=1+2\nsecond line");
  });

  it('applies the list filters', async () => {
    const res = await org.as.owner.get('/api/employees/export?employmentType=contractor');
    expect(parse(res.body)).toHaveLength(2);
  });

  const snapshot = async (client: Client) =>
    ((await client.get('/api/employees?limit=200')).json().items as Employee[]).map(
      ({ updatedAt, ...rest }) => rest,
    );

  it('round-trips through import: 0 created, every row updated, nothing changed', async () => {
    for (const client of [org.as.owner, org.as.coordinator]) {
      const before = await snapshot(org.as.owner);
      const auditBefore = (await org.as.owner.get('/api/audit?limit=200')).json().items.length;
      const csv = (await client.get('/api/employees/export')).body;
      const preview = await client.post('/api/employees/import/preview', { csv });
      expect(preview.json().invalid, JSON.stringify(preview.json().rows)).toBe(0);
      const res = await client.post('/api/employees/import', { csv });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ created: 0, updated: 5 });
      expect(await snapshot(org.as.owner)).toEqual(before);
      const audit = (await org.as.owner.get('/api/audit?limit=200')).json().items as AuditEntry[];
      expect(audit.length, JSON.stringify(audit.slice(0, audit.length - auditBefore))).toBe(
        auditBefore,
      );
    }
  });
});

describe('import matched by id', () => {
  it('re-imports an exported person who has neither an employee number nor an e-mail onto the same record', async () => {
    const plain = await buildEmployee(t, acme.owner, { firstName: 'Nemo', lastName: 'Nobody' });
    const exported = Papa.parse<Record<string, string>>(
      (await acme.as.owner.get('/api/employees/export?q=nobody')).body,
      {
        header: true,
        skipEmptyLines: true,
      },
    );
    expect(exported.data).toHaveLength(1);
    expect(exported.data[0]!.id).toBe(plain.id);
    const csv = Papa.unparse([{ ...exported.data[0], phone: '+1 555 0199' }]);
    const res = await acme.as.owner.post('/api/employees/import', { csv });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 0, updated: 1 });
    const after = (await acme.as.owner.get(`/api/employees/${plain.id}`)).json() as Employee;
    expect(after.phone).toBe('+1 555 0199');
  });

  it("reports an id that is not one of the organization's employees", async () => {
    const other = await buildOrg(t, 'Elsewhere');
    const stranger = await buildEmployee(t, other.owner, { firstName: 'Out', lastName: 'Sider' });
    const csv = `id,first_name,last_name\n${stranger.id},Out,Sider\nnot-an-id,Any,One\n`;
    const res = await acme.as.owner.post('/api/employees/import/preview', { csv });
    expect(res.statusCode).toBe(200);
    for (const row of res.json().rows) {
      expect(row.errors).toContainEqual({
        field: 'id',
        message: 'is not an employee of this organization',
      });
    }
  });
});
