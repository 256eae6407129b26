import type * as engine from '@keel/scheduling-rules';
import { z } from 'zod';
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
 * Workforce scheduling, core: shift types, shifts, coverage needs, public holidays, rotation
 * patterns, week templates, the roster view with its rule findings, coverage and labor, and
 * publishing with versions. Constraints (work rules, availability, time off, preferences),
 * self-service (my shifts, swaps, open shifts) and attendance have their own contract files.
 *
 * Times: a shift has a local `date` (the site's calendar day it starts on) and local `startTime`
 * / `endTime` ('HH:MM'); an end at or before the start ends the next day. The server turns them
 * into instants (`start`, `end`) with the site's time zone, so a 22:00–06:00 shift on the night
 * clocks change lasts 7 or 9 hours and `paidMinutes` follows.
 */

export const RULE_CODES = [
  'overlap',
  'split_shift',
  'rest',
  'max_hours_week',
  'min_shifts_period',
  'max_shifts_period',
  'max_consecutive_days',
  'min_days_off',
  'max_weekends',
  'max_shifts_of_type',
  'availability',
  'time_off',
  'qualification',
  'under_coverage',
  'over_coverage',
  'overtime',
] as const satisfies readonly engine.RuleCode[];
export const RULE_SEVERITIES = ['error', 'warning', 'off'] as const;
export const SHIFT_STATUSES = ['draft', 'published'] as const;

/** Local wall-clock time 'HH:MM' (24 h). */
export const localTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time as HH:MM (00:00–23:59)')
  .describe("Local time 'HH:MM'");

const color = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour as #RRGGBB')
  .describe('#RRGGBB');

const breakMinutes = z
  .number()
  .int('must be a whole number')
  .min(0, 'must not be negative')
  .max(240, 'must be at most 240');

const count = z
  .number()
  .int('must be a whole number')
  .min(0, 'must not be negative')
  .max(500, 'must be at most 500');

const ref = z.object({ id, name: z.string() });

// ── Engine data (what the server checks and the browser re-checks live) ─────

export const ruleCode = z.enum(RULE_CODES);
export const ruleSeverity = z.enum(RULE_SEVERITIES);

const workRules = z.object({
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

export const rosterInput = z
  .object({
    period: z.object({ from: z.string(), to: z.string(), weekStartsOn: z.number() }),
    employees: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        qualifications: z.array(z.object({ name: z.string(), validUntil: z.string().nullable() })),
        rules: workRules,
        hourlyRateMinor: z.number().nullable(),
      }),
    ),
    positions: z.array(
      z.object({ id: z.string(), name: z.string(), requires: z.array(z.string()) }),
    ),
    shiftTypes: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })),
    shifts: z.array(
      z.object({
        id: z.string(),
        employeeId: z.string().nullable(),
        siteId: z.string(),
        date: z.string(),
        start: z.number(),
        end: z.number(),
        paidMinutes: z.number(),
        shiftTypeId: z.string().nullable(),
        positionId: z.string().nullable(),
        context: z.boolean().optional(),
      }),
    ),
    availability: z.array(
      z.object({
        employeeId: z.string(),
        kind: z.enum(['unavailable', 'prefer']),
        start: z.number(),
        end: z.number(),
        label: z.string(),
      }),
    ),
    timeOff: z.array(
      z.object({ employeeId: z.string(), start: z.number(), end: z.number(), label: z.string() }),
    ),
    coverage: z.array(
      z.object({
        siteId: z.string(),
        date: z.string(),
        shiftTypeId: z.string(),
        positionId: z.string().nullable(),
        min: z.number(),
        ideal: z.number(),
      }),
    ),
    preferences: z.array(
      z.object({
        employeeId: z.string(),
        date: z.string(),
        shiftTypeId: z.string().nullable(),
        kind: z.enum(['want', 'avoid']),
        weight: z.number(),
      }),
    ),
  })
  .describe('Everything the rule engine reads; the web app re-checks it after each move');
