import { z } from 'zod';
import {
  cursor,
  email,
  endpoint,
  id,
  idParams,
  isoDate,
  limit,
  optionalText,
  page,
  recordMeta,
  sortOrder,
  text,
  timestamp,
} from './shared.js';

export const EMPLOYMENT_TYPES = [
  'full_time',
  'part_time',
  'temporary',
  'contractor',
  'intern',
] as const;
export const PAY_TYPES = ['hourly', 'salary'] as const;
export const EMPLOYEE_STATUSES = ['active', 'archived'] as const;

const ref = z.object({ id, name: z.string() }).nullable();

export const pay = z
  .object({
    type: z.enum(PAY_TYPES),
    amountMinor: z
      .number()
      .int()
      .describe('Hourly rate or yearly salary in minor units of the currency (cents)'),
    currency: z.string(),
  })
  .nullable();

export const employee = z.object({
  ...recordMeta,
  employeeNumber: z.string().nullable(),
  firstName: z.string(),
  lastName: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  site: ref,
  department: ref,
  position: ref,
  manager: ref.describe('Reports to'),
  employmentType: z.enum(EMPLOYMENT_TYPES),
  startDate: z.string().nullable(),
  contractHoursPerWeek: z.number().nullable(),
  skills: z.array(z.string()),
  pay: pay
    .optional()
    .describe('Present only for callers holding people.pay.read; null when not set'),
  status: z.enum(EMPLOYEE_STATUSES),
  archivedAt: timestamp.nullable(),
  userId: id.nullable().describe('The user account linked to this employee, if any'),
});
export type Employee = z.infer<typeof employee>;

const skills = z
  .array(text(60))
  .max(50, 'at most 50 skills')
  .transform((list) => [...new Set(list)]);

