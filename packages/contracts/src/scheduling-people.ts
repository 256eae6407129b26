import { z } from 'zod';
import { EMPLOYMENT_TYPES } from './people.js';
import {
  endpoint,
  id,
  idParams,
  isoDate,
  ok,
  optionalText,
  recordMeta,
  text,
  timestamp,
} from './shared.js';

/**
 * Workforce scheduling, constraints: everything the rule engine needs to know about people —
 * work rules (rule sets per contract type, an organization default, per-employee overrides),
 * qualifications with expiry, availability (weekly windows and dated exceptions), time off
 * (types, requests with approval, balances) and shift preferences.
 *
 * Who may do what: staff (`scheduling.self`) manage their OWN availability, preferences and
 * time-off requests (omit `employeeId`); coordinators (`scheduling.manage`) manage anyone's in
 * their sites and the work rules and time-off types; approvers (`scheduling.approve`) decide
 * time-off requests through the approvals endpoints (`/api/approvals/:id/decision`).
 *
 * Times are local 'HH:MM' in the employee's site zone; an end at or before the start crosses
 * midnight. Weekdays are ISO: 1 = Monday … 7 = Sunday. Durations are minutes.
 */

export const AVAILABILITY_KINDS = ['unavailable', 'prefer'] as const;
/** `available` on an exception clears that date's weekly windows (available after all). */
export const AVAILABILITY_EXCEPTION_KINDS = ['unavailable', 'prefer', 'available'] as const;
export const TIME_OFF_STATUSES = ['pending', 'approved', 'rejected', 'cancelled'] as const;
export const PREFERENCE_KINDS = ['want', 'avoid'] as const;

const localTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time as HH:MM (00:00–23:59)')
  .describe("Local time 'HH:MM'");
const weekday = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be 1 (Monday) to 7 (Sunday)')
  .max(7, 'must be 1 (Monday) to 7 (Sunday)')
  .describe('ISO weekday: 1 = Monday … 7 = Sunday');
const color = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour as #RRGGBB')
  .describe('#RRGGBB');
const ref = z.object({ id, name: z.string() });
const employeeQuery = z.strictObject({
  employeeId: id.optional().describe('Default: the caller’s own employee record'),
});

// ── Work rules ──────────────────────────────────────────────────────────────

const minutes = (max: number) =>
  z
    .number()
    .int('must be a whole number of minutes')
    .min(0, 'must not be negative')
    .max(max, `must be at most ${max}`);
const countOf = (max: number) =>
  z
    .number()
    .int('must be a whole number')
    .min(0, 'must not be negative')
    .max(max, `must be at most ${max}`);

const workRuleFields = {
  maxMinutesPerWeek: minutes(168 * 60)
    .nullable()
    .describe('Paid minutes a week; null = no limit'),
  minShiftsPerPeriod: countOf(100).nullable(),
  maxShiftsPerPeriod: countOf(100).nullable(),
  maxConsecutiveDays: countOf(31).min(1, 'must be at least 1').nullable(),
  minConsecutiveDaysOff: countOf(14).nullable(),
  minRestMinutes: minutes(72 * 60).nullable(),
  maxWeekendsPerPeriod: countOf(53).nullable(),
  maxShiftsOfType: z
    .array(z.strictObject({ shiftTypeId: id, max: countOf(100) }))
    .max(20, 'at most 20 limits'),
  overtimeAfterMinutesPerWeek: minutes(168 * 60).nullable(),
  overtimeAfterMinutesPerDay: minutes(24 * 60).nullable(),
  overtimeMultiplier: z
    .number()
    .min(1, 'must be at least 1')
    .max(5, 'must be at most 5')
    .describe('Pay multiplier for overtime minutes (1.5 = time and a half)'),
  allowSplitShifts: z.boolean(),
};

