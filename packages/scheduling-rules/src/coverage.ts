/** Coverage: per need, how many assigned (and open) shifts match it; under/over coverage. */

import { typeCode } from './messages.js';
import type { CoverageCell, CoverageNeed, Finding, RosterInput, RosterShift } from './model.js';
import type { Prepared } from './prepared.js';

interface Tally {
  scheduled: RosterShift[];
  open: number;
}

const ANY = '\u0000any';

function keyOf(date: string, shiftTypeId: string, positionId: string | null): string {
  return `${date}|${shiftTypeId}|${positionId ?? ANY}`;
}

/** Shifts inside the period tallied by (date, type, position) and by (date, type, any position). */
function tally(shifts: readonly RosterShift[], dates: ReadonlySet<string> | null) {
  const map = new Map<string, Tally>();
  const add = (key: string, s: RosterShift) => {
    let t = map.get(key);
    if (!t) {
      t = { scheduled: [], open: 0 };
      map.set(key, t);
    }
    if (s.employeeId === null) t.open++;
    else t.scheduled.push(s);
  };
  for (const s of shifts) {
    if (s.context || s.shiftTypeId === null || (dates && !dates.has(s.date))) continue;
    add(keyOf(s.date, s.shiftTypeId, null), s);
    if (s.positionId !== null) add(keyOf(s.date, s.shiftTypeId, s.positionId), s);
  }
  return map;
}

/** Coverage needs (input order) with scheduled (assigned) and open shift counts. */
export function coverageCells(input: RosterInput): CoverageCell[] {
  const counts = tally(input.shifts, null);
  return input.coverage.map((need) => {
    const t = counts.get(keyOf(need.date, need.shiftTypeId, need.positionId));
    return {
      date: need.date,
      shiftTypeId: need.shiftTypeId,
      positionId: need.positionId,
      min: need.min,
      ideal: need.ideal,
      scheduled: t?.scheduled.length ?? 0,
      open: t?.open ?? 0,
    };
  });
}

function needLabel(pr: Prepared, need: CoverageNeed): string {
  const type = pr.shiftTypes.get(need.shiftTypeId);
  const code = typeCode(pr, need.shiftTypeId) ?? type?.name ?? need.shiftTypeId;
  if (need.positionId === null) return `${need.date} ${code}`;
  const position = pr.positions.get(need.positionId)?.name ?? need.positionId;
  return `${need.date} ${code} (${position})`;
}

export function coverageRules(
  pr: Prepared,
  dates: ReadonlySet<string> | null,
  out: Finding[],
): void {
  const counts = tally(pr.input.shifts, dates);
  for (const need of pr.input.coverage) {
    if (dates && !dates.has(need.date)) continue;
    const t = counts.get(keyOf(need.date, need.shiftTypeId, need.positionId));
    const scheduled = t?.scheduled ?? [];
    const n = scheduled.length;
    const details = {
      scheduled: n,
      open: t?.open ?? 0,
      min: need.min,
      ideal: need.ideal,
      shiftTypeId: need.shiftTypeId,
      positionId: need.positionId,
    };
    const base = {
      employeeIds: [] as string[],
      shiftIds: scheduled.map((s) => s.id),
      date: need.date,
      details,
    };
    if (n < need.min) {
      out.push({
        ...base,
        rule: 'under_coverage',
        message: `${needLabel(pr, need)}: ${n} scheduled, at least ${need.min} needed.`,
      });
    } else if (n > need.ideal) {
      out.push({
        ...base,
        rule: 'over_coverage',
        message: `${needLabel(pr, need)}: ${n} scheduled, more than the ideal ${need.ideal}.`,
      });
    }
  }
}
