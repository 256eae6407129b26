import type { Shift } from '@keel/contracts';
import type { Kysely } from 'kysely';
import { type Actor, can, canSeeSite } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { notFound } from '../../platform/errors.js';
import { employeeSummaries, positionSummaries, siteSummaries } from '../people/index.js';
import type { ShiftRow } from './roster-input.js';
import './scheduling.tables.js';

type TypeInfo = { id: string; code: string; name: string; color: string };

/** Shift types (code, name, colour) by id, for labels. */
export async function shiftTypeLabels(
  db: Kysely<DB>,
  orgId: string,
  ids: readonly string[],
): Promise<Map<string, TypeInfo>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('shift_types')
    .select(['id', 'code', 'name', 'color'])
    .where('org_id', '=', orgId)
    .where('id', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Shift rows as the API shows them; names looked up in one query per kind. */
export async function toShifts(
  db: Kysely<DB>,
  orgId: string,
  rows: readonly ShiftRow[],
  known: {
    timeZones?: Map<string, string>;
    types?: Map<string, TypeInfo>;
    positions?: Map<string, { id: string; name: string }>;
    employees?: Map<string, { id: string; name: string }>;
  } = {},
): Promise<Shift[]> {
  const pick = <T>(f: (r: ShiftRow) => T | null) =>
    rows.flatMap((r) => {
      const v = f(r);
      return v === null ? [] : [v];
    });
  const [sites, types, positions, employees] = await Promise.all([
    known.timeZones
      ? known.timeZones
      : siteSummaries(
          db,
          orgId,
          pick((r) => r.site_id),
        ).then((m) => new Map([...m].map(([k, v]) => [k, v.timeZone]))),
    known.types ??
      shiftTypeLabels(
        db,
        orgId,
        pick((r) => r.shift_type_id),
      ),
    known.positions ??
      positionSummaries(
        db,
        orgId,
        pick((r) => r.position_id),
      ),
    known.employees ??
      employeeSummaries(
        db,
        orgId,
        pick((r) => r.employee_id),
      ),
  ]);
  return rows.map((r) => {
    const t = r.shift_type_id ? types.get(r.shift_type_id) : undefined;
    const p = r.position_id ? positions.get(r.position_id) : undefined;
    const e = r.employee_id ? employees.get(r.employee_id) : undefined;
    return {
      id: r.id,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      siteId: r.site_id,
      timeZone: sites.get(r.site_id) ?? 'UTC',
      date: r.date,
      startTime: r.start_time,
      endTime: r.end_time,
      start: r.starts_at,
      end: r.ends_at,
      breakMinutes: Number(r.break_minutes),
      paidMinutes: Number(r.paid_minutes),
      shiftType: t ? { id: t.id, code: t.code, name: t.name, color: t.color } : null,
      position: p ? { id: p.id, name: p.name } : null,
      employee: r.employee_id ? { id: r.employee_id, name: e?.name ?? '—' } : null,
      notes: r.notes,
      status: r.published_at ? 'published' : 'draft',
      changedSincePublish: Boolean(r.changed_since_publish),
      publishedVersion: r.published_version === null ? null : Number(r.published_version),
    };
  });
}

/** A shift of the organization inside the actor's site access, or 404. */
export async function loadShift(db: Kysely<DB>, actor: Actor, id: string): Promise<ShiftRow> {
  const row = await db
    .selectFrom('shifts')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || !canSeeSite(actor, row.site_id)) throw notFound('shift');
  return row;
}

/**
 * One shift. Planners (scheduling.manage) see drafts of their sites; readers see published
 * shifts of their sites; staff (scheduling.self) see their own published shifts. Else 404.
 */
export async function getShift(deps: Deps, actor: Actor, id: string): Promise<Shift> {
  const row = await deps.db
    .selectFrom('shifts')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('shift');
  const site = canSeeSite(actor, row.site_id);
  const own = !!actor.employeeId && row.employee_id === actor.employeeId;
  const visible = row.published_at
    ? (site && (can(actor, 'scheduling.read') || can(actor, 'scheduling.manage'))) ||
      (own && can(actor, 'scheduling.self'))
    : site && can(actor, 'scheduling.manage');
  if (!visible) throw notFound('shift');
  return (await toShifts(deps.db, actor.orgId, [row]))[0]!;
}
