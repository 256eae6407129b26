import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/types.js';

/**
 * Paid minutes of PUBLISHED shifts per employee and local date in [from, to] (drafts are plans,
 * not commitments). An employee missing from the map has no published shift in the range.
 */
export async function publishedMinutesByDay(
  db: Kysely<DB>,
  orgId: string,
  employeeIds: readonly string[],
  from: string,
  to: string,
): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>();
  const ids = [...new Set(employeeIds)];
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('shifts')
    .select(['employee_id', 'date', 'paid_minutes'])
    .where('org_id', '=', orgId)
    .where('employee_id', 'in', ids)
    .where('published_at', 'is not', null)
    .where('date', '>=', from)
    .where('date', '<=', to)
    .execute();
  for (const r of rows) {
    if (!r.employee_id) continue;
    let days = out.get(r.employee_id);
    if (!days) {
      days = new Map();
      out.set(r.employee_id, days);
    }
    days.set(r.date, (days.get(r.date) ?? 0) + r.paid_minutes);
  }
  return out;
}