// The schema and the engine's own types must stay one shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _rosterInputMatches: Same<z.infer<typeof rosterInput>, engine.RosterInput> = true;
void _rosterInputMatches;

export const finding = z.object({
  rule: ruleCode,
  severity: z.enum(['error', 'warning']).describe('error = blocks publishing'),
  employeeIds: z.array(z.string()),
  shiftIds: z.array(z.string()),
  date: z.string().nullable(),
  message: z.string(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
});
export type Finding = z.infer<typeof finding>;

// ── Shift types ────────────────────────────────────────────────────────────

export const shiftType = z.object({
  ...recordMeta,
  siteId: id,
  code: z.string(),
  name: z.string(),
  startTime: z.string(),
  endTime: z.string(),
  breakMinutes: z.number().int(),
  /** nominal paid minutes (a DST night differs; shifts carry their own) */
  paidMinutes: z.number().int().describe('Nominal paid minutes (a DST night differs)'),
  overnight: z.boolean().describe('Ends on the next day'),
  color: z.string(),
  position: ref.nullable(),
  archived: z.boolean(),
});
export type ShiftType = z.infer<typeof shiftType>;

export const createShiftTypeBody = z.strictObject({
  siteId: id,
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{1,6}$/, 'must be 1–6 letters or digits'),
  name: text(80),
  startTime: localTime,
  endTime: localTime,
  breakMinutes: breakMinutes.default(0),
  color: color.default('#228be6'),
  positionId: id.nullable().optional(),
});
export const updateShiftTypeBody = createShiftTypeBody.omit({ siteId: true }).partial();

export const listShiftTypes = endpoint({
  operationId: 'listShiftTypes',
  method: 'GET',
  path: '/api/scheduling/shift-types',
  summary: 'Shift types of a site (or of every site the caller sees)',
  tag: 'scheduling',
  access: 'scheduling.read',
  query: z.strictObject({
    siteId: id.optional(),
    includeArchived: z.enum(['true', 'false']).optional(),
  }),
  response: z.object({ items: z.array(shiftType) }),
});

export const createShiftType = endpoint({
  operationId: 'createShiftType',
  method: 'POST',
  path: '/api/scheduling/shift-types',
  summary: 'Create a shift type',
  description:
    'Start and end are local to the site; an end at or before the start crosses midnight. End = start is refused.',
  tag: 'scheduling',
  access: 'scheduling.manage',
  body: createShiftTypeBody,
  response: shiftType,
  status: 201,
});

export const updateShiftType = endpoint({
  operationId: 'updateShiftType',
  method: 'PATCH',
  path: '/api/scheduling/shift-types/:id',
  summary: 'Change a shift type (existing shifts keep their times)',
  tag: 'scheduling',
  access: 'scheduling.manage',
  params: idParams,
  body: updateShiftTypeBody,
  response: shiftType,
});

export const archiveShiftType = endpoint({
  operationId: 'archiveShiftType',
  method: 'POST',
  path: '/api/scheduling/shift-types/:id/archive',
  summary: 'Archive a shift type (no new shifts of it; history kept)',
  tag: 'scheduling',
  access: 'scheduling.manage',
  params: idParams,
  response: shiftType,
});

export const restoreShiftType = endpoint({
  operationId: 'restoreShiftType',
  method: 'POST',
  path: '/api/scheduling/shift-types/:id/restore',
  summary: 'Restore an archived shift type',
  tag: 'scheduling',
  access: 'scheduling.manage',
  params: idParams,
  response: shiftType,
});

// ── Shifts ─────────────────────────────────────────────────────────────────