type RuleIssue = { path: string; message: string };
/** Cross-field checks shared by full and partial rules. */
function ruleIssues(v: Partial<Record<keyof typeof workRuleFields, unknown>>): RuleIssue[] {
  const out: RuleIssue[] = [];
  const num = (x: unknown) => (typeof x === 'number' ? x : null);
  const minS = num(v.minShiftsPerPeriod);
  const maxS = num(v.maxShiftsPerPeriod);
  if (minS !== null && maxS !== null && minS > maxS)
    out.push({ path: 'minShiftsPerPeriod', message: 'must not be more than maxShiftsPerPeriod' });
  if (Array.isArray(v.maxShiftsOfType)) {
    const seen = new Set<string>();
    v.maxShiftsOfType.forEach((m: { shiftTypeId?: string }, i: number) => {
      if (m?.shiftTypeId && seen.has(m.shiftTypeId))
        out.push({ path: `maxShiftsOfType.${i}.shiftTypeId`, message: 'is listed twice' });
      if (m?.shiftTypeId) seen.add(m.shiftTypeId);
    });
  }
  return out;
}

export const workRulesInput = z.strictObject(workRuleFields).superRefine((v, ctx) => {
  for (const i of ruleIssues(v))
    ctx.addIssue({ code: 'custom', path: i.path.split('.'), message: i.message });
});
export const workRulesPatch = z
  .strictObject(workRuleFields)
  .partial()
  .superRefine((v, ctx) => {
    for (const i of ruleIssues(v))
      ctx.addIssue({ code: 'custom', path: i.path.split('.'), message: i.message });
  });

export const workRulesValue = z.object({
  maxMinutesPerWeek: z.number().nullable(),
  minShiftsPerPeriod: z.number().nullable(),
  maxShiftsPerPeriod: z.number().nullable(),
  maxConsecutiveDays: z.number().nullable(),
  minConsecutiveDaysOff: z.number().nullable(),
  minRestMinutes: z.number().nullable(),
  maxWeekendsPerPeriod: z.number().nullable(),
  maxShiftsOfType: z.array(z.object({ shiftTypeId: z.string(), max: z.number() })),
  overtimeAfterMinutesPerWeek: z.number().nullable(),
  overtimeAfterMinutesPerDay: z.number().nullable(),
  overtimeMultiplier: z.number(),
  allowSplitShifts: z.boolean(),
});
export type WorkRulesValue = z.infer<typeof workRulesValue>;

export const workRuleSet = z.object({
  ...recordMeta,
  name: z.string(),
  employmentType: z.enum(EMPLOYMENT_TYPES).nullable(),
  isDefault: z.boolean(),
  rules: workRulesValue,
});
export type WorkRuleSet = z.infer<typeof workRuleSet>;

export const workRulesOverview = z.object({
  builtin: workRulesValue.describe('Used for every field no rule set or override gives'),
  sets: z.array(workRuleSet),
});

export const getWorkRules = endpoint({
  operationId: 'getWorkRules',
  method: 'GET',
  path: '/api/scheduling/work-rules',
  summary: 'Rule sets per contract type, the organization default and the built-in defaults',
  tag: 'scheduling',
  access: 'scheduling.manage',
  response: workRulesOverview,
});

export const createWorkRuleSetBody = z.strictObject({
  name: text(120),
  employmentType: z.enum(EMPLOYMENT_TYPES).nullable().optional(),
  isDefault: z.boolean().default(false),
  rules: workRulesInput,
});
export type CreateWorkRuleSetBody = z.input<typeof createWorkRuleSetBody>;

export const createWorkRuleSet = endpoint({
  operationId: 'createWorkRuleSet',
  method: 'POST',
  path: '/api/scheduling/work-rule-sets',
  summary: 'Create a rule set (for a contract type, or the organization default)',
  description:
    'One set per contract type (409 WORK_RULE_SET_TYPE_TAKEN); setting isDefault moves the default from the previous set.',
  tag: 'scheduling',
  access: 'scheduling.manage',
  body: createWorkRuleSetBody,
  response: workRuleSet,
  status: 201,
});

