/**
 * Keel's scheduling rule engine: pure functions over a roster (conflicts, coverage, labor cost).
 * No I/O and no dependencies, so the server and the browser run the same code. See README.md for
 * what each rule means exactly.
 */

export {
  assignmentFindings,
  COVERAGE_RULES,
  checkRoster,
  PERSON_RULES,
  withSeverity,
} from './check.js';
export { coverageCells } from './coverage.js';
export { addDays, datesBetween, daysBetween, isoWeekday, weekStart } from './dates.js';
export { laborSummary } from './labor.js';
export * from './model.js';
