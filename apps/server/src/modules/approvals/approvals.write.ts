import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { invalid } from '../../platform/errors.js';
import type { ApprovalType } from '../../platform/registry.js';
import { activeMembers, type OrgMember } from '../accounts/index.js';
import { notify } from '../notifications/index.js';
import { type Candidate, decidersOf } from './deciders.js';
import './approvals.tables.js';

// What every write of an approval request shares: deciders, history, audit, events, notices.

/** The contract tag approval events refresh. */
export const TOPICS = ['approvals'];
/** One day in milliseconds. */
export const DAY_MS = 86_400_000;

export type RequestRow = DB['approval_requests'];
type EventKind = DB['approval_events']['kind'];

/** The web link of an approval request. */
export const approvalHref = (id: string) => `/approvals/${id}`;

/** The registered approval type; invalid when no module registered it. */
export function typeOf(deps: Deps, type: string): ApprovalType {
  const t = deps.registry.approvalTypes.get(type);
  if (!t) throw invalid('APPROVAL_TYPE_UNKNOWN', 'type', `is not a registered approval type`);
  return t;
}

/** Members as decider candidates for a type (whether each holds its permission). */
export const candidatesFrom = (members: readonly OrgMember[], type: ApprovalType | undefined) =>
  members.map(
    (m): Candidate => ({
      userId: m.userId,
      role: m.role,
      siteIds: m.siteIds,
      hasPermission: !!type && m.permissions.has(type.permission),
    }),
  );

/** The part of a request that decides who may decide it. */
export const question = (r: RequestRow) => ({
  siteId: r.site_id,
  requiredRole: r.required_role,
  escalationLevel: r.escalation_level,
  requestedBy: r.requested_by,
});

/** The members who may decide the request now. */
export async function decidersFor(
  db: Kysely<DB>,
  deps: Deps,
  r: RequestRow,
  members?: readonly OrgMember[],
): Promise<OrgMember[]> {
  const type = deps.registry.approvalTypes.get(r.type);
  if (!type) return [];
  const all = members ?? (await activeMembers(db, r.org_id));
  const ids = new Set(
    decidersOf(candidatesFrom(all, type), question(r)).deciders.map((c) => c.userId),
  );
  return all.filter((m) => ids.has(m.userId));
}

/** Appends one entry to the request's history. */
export async function addEvent(
  db: Kysely<DB>,
  deps: Deps,
  r: { id: string; org_id: string },
  kind: EventKind,
  actorUserId: string | null,
  comment: string | null = null,
  data: Record<string, unknown> | null = null,
) {
  await db
    .insertInto('approval_events')
    .values({
      id: newId(),
      org_id: r.org_id,
      request_id: r.id,
      kind,
      actor_user_id: actorUserId,
      comment,
      data: data ? JSON.stringify(data) : null,
      created_at: deps.clock.now().toISOString(),
    })
    .execute();
}

/** The audited fields of a request. */
const snapshot = (r: RequestRow) => ({
  type: r.type,
  entityType: r.entity_type,
  entityId: r.entity_id,
  siteId: r.site_id,
  title: r.title,
  amountMinor: r.amount_minor,
  currency: r.currency,
  status: r.status,
  requiredRole: r.required_role,
  decidedBy: r.decided_by,
  comment: r.comment,
  escalationLevel: r.escalation_level,
});

const auditActor = (a: Actor | null) =>
  a ? { userId: a.userId, userName: a.userName, via: a.via } : null;

/** Audits a request change (`before` null on creation), in the caller's transaction. */
export async function auditRequest(
  db: Kysely<DB>,
  change: {
    actor: Actor | null;
    action: string;
    before: RequestRow | null;
    after: RequestRow;
    at: string;
  },
) {
  const { before, after } = change;
  await recordAudit(db, {
    actor: auditActor(change.actor),
    orgId: after.org_id,
    action: change.action,
    entityType: 'approval_request',
    entityId: after.id,
    entityLabel: after.title,
    ...(before ? { before: snapshot(before) } : {}),
    after: snapshot(after),
    at: change.at,
  });
}

/** What a request is about, as event data. */
export const subjectOf = (r: Pick<RequestRow, 'type' | 'entity_type' | 'entity_id'>) => ({
  type: r.type,
  entityType: r.entity_type,
  entityId: r.entity_id,
});

/** Announces a request change to the listed users, in the caller's transaction. */
export async function approvalEvent(
  db: Kysely<DB>,
  deps: Deps,
  r: Pick<RequestRow, 'id' | 'org_id' | 'site_id'>,
  e: {
    type: string;
    userIds: string[];
    actorUserId: string | null;
    data?: Record<string, unknown>;
  },
) {
  await deps.events.record(db, {
    orgId: r.org_id,
    type: e.type,
    entityType: 'approval_request',
    entityId: r.id,
    siteId: r.site_id,
    userIds: [...new Set(e.userIds)],
    topics: TOPICS,
    actorUserId: e.actorUserId,
    ...(e.data ? { data: e.data } : {}),
  });
}

/** Notifies people about a request, linking to it; in the caller's transaction. */
export async function notifyRequest(
  db: Kysely<DB>,
  deps: Deps,
  r: Pick<RequestRow, 'id' | 'org_id' | 'site_id'>,
  n: {
    type: 'approval_requested' | 'approval_decided' | 'approval_escalated' | 'approval_reminder';
    recipients: string[];
    actorUserId: string | null;
    title: string;
    body?: string | null;
  },
) {
  await notify(db, deps, {
    orgId: r.org_id,
    type: n.type,
    recipients: n.recipients,
    actorUserId: n.actorUserId,
    entity: { entityType: 'approval_request', entityId: r.id },
    siteId: r.site_id,
    title: n.title,
    ...(n.body !== undefined ? { body: n.body } : {}),
    href: approvalHref(r.id),
  });
}

/**
 * Cancels a still-pending request (a conditional update, so a concurrent decision wins) with
 * history, audit and an event to its deciders and requester; false when it was no longer pending.
 */
export async function cancelRow(
  db: Kysely<DB>,
  deps: Deps,
  r: RequestRow,
  actor: Actor | null,
  comment: string | null,
): Promise<boolean> {
  const now = deps.clock.now().toISOString();
  const res = await db
    .updateTable('approval_requests')
    .set({
      status: 'cancelled',
      decided_at: now,
      comment,
      updated_at: now,
      updated_by: actor?.userId ?? null,
    })
    .where('id', '=', r.id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return false;
  await addEvent(db, deps, r, 'cancelled', actor?.userId ?? null, comment);
  await auditRequest(db, {
    actor,
    action: 'cancel',
    before: r,
    after: { ...r, status: 'cancelled', comment },
    at: now,
  });
  const deciders = await decidersFor(db, deps, r);
  await approvalEvent(db, deps, r, {
    type: 'approval.cancelled',
    userIds: [...deciders.map((d) => d.userId), r.requested_by],
    actorUserId: actor?.userId ?? null,
    data: subjectOf(r),
  });
  return true;
}