export const updateWorkRuleSetBody = z.strictObject({
  name: text(120).optional(),
  employmentType: z.enum(EMPLOYMENT_TYPES).nullable().optional(),
  isDefault: z.boolean().optional(),
  rules: workRulesInput.optional(),
});

export const updateWorkRuleSet = endpoint({
  operationId: 'updateWorkRuleSet',
  method: 'PATCH',
  path: '/api/scheduling/work-rule-sets/:id',
  summary: 'Change a rule set',
  tag: 'scheduling',
  access: 'scheduling.manage',
  params: idParams,
  body: updateWorkRuleSetBody,
  response: workRuleSet,
});

export const deleteWorkRuleSet = endpoint({
  operationId: 'deleteWorkRuleSet',
  method: 'DELETE',
  path: '/api/scheduling/work-rule-sets/:id',
  summary: 'Delete a rule set (its people fall back to the default)',
  tag: 'scheduling',
  access: 'scheduling.manage',
  params: idParams,
  response: ok,
});

export const employeeWorkRules = z.object({
  employee: ref,
  employmentType: z.enum(EMPLOYMENT_TYPES),
  site: ref.nullable(),
  /** fields this person has of their own */
  override: workRulesValue.partial().nullable(),
  note: z.string().nullable(),
  /** what applies, field by field */
  effective: workRulesValue,
  /** where each effective field comes from */
  sources: z.record(z.string(), z.enum(['employee', 'employment_type', 'default', 'builtin'])),
  updatedAt: timestamp.nullable(),
});
export type EmployeeWorkRules = z.infer<typeof employeeWorkRules>;

export const listEmployeeWorkRules = endpoint({
  operationId: 'listEmployeeWorkRules',
  method: 'GET',
  path: '/api/scheduling/employee-work-rules',
  summary: 'People of the caller’s sites with the rules that apply to them',
  tag: 'scheduling',
  access: 'scheduling.manage',
  query: z.strictObject({
    q: z.string().trim().max(100).optional().describe('Name search'),
    overridden: z.enum(['true', 'false']).optional().describe('Only people with an override'),
    limit: z.coerce.number().int().min(1).max(200).default(100),
  }),
  response: z.object({ items: z.array(employeeWorkRules) }),
});

export const getEmployeeWorkRules = endpoint({
  operationId: 'getEmployeeWorkRules',
  method: 'GET',
  path: '/api/scheduling/employees/:id/work-rules',
  summary: 'The rules that apply to one person, and their own override',
  tag: 'scheduling',
  access: 'scheduling.manage',
  params: idParams,
  response: employeeWorkRules,
});

export const setEmployeeWorkRulesBody = z.strictObject({
  rules: workRulesPatch.describe('Only the fields that differ for this person'),
  note: optionalText(500),
});

export const setEmployeeWorkRules = endpoint({
  operationId: 'setEmployeeWorkRules',
  method: 'PUT',
  path: '/api/scheduling/employees/:id/work-rules',
  summary: 'Set a person’s own rules (replaces their override)',
  tag: 'scheduling',
  access: 'scheduling.manage',
  params: idParams,
  body: setEmployeeWorkRulesBody,
  response: employeeWorkRules,
});

export const clearEmployeeWorkRules = endpoint({
  operationId: 'clearEmployeeWorkRules',
  method: 'DELETE',
  path: '/api/scheduling/employees/:id/work-rules',
  summary: 'Remove a person’s override (their rule set applies again)',
  tag: 'scheduling',
  access: 'scheduling.manage',
  params: idParams,
  response: employeeWorkRules,
});

// ── Qualifications (people module; dated certifications besides plain skills) ──

export const qualification = z.object({
  ...recordMeta,
  employeeId: id,
  name: z.string(),
  issuedOn: z.string().nullable(),
  expiresOn: z.string().nullable().describe('Last date it is valid on; null = does not expire'),
  note: z.string().nullable(),
  status: z.enum(['valid', 'expiring', 'expired']).describe('expiring = within 30 days'),
});
export type Qualification = z.infer<typeof qualification>;