export const shift = z.object({
  ...recordMeta,
  siteId: id,
  timeZone: z.string(),
  date: z.string().describe('Local date the shift starts on'),
  startTime: z.string(),
  endTime: z.string(),
  start: timestamp,
  end: timestamp,
  breakMinutes: z.number().int(),
  paidMinutes: z.number().int(),
  shiftType: z.object({ id, code: z.string(), name: z.string(), color: z.string() }).nullable(),
  position: ref.nullable(),
  employee: ref.nullable().describe('null = open shift'),
  notes: z.string().nullable(),
  status: z.enum(SHIFT_STATUSES),
  changedSincePublish: z.boolean(),
  publishedVersion: z.number().int().nullable(),
});
export type Shift = z.infer<typeof shift>;

export const createShiftBody = z
  .strictObject({
    siteId: id,
    date: isoDate,
    shiftTypeId: id.nullable().optional().describe('Times, break and position default from it'),
    startTime: localTime.optional(),
    endTime: localTime.optional(),
    breakMinutes: breakMinutes.optional(),
    positionId: id.nullable().optional(),
    employeeId: id.nullable().optional().describe('Omit or null for an open shift'),
    notes: optionalText(500),
  })
  .refine((b) => !!b.shiftTypeId || (!!b.startTime && !!b.endTime), {
    message: 'give a shiftTypeId, or startTime and endTime',
    path: ['startTime'],
  });

export const updateShiftBody = z.strictObject({
  date: isoDate.optional(),
  shiftTypeId: id.nullable().optional(),
  startTime: localTime.optional(),
  endTime: localTime.optional(),
  breakMinutes: breakMinutes.optional(),
  positionId: id.nullable().optional(),
  employeeId: id.nullable().optional().describe('null unassigns (open shift)'),
  notes: optionalText(500),
});

export const shiftChange = z.object({
  shift: shift,
  findings: z
    .array(finding)
    .describe('Findings of the people and days the change touches, after it'),
});

export const createShift = endpoint({
  operationId: 'createShift',
  method: 'POST',
  path: '/api/scheduling/shifts',
  summary: 'Add a draft shift (assigned or open)',
  description:
    'Answers the findings for the people and days it touches. A shift that overlaps another shift of the same person is refused (409 SHIFT_OVERLAP).',
  tag: 'scheduling',
  access: 'scheduling.manage',
  body: createShiftBody,
  response: shiftChange,
  status: 201,
});

export const updateShift = endpoint({
  operationId: 'updateShift',
  method: 'PATCH',
  path: '/api/scheduling/shifts/:id',
  summary: 'Move, re-time, assign or unassign a shift',
  description:
    'Changing a published shift needs scheduling.publish, notifies the people it touches and is logged.',
  tag: 'scheduling',
  access: 'scheduling.manage',
  params: idParams,
  body: updateShiftBody,
  response: shiftChange,
});

export const deleteShift = endpoint({
  operationId: 'deleteShift',
  method: 'DELETE',
  path: '/api/scheduling/shifts/:id',
  summary: 'Remove a shift',
  description: 'Removing a published shift needs scheduling.publish and notifies its person.',
  tag: 'scheduling',
  access: 'scheduling.manage',
  params: idParams,
  response: z.object({ findings: z.array(finding) }),
});

export const getShift = endpoint({
  operationId: 'getShift',
  method: 'GET',
  path: '/api/scheduling/shifts/:id',
  summary: 'One shift',
  description: 'Drafts only with scheduling.manage; staff read their own published shifts.',
  tag: 'scheduling',
  access: 'authenticated',
  params: idParams,
  response: shift,
});

// ── Roster ─────────────────────────────────────────────────────────────────

export const rosterQuery = z.strictObject({
  siteId: id,
  from: isoDate,
  to: isoDate.describe('Inclusive; at most 42 days after from'),
  departmentId: id.optional(),
  positionId: id.optional(),
});

export const coverageCell = z.object({
  date: z.string(),
  shiftTypeId: z.string(),
  positionId: z.string().nullable(),
  min: z.number(),
  ideal: z.number(),
  scheduled: z.number(),
  open: z.number(),
});

