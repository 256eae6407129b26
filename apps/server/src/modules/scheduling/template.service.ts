import type { Kysely, Selectable } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.service.js';
import { type Actor, canSeeSite } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { invalid, notFound } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import { employeeSummaries } from '../people/index.js';
import {
  addDays,
  isoWeekday,
  nowIso,
  requireSite,
  setupEvent,
  siteShiftTypes,
} from './coverage.service.js';
import './scheduling.tables.js';
import { type DraftShift, insertDraftShifts } from './shift.write.js';

type TemplateRow = Selectable<DB['week_templates']>;

export interface TemplateShift {
  weekday: number;
  shiftTypeId: string | null;
  positionId: string | null;
  employeeId: string | null;
  startTime: string;
  endTime: string;
  breakMinutes: number;
}

const parseShifts = (json: string): TemplateShift[] => {
  const v = JSON.parse(json) as unknown;
  return Array.isArray(v) ? (v as TemplateShift[]) : [];
};

const toTemplate = (r: TemplateRow) => ({
  id: r.id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  siteId: r.site_id,
  name: r.name,
  shifts: parseShifts(r.shifts),
});

async function loadTemplate(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await db
    .selectFrom('week_templates')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || !canSeeSite(actor, row.site_id))
    throw notFound('week template', 'TEMPLATE_NOT_FOUND');
  return row;
}

export async function listTemplates(deps: Deps, actor: Actor, siteId: string) {
  await requireSite(deps.db, actor, siteId);
  const rows = await deps.db
    .selectFrom('week_templates')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('site_id', '=', siteId)
    .orderBy('name')
    .orderBy('id')
    .execute();
  return { items: rows.map(toTemplate) };
}

async function insertTemplate(
  trx: Kysely<DB>,
  deps: Deps,
  actor: Actor,
  site: { id: string; name: string },
  name: string,
  items: TemplateShift[],
  audit: Record<string, unknown>,
) {
  const at = nowIso(deps);
  const r: TemplateRow = {
    id: newId(),
    org_id: actor.orgId,
    site_id: site.id,
    name,
    shifts: JSON.stringify(items),
    created_at: at,
    created_by: actor.userId,
    updated_at: at,
    updated_by: actor.userId,
  };
  await trx.insertInto('week_templates').values(r).execute();
  await recordAudit(trx, {
    actor,
    orgId: actor.orgId,
    action: 'create',
    entityType: 'week_template',
    entityId: r.id,
    entityLabel: r.name,
    after: { siteId: site.id, name: r.name, shifts: items.length, ...audit },
    at,
  });
  await setupEvent(trx, deps, actor, {
    type: 'scheduling.template_created',
    entityType: 'week_template',
    entityId: r.id,
    siteId: site.id,
  });
  return r;
}

/**
 * Creates a template from a list of shifts (for the demo seed and imports; the web app saves a
 * week instead). Shift types must be shift types of the site, weekdays 1–7, times 'HH:MM'.
 */
export async function createTemplate(
  deps: Deps,
  actor: Actor,
  input: { siteId: string; name: string; shifts: TemplateShift[] },
) {
  const site = await requireSite(deps.db, actor, input.siteId);
  const row = await deps.db.transaction().execute(async (trx) => {
    const types = await siteShiftTypes(trx, actor.orgId, site.id);
    input.shifts.forEach((s, i) => {
      if (s.shiftTypeId && !types.has(s.shiftTypeId))
        throw invalid(
          'SHIFT_TYPE_NOT_FOUND',
          `shifts[${i}].shiftTypeId`,
          'is not a shift type of this site',
        );
      if (!Number.isInteger(s.weekday) || s.weekday < 1 || s.weekday > 7)
        throw invalid('INVALID_WEEKDAY', `shifts[${i}].weekday`, 'must be 1 (Mon)–7 (Sun)');
      for (const f of ['startTime', 'endTime'] as const)
        if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(s[f]))
          throw invalid('INVALID_TIME', `shifts[${i}].${f}`, 'must be a time as HH:MM');
    });
    return insertTemplate(trx, deps, actor, site, input.name, input.shifts, {});
  });
  afterCommit(deps);
  return toTemplate(row);
}

/**
 * Saves the site's shifts of the 7 days starting `weekStart` (drafts and published) as a
 * template: each shift keeps its weekday, times, break, type, position and person.
 */