const qualificationFields = {
  name: text(60),
  issuedOn: isoDate.nullable().optional(),
  expiresOn: isoDate.nullable().optional(),
  note: optionalText(500),
};
const datesInOrder = (
  v: { issuedOn?: string | null | undefined; expiresOn?: string | null | undefined },
  ctx: z.RefinementCtx,
) => {
  if (v.issuedOn && v.expiresOn && v.expiresOn < v.issuedOn)
    ctx.addIssue({ code: 'custom', path: ['expiresOn'], message: 'must not be before issuedOn' });
};
export const createQualificationBody = z
  .strictObject(qualificationFields)
  .superRefine(datesInOrder);
export const updateQualificationBody = z
  .strictObject(qualificationFields)
  .partial()
  .superRefine(datesInOrder);

export const listQualifications = endpoint({
  operationId: 'listQualifications',
  method: 'GET',
  path: '/api/employees/:id/qualifications',
  summary: 'Certifications of an employee (with expiry) and their plain skills',
  tag: 'people',
  access: 'people.read',
  params: idParams,
  response: z.object({ items: z.array(qualification), skills: z.array(z.string()) }),
});

export const addQualification = endpoint({
  operationId: 'addQualification',
  method: 'POST',
  path: '/api/employees/:id/qualifications',
  summary: 'Add a certification to an employee',
  description: 'One per name and employee (409 QUALIFICATION_EXISTS).',
  tag: 'people',
  access: 'people.manage',
  params: idParams,
  body: createQualificationBody,
  response: qualification,
  status: 201,
});

export const updateQualification = endpoint({
  operationId: 'updateQualification',
  method: 'PATCH',
  path: '/api/employee-qualifications/:id',
  summary: 'Change a certification (e.g. renewed with a new expiry)',
  tag: 'people',
  access: 'people.manage',
  params: idParams,
  body: updateQualificationBody,
  response: qualification,
});

export const deleteQualification = endpoint({
  operationId: 'deleteQualification',
  method: 'DELETE',
  path: '/api/employee-qualifications/:id',
  summary: 'Remove a certification',
  tag: 'people',
  access: 'people.manage',
  params: idParams,
  response: ok,
});

// ── Availability ────────────────────────────────────────────────────────────

export const availabilityWindow = z.object({
  ...recordMeta,
  employeeId: id,
  weekday: z.number().int(),
  startTime: z.string(),
  endTime: z.string(),
  kind: z.enum(AVAILABILITY_KINDS),
  note: z.string().nullable(),
  validFrom: z.string().nullable(),
  validUntil: z.string().nullable(),
  /** e.g. "Unavailable Tue 18:00–23:00 (school pickup)" */
  label: z.string(),
});
export type AvailabilityWindowRecord = z.infer<typeof availabilityWindow>;

export const availabilityException = z.object({
  ...recordMeta,
  employeeId: id,
  date: z.string(),
  startTime: z.string().nullable(),
  endTime: z.string().nullable(),
  allDay: z.boolean(),
  kind: z.enum(AVAILABILITY_EXCEPTION_KINDS),
  note: z.string().nullable(),
  label: z.string(),
});
export type AvailabilityExceptionRecord = z.infer<typeof availabilityException>;

export const availability = z.object({
  employee: ref,
  site: ref.extend({ timeZone: z.string() }).nullable(),
  windows: z.array(availabilityWindow),
  exceptions: z.array(availabilityException),
});
export type Availability = z.infer<typeof availability>;

export const getAvailability = endpoint({
  operationId: 'getAvailability',
  method: 'GET',
  path: '/api/scheduling/availability',
  summary: 'Weekly availability windows and dated exceptions of a person (default: me)',
  description: 'Exceptions from `from` (default: today) on. Others’ need scheduling.manage.',
  tag: 'scheduling',
  access: 'scheduling.self',
  query: employeeQuery.extend({ from: isoDate.optional() }),
  response: availability,
});

const sameTimes = (start: string | null | undefined, end: string | null | undefined) =>
  !!start && !!end && start === end;