const laborTotals = z.object({
  paidMinutes: z.number(),
  overtimeMinutes: z.number(),
  costMinor: z.number(),
});

export const laborSummary = z.object({
  lines: z.array(
    z.object({
      employeeId: z.string(),
      date: z.string(),
      paidMinutes: z.number(),
      overtimeMinutes: z.number(),
      costMinor: z.number().nullable(),
    }),
  ),
  byDate: z.record(z.string(), laborTotals),
  byWeek: z.record(z.string(), laborTotals),
  unratedEmployeeIds: z.array(z.string()),
});

export const rosterEmployee = z.object({
  id,
  name: z.string(),
  departmentId: z.string().nullable(),
  positionId: z.string().nullable(),
  positionName: z.string().nullable(),
  contractMinutesPerWeek: z.number().nullable(),
});

export const roster = z.object({
  site: z.object({ id, name: z.string(), timeZone: z.string() }),
  from: z.string(),
  to: z.string(),
  weekStartsOn: z.number().int(),
  currency: z.string().nullable().describe('Currency of labor cost (null when pay is hidden)'),
  canEditDrafts: z.boolean(),
  canPublish: z.boolean(),
  employees: z.array(rosterEmployee).describe('People of the site (filters applied), by name'),
  shiftTypes: z.array(shiftType),
  positions: z.array(ref),
  holidays: z.array(z.object({ date: z.string(), name: z.string() })),
  shifts: z.array(shift).describe('Shifts of the site in the period, each once'),
  input: rosterInput
    .extend({
      shifts: rosterInput.shape.shifts.describe(
        'Only the context shifts (flagged `context`): the same people 14 days around the period and at other sites. The shifts of the period are `roster.shifts`; the engine input is those (as engine shifts) plus these',
      ),
    })
    .describe(
      'The rule engine input without the shifts of the period (sent once, in `shifts`); the web app rebuilds the full input and re-checks it after each move',
    ),
  severities: z.record(z.string(), ruleSeverity),
  findings: z.array(finding),
  coverage: z.array(coverageCell),
  labor: laborSummary.nullable().describe('null without people.pay.read'),
  publication: z.object({
    draftCount: z.number().int().describe('Shifts never published'),
    changedCount: z.number().int().describe('Published shifts changed since'),
    lastVersion: z.number().int().nullable(),
    lastPublishedAt: timestamp.nullable(),
  }),
});
export type Roster = z.infer<typeof roster>;

export const getRoster = endpoint({
  operationId: 'getRoster',
  method: 'GET',
  path: '/api/scheduling/roster',
  summary: 'The roster of a site for a date range, with findings, coverage and labor',
  description:
    'With scheduling.manage drafts are included; with scheduling.read only published shifts. Labor cost needs people.pay.read.',
  tag: 'scheduling',
  access: 'scheduling.read',
  query: rosterQuery,
  response: roster,
});

export const publishBody = z.strictObject({
  siteId: id,
  from: isoDate,
  to: isoDate,
  message: optionalText(500),
});

export const publication = z.object({
  ...recordMeta,
  siteId: id,
  from: z.string(),
  to: z.string(),
  version: z.number().int(),
  shiftCount: z.number().int(),
  notifiedCount: z.number().int(),
  summary: z.object({ added: z.number(), changed: z.number(), removed: z.number() }),
  publishedBy: ref.nullable(),
});
export type Publication = z.infer<typeof publication>;

export const publishRoster = endpoint({
  operationId: 'publishRoster',
  method: 'POST',
  path: '/api/scheduling/roster/publish',
  summary: 'Publish the drafts and changes of a site and period',
  description:
    'Refused (409 ROSTER_HAS_BLOCKING_FINDINGS, findings listed) while a rule set to "error" is broken. Each affected person is notified of their shifts.',
  tag: 'scheduling',
  access: 'scheduling.publish',
  body: publishBody,
  response: publication,
  status: 201,
});

