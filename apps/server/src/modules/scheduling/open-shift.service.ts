import type { EligibilityReason, MyShift, OpenShift } from '@keel/contracts';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.service.js';
import { type Actor, canSeeSite } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { conflict, KeelError, notFound } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import { activeMembers, userIdsByEmployee } from '../accounts/index.js';
import { notify } from '../notifications/index.js';
import { employeeSummaries, siteEmployees, siteSummaries } from '../people/index.js';
import { checkDateRange, toMyShifts } from './my-shifts.service.js';
import {
  checkEligibility,
  formatShift,
  noEmployee,
  reasonFields,
  SELF_HREF,
  type ShiftRow,
  shiftLabel,
  summarizeShifts,
} from './self.shared.js';
import { lockEmployees } from './shift.write.js';

// Open shifts: published shifts without an assignee that eligible staff of the site may claim.

/** Where coordinators look at a site's roster. */
export const ROSTER_HREF = '/scheduling';

/** The sites whose open shifts a member sees: their home site and the sites their access names. */
async function memberSites(db: Kysely<DB>, actor: Actor): Promise<string[]> {
  if (!actor.employeeId) return [];
  const me = (await employeeSummaries(db, actor.orgId, [actor.employeeId])).get(actor.employeeId);
  const ids = new Set<string>(actor.siteIds ?? []);
  if (me?.siteId) ids.add(me.siteId);
  return [...ids].filter((id) => canSeeSite(actor, id));
}

/** Published open shifts of the caller's sites in [from, to], with whether the caller may claim each. */
export async function listOpenShifts(
  deps: Deps,
  actor: Actor,
  query: { from: string; to: string },
): Promise<{ hasEmployee: boolean; items: OpenShift[] }> {
  checkDateRange(query.from, query.to);
  if (!actor.employeeId) return { hasEmployee: false, items: [] };
  const employeeId = actor.employeeId;
  const sites = await memberSites(deps.db, actor);
  if (sites.length === 0) return { hasEmployee: true, items: [] };
  const now = deps.clock.now().toISOString();
  const rows = await deps.db
    .selectFrom('shifts')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('site_id', 'in', sites)
    .where('employee_id', 'is', null)
    .where('published_at', 'is not', null)
    .where('date', '>=', query.from)
    .where('date', '<=', query.to)
    .where('starts_at', '>', now)
    .orderBy('starts_at')
    .orderBy('id')
    .limit(200)
    .execute();
  const summaries = await summarizeShifts(deps.db, actor.orgId, rows);
  const verdicts = new Map<string, { eligible: boolean; reasons: EligibilityReason[] }>();
  for (const siteId of new Set(rows.map((r) => r.site_id))) {
    const siteRows = rows.filter((r) => r.site_id === siteId);
    const results = await checkEligibility(deps.db, actor.orgId, {
      siteId,
      shifts: siteRows,
      release: [],
      checks: siteRows.map((r) => ({ shiftId: r.id, employeeId })),
    });
    siteRows.forEach((r, i) => {
      verdicts.set(r.id, results[i]!);
    });
  }
  return {
    hasEmployee: true,
    items: rows.map((r) => ({
      ...summaries.get(r.id)!,
      ...(verdicts.get(r.id) ?? { eligible: false, reasons: [] }),
    })),
  };
}

/** Members holding `permission` whose site access covers the site. */
export async function membersWith(
  db: Kysely<DB>,
  orgId: string,
  siteId: string,
  permission: 'scheduling.manage' | 'scheduling.approve' | 'scheduling.self',
  userIds?: readonly string[],
): Promise<string[]> {
  const members = await activeMembers(db, orgId, userIds);
  return members
    .filter(
      (m) => m.permissions.has(permission) && (m.siteIds === null || m.siteIds.includes(siteId)),
    )
    .map((m) => m.userId);
}