export const createAvailabilityWindowBody = z
  .strictObject({
    employeeId: id.optional(),
    weekday,
    startTime: localTime,
    endTime: localTime.describe('At or before startTime: ends the next day'),
    kind: z.enum(AVAILABILITY_KINDS).default('unavailable'),
    note: optionalText(200),
    validFrom: isoDate.nullable().optional(),
    validUntil: isoDate.nullable().optional(),
  })
  .superRefine((v, ctx) => {
    if (sameTimes(v.startTime, v.endTime))
      ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'must differ from startTime' });
    if (v.validFrom && v.validUntil && v.validUntil < v.validFrom)
      ctx.addIssue({
        code: 'custom',
        path: ['validUntil'],
        message: 'must not be before validFrom',
      });
  });
export type CreateAvailabilityWindowBody = z.input<typeof createAvailabilityWindowBody>;

export const updateAvailabilityWindowBody = z
  .strictObject({
    weekday: weekday.optional(),
    startTime: localTime.optional(),
    endTime: localTime.optional(),
    kind: z.enum(AVAILABILITY_KINDS).optional(),
    note: optionalText(200),
    validFrom: isoDate.nullable().optional(),
    validUntil: isoDate.nullable().optional(),
  })
  .superRefine((v, ctx) => {
    if (sameTimes(v.startTime, v.endTime))
      ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'must differ from startTime' });
  });

export const createAvailabilityWindow = endpoint({
  operationId: 'createAvailabilityWindow',
  method: 'POST',
  path: '/api/scheduling/availability/windows',
  summary: 'Add a weekly window (unavailable or preferred)',
  tag: 'scheduling',
  access: 'scheduling.self',
  body: createAvailabilityWindowBody,
  response: availabilityWindow,
  status: 201,
});
export const updateAvailabilityWindow = endpoint({
  operationId: 'updateAvailabilityWindow',
  method: 'PATCH',
  path: '/api/scheduling/availability/windows/:id',
  summary: 'Change a weekly window',
  tag: 'scheduling',
  access: 'scheduling.self',
  params: idParams,
  body: updateAvailabilityWindowBody,
  response: availabilityWindow,
});
export const deleteAvailabilityWindow = endpoint({
  operationId: 'deleteAvailabilityWindow',
  method: 'DELETE',
  path: '/api/scheduling/availability/windows/:id',
  summary: 'Remove a weekly window',
  tag: 'scheduling',
  access: 'scheduling.self',
  params: idParams,
  response: ok,
});

const exceptionTimes = (
  v: { startTime?: string | null | undefined; endTime?: string | null | undefined },
  ctx: z.RefinementCtx,
) => {
  const hasStart = v.startTime !== undefined && v.startTime !== null;
  const hasEnd = v.endTime !== undefined && v.endTime !== null;
  if (hasStart !== hasEnd)
    ctx.addIssue({
      code: 'custom',
      path: [hasStart ? 'endTime' : 'startTime'],
      message: 'give both times, or neither for the whole day',
    });
  if (sameTimes(v.startTime, v.endTime))
    ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'must differ from startTime' });
};

export const createAvailabilityExceptionBody = z
  .strictObject({
    employeeId: id.optional(),
    date: isoDate,
    startTime: localTime.nullable().optional().describe('Both null: the whole day'),
    endTime: localTime.nullable().optional(),
    kind: z.enum(AVAILABILITY_EXCEPTION_KINDS).default('unavailable'),
    note: optionalText(200),
  })
  .superRefine(exceptionTimes);
export type CreateAvailabilityExceptionBody = z.input<typeof createAvailabilityExceptionBody>;

export const updateAvailabilityExceptionBody = z
  .strictObject({
    date: isoDate.optional(),
    startTime: localTime.nullable().optional(),
    endTime: localTime.nullable().optional(),
    kind: z.enum(AVAILABILITY_EXCEPTION_KINDS).optional(),
    note: optionalText(200),
  })
  .superRefine(exceptionTimes);