export const listPublications = endpoint({
  operationId: 'listPublications',
  method: 'GET',
  path: '/api/scheduling/publications',
  summary: 'Published versions of a site’s roster',
  tag: 'scheduling',
  access: 'scheduling.read',
  query: z.strictObject({ siteId: id, from: isoDate.optional(), to: isoDate.optional() }),
  response: z.object({ items: z.array(publication) }),
});

export const rosterPdf = endpoint({
  operationId: 'rosterPdf',
  method: 'GET',
  path: '/api/scheduling/roster/pdf',
  summary: 'Printable PDF of the published roster of a week',
  tag: 'scheduling',
  access: 'scheduling.read',
  query: z.strictObject({ siteId: id, from: isoDate, to: isoDate }),
  response: z.unknown(),
  produces: 'application/pdf',
});

export const copyWeekBody = z.strictObject({
  siteId: id,
  fromWeek: isoDate.describe('First day of the week to copy'),
  toWeek: isoDate.describe('First day of the week to fill'),
  includeAssignees: z.boolean().default(true),
});

export const bulkResult = z.object({
  created: z.number().int(),
  skipped: z
    .array(z.object({ date: z.string(), reason: z.string() }))
    .describe('Shifts not created, and why (e.g. overlap with an existing shift)'),
});

export const copyWeek = endpoint({
  operationId: 'copyWeek',
  method: 'POST',
  path: '/api/scheduling/roster/copy-week',
  summary: 'Copy a week’s shifts into another week as drafts',
  tag: 'scheduling',
  access: 'scheduling.manage',
  body: copyWeekBody,
  response: bulkResult,
  status: 201,
});

// ── Coverage needs ─────────────────────────────────────────────────────────

export const coverageNeed = z.object({
  ...recordMeta,
  siteId: id,
  shiftTypeId: id,
  positionId: id.nullable(),
  weekday: z.number().int().nullable().describe('ISO weekday 1 (Mon)–7 (Sun), or null'),
  date: z.string().nullable().describe('A dated need overrides the weekday pattern'),
  min: z.number().int(),
  ideal: z.number().int(),
});

const coverageNeedFields = z.strictObject({
  shiftTypeId: id,
  positionId: id.nullable().optional(),
  weekday: z
    .number()
    .int()
    .min(1, 'must be 1 (Mon)–7 (Sun)')
    .max(7, 'must be 1 (Mon)–7 (Sun)')
    .nullable()
    .optional(),
  date: isoDate.nullable().optional(),
  min: count,
  ideal: count,
});

/** One need: exactly one of weekday or date; ideal ≥ min. */
export const coverageNeedBody = coverageNeedFields
  .refine((b) => (b.weekday == null) !== (b.date == null), {
    message: 'give exactly one of weekday or date',
    path: ['weekday'],
  })
  .refine((b) => b.ideal >= b.min, { message: 'must be at least min', path: ['ideal'] });

export const listCoverage = endpoint({
  operationId: 'listCoverage',
  method: 'GET',
  path: '/api/scheduling/coverage',
  summary: 'Coverage needs of a site',
  tag: 'scheduling',
  access: 'scheduling.read',
  query: z.strictObject({ siteId: id }),
  response: z.object({ items: z.array(coverageNeed) }),
});

export const setCoverage = endpoint({
  operationId: 'setCoverage',
  method: 'PUT',
  path: '/api/scheduling/coverage',
  summary: 'Replace the coverage needs of a site (all or nothing)',
  tag: 'scheduling',
  access: 'scheduling.manage',
  body: z.strictObject({
    siteId: id,
    needs: z.array(coverageNeedBody).max(2000, 'must have at most 2000 needs'),
  }),
  response: z.object({ items: z.array(coverageNeed) }),
});

// ── Public holidays ────────────────────────────────────────────────────────