/**
 * Claims an open shift for the caller. Eligibility is checked again in the transaction, and the
 * assignment is a conditional update on `employee_id is null`: of concurrent claims exactly one
 * changes the row, the others get 409 SHIFT_ALREADY_TAKEN (on PostgreSQL the shift row is locked
 * too). The claimer's employee row is locked like core's shift writes do, so one person never
 * ends up with two overlapping shifts from concurrent claims or edits.
 */
export async function claimOpenShift(
  deps: Deps,
  actor: Actor,
  shiftId: string,
): Promise<{ shift: MyShift; warnings: EligibilityReason[] }> {
  const employeeId = actor.employeeId;
  if (!employeeId) throw noEmployee();
  const sites = await memberSites(deps.db, actor);
  const warnings = await deps.db.transaction().execute(async (trx) => {
    await lockEmployees(trx, deps, actor.orgId, [employeeId]);
    let q = trx
      .selectFrom('shifts')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .where('id', '=', shiftId);
    if (deps.dialect === 'postgres') q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (!row || row.published_at === null || !sites.includes(row.site_id)) throw notFound('shift');
    if (row.employee_id === employeeId)
      throw conflict('SHIFT_ALREADY_YOURS', 'This shift is already yours.');
    if (row.employee_id !== null)
      throw conflict('SHIFT_ALREADY_TAKEN', 'Someone else has just taken this shift.');
    const now = deps.clock.now().toISOString();
    if (row.starts_at <= now) throw conflict('SHIFT_STARTED', 'This shift has already started.');
    const [verdict] = await checkEligibility(trx, actor.orgId, {
      siteId: row.site_id,
      shifts: [row],
      release: [],
      checks: [{ shiftId, employeeId }],
    });
    if (!verdict!.eligible)
      throw new KeelError(
        'conflict',
        'NOT_ELIGIBLE',
        `You cannot take this shift: ${verdict!.reasons
          .filter((r) => r.severity === 'error')
          .map((r) => r.message)
          .join('; ')}`,
        { fields: reasonFields('id', verdict!.reasons) },
      );
    const res = await trx
      .updateTable('shifts')
      .set({ employee_id: employeeId, updated_at: now, updated_by: actor.userId })
      .where('org_id', '=', actor.orgId)
      .where('id', '=', shiftId)
      .where('employee_id', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1)
      throw conflict('SHIFT_ALREADY_TAKEN', 'Someone else has just taken this shift.');
    const summary = (await summarizeShifts(trx, actor.orgId, [row])).get(row.id)!;
    const when = formatShift(row, summary.timeZone);
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'claim',
      entityType: 'shift',
      entityId: row.id,
      entityLabel: `${shiftLabel(summary)}, ${when}`,
      before: { employeeId: null },
      after: { employeeId },
      at: now,
    });
    await deps.events.record(trx, {
      orgId: actor.orgId,
      type: 'shift.claimed',
      entityType: 'shift',
      entityId: row.id,
      siteId: row.site_id,
      permission: 'scheduling.read',
      topics: ['scheduling'],
      actorUserId: actor.userId,
      data: { employeeId },
    });
    await notify(trx, deps, {
      orgId: actor.orgId,
      type: 'open_shift',
      recipients: await membersWith(trx, actor.orgId, row.site_id, 'scheduling.manage'),
      actorUserId: actor.userId,
      entity: { entityType: 'shift', entityId: row.id },
      siteId: row.site_id,
      title: `${actor.userName} claimed the open ${shiftLabel(summary)} on ${when}`,
      body: summary.site.name,
      href: ROSTER_HREF,
    });
    return verdict!.reasons;
  });
  afterCommit(deps);
  const row = await deps.db
    .selectFrom('shifts')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', '=', shiftId)
    .executeTakeFirstOrThrow();
  const [shift] = await toMyShifts(deps, deps.db, actor.orgId, [row]);
  return { shift: shift!, warnings };
}

/** At most this many (shift, person) checks when telling staff about open shifts. */
const MAX_NOTIFY_CHECKS = 5000;

/**
 * Tells the staff of the sites who may claim them about newly open shifts (published, open, not
 * started), in the caller's transaction: one notification per person, listing what they may
 * claim. Core's publish calls it with the open shifts it published; an approved release calls it
 * for the released shift. The caller runs `afterCommit(deps)` after the commit.
 */