export const createAvailabilityException = endpoint({
  operationId: 'createAvailabilityException',
  method: 'POST',
  path: '/api/scheduling/availability/exceptions',
  summary: 'Add a dated exception (replaces that date’s weekly windows)',
  tag: 'scheduling',
  access: 'scheduling.self',
  body: createAvailabilityExceptionBody,
  response: availabilityException,
  status: 201,
});
export const updateAvailabilityException = endpoint({
  operationId: 'updateAvailabilityException',
  method: 'PATCH',
  path: '/api/scheduling/availability/exceptions/:id',
  summary: 'Change a dated exception',
  tag: 'scheduling',
  access: 'scheduling.self',
  params: idParams,
  body: updateAvailabilityExceptionBody,
  response: availabilityException,
});
export const deleteAvailabilityException = endpoint({
  operationId: 'deleteAvailabilityException',
  method: 'DELETE',
  path: '/api/scheduling/availability/exceptions/:id',
  summary: 'Remove a dated exception',
  tag: 'scheduling',
  access: 'scheduling.self',
  params: idParams,
  response: ok,
});

// ── Shift preferences ───────────────────────────────────────────────────────

export const shiftPreference = z.object({
  ...recordMeta,
  employeeId: id,
  date: z.string().nullable(),
  weekday: z.number().int().nullable(),
  shiftType: ref.extend({ code: z.string() }).nullable().describe('null = any shift'),
  kind: z.enum(PREFERENCE_KINDS),
  weight: z.number().int(),
  note: z.string().nullable(),
});
export type ShiftPreferenceRecord = z.infer<typeof shiftPreference>;

const preferenceWeight = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be 1 to 10')
  .max(10, 'must be 1 to 10');

export const createPreferenceBody = z
  .strictObject({
    employeeId: id.optional(),
    date: isoDate.nullable().optional(),
    weekday: weekday.nullable().optional(),
    shiftTypeId: id.nullable().optional().describe('null = any shift that day'),
    kind: z.enum(PREFERENCE_KINDS),
    weight: preferenceWeight.default(5),
    note: optionalText(200),
  })
  .superRefine((v, ctx) => {
    const hasDate = v.date !== undefined && v.date !== null;
    const hasWeekday = v.weekday !== undefined && v.weekday !== null;
    if (hasDate === hasWeekday)
      ctx.addIssue({
        code: 'custom',
        path: ['date'],
        message: 'give either a date or a weekday (exactly one)',
      });
  });
export type CreatePreferenceBody = z.input<typeof createPreferenceBody>;

export const updatePreferenceBody = z.strictObject({
  date: isoDate.nullable().optional(),
  weekday: weekday.nullable().optional(),
  shiftTypeId: id.nullable().optional(),
  kind: z.enum(PREFERENCE_KINDS).optional(),
  weight: preferenceWeight.optional(),
  note: optionalText(200),
});

export const listPreferences = endpoint({
  operationId: 'listPreferences',
  method: 'GET',
  path: '/api/scheduling/preferences',
  summary: 'Shift preferences of a person (default: me)',
  tag: 'scheduling',
  access: 'scheduling.self',
  query: employeeQuery,
  response: z.object({
    items: z.array(shiftPreference),
    shiftTypes: z.array(ref.extend({ code: z.string() })).describe('Of the person’s site'),
  }),
});
export const createPreference = endpoint({
  operationId: 'createPreference',
  method: 'POST',
  path: '/api/scheduling/preferences',
  summary: 'Add a shift preference (want / avoid, on a date or a weekday)',
  tag: 'scheduling',
  access: 'scheduling.self',
  body: createPreferenceBody,
  response: shiftPreference,
  status: 201,
});
export const updatePreference = endpoint({
  operationId: 'updatePreference',
  method: 'PATCH',
  path: '/api/scheduling/preferences/:id',
  summary: 'Change a shift preference',
  tag: 'scheduling',
  access: 'scheduling.self',
  params: idParams,
  body: updatePreferenceBody,
  response: shiftPreference,
});
export const deletePreference = endpoint({
  operationId: 'deletePreference',
  method: 'DELETE',
  path: '/api/scheduling/preferences/:id',
  summary: 'Remove a shift preference',
  tag: 'scheduling',
  access: 'scheduling.self',
  params: idParams,
  response: ok,
});