export const holiday = z.object({ ...recordMeta, siteId: id, date: z.string(), name: z.string() });

export const listHolidays = endpoint({
  operationId: 'listHolidays',
  method: 'GET',
  path: '/api/scheduling/holidays',
  summary: 'Public holidays of a site',
  tag: 'scheduling',
  access: 'scheduling.read',
  query: z.strictObject({
    siteId: id,
    year: z.coerce.number().int().min(2000).max(2100).optional(),
  }),
  response: z.object({ items: z.array(holiday) }),
});

export const createHoliday = endpoint({
  operationId: 'createHoliday',
  method: 'POST',
  path: '/api/scheduling/holidays',
  summary: 'Add a public holiday to a site',
  tag: 'scheduling',
  access: 'scheduling.manage',
  body: z.strictObject({ siteId: id, date: isoDate, name: text(120) }),
  response: holiday,
  status: 201,
});

export const deleteHoliday = endpoint({
  operationId: 'deleteHoliday',
  method: 'DELETE',
  path: '/api/scheduling/holidays/:id',
  summary: 'Remove a public holiday',
  tag: 'scheduling',
  access: 'scheduling.manage',
  params: idParams,
  response: ok,
});

// ── Rotation patterns ──────────────────────────────────────────────────────

export const rotation = z.object({
  ...recordMeta,
  siteId: id,
  name: z.string(),
  description: z.string().nullable(),
  days: z.array(id.nullable()).describe('Shift type id per day of the cycle; null = day off'),
});

export const rotationBody = z.strictObject({
  siteId: id,
  name: text(120),
  description: optionalText(1000),
  days: z
    .array(id.nullable())
    .min(2, 'must have at least 2 days')
    .max(84, 'must have at most 84 days')
    .refine((d) => d.some((x) => x !== null), 'must contain at least one working day'),
});

export const listRotations = endpoint({
  operationId: 'listRotations',
  method: 'GET',
  path: '/api/scheduling/rotations',
  summary: 'Rotation patterns of a site',
  tag: 'scheduling',
  access: 'scheduling.read',
  query: z.strictObject({ siteId: id }),
  response: z.object({ items: z.array(rotation) }),
});

export const createRotation = endpoint({
  operationId: 'createRotation',
  method: 'POST',
  path: '/api/scheduling/rotations',
  summary: 'Create a rotation pattern (e.g. 4-on-4-off, DuPont)',
  tag: 'scheduling',
  access: 'scheduling.manage',
  body: rotationBody,
  response: rotation,
  status: 201,
});

export const updateRotation = endpoint({
  operationId: 'updateRotation',
  method: 'PATCH',
  path: '/api/scheduling/rotations/:id',
  summary: 'Change a rotation pattern',
  tag: 'scheduling',
  access: 'scheduling.manage',
  params: idParams,
  body: rotationBody.omit({ siteId: true }).partial(),
  response: rotation,
});

export const deleteRotation = endpoint({
  operationId: 'deleteRotation',
  method: 'DELETE',
  path: '/api/scheduling/rotations/:id',
  summary: 'Delete a rotation pattern (shifts made from it stay)',
  tag: 'scheduling',
  access: 'scheduling.manage',
  params: idParams,
  response: ok,
});

export const applyRotation = endpoint({
  operationId: 'applyRotation',
  method: 'POST',
  path: '/api/scheduling/rotations/:id/apply',
  summary: 'Apply a rotation to a team over a date range, as draft shifts',
  description:
    'Each member starts the cycle at their own offset (crews of a DuPont rotation are offset by a week). Days where the person already has an overlapping shift are skipped and listed.',
  tag: 'scheduling',
  access: 'scheduling.manage',
  params: idParams,
  body: z.strictObject({
    from: isoDate,
    to: isoDate,
    members: z
      .array(
        z.strictObject({
          employeeId: id,
          offset: z.number().int().min(0, 'must not be negative').max(83, 'must be at most 83'),
        }),
      )
      .min(1, 'must name at least one person')
      .max(500),
  }),
  response: bulkResult,
  status: 201,
});

