import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import { canSeeSite } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { invalid } from '../../platform/errors.js';
import { activeMembers, organizationTimeZone } from '../accounts/index.js';
import { departmentSummaries, siteSummaries } from '../people/index.js';
import { normaliseRrule, RecurrenceError } from './schedule.js';
import './work.tables.js';

// Checks of what a task refers to: members, site, department, linked record, recurrence rule.

/** Hours as whole hundredths (null stays null). */
export const toCentihours = (h: number | null | undefined) =>
  h === null || h === undefined ? null : Math.round(h * 100);

/** The distinct ids, each an active member of the organization; invalid on `field` otherwise. */
export async function checkMembers(db: Kysely<DB>, orgId: string, ids: string[], field: string) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return unique;
  const found = new Set((await activeMembers(db, orgId, unique)).map((m) => m.userId));
  const missing = unique.filter((u) => !found.has(u));
  if (missing.length)
    throw invalid(
      'TASK_MEMBER_UNKNOWN',
      field,
      `${missing.join(', ')}: not an active member of the organization`,
    );
  return unique;
}

/** The site's time zone, or the organization's for tasks without a site. */
export async function timeZoneFor(db: Kysely<DB>, actor: Actor, siteId: string | null) {
  if (siteId) {
    const site = (await siteSummaries(db, actor.orgId, [siteId])).get(siteId);
    if (site) return site.timeZone;
  }
  return (await organizationTimeZone(db, actor.orgId)) ?? 'UTC';
}

/** No site, or one the actor can see that is not archived. */
export async function checkSite(db: Kysely<DB>, actor: Actor, siteId: string | null) {
  if (!siteId) return;
  const site = (await siteSummaries(db, actor.orgId, [siteId])).get(siteId);
  if (!site || !canSeeSite(actor, siteId))
    throw invalid('SITE_NOT_FOUND', 'siteId', 'is not a site you can see');
  if (site.archived) throw invalid('SITE_ARCHIVED', 'siteId', 'is archived');
}

/** No department, or an unarchived one of the organization. */
export async function checkDepartment(db: Kysely<DB>, actor: Actor, id: string | null) {
  if (!id) return;
  const d = (await departmentSummaries(db, actor.orgId, [id])).get(id);
  if (!d)
    throw invalid(
      'DEPARTMENT_NOT_FOUND',
      'departmentId',
      'is not a department of the organization',
    );
  if (d.archived) throw invalid('DEPARTMENT_ARCHIVED', 'departmentId', 'is archived');
}

/** A subject must be a kind other modules describe, exist, and be readable by the actor. */
export async function checkSubject(
  deps: Deps,
  actor: Actor,
  subject: { entityType: string; entityId: string } | null,
) {
  if (!subject) return;
  const kind = deps.registry.entities.get(subject.entityType);
  if (!kind?.describe)
    throw invalid(
      'TASK_SUBJECT_KIND',
      'subject.entityType',
      'is not a kind of record a task can link to',
    );
  const ref = (await kind.describe(deps, actor, [subject.entityId])).get(subject.entityId);
  if (!ref)
    throw invalid(
      'TASK_SUBJECT_NOT_FOUND',
      'subject.entityId',
      'does not exist or you may not read it',
    );
}

/** The rule in its normal form; invalid on `recurrence` when it cannot be read. */
export function checkRrule(rrule: string): string {
  try {
    return normaliseRrule(rrule);
  } catch (err) {
    if (err instanceof RecurrenceError)
      throw invalid('TASK_RECURRENCE_INVALID', 'recurrence', err.message);
    throw err;
  }
}
