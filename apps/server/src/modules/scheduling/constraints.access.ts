import type { Kysely } from 'kysely';
import { type Actor, can, canSeeSite } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { forbidden, invalid, KeelError, notFound } from '../../platform/errors.js';
import { userIdsByEmployee } from '../accounts/index.js';
import { type SchedulingProfile, schedulingProfiles, siteSummaries } from '../people/index.js';
import './constraints.tables.js';

// Who may read and change whose constraints: staff their own (scheduling.self), coordinators
// anyone's in their sites (scheduling.manage). Another organization's record, or one outside the
// actor's sites, answers 404 like an unknown one.

export interface TargetEmployee extends SchedulingProfile {
  site: { id: string; name: string; timeZone: string } | null;
  own: boolean;
}

async function withSite(db: Kysely<DB>, orgId: string, p: SchedulingProfile, own: boolean) {
  const sites = p.siteId ? await siteSummaries(db, orgId, [p.siteId]) : new Map();
  const s = p.siteId ? sites.get(p.siteId) : undefined;
  return { ...p, own, site: s ? { id: s.id, name: s.name, timeZone: s.timeZone } : null };
}

/**
 * The employee a self-service call is about: the caller's own record when `employeeId` is
 * omitted or theirs; someone else's only with `permission` (default scheduling.manage) and site
 * access.
 */
export async function targetEmployee(
  db: Kysely<DB>,
  actor: Actor,
  employeeId: string | undefined,
  options: { permission?: 'scheduling.manage' | 'scheduling.approve'; forWrite?: boolean } = {},
): Promise<TargetEmployee> {
  const permission = options.permission ?? 'scheduling.manage';
  if (employeeId === undefined || employeeId === actor.employeeId) {
    if (!actor.employeeId)
      throw invalid(
        'NO_EMPLOYEE_RECORD',
        'employeeId',
        'your membership has no employee record: give the employee',
      );
    const p = (await schedulingProfiles(db, actor.orgId, [actor.employeeId])).get(actor.employeeId);
    if (!p) throw notFound('employee');
    if (options.forWrite && p.archived) throw archivedError();
    return withSite(db, actor.orgId, p, true);
  }
  if (!can(actor, permission) && !can(actor, 'scheduling.manage'))
    throw forbidden(
      'NOT_YOUR_RECORD',
      'You can only manage your own availability, preferences and time off.',
    );
  const p = (await schedulingProfiles(db, actor.orgId, [employeeId])).get(employeeId);
  if (!p || !canSeeSite(actor, p.siteId)) throw notFound('employee');
  if (options.forWrite && p.archived) throw archivedError();
  return withSite(db, actor.orgId, p, false);
}

const archivedError = () =>
  new KeelError('conflict', 'EMPLOYEE_ARCHIVED', 'This employee is archived.', {
    fields: [{ field: 'employeeId', message: 'is archived' }],
  });

/**
 * Access to an existing record of `employeeId`: own, or scheduling.manage (or `permission`) in
 * their site. Otherwise the record "does not exist" (404 `entity`).
 */
export async function recordOwner(
  db: Kysely<DB>,
  actor: Actor,
  employeeId: string,
  entity: string,
  permission: 'scheduling.manage' | 'scheduling.approve' = 'scheduling.manage',
): Promise<TargetEmployee> {
  const p = (await schedulingProfiles(db, actor.orgId, [employeeId])).get(employeeId);
  if (!p) throw notFound(entity);
  const own = actor.employeeId === employeeId;
  if (
    !own &&
    !((can(actor, permission) || can(actor, 'scheduling.manage')) && canSeeSite(actor, p.siteId))
  )
    throw notFound(entity);
  return withSite(db, actor.orgId, p, own);
}

/**
 * Announces a change to a person's constraints: to the coordinators of their site (the roster
 * re-checks) and to the person themself (their own pages refresh).
 */
export async function constraintEvent(
  trx: Kysely<DB>,
  deps: Deps,
  actor: Actor | null,
  e: {
    orgId: string;
    type: string;
    entityType: string;
    entityId: string;
    employeeId: string;
    siteId: string | null;
    data?: Record<string, unknown>;
  },
) {
  const base = {
    orgId: e.orgId,
    type: e.type,
    entityType: e.entityType,
    entityId: e.entityId,
    topics: ['scheduling'],
    data: { employeeId: e.employeeId, ...(e.data ?? {}) },
    actorUserId: actor?.userId ?? null,
  };
  await deps.events.record(trx, { ...base, permission: 'scheduling.manage', siteId: e.siteId });
  const users = await userIdsByEmployee(trx, e.orgId, [e.employeeId]);
  const userIds = [...new Set([...users.values(), ...(actor ? [actor.userId] : [])])];
  await deps.events.record(trx, { ...base, userIds });
}

export const nowIso = (deps: Deps) => deps.clock.now().toISOString();