export async function saveTemplate(
  deps: Deps,
  actor: Actor,
  input: { siteId: string; name: string; weekStart: string },
) {
  const site = await requireSite(deps.db, actor, input.siteId);
  const row = await deps.db.transaction().execute(async (trx) => {
    const shifts = await trx
      .selectFrom('shifts')
      .select([
        'date',
        'start_time',
        'end_time',
        'break_minutes',
        'shift_type_id',
        'position_id',
        'employee_id',
      ])
      .where('org_id', '=', actor.orgId)
      .where('site_id', '=', site.id)
      .where('date', '>=', input.weekStart)
      .where('date', '<=', addDays(input.weekStart, 6))
      .orderBy('date')
      .orderBy('start_time')
      .orderBy('id')
      .execute();
    if (shifts.length === 0)
      throw invalid('WEEK_EMPTY', 'weekStart', 'the week has no shifts at this site to save');
    const items: TemplateShift[] = shifts.map((s) => ({
      weekday: isoWeekday(String(s.date)),
      shiftTypeId: s.shift_type_id,
      positionId: s.position_id,
      employeeId: s.employee_id,
      startTime: s.start_time,
      endTime: s.end_time,
      breakMinutes: Number(s.break_minutes),
    }));
    return insertTemplate(trx, deps, actor, site, input.name, items, {
      weekStart: input.weekStart,
    });
  });
  afterCommit(deps);
  return toTemplate(row);
}

export async function deleteTemplate(deps: Deps, actor: Actor, id: string) {
  await loadTemplate(deps.db, actor, id);
  const at = nowIso(deps);
  await deps.db.transaction().execute(async (trx) => {
    const row = await loadTemplate(trx, actor, id);
    await trx.deleteFrom('week_templates').where('id', '=', id).execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'delete',
      entityType: 'week_template',
      entityId: id,
      entityLabel: row.name,
      before: { siteId: row.site_id, name: row.name, shifts: parseShifts(row.shifts).length },
      at,
    });
    await setupEvent(trx, deps, actor, {
      type: 'scheduling.template_deleted',
      entityType: 'week_template',
      entityId: id,
      siteId: row.site_id,
    });
  });
  afterCommit(deps);
  return { ok: true as const };
}

/**
 * Fills the 7 days starting `weekStart` from a template, as draft shifts in one transaction:
 * each template shift lands on the date of its weekday. Without assignees every shift is open.
 * Shifts of archived shift types, of people no longer active, and shifts that would overlap one
 * the person already has are skipped and listed.
 */
export async function applyTemplate(
  deps: Deps,
  actor: Actor,
  id: string,
  input: { weekStart: string; includeAssignees: boolean },
) {
  await loadTemplate(deps.db, actor, id);
  const result = await deps.db.transaction().execute(async (trx) => {
    const tpl = await loadTemplate(trx, actor, id);
    const items = parseShifts(tpl.shifts);
    const types = await siteShiftTypes(trx, actor.orgId, tpl.site_id);
    const people = input.includeAssignees
      ? await employeeSummaries(
          trx,
          actor.orgId,
          items.flatMap((s) => (s.employeeId ? [s.employeeId] : [])),
        )
      : new Map();
    const dateOf = (weekday: number) => {
      const offset = (((weekday - isoWeekday(input.weekStart)) % 7) + 7) % 7;
      return addDays(input.weekStart, offset);
    };
    const drafts: DraftShift[] = [];
    const skipped: { date: string; reason: string }[] = [];
    for (const s of items) {
      const date = dateOf(s.weekday);
      if (s.shiftTypeId) {
        const type = types.get(s.shiftTypeId);
        if (!type || type.archived_at) {
          skipped.push({
            date,
            reason: type
              ? `shift type ${type.code} is archived`
              : 'the shift type no longer exists',
          });
          continue;
        }
      }
      let employeeId: string | null = null;
      if (input.includeAssignees && s.employeeId) {
        const p = people.get(s.employeeId);
        if (!p || p.archived) {
          skipped.push({
            date,
            reason: p ? `${p.name} is no longer active` : 'the person no longer exists',
          });
          continue;
        }
        employeeId = p.id;
      }
      drafts.push({
        date,
        shiftTypeId: s.shiftTypeId,
        startTime: s.startTime,
        endTime: s.endTime,
        breakMinutes: s.breakMinutes,
        positionId: s.positionId,
        employeeId,
      });
    }
    const inserted = await insertDraftShifts(trx, deps, actor, tpl.site_id, drafts, {
      skipOverlaps: true,
    });
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'apply',
      entityType: 'week_template',
      entityId: tpl.id,
      entityLabel: tpl.name,
      after: {
        weekStart: input.weekStart,
        includeAssignees: input.includeAssignees,
        created: inserted.createdIds.length,
        skipped: skipped.length + inserted.skipped.length,
      },
      at: nowIso(deps),
    });
    return {
      created: inserted.createdIds.length,
      skipped: [...skipped, ...inserted.skipped].sort((a, b) => a.date.localeCompare(b.date)),
    };
  });
  afterCommit(deps);
  return result;
}
