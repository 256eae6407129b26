import { type Actor, can, canSeeSite } from '../../platform/auth/actor.js';
import type { Deps } from '../../platform/deps.js';
import type { EntityRef, RegistryParts } from '../../platform/registry.js';
import { shiftTypeLabels } from './shift.read.js';
import { dayLabel } from './shift.service.js';
import './scheduling.tables.js';

/**
 * Shifts as records other modules can point at (history, comments, notifications): planners see
 * drafts of their sites, readers published shifts of their sites, staff their own published ones.
 */
async function describeShifts(deps: Deps, actor: Actor, ids: string[]) {
  const out = new Map<string, EntityRef>();
  if (ids.length === 0) return out;
  const rows = await deps.db
    .selectFrom('shifts')
    .select([
      'id',
      'site_id',
      'date',
      'start_time',
      'end_time',
      'shift_type_id',
      'employee_id',
      'published_at',
    ])
    .where('org_id', '=', actor.orgId)
    .where('id', 'in', ids)
    .execute();
  const types = await shiftTypeLabels(
    deps.db,
    actor.orgId,
    rows.flatMap((r) => (r.shift_type_id ? [r.shift_type_id] : [])),
  );
  for (const r of rows) {
    const site = canSeeSite(actor, r.site_id);
    const own = !!actor.employeeId && r.employee_id === actor.employeeId;
    const visible = r.published_at
      ? (site && (can(actor, 'scheduling.read') || can(actor, 'scheduling.manage'))) ||
        (own && can(actor, 'scheduling.self'))
      : site && can(actor, 'scheduling.manage');
    if (!visible) continue;
    const t = r.shift_type_id ? types.get(r.shift_type_id) : undefined;
    const planner = site && (can(actor, 'scheduling.read') || can(actor, 'scheduling.manage'));
    out.set(r.id, {
      entityType: 'shift',
      id: r.id,
      label: `${dayLabel(r.date)} ${t ? `${t.code} ` : ''}${r.start_time}–${r.end_time}`,
      href: planner ? `/scheduling?siteId=${r.site_id}&from=${r.date}` : '/my-shifts',
      siteId: r.site_id,
    });
  }
  return out;
}

/** What the core area plugs into the shared capabilities. */
export const coreParts: RegistryParts = {
  entities: [
    {
      entityType: 'shift',
      canRead: async (deps, actor, id) => (await describeShifts(deps, actor, [id])).has(id),
      describe: describeShifts,
    },
  ],
};
