import { EMPLOYMENT_TYPES, IMPORT_COLUMNS, PAY_TYPES, people } from '@keel/contracts';
import Papa from 'papaparse';
import type { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit.service.js';
import { type Actor, can, canSeeSite } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { KeelError } from '../../platform/errors.js';
import { issuesToFields } from '../../platform/http/validation.js';
import { organizationCurrency } from '../accounts/index.js';
import {
  allEmployees,
  applyEmployeeInput,
  blankEmployee,
  employeeSnapshot,
  type ListEmployeesQuery,
  PAY_FIELDS,
  type UpdateEmployeeInput,
} from './employee.service.js';
import { indexEmployees } from './employee-search.js';
import './people.tables.js';

type Preview = z.infer<typeof people.importPreview>;
type CsvRow = Partial<Record<(typeof IMPORT_COLUMNS)[number], string>>;

/** Minor units per major unit of a currency (2 for USD, 0 for JPY). */
function minorDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

/**
 * Cells that a spreadsheet would run as formulas are exported with a leading apostrophe (see
 * `exportEmployees`); reading them back drops it, so an export imports unchanged.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const unescapeFormula = (cell: string | undefined) =>
  cell?.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;

function parseCsv(text: string) {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) =>
      h
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, '_'),
  });
  const headers = parsed.meta.fields ?? [];
  const known = new Set<string>(IMPORT_COLUMNS);
  const missing = (['first_name', 'last_name'] as const).filter((c) => !headers.includes(c));
  if (missing.length) {
    throw new KeelError(
      'invalid',
      'CSV_MISSING_COLUMNS',
      `csv: the header row must include ${missing.join(', ')}`,
      {
        fields: [{ field: 'csv', message: `the header row must include ${missing.join(', ')}` }],
      },
    );
  }
  if (parsed.data.length > 10_000) {
    throw new KeelError('invalid', 'CSV_TOO_MANY_ROWS', 'csv: at most 10,000 rows per import', {
      fields: [{ field: 'csv', message: 'has more than 10,000 rows' }],
    });
  }
  return { rows: parsed.data as CsvRow[], unknownColumns: headers.filter((h) => !known.has(h)) };
}

interface Planned {
  row: number;
  action: 'create' | 'update';
  name: string;
  errors: { field: string; message: string }[];
  existingId: string | null;
  input: UpdateEmployeeInput;
  managerEmail: string | null;
}

/** Reads and checks every row against the organization without writing anything. */
async function plan(deps: Deps, actor: Actor, csv: string) {
  const { db } = deps;
  const { rows, unknownColumns } = parseCsv(csv);
  const [sites, departments, positions, existing, currency] = await Promise.all([
    db
      .selectFrom('sites')
      .select(['id', 'code', 'archived_at'])
      .where('org_id', '=', actor.orgId)
      .execute(),
    db
      .selectFrom('departments')
      .select(['id', 'code', 'archived_at'])
      .where('org_id', '=', actor.orgId)
      .execute(),
    db
      .selectFrom('positions')
      .select(['id', 'title_key', 'archived_at'])
      .where('org_id', '=', actor.orgId)
      .execute(),
    db
      .selectFrom('employees')
      .select(['id', 'employee_number', 'email', 'site_id'])
      .where('org_id', '=', actor.orgId)
      .execute(),
    organizationCurrency(db, actor.orgId),
  ]);
  const siteByCode = new Map(
    sites.filter((s) => canSeeSite(actor, s.id)).map((s) => [s.code.toUpperCase(), s]),
  );
  const deptByCode = new Map(departments.map((d) => [d.code.toUpperCase(), d]));
  const posByTitle = new Map(positions.map((p) => [p.title_key, p]));
  const byNumber = new Map(
    existing.filter((e) => e.employee_number).map((e) => [e.employee_number!.toLowerCase(), e]),
  );
  const byEmail = new Map(existing.filter((e) => e.email).map((e) => [e.email!, e]));
  const byId = new Map(existing.map((e) => [e.id, e]));
  const fileIds = new Map<string, number>();
  const fileEmails = new Map<string, number>();
  const fileNumbers = new Map<string, number>();
  const canPay = can(actor, 'people.pay.manage');

  const planned: Planned[] = rows.map((raw, i) => {
    const line = i + 2;
    const errors: { field: string; message: string }[] = [];
    const v = (k: keyof CsvRow) => {
      const s = unescapeFormula(raw[k]?.trim());
      return s ? s : undefined;
    };
    const candidate: Record<string, unknown> = {
      employeeNumber: v('employee_number') ?? null,
      firstName: v('first_name') ?? '',
      lastName: v('last_name') ?? '',
      email: v('email') ?? null,
      phone: v('phone') ?? null,
      employmentType:
        v('employment_type')
          ?.toLowerCase()
          .replace(/[\s-]+/g, '_') ?? 'full_time',
      startDate: v('start_date') ?? null,
      skills: v('skills')
        ? v('skills')!
            .split(/[;|]/)
            .map((s) => s.trim())
            .filter(Boolean)
        : [],
    };
    const hours = v('contract_hours_per_week');
    if (hours !== undefined) {
      candidate.contractHoursPerWeek = Number(hours);
      if (Number.isNaN(Number(hours)))
        errors.push({ field: 'contract_hours_per_week', message: 'must be a number' });
    }
    const siteCode = v('site_code');
    if (siteCode) {
      const s = siteByCode.get(siteCode.toUpperCase());
      if (!s) errors.push({ field: 'site_code', message: `no site with code ${siteCode}` });
      else if (s.archived_at)
        errors.push({ field: 'site_code', message: `site ${siteCode} is archived` });
      else candidate.siteId = s.id;
    }
    const deptCode = v('department_code');
    if (deptCode) {
      const d = deptByCode.get(deptCode.toUpperCase());
      if (!d)
        errors.push({ field: 'department_code', message: `no department with code ${deptCode}` });
      else if (d.archived_at)
        errors.push({ field: 'department_code', message: `department ${deptCode} is archived` });
      else candidate.departmentId = d.id;
    }
    const title = v('position_title');
    if (title) {
      const p = posByTitle.get(title.toLowerCase());
      if (!p) errors.push({ field: 'position_title', message: `no position titled ${title}` });
      else if (p.archived_at)
        errors.push({ field: 'position_title', message: `position ${title} is archived` });
      else candidate.positionId = p.id;
    }
    const payType = v('pay_type')?.toLowerCase();
    const payAmount = v('pay_amount');
    if (payType || payAmount) {
      if (!canPay) {
        errors.push({
          field: 'pay_type',
          message: 'setting pay needs the permission people.pay.manage',
        });
      } else if (!payType || !(PAY_TYPES as readonly string[]).includes(payType)) {
        errors.push({ field: 'pay_type', message: `must be one of ${PAY_TYPES.join(', ')}` });
      } else if (!payAmount || !/^\d+(\.\d+)?$/.test(payAmount)) {
        errors.push({ field: 'pay_amount', message: 'must be an amount such as 21.50' });
      } else {
        const cur = v('pay_currency')?.toUpperCase() ?? currency;
        const digits = minorDigits(cur);
        const [whole, frac = ''] = payAmount.split('.');
        if (frac.length > digits) {
          errors.push({ field: 'pay_amount', message: `has more than ${digits} decimals` });
        } else {
          candidate.pay = {
            type: payType,
            amountMinor: Number(whole) * 10 ** digits + Number(frac.padEnd(digits, '0') || '0'),
            currency: cur,
          };
        }
      }
    }
    const parsed = people.createEmployeeBody.safeParse(candidate);
    const columnOf: Record<string, string> = {
      employeeNumber: 'employee_number',
      firstName: 'first_name',
      lastName: 'last_name',
      email: 'email',
      phone: 'phone',
      employmentType: 'employment_type',
      startDate: 'start_date',
      contractHoursPerWeek: 'contract_hours_per_week',
      skills: 'skills',
      pay: 'pay_amount',
    };
    if (!parsed.success) {
      for (const f of issuesToFields(parsed.error.issues)) {
        const top = f.field.split(/[.[]/)[0]!;
        if (top === 'employmentType') {
          errors.push({
            field: 'employment_type',
            message: `must be one of ${EMPLOYMENT_TYPES.join(', ')}`,
          });
        } else if (
          !(
            top === 'contractHoursPerWeek' &&
            errors.some((e) => e.field === 'contract_hours_per_week')
          )
        ) {
          errors.push({ field: columnOf[top] ?? f.field, message: f.message });
        }
      }
    }
    const input = (parsed.success ? parsed.data : {}) as UpdateEmployeeInput;
    const email = (parsed.success ? parsed.data.email : null) ?? null;
    const number = parsed.success ? (parsed.data.employeeNumber ?? null) : null;
    if (email) {
      const first = fileEmails.get(email);
      if (first) errors.push({ field: 'email', message: `also on line ${first}` });
      else fileEmails.set(email, line);
    }
    if (number) {
      const first = fileNumbers.get(number.toLowerCase());
      if (first) errors.push({ field: 'employee_number', message: `also on line ${first}` });
      else fileNumbers.set(number.toLowerCase(), line);
    }
    // An exported file carries ids, so it re-imports onto the same people even when they have
    // neither an employee number nor an e-mail; other files match by number, then e-mail.
    const rowId = v('id');
    const byIdMatch = rowId ? byId.get(rowId) : undefined;
    if (rowId) {
      const first = fileIds.get(rowId);
      if (!byIdMatch || !canSeeSite(actor, byIdMatch.site_id)) {
        errors.push({ field: 'id', message: 'is not an employee of this organization' });
      } else if (first) {
        errors.push({ field: 'id', message: `also on line ${first}` });
      } else {
        fileIds.set(rowId, line);
      }
    }
    const match =
      byIdMatch ??
      ((number && byNumber.get(number.toLowerCase())) || (email && byEmail.get(email)) || null);
    if (
      match &&
      number &&
      byNumber.get(number.toLowerCase())?.id !== undefined &&
      byNumber.get(number.toLowerCase())!.id !== match.id
    ) {
      errors.push({ field: 'employee_number', message: 'is already used by another employee' });
    }
    if (match && !byIdMatch && !canSeeSite(actor, match.site_id)) {
      errors.push({
        field: 'employee_number',
        message: 'matches an employee outside your site access',
      });
    }
    if (match && email && byEmail.get(email) && byEmail.get(email)!.id !== match.id) {
      errors.push({ field: 'email', message: 'is already used by another employee' });
    }
    return {
      row: line,
      action: match ? 'update' : 'create',
      name: `${candidate.firstName as string} ${candidate.lastName as string}`.trim(),
      errors,
      existingId: match?.id ?? null,
      input,
      managerEmail: v('manager_email')?.toLowerCase() ?? null,
    } satisfies Planned;
  });

  // A manager may be an existing employee or someone earlier or later in the same file.
  for (const p of planned) {
    if (!p.managerEmail) continue;
    const inFile = planned.find((q) => q.input.email === p.managerEmail);
    if (inFile === p)
      p.errors.push({ field: 'manager_email', message: 'is the employee themselves' });
    else if (!inFile && !byEmail.has(p.managerEmail))
      p.errors.push({
        field: 'manager_email',
        message: `no employee with e-mail ${p.managerEmail}`,
      });
  }
  const preview: Preview = {
    rows: planned.map(({ row, action, name, errors }) => ({ row, action, name, errors })),
    valid: planned.filter((p) => p.errors.length === 0).length,
    invalid: planned.filter((p) => p.errors.length > 0).length,
    unknownColumns,
  };
  return { planned, preview, byEmail, currency };
}

export async function previewImport(deps: Deps, actor: Actor, csv: string): Promise<Preview> {
  return (await plan(deps, actor, csv)).preview;
}

/**
 * Imports every row or none: any row with an error answers 422 with the preview. Rows matched by
 * employee number or e-mail are updated; the rest are created. Managers are linked after all rows
 * exist, and a reporting loop anywhere rolls the whole import back.
 */
export async function importEmployees(deps: Deps, actor: Actor, csv: string) {
  const { planned, preview, byEmail, currency } = await plan(deps, actor, csv);
  if (preview.invalid > 0) {
    throw new KeelError(
      'unprocessable',
      'IMPORT_HAS_ERRORS',
      `${preview.invalid} row(s) have errors; nothing was imported.`,
      {
        extra: { preview },
      },
    );
  }
  const at = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const idByEmail = new Map<string, string>([...byEmail].map(([k, v]) => [k, v.id]));
    // Audit entries are written once managers are linked, so each row's entry shows its final state.
    const written: { id: string; plan: Planned; before: DB['employees'] | null }[] = [];
    let created = 0;
    let updated = 0;
    for (const p of planned) {
      if (p.existingId) {
        const before = await trx
          .selectFrom('employees')
          .selectAll()
          .where('id', '=', p.existingId)
          .executeTakeFirstOrThrow();
        const after = {
          ...applyEmployeeInput(before, p.input, currency),
          updated_at: at,
          updated_by: actor.userId,
        };
        await trx.updateTable('employees').set(after).where('id', '=', before.id).execute();
        written.push({ id: before.id, plan: p, before });
        updated++;
      } else {
        const row = applyEmployeeInput(blankEmployee(actor, at), p.input, currency);
        await trx.insertInto('employees').values(row).execute();
        written.push({ id: row.id, plan: p, before: null });
        created++;
      }
      if (p.input.email) idByEmail.set(p.input.email, written[written.length - 1]!.id);
    }
    for (const w of written) {
      if (!w.plan.managerEmail) continue;
      const managerId = idByEmail.get(w.plan.managerEmail)!;
      await trx
        .updateTable('employees')
        .set({ manager_id: managerId })
        .where('id', '=', w.id)
        .execute();
    }
    // Reject reporting loops the import would create.
    const links = await trx
      .selectFrom('employees')
      .select(['id', 'manager_id'])
      .where('org_id', '=', actor.orgId)
      .execute();
    const managerOf = new Map(links.map((l) => [l.id, l.manager_id]));
    for (const w of written) {
      const seen = new Set<string>();
      let cur: string | null | undefined = w.id;
      while (cur) {
        if (seen.has(cur)) {
          throw new KeelError(
            'unprocessable',
            'IMPORT_MANAGER_CYCLE',
            `Line ${w.plan.row}: manager_email creates a reporting loop; nothing was imported.`,
            {
              fields: [
                { field: `rows[${w.plan.row}].manager_email`, message: 'creates a reporting loop' },
              ],
            },
          );
        }
        seen.add(cur);
        cur = managerOf.get(cur);
      }
    }
    for (let i = 0; i < written.length; i += 500) {
      const chunk = written.slice(i, i + 500);
      const rows = await trx
        .selectFrom('employees')
        .selectAll()
        .where(
          'id',
          'in',
          chunk.map((w) => w.id),
        )
        .execute();
      const final = new Map(rows.map((r) => [r.id, r]));
      for (const w of chunk) {
        await recordAudit(trx, {
          actor,
          orgId: actor.orgId,
          action: w.before ? 'update' : 'create',
          entityType: 'employee',
          entityId: w.id,
          entityLabel: w.plan.name,
          before: w.before ? employeeSnapshot(w.before) : null,
          after: employeeSnapshot(final.get(w.id)!),
          restricted: PAY_FIELDS,
          at,
        });
      }
    }
    await indexEmployees(
      trx,
      deps,
      actor.orgId,
      written.map((w) => w.id),
    );
    return { created, updated };
  });
}