// ── Week templates ─────────────────────────────────────────────────────────

export const templateShift = z.object({
  weekday: z.number().int().min(1).max(7),
  shiftTypeId: id.nullable(),
  positionId: id.nullable(),
  employeeId: id.nullable(),
  startTime: z.string(),
  endTime: z.string(),
  breakMinutes: z.number().int(),
});

export const weekTemplate = z.object({
  ...recordMeta,
  siteId: id,
  name: z.string(),
  shifts: z.array(templateShift),
});

export const listTemplates = endpoint({
  operationId: 'listWeekTemplates',
  method: 'GET',
  path: '/api/scheduling/templates',
  summary: 'Saved week templates of a site',
  tag: 'scheduling',
  access: 'scheduling.read',
  query: z.strictObject({ siteId: id }),
  response: z.object({ items: z.array(weekTemplate) }),
});

export const saveTemplate = endpoint({
  operationId: 'saveWeekTemplate',
  method: 'POST',
  path: '/api/scheduling/templates',
  summary: 'Save a week of the roster as a template',
  tag: 'scheduling',
  access: 'scheduling.manage',
  body: z.strictObject({ siteId: id, name: text(120), weekStart: isoDate }),
  response: weekTemplate,
  status: 201,
});

export const deleteTemplate = endpoint({
  operationId: 'deleteWeekTemplate',
  method: 'DELETE',
  path: '/api/scheduling/templates/:id',
  summary: 'Delete a week template',
  tag: 'scheduling',
  access: 'scheduling.manage',
  params: idParams,
  response: ok,
});

export const applyTemplate = endpoint({
  operationId: 'applyWeekTemplate',
  method: 'POST',
  path: '/api/scheduling/templates/:id/apply',
  summary: 'Fill a week from a template, as draft shifts',
  tag: 'scheduling',
  access: 'scheduling.manage',
  params: idParams,
  body: z.strictObject({ weekStart: isoDate, includeAssignees: z.boolean().default(true) }),
  response: bulkResult,
  status: 201,
});

// ── Settings ───────────────────────────────────────────────────────────────

export const schedulingSettings = z.object({
  severities: z.record(z.string(), ruleSeverity).describe('Per rule: error blocks publishing'),
  weekStartsOn: z.number().int(),
  payPeriodDays: z.number().int(),
  payPeriodAnchor: z.string(),
  lateGraceMinutes: z.number().int(),
});
export type SchedulingSettings = z.infer<typeof schedulingSettings>;

export const getSchedulingSettings = endpoint({
  operationId: 'getSchedulingSettings',
  method: 'GET',
  path: '/api/scheduling/settings',
  summary: 'Which rules block publishing, week start, pay period',
  tag: 'scheduling',
  access: 'authenticated',
  response: schedulingSettings,
});

export const updateSchedulingSettings = endpoint({
  operationId: 'updateSchedulingSettings',
  method: 'PUT',
  path: '/api/scheduling/settings',
  summary: 'Change which rules block publishing, week start, pay period',
  tag: 'scheduling',
  access: 'org.settings.manage',
  body: z.strictObject({
    severities: z.partialRecord(ruleCode, ruleSeverity).optional(),
    weekStartsOn: z
      .number()
      .int()
      .min(1, 'must be 1 (Mon)–7 (Sun)')
      .max(7, 'must be 1 (Mon)–7 (Sun)')
      .optional(),
    payPeriodDays: z.union([z.literal(7), z.literal(14)]).optional(),
    payPeriodAnchor: isoDate.optional(),
    lateGraceMinutes: z
      .number()
      .int()
      .min(0, 'must not be negative')
      .max(60, 'must be at most 60')
      .optional(),
  }),
  response: schedulingSettings,
});