const payInput = z
  .strictObject({
    type: z.enum(PAY_TYPES),
    amountMinor: z
      .number()
      .int('must be a whole number of minor units')
      .min(0, 'must not be negative')
      .max(100_000_000_00, 'is too large'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be a 3-letter currency code')
      .optional(),
  })
  .nullable();

export const createEmployeeBody = z.strictObject({
  employeeNumber: optionalText(40),
  firstName: text(80),
  lastName: text(80),
  email: email.nullable().optional(),
  phone: optionalText(40),
  siteId: id.nullable().optional(),
  departmentId: id.nullable().optional(),
  positionId: id.nullable().optional(),
  managerId: id.nullable().optional(),
  employmentType: z.enum(EMPLOYMENT_TYPES).default('full_time'),
  startDate: isoDate.nullable().optional(),
  contractHoursPerWeek: z.number().min(0).max(168).nullable().optional(),
  skills: skills.optional(),
  pay: payInput.optional().describe('Needs people.pay.manage'),
});
export type CreateEmployeeBody = z.input<typeof createEmployeeBody>;

export const updateEmployeeBody = createEmployeeBody
  .omit({ employmentType: true })
  .extend({ employmentType: z.enum(EMPLOYMENT_TYPES).optional() })
  .partial();

export const EMPLOYEE_SORTS = ['name', 'startDate', 'createdAt', 'employeeNumber'] as const;

export const listEmployeesQuery = z.strictObject({
  q: z.string().trim().max(100).optional().describe('Matches name, e-mail, number or skill'),
  siteId: id.optional(),
  departmentId: id.optional(),
  positionId: id.optional(),
  managerId: id.optional(),
  employmentType: z.enum(EMPLOYMENT_TYPES).optional(),
  status: z.enum([...EMPLOYEE_STATUSES, 'all']).default('active'),
  sort: z.enum(EMPLOYEE_SORTS).default('name'),
  order: sortOrder,
  cursor,
  limit,
});

export const listEmployees = endpoint({
  operationId: 'listEmployees',
  method: 'GET',
  path: '/api/employees',
  summary: 'Employees, filtered, sorted and paginated',
  description: 'Pay is included only for callers holding people.pay.read.',
  tag: 'people',
  access: 'people.read',
  query: listEmployeesQuery,
  response: page(employee).extend({ total: z.number().int() }),
});

export const getEmployee = endpoint({
  operationId: 'getEmployee',
  method: 'GET',
  path: '/api/employees/:id',
  summary: 'One employee',
  tag: 'people',
  access: 'people.read',
  params: idParams,
  response: employee,
});

export const createEmployee = endpoint({
  operationId: 'createEmployee',
  method: 'POST',
  path: '/api/employees',
  summary: 'Create an employee',
  description: 'Setting pay needs people.pay.manage as well.',
  tag: 'people',
  access: 'people.manage',
  body: createEmployeeBody,
  response: employee,
  status: 201,
});

export const updateEmployee = endpoint({
  operationId: 'updateEmployee',
  method: 'PATCH',
  path: '/api/employees/:id',
  summary: 'Change an employee',
  description: 'Changing pay needs people.pay.manage as well.',
  tag: 'people',
  access: 'people.manage',
  params: idParams,
  body: updateEmployeeBody,
  response: employee,
});

export const archiveEmployee = endpoint({
  operationId: 'archiveEmployee',
  method: 'POST',
  path: '/api/employees/:id/archive',
  summary: 'Archive an employee (leaver); history keeps them',
  tag: 'people',
  access: 'people.manage',
  params: idParams,
  response: employee,
});

export const restoreEmployee = endpoint({
  operationId: 'restoreEmployee',
  method: 'POST',
  path: '/api/employees/:id/restore',
  summary: 'Restore an archived employee',
  tag: 'people',
  access: 'people.manage',
  params: idParams,
  response: employee,
});

export const orgChartNode = z.object({
  id,
  name: z.string(),
  positionTitle: z.string().nullable(),
  departmentName: z.string().nullable(),
  siteName: z.string().nullable(),
  managerId: id.nullable(),
  directReports: z.number().int(),
});

export const getOrgChart = endpoint({
  operationId: 'getOrgChart',
  method: 'GET',
  path: '/api/employees/org-chart',
  summary: 'Active employees with their reporting lines, for the org chart',
  description: 'A person whose manager is outside your site access appears as a root of the chart.',
  tag: 'people',
  access: 'people.read',
  query: z.strictObject({ siteId: id.optional(), departmentId: id.optional() }),
  response: z.object({ nodes: z.array(orgChartNode) }),
});

export const getMyEmployee = endpoint({
  operationId: 'getMyEmployee',
  method: 'GET',
  path: '/api/me/employee',
  summary: 'Your own employee profile',
  description: 'null when your account is not linked to an employee record.',
  tag: 'me',
  access: 'authenticated',
  response: z.object({ employee: employee.nullable() }),
});

export const updateMyEmployee = endpoint({
  operationId: 'updateMyEmployee',
  method: 'PATCH',
  path: '/api/me/employee',
  summary: 'Change the contact details of your own employee profile',
  description:
    'Everyone may keep their own phone number current; everything else on the record is changed by people with people.manage. 404 when your account is not linked to an employee.',
  tag: 'me',
  access: 'authenticated',
  body: z.strictObject({ phone: optionalText(40) }),
  response: z.object({ employee }),
});

export const exportEmployees = endpoint({
  operationId: 'exportEmployees',
  method: 'GET',
  path: '/api/employees/export',
  summary: 'Download employees as CSV',
  description: 'Same filters as the list; pay columns only for people.pay.read.',
  tag: 'people',
  access: 'people.read',
  query: listEmployeesQuery.omit({ cursor: true, limit: true }),
  response: z.string(),
  produces: 'text/csv',
});

export const IMPORT_COLUMNS = [
  'id',
  'employee_number',
  'first_name',
  'last_name',
  'email',
  'phone',
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
  'pay_currency',
] as const;

export const importBody = z.strictObject({
  csv: z
    .string()
    .min(1, 'must not be empty')
    .max(5_000_000, 'is larger than 5 MB')
    .describe(`CSV text with a header row; columns: ${IMPORT_COLUMNS.join(', ')}`),
});

export const importRow = z.object({
  row: z.number().int().describe('Line number in the file (header is line 1)'),
  action: z.enum(['create', 'update']),
  name: z.string(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })),
});

export const importPreview = z.object({
  rows: z.array(importRow),
  valid: z.number().int(),
  invalid: z.number().int(),
  unknownColumns: z.array(z.string()),
});

export const previewEmployeeImport = endpoint({
  operationId: 'previewEmployeeImport',
  method: 'POST',
  path: '/api/employees/import/preview',
  summary: 'Check a CSV of employees without writing anything',
  description:
    'Rows are matched to existing employees by employee_number, then e-mail; matches are updated.',
  tag: 'people',
  access: 'people.manage',
  body: importBody,
  response: importPreview,
});

export const importEmployees = endpoint({
  operationId: 'importEmployees',
  method: 'POST',
  path: '/api/employees/import',
  summary: 'Import a CSV of employees (all rows or none)',
  description: 'Answers 422 with the preview when any row has an error; nothing is written then.',
  tag: 'people',
  access: 'people.manage',
  body: importBody,
  response: z.object({ created: z.number().int(), updated: z.number().int() }),
});