// ── Time off ────────────────────────────────────────────────────────────────

export const timeOffType = z.object({
  ...recordMeta,
  name: z.string(),
  color: z.string(),
  paid: z.boolean(),
  yearlyAllowanceMinutes: z.number().int().nullable().describe('null = unlimited'),
  requiresApproval: z.boolean(),
  archivedAt: timestamp.nullable(),
});
export type TimeOffType = z.infer<typeof timeOffType>;

export const listTimeOffTypes = endpoint({
  operationId: 'listTimeOffTypes',
  method: 'GET',
  path: '/api/scheduling/time-off-types',
  summary: 'Kinds of time off (vacation, sick leave…)',
  tag: 'scheduling',
  access: 'scheduling.self',
  query: z.strictObject({ includeArchived: z.enum(['true', 'false']).optional() }),
  response: z.object({ items: z.array(timeOffType) }),
});

const allowance = z
  .number()
  .int('must be a whole number of minutes')
  .min(0, 'must not be negative')
  .max(366 * 24 * 60, 'is more than a year')
  .nullable();

export const createTimeOffTypeBody = z.strictObject({
  name: text(60),
  color: color.default('#4dabf7'),
  paid: z.boolean().default(true),
  yearlyAllowanceMinutes: allowance.default(null),
  requiresApproval: z.boolean().default(true),
});
export type CreateTimeOffTypeBody = z.input<typeof createTimeOffTypeBody>;

export const createTimeOffType = endpoint({
  operationId: 'createTimeOffType',
  method: 'POST',
  path: '/api/scheduling/time-off-types',
  summary: 'Create a kind of time off',
  description: 'Names are unique per organization (409 TIME_OFF_TYPE_EXISTS).',
  tag: 'scheduling',
  access: 'scheduling.manage',
  body: createTimeOffTypeBody,
  response: timeOffType,
  status: 201,
});

export const updateTimeOffType = endpoint({
  operationId: 'updateTimeOffType',
  method: 'PATCH',
  path: '/api/scheduling/time-off-types/:id',
  summary: 'Change a kind of time off (archive it with archived: true)',
  tag: 'scheduling',
  access: 'scheduling.manage',
  params: idParams,
  body: z.strictObject({
    name: text(60).optional(),
    color: color.optional(),
    paid: z.boolean().optional(),
    yearlyAllowanceMinutes: allowance.optional(),
    requiresApproval: z.boolean().optional(),
    archived: z.boolean().optional(),
  }),
  response: timeOffType,
});

export const timeOffBalance = z.object({
  type: ref.extend({ color: z.string(), paid: z.boolean(), requiresApproval: z.boolean() }),
  year: z.number().int(),
  allowanceMinutes: z.number().nullable().describe('null = unlimited'),
  approvedMinutes: z.number(),
  pendingMinutes: z.number(),
  remainingMinutes: z.number().nullable().describe('allowance − approved − pending'),
});
export type TimeOffBalance = z.infer<typeof timeOffBalance>;