/** CSV in the import's own columns, so an export can be edited and imported back. */
export async function exportEmployees(
  deps: Deps,
  actor: Actor,
  f: Omit<ListEmployeesQuery, 'cursor' | 'limit'>,
) {
  const rows = await allEmployees(deps, actor, f);
  const withPay = can(actor, 'people.pay.read');
  const [sites, departments, managers] = await Promise.all([
    deps.db.selectFrom('sites').select(['id', 'code']).where('org_id', '=', actor.orgId).execute(),
    deps.db
      .selectFrom('departments')
      .select(['id', 'code'])
      .where('org_id', '=', actor.orgId)
      .execute(),
    deps.db
      .selectFrom('employees')
      .select(['id', 'email'])
      .where('org_id', '=', actor.orgId)
      .execute(),
  ]);
  const siteCode = new Map(sites.map((s) => [s.id, s.code]));
  const deptCode = new Map(departments.map((d) => [d.id, d.code]));
  const emailOf = new Map(managers.map((m) => [m.id, m.email]));
  const columns = IMPORT_COLUMNS.filter((c) => withPay || !c.startsWith('pay_'));
  const data = rows.map((r) => {
    const digits = r.pay_currency ? minorDigits(r.pay_currency) : 2;
    const record: Record<string, string> = {
      id: r.id,
      employee_number: r.employee_number ?? '',
      first_name: r.first_name,
      last_name: r.last_name,
      email: r.email ?? '',
      phone: r.phone ?? '',
      site_code: (r.site_id && siteCode.get(r.site_id)) || '',
      department_code: (r.department_id && deptCode.get(r.department_id)) || '',
      position_title: r.position_title ?? '',
      manager_email: (r.manager_id && emailOf.get(r.manager_id)) || '',
      employment_type: r.employment_type,
      start_date: r.start_date ?? '',
      contract_hours_per_week:
        r.contract_hours_per_week === null ? '' : String(r.contract_hours_per_week),
      skills: (JSON.parse(r.skills) as string[]).join('; '),
      pay_type: r.pay_type ?? '',
      pay_amount:
        r.pay_amount_minor === null
          ? ''
          : (Number(r.pay_amount_minor) / 10 ** digits).toFixed(digits),
      pay_currency: r.pay_currency ?? '',
    };
    return columns.map((c) => record[c] ?? '');
  });
  // Cells starting with = + - @ are prefixed so spreadsheets do not run them as formulas.
  // Papa's own pattern (`^[=+\-@\t\r].*$`) misses multi-line cells, so test the first character only.
  return Papa.unparse({ fields: [...columns], data }, { escapeFormulae: FORMULA_START });
}
