/** checkRoster, assignmentFindings and withSeverity. */

import { coverageRules } from './coverage.js';
import {
  type Finding,
  type RosterInput,
  RULE_CODES,
  type RuleCode,
  type RuleSeverities,
  type RuleSeverity,
} from './model.js';
import { compareShifts, type Prepared, type PShift, prepare, rulesOf } from './prepared.js';
import { dayRules } from './rules/days.js';
import { pairRules } from './rules/pairs.js';
import { qualificationRule } from './rules/qualification.js';
import { volumeRules } from './rules/volume.js';
import { windowRules } from './rules/windows.js';

/** Rules about one roster as a whole rather than a person. */
export const COVERAGE_RULES: readonly RuleCode[] = ['under_coverage', 'over_coverage'];
/** Rules about one person (everything but coverage). */
export const PERSON_RULES: readonly RuleCode[] = RULE_CODES.filter(
  (r) => !COVERAGE_RULES.includes(r),
);

const RULE_ORDER = new Map<RuleCode, number>(RULE_CODES.map((r, i) => [r, i]));

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Date (period-wide findings last), rule, people, shifts, message. */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.date !== b.date) {
    if (a.date === null) return 1;
    if (b.date === null) return -1;
    return cmp(a.date, b.date);
  }
  return (
    RULE_ORDER.get(a.rule)! - RULE_ORDER.get(b.rule)! ||
    cmp(a.employeeIds.join(','), b.employeeIds.join(',')) ||
    cmp(a.shiftIds.join(','), b.shiftIds.join(',')) ||
    cmp(a.message, b.message)
  );
}

/** Person-rule findings of one person (their shifts must be in `pr.byEmployee`). */
function personFindings(
  pr: Prepared,
  employeeId: string,
  checkMinimum: boolean,
  out: Finding[],
): void {
  const shifts = pr.byEmployee.get(employeeId) ?? [];
  const rules = rulesOf(pr, employeeId);
  pairRules(pr, employeeId, shifts, rules, out);
  volumeRules(pr, employeeId, shifts, rules, checkMinimum, out);
  dayRules(pr, employeeId, shifts, rules, out);
  windowRules(pr, employeeId, shifts, out);
  qualificationRule(pr, employeeId, shifts, out);
}

/**
 * Every finding of the roster, sorted (date — period-wide findings last —, rule, people, shifts).
 * With `employeeIds`, only person rules for them and no coverage; with `dates`, coverage only for
 * those dates (both together: what the server re-checks after one change).
 */
export function checkRoster(
  input: RosterInput,
  options: { employeeIds?: readonly string[]; dates?: readonly string[] } = {},
): Finding[] {
  const only = options.employeeIds ? new Set(options.employeeIds) : null;
  const dates = options.dates ? new Set(options.dates) : null;
  const pr = prepare(input, { employeeIds: only });
  const out: Finding[] = [];
  const seen = new Set<string>();
  // People with shifts, then the remaining known people (min_shifts_period counts zero shifts).
  for (const employeeId of pr.byEmployee.keys()) {
    seen.add(employeeId);
    personFindings(pr, employeeId, pr.employees.has(employeeId), out);
  }
  for (const e of input.employees) {
    if (seen.has(e.id) || (only && !only.has(e.id))) continue;
    seen.add(e.id);
    personFindings(pr, e.id, true, out);
  }
  if (!only || dates) coverageRules(pr, dates, out);
  return out.sort(compareFindings);
}

function findingKey(f: Finding): string {
  return `${f.rule}|${f.date ?? ''}|${[...f.shiftIds].sort().join(',')}`;
}

/**
 * The findings (person rules of `employeeId` only) that assigning `employeeId` to shift `shiftId`
 * would add: empty = eligible under every rule. A finding is new when no finding with the same
 * rule, date and shifts existed before. Only that person is re-checked. Throws when the shift is
 * not in the roster.
 */
export function assignmentFindings(
  input: RosterInput,
  shiftId: string,
  employeeId: string,
): Finding[] {
  const shift = input.shifts.find((s) => s.id === shiftId);
  if (!shift) throw new Error(`assignmentFindings: no shift ${shiftId} in the roster`);
  if (shift.employeeId === employeeId) return [];
  const checkMinimum = input.employees.some((e) => e.id === employeeId);
  const pr = prepare(input, { employeeIds: new Set([employeeId]) });
  const before: Finding[] = [];
  personFindings(pr, employeeId, checkMinimum, before);
  // The same index with the shift added to the person's (sorted) shifts.
  const assigned: PShift = {
    shift,
    employeeId,
    day: pr.days.day(shift.date),
    context: shift.context === true,
  };
  const withShift = [...(pr.byEmployee.get(employeeId) ?? []), assigned].sort(compareShifts);
  const after: Finding[] = [];
  personFindings(
    { ...pr, byEmployee: new Map([[employeeId, withShift]]) },
    employeeId,
    checkMinimum,
    after,
  );
  const existing = new Map<string, number>();
  for (const f of before) {
    const k = findingKey(f);
    existing.set(k, (existing.get(k) ?? 0) + 1);
  }
  const added: Finding[] = [];
  for (const f of after) {
    const k = findingKey(f);
    const n = existing.get(k) ?? 0;
    if (n > 0) existing.set(k, n - 1);
    else added.push(f);
  }
  return added.sort(compareFindings);
}

/** Findings with the organization's severity; rules set to 'off' are dropped. */
export function withSeverity(
  findings: readonly Finding[],
  severities: RuleSeverities,
): (Finding & { severity: Exclude<RuleSeverity, 'off'> })[] {
  const out: (Finding & { severity: Exclude<RuleSeverity, 'off'> })[] = [];
  for (const f of findings) {
    const severity = severities[f.rule] ?? 'warning';
    if (severity !== 'off') out.push({ ...f, severity });
  }
  return out;
}
