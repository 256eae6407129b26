import { attendance as contract } from '@keel/contracts';
import Papa from 'papaparse';
import type { z } from 'zod';
import type { Actor } from '../../platform/auth/actor.js';
import type { Deps } from '../../platform/deps.js';
import { visibleSite } from './attendance.read.js';
import { loadSchedulingSettings } from './settings.service.js';
import { buildView, resolvePeriod } from './timesheet.service.js';

/** Cells a spreadsheet would run as formulas get a leading apostrophe (as the people export). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Minutes as decimal hours with two places ("7.50"). */
export const hours = (minutes: number) => (minutes / 60).toFixed(2);

/**
 * The period's timesheets as CSV for payroll, one line per person: approved lines carry the
 * approved snapshot, the others the totals as they stand now.
 */
export async function exportTimesheets(
  deps: Deps,
  actor: Actor,
  query: z.output<typeof contract.timesheetQuery>,
): Promise<{ csv: string; filename: string }> {
  const now = deps.clock.now().getTime();
  const site = await visibleSite(deps.db, actor, query.siteId);
  const settings = await loadSchedulingSettings(deps.db, actor.orgId);
  const period = resolvePeriod(settings, site, now, query.periodFrom);
  const view = await buildView(deps.db, actor, site, settings, period, now);
  const data = view.rows.map((r) => [
    r.employee.employeeNumber ?? '',
    r.employee.name,
    view.periodFrom,
    view.periodTo,
    r.status,
    hours(r.totals.scheduledMinutes),
    hours(r.totals.workedMinutes),
    hours(r.totals.regularMinutes),
    hours(r.totals.overtimeMinutes),
    hours(r.totals.breakMinutes),
    String(r.totals.lateCount),
    String(r.totals.earlyCount),
    String(r.totals.missedCount),
  ]);
  const csv = Papa.unparse(
    { fields: [...contract.TIMESHEET_CSV_COLUMNS], data },
    { escapeFormulae: FORMULA_START },
  );
  const slug = site.name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'site';
  return { csv, filename: `timesheets-${slug}-${view.periodFrom}.csv` };
}
