/**
 * The rule engine's input and output. The server builds a `RosterInput` from the database (every
 * time a shift changes, and for the roster view); the browser runs the same engine on the roster it
 * has loaded so a drag shows its conflicts at once. Everything is plain data, serialisable as JSON.
 *
 * Time: instants are epoch milliseconds (UTC). Dates are the site's local calendar dates
 * `YYYY-MM-DD`. A shift's `date` is the local date it starts on; a 22:00–06:00 shift belongs to the
 * day it starts. The server computes instants with the site's time zone, so a night shift on the
 * night clocks change lasts 7 or 9 hours and `paidMinutes` follows.
 */

export type LocalDate = string;

/** Every rule the engine knows. The organization decides which block publishing. */
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
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

export interface RosterShift {
  id: string;
  /** null = open shift (nobody assigned yet) */
  employeeId: string | null;
  siteId: string;
  /** local date the shift starts on */
  date: LocalDate;
  /** epoch ms */
  start: number;
  /** epoch ms, > start */
  end: number;
  /** (end − start) in minutes minus the unpaid break */
  paidMinutes: number;
  shiftTypeId: string | null;
  positionId: string | null;
  /**
   * Outside the checked period, loaded only so rules that look across the boundary (rest,
   * consecutive days, weekly hours) are right. Findings are reported only when they involve at least
   * one shift inside the period.
   */
  context?: boolean;
}

export interface WorkRules {
  /** paid hours a week (the week starts on `RosterPeriod.weekStartsOn`), in minutes */
  maxMinutesPerWeek: number | null;
  /** over the whole checked period */
  minShiftsPerPeriod: number | null;
  maxShiftsPerPeriod: number | null;
  maxConsecutiveDays: number | null;
  /** a run of days off between two working days must be at least this long */
  minConsecutiveDaysOff: number | null;
  /** between the end of one shift and the start of the next */
  minRestMinutes: number | null;
  /** weekends (Saturday or Sunday worked) in the checked period */
  maxWeekendsPerPeriod: number | null;
  /** e.g. at most 6 nights per period */
  maxShiftsOfType: { shiftTypeId: string; max: number }[];
  /** paid minutes a week above which minutes are overtime; null = no weekly overtime */
  overtimeAfterMinutesPerWeek: number | null;
  /** paid minutes a day above which minutes are overtime; null = no daily overtime */
  overtimeAfterMinutesPerDay: number | null;
  /** pay multiplier for overtime minutes (1.5 = time and a half) */
  overtimeMultiplier: number;
  /** two or more shifts on one local date */
  allowSplitShifts: boolean;
}

export interface Qualification {
  /** skill or certification name, compared case-insensitively */
  name: string;
  /** last local date it is valid on; null = does not expire */
  validUntil: LocalDate | null;
}

export interface RosterEmployee {
  id: string;
  name: string;
  qualifications: Qualification[];
  rules: WorkRules;
  /** hourly rate in minor units; null when unknown or not visible to the caller */
  hourlyRateMinor: number | null;
}

export interface Position {
  id: string;
  name: string;
  /** qualifications a person needs to work the position */
  requires: string[];
}

export interface ShiftTypeInfo {
  id: string;
  code: string;
  name: string;
}

/** A window the person cannot (unavailable) or would like to (prefer) work. */
export interface AvailabilityWindow {
  employeeId: string;
  kind: 'unavailable' | 'prefer';
  start: number;
  end: number;
  /** what the coordinator sees, e.g. "Tuesdays 18:00–23:59 (school pickup)" */
  label: string;
}

/** Approved time off (pending requests are not constraints). */
export interface TimeOffBlock {
  employeeId: string;
  start: number;
  end: number;
  /** e.g. "Vacation" */
  label: string;
}

/**
 * Headcount needed on a local date for a shift type (and position, when set). Needs are already
 * expanded to dates by the server (weekday patterns, dated overrides, holidays).
 */
export interface CoverageNeed {
  siteId: string;
  date: LocalDate;
  shiftTypeId: string;
  /** null = any position */
  positionId: string | null;
  min: number;
  ideal: number;
}

/** A want/do-not-want for a shift type (or any shift when null) on a date; soft only. */
export interface ShiftPreference {
  employeeId: string;
  date: LocalDate;
  shiftTypeId: string | null;
  kind: 'want' | 'avoid';
  /** 1–10 */
  weight: number;
}

export interface RosterPeriod {
  /** first local date checked */
  from: LocalDate;
  /** last local date checked (inclusive) */
  to: LocalDate;
  /** 1 = Monday … 7 = Sunday (ISO) */
  weekStartsOn: number;
}

export interface RosterInput {
  period: RosterPeriod;
  employees: RosterEmployee[];
  positions: Position[];
  shiftTypes: ShiftTypeInfo[];
  shifts: RosterShift[];
  availability: AvailabilityWindow[];
  timeOff: TimeOffBlock[];
  coverage: CoverageNeed[];
  preferences: ShiftPreference[];
}

export interface Finding {
  rule: RuleCode;
  /** people concerned (empty for coverage) */
  employeeIds: string[];
  /** shifts concerned, inside or outside the period */
  shiftIds: string[];
  /** local date the finding is about (first day of a run, the week start, the coverage date) */
  date: LocalDate | null;
  /** a plain-English sentence that names who/what and says why */
  message: string;
  /** the figures behind the message, for the UI to format itself */
  details: Record<string, string | number | null>;
}

/** Organization setting: each rule blocks publishing ('error'), warns, or is off. */
export type RuleSeverity = 'error' | 'warning' | 'off';
export type RuleSeverities = Record<RuleCode, RuleSeverity>;

export const DEFAULT_RULE_SEVERITIES: RuleSeverities = {
  overlap: 'error',
  split_shift: 'warning',
  rest: 'error',
  max_hours_week: 'error',
  min_shifts_period: 'warning',
  max_shifts_period: 'warning',
  max_consecutive_days: 'error',
  min_days_off: 'warning',
  max_weekends: 'warning',
  max_shifts_of_type: 'warning',
  availability: 'warning',
  time_off: 'error',
  qualification: 'error',
  under_coverage: 'warning',
  over_coverage: 'warning',
  overtime: 'warning',
};

/** Labor per employee and local date: paid minutes, of which overtime, and cost in minor units. */
export interface LaborLine {
  employeeId: string;
  date: LocalDate;
  paidMinutes: number;
  overtimeMinutes: number;
  /** null when the employee's rate is unknown */
  costMinor: number | null;
}

export interface LaborSummary {
  lines: LaborLine[];
  /** per local date: totals over everybody */
  byDate: Record<LocalDate, { paidMinutes: number; overtimeMinutes: number; costMinor: number }>;
  /** per week start date */
  byWeek: Record<LocalDate, { paidMinutes: number; overtimeMinutes: number; costMinor: number }>;
  /** employees with shifts but no rate (their cost is missing from the totals) */
  unratedEmployeeIds: string[];
}

/** Coverage per need: how many shifts count toward it. */
export interface CoverageCell {
  date: LocalDate;
  shiftTypeId: string;
  positionId: string | null;
  min: number;
  ideal: number;
  scheduled: number;
  /** open (unassigned) shifts matching the need — they do not count as scheduled */
  open: number;
}