export const getTimeOffBalances = endpoint({
  operationId: 'getTimeOffBalances',
  method: 'GET',
  path: '/api/scheduling/time-off/balances',
  summary: 'Balance per time-off type for a year (default: me, this year)',
  tag: 'scheduling',
  access: 'scheduling.self',
  query: employeeQuery.extend({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
  response: z.object({
    employee: ref,
    year: z.number().int(),
    /** what an all-day request costs per weekday (Mon–Fri): contract hours / 5, or 8 h */
    minutesPerWorkday: z.number(),
    items: z.array(timeOffBalance),
  }),
});

export const timeOffRequest = z.object({
  ...recordMeta,
  employee: ref.extend({ siteId: id.nullable() }),
  type: ref.extend({ color: z.string() }),
  startDate: z.string(),
  endDate: z.string(),
  allDay: z.boolean(),
  startTime: z.string().nullable(),
  endTime: z.string().nullable(),
  minutes: z.number().int(),
  reason: z.string().nullable(),
  status: z.enum(TIME_OFF_STATUSES),
  approvalId: id.nullable().describe('Decide it with POST /api/approvals/:id/decision'),
  requestedBy: ref.nullable(),
  decidedBy: ref.nullable(),
  decidedAt: timestamp.nullable(),
  /** the caller may cancel it (own pending, or an approver) */
  canCancel: z.boolean(),
});
export type TimeOffRequest = z.infer<typeof timeOffRequest>;

export const listTimeOffRequests = endpoint({
  operationId: 'listTimeOffRequests',
  method: 'GET',
  path: '/api/scheduling/time-off/requests',
  summary: 'Time-off requests: mine, or my sites’ (approvers and coordinators)',
  tag: 'scheduling',
  access: 'scheduling.self',
  query: z.strictObject({
    scope: z.enum(['mine', 'team']).default('mine'),
    employeeId: id.optional(),
    status: z.enum(TIME_OFF_STATUSES).optional(),
    from: isoDate.optional().describe('Requests ending on or after'),
    to: isoDate.optional().describe('Requests starting on or before'),
    siteId: id.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(100),
  }),
  response: z.object({ items: z.array(timeOffRequest) }),
});

export const getTimeOffRequest = endpoint({
  operationId: 'getTimeOffRequest',
  method: 'GET',
  path: '/api/scheduling/time-off/requests/:id',
  summary: 'One time-off request',
  tag: 'scheduling',
  access: 'scheduling.self',
  params: idParams,
  response: timeOffRequest,
});

export const createTimeOffRequestBody = z
  .strictObject({
    employeeId: id.optional().describe('Default: me; for someone else needs scheduling.manage'),
    typeId: id,
    startDate: isoDate,
    endDate: isoDate,
    allDay: z.boolean().default(true),
    startTime: localTime.nullable().optional(),
    endTime: localTime.nullable().optional(),
    reason: optionalText(500),
  })
  .superRefine((v, ctx) => {
    if (v.endDate < v.startDate)
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'must not be before startDate' });
    if (!v.allDay) {
      if (v.endDate !== v.startDate)
        ctx.addIssue({
          code: 'custom',
          path: ['endDate'],
          message: 'a part-day request is for one date',
        });
      if (!v.startTime)
        ctx.addIssue({
          code: 'custom',
          path: ['startTime'],
          message: 'is required for a part day',
        });
      if (!v.endTime)
        ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'is required for a part day' });
      if (v.startTime && v.endTime && v.endTime <= v.startTime)
        ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'must be after startTime' });
    }
  });
export type CreateTimeOffRequestBody = z.input<typeof createTimeOffRequestBody>;

export const createTimeOffRequest = endpoint({
  operationId: 'createTimeOffRequest',
  method: 'POST',
  path: '/api/scheduling/time-off/requests',
  summary: 'Request time off',
  description:
    'Types needing approval start pending (approval type time_off.request); others are approved at once. 409 INSUFFICIENT_BALANCE when it exceeds the yearly allowance, 409 TIME_OFF_OVERLAP when it overlaps a pending or approved request.',
  tag: 'scheduling',
  access: 'scheduling.self',
  body: createTimeOffRequestBody,
  response: timeOffRequest,
  status: 201,
});

export const cancelTimeOffRequest = endpoint({
  operationId: 'cancelTimeOffRequest',
  method: 'POST',
  path: '/api/scheduling/time-off/requests/:id/cancel',
  summary: 'Cancel a request (my own pending one; approvers also approved ones)',
  tag: 'scheduling',
  access: 'scheduling.self',
  params: idParams,
  body: z.strictObject({ reason: optionalText(500) }),
  response: timeOffRequest,
});