export async function notifyOpenShifts(
  trx: Kysely<DB>,
  deps: Deps,
  actor: Pick<Actor, 'orgId' | 'userId'> | null,
  shiftIds: readonly string[],
  options: { exceptEmployeeIds?: readonly string[] } = {},
): Promise<{ notified: number }> {
  if (shiftIds.length === 0) return { notified: 0 };
  const orgId = actor?.orgId;
  const now = deps.clock.now().toISOString();
  let q = trx
    .selectFrom('shifts')
    .selectAll()
    .where('id', 'in', [...shiftIds])
    .where('employee_id', 'is', null)
    .where('published_at', 'is not', null)
    .where('starts_at', '>', now);
  if (orgId) q = q.where('org_id', '=', orgId);
  const rows = await q.orderBy('starts_at').execute();
  let notified = 0;
  for (const siteId of new Set(rows.map((r) => r.site_id))) {
    const siteRows = rows.filter((r) => r.site_id === siteId);
    const org = siteRows[0]!.org_id;
    const people = await siteEmployees(trx, org, siteId);
    const users = await userIdsByEmployee(
      trx,
      org,
      people.map((p) => p.id),
    );
    const allowed = new Set(
      await membersWith(trx, org, siteId, 'scheduling.self', [...users.values()]),
    );
    const candidates = people.filter((p) => {
      const u = users.get(p.id);
      return (
        u && allowed.has(u) && u !== actor?.userId && !options.exceptEmployeeIds?.includes(p.id)
      );
    });
    if (candidates.length === 0) continue;
    const shifts = siteRows.slice(
      0,
      Math.max(1, Math.floor(MAX_NOTIFY_CHECKS / candidates.length)),
    );
    const checks = shifts.flatMap((s) =>
      candidates.map((c) => ({ shiftId: s.id, employeeId: c.id })),
    );
    const results = await checkEligibility(trx, org, {
      siteId,
      shifts,
      release: [],
      checks,
    });
    const eligibleShifts = new Map<string, ShiftRow[]>();
    checks.forEach((c, i) => {
      if (!results[i]!.eligible) return;
      const user = users.get(c.employeeId)!;
      eligibleShifts.set(user, [
        ...(eligibleShifts.get(user) ?? []),
        shifts.find((s) => s.id === c.shiftId)!,
      ]);
    });
    if (eligibleShifts.size === 0) continue;
    const summaries = await summarizeShifts(trx, org, shifts);
    const site = (await siteSummaries(trx, org, [siteId])).get(siteId);
    const timeZone = site?.timeZone ?? 'UTC';
    // People offered the same shifts get one notification call.
    const groups = new Map<string, { users: string[]; shifts: ShiftRow[] }>();
    for (const [user, list] of eligibleShifts) {
      const key = list.map((s) => s.id).join(',');
      const g = groups.get(key) ?? { users: [], shifts: list };
      g.users.push(user);
      groups.set(key, g);
    }
    for (const g of groups.values()) {
      const first = g.shifts[0]!;
      const title =
        g.shifts.length === 1
          ? `Open ${shiftLabel(summaries.get(first.id)!)} at ${site?.name ?? 'your site'} on ${formatShift(first, timeZone)} — you can claim it`
          : `${g.shifts.length} open shifts at ${site?.name ?? 'your site'} you can claim`;
      const body =
        g.shifts.length === 1
          ? null
          : g.shifts
              .slice(0, 5)
              .map((s) => `${shiftLabel(summaries.get(s.id)!)}, ${formatShift(s, timeZone)}`)
              .join('\n');
      await notify(trx, deps, {
        orgId: org,
        type: 'open_shift',
        recipients: g.users,
        actorUserId: actor?.userId ?? null,
        entity: { entityType: 'shift', entityId: first.id },
        siteId,
        title,
        body,
        href: `${SELF_HREF}?tab=open`,
      });
      notified += g.users.length;
    }
  }
  return { notified };
}
