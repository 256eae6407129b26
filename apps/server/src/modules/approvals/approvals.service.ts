import type { Approval, ApprovalDetail, ApprovalEvent, ApprovalView, Role } from '@keel/contracts';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import { can, canSeeSite } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { conflict, forbidden, invalid, KeelError, notFound } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import { decodeCursor, encodeCursor, idCursor } from '../../platform/http/cursor.js';
import { type ApprovalType, describeEntities } from '../../platform/registry.js';
import { activeMembers, type OrgMember, userNames } from '../accounts/index.js';
import { notify } from '../notifications/index.js';
import { type Candidate, decidersOf, nextEscalation } from './deciders.js';
import { ruleFor } from './rules.service.js';
import './approvals.tables.js';

const TOPICS = ['approvals'];
const DAY_MS = 86_400_000;

type RequestRow = DB['approval_requests'];
type EventKind = DB['approval_events']['kind'];

export interface RequestApprovalInput {
  orgId: string;
  /** A registered `ApprovalType.type`. */
  type: string;
  /** The subject, of the type's entityType. */
  entityId: string;
  siteId: string | null;
  amountMinor?: number | null;
  currency?: string | null;
  title: string;
  requestedBy: Actor;
}

export const approvalHref = (id: string) => `/approvals/${id}`;

function typeOf(deps: Deps, type: string): ApprovalType {
  const t = deps.registry.approvalTypes.get(type);
  if (!t) throw invalid('APPROVAL_TYPE_UNKNOWN', 'type', `is not a registered approval type`);
  return t;
}

const candidatesFrom = (members: readonly OrgMember[], type: ApprovalType | undefined) =>
  members.map(
    (m): Candidate => ({
      userId: m.userId,
      role: m.role,
      siteIds: m.siteIds,
      hasPermission: !!type && m.permissions.has(type.permission),
    }),
  );

const question = (r: RequestRow) => ({
  siteId: r.site_id,
  requiredRole: r.required_role,
  escalationLevel: r.escalation_level,
  requestedBy: r.requested_by,
});

/** The members who may decide the request now. */
async function decidersFor(
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

async function addEvent(
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

/**
 * Asks for an approval, in the caller's transaction: stores the request, notifies its deciders
 * and records the history. One pending request per subject and type (409 APPROVAL_ALREADY_PENDING).
 * Call `afterCommit(deps)` after the commit.
 */
export async function requestApproval(
  db: Kysely<DB>,
  deps: Deps,
  input: RequestApprovalInput,
): Promise<{ id: string }> {
  const type = typeOf(deps, input.type);
  const actor = input.requestedBy;
  if (actor.orgId !== input.orgId)
    throw new Error('requestApproval: actor of another organization');
  const title = input.title.trim();
  if (!title) throw invalid('APPROVAL_TITLE_REQUIRED', 'title', 'must not be empty');
  const existing = await pendingApproval(db, {
    orgId: input.orgId,
    type: input.type,
    entityId: input.entityId,
  });
  if (existing)
    throw conflict('APPROVAL_ALREADY_PENDING', 'An approval for this record is already pending.');
  const rule = await ruleFor(db, input.orgId, input.type, input.siteId);
  const amount = input.amountMinor ?? null;
  const requiredRole =
    rule &&
    rule.threshold_minor !== null &&
    rule.required_role &&
    amount !== null &&
    amount > rule.threshold_minor
      ? rule.required_role
      : null;
  const now = deps.clock.now().toISOString();
  const row: RequestRow = {
    id: newId(),
    org_id: input.orgId,
    created_at: now,
    created_by: actor.userId,
    updated_at: now,
    updated_by: actor.userId,
    type: input.type,
    entity_type: type.entityType,
    entity_id: input.entityId,
    site_id: input.siteId,
    amount_minor: amount,
    currency: amount === null ? null : (input.currency ?? null),
    title,
    status: 'pending',
    requested_by: actor.userId,
    required_role: requiredRole,
    decided_by: null,
    decided_at: null,
    comment: null,
    escalation_level: 0,
    escalated_at: null,
    reminded_at: null,
  };
  await db.insertInto('approval_requests').values(row).execute();
  await addEvent(
    db,
    deps,
    row,
    'requested',
    actor.userId,
    null,
    requiredRole ? { requiredRole } : null,
  );
  await recordAudit(db, {
    actor: auditActor(actor),
    orgId: input.orgId,
    action: 'create',
    entityType: 'approval_request',
    entityId: row.id,
    entityLabel: title,
    after: snapshot(row),
    at: now,
  });
  const deciders = await decidersFor(db, deps, row);
  const deciderIds = deciders.map((d) => d.userId);
  await notify(db, deps, {
    orgId: input.orgId,
    type: 'approval_requested',
    recipients: deciderIds,
    actorUserId: actor.userId,
    entity: { entityType: 'approval_request', entityId: row.id },
    siteId: input.siteId,
    title: `${actor.userName} asks for your approval: ${title}`,
    href: approvalHref(row.id),
  });
  await deps.events.record(db, {
    orgId: input.orgId,
    type: 'approval.requested',
    entityType: 'approval_request',
    entityId: row.id,
    siteId: input.siteId,
    userIds: [...new Set([...deciderIds, actor.userId])],
    topics: TOPICS,
    actorUserId: actor.userId,
    data: { type: input.type, entityType: type.entityType, entityId: input.entityId },
  });
  return { id: row.id };
}

/** The pending request for a subject and type, if any. */
export async function pendingApproval(
  db: Kysely<DB>,
  q: { orgId: string; type: string; entityId: string },
): Promise<{ id: string; status: 'pending' } | null> {
  const row = await db
    .selectFrom('approval_requests')
    .select('id')
    .where('org_id', '=', q.orgId)
    .where('type', '=', q.type)
    .where('entity_id', '=', q.entityId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return row ? { id: row.id, status: 'pending' } : null;
}

async function cancelRow(
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
  await recordAudit(db, {
    actor: auditActor(actor),
    orgId: r.org_id,
    action: 'cancel',
    entityType: 'approval_request',
    entityId: r.id,
    entityLabel: r.title,
    before: snapshot(r),
    after: snapshot({ ...r, status: 'cancelled', comment }),
    at: now,
  });
  const deciders = await decidersFor(db, deps, r);
  await deps.events.record(db, {
    orgId: r.org_id,
    type: 'approval.cancelled',
    entityType: 'approval_request',
    entityId: r.id,
    siteId: r.site_id,
    userIds: [...new Set([...deciders.map((d) => d.userId), r.requested_by])],
    topics: TOPICS,
    actorUserId: actor?.userId ?? null,
    data: { type: r.type, entityType: r.entity_type, entityId: r.entity_id },
  });
  return true;
}

/**
 * Withdraws the pending requests of a type for a subject (the subject was deleted, changed or
 * no longer needs it), in the caller's transaction. Returns how many were cancelled.
 */
export async function cancelApprovals(
  db: Kysely<DB>,
  deps: Deps,
  input: { orgId: string; type: string; entityId: string; actor: Actor | null },
): Promise<number> {
  const rows = await db
    .selectFrom('approval_requests')
    .selectAll()
    .where('org_id', '=', input.orgId)
    .where('type', '=', input.type)
    .where('entity_id', '=', input.entityId)
    .where('status', '=', 'pending')
    .execute();
  let n = 0;
  for (const r of rows) if (await cancelRow(db, deps, r, input.actor, null)) n++;
  return n;
}

// ── Reading ───────────────────────────────────────────────────────────────

const TERMINAL = ['approved', 'rejected', 'cancelled'] as const;

/** Types whose permission the actor holds: they may see those requests within their sites. */
const typesActorOversees = (deps: Deps, actor: Actor) =>
  [...deps.registry.approvalTypes.values()]
    .filter((t) => can(actor, t.permission))
    .map((t) => t.type);

/** Whether the actor may see the request at all: decider, requester or overseer. */
function maySee(deps: Deps, actor: Actor, r: RequestRow, deciderIds: ReadonlySet<string>) {
  if (r.org_id !== actor.orgId) return false;
  if (r.requested_by === actor.userId || r.decided_by === actor.userId) return true;
  if (deciderIds.has(actor.userId)) return true;
  const type = deps.registry.approvalTypes.get(r.type);
  return !!type && can(actor, type.permission) && canSeeSite(actor, r.site_id);
}

async function toApprovals(
  deps: Deps,
  actor: Actor,
  rows: RequestRow[],
  deciderSets: Map<string, ReadonlySet<string>>,
): Promise<Approval[]> {
  const names = await userNames(
    deps.db,
    rows.flatMap((r) => [r.requested_by, ...(r.decided_by ? [r.decided_by] : [])]),
  );
  const subjects = await describeEntities(
    deps,
    actor,
    rows.map((r) => ({ entityType: r.entity_type, id: r.entity_id })),
  );
  const person = (id: string) => ({ id, name: names.get(id) ?? 'Former user' });
  return rows.map((r) => {
    const ref = subjects.get(`${r.entity_type}:${r.entity_id}`);
    const pending = r.status === 'pending';
    return {
      id: r.id,
      type: r.type,
      entityType: r.entity_type,
      entityId: r.entity_id,
      subject: ref ? { label: ref.label, href: ref.href } : null,
      siteId: r.site_id,
      title: r.title,
      amountMinor: r.amount_minor === null ? null : Number(r.amount_minor),
      currency: r.currency,
      status: r.status,
      requestedBy: person(r.requested_by),
      requestedAt: r.created_at,
      requiredRole: (r.required_role as Role | null) ?? null,
      decidedBy: r.decided_by ? person(r.decided_by) : null,
      decidedAt: r.decided_at,
      comment: r.comment,
      escalationLevel: r.escalation_level,
      canDecide: pending && (deciderSets.get(r.id)?.has(actor.userId) ?? false),
      canCancel: pending && r.requested_by === actor.userId,
    };
  });
}

/** Decider ids per pending request (one member query for the whole list). */
async function deciderSetsFor(deps: Deps, orgId: string, rows: RequestRow[]) {
  const out = new Map<string, ReadonlySet<string>>();
  const pending = rows.filter((r) => r.status === 'pending');
  if (pending.length === 0) return out;
  const members = await activeMembers(deps.db, orgId);
  for (const r of pending) {
    const ds = await decidersFor(deps.db, deps, r, members);
    out.set(r.id, new Set(ds.map((d) => d.userId)));
  }
  return out;
}

const INBOX_SCAN = 500;

export async function listApprovals(
  deps: Deps,
  actor: Actor,
  query: { view: ApprovalView; cursor?: string | undefined; limit: number },
): Promise<{ items: Approval[]; nextCursor: string | null }> {
  const after = decodeCursor(query.cursor, idCursor)?.[0] as string | undefined;
  let q = deps.db.selectFrom('approval_requests').selectAll().where('org_id', '=', actor.orgId);
  if (after) q = q.where('id', '<', after);
  let rows: RequestRow[];
  let more: boolean;
  if (query.view === 'inbox') {
    // Pending requests are few; deciders depend on members and rules, so filter here.
    const pending = await q
      .where('status', '=', 'pending')
      .where('requested_by', '!=', actor.userId)
      .orderBy('id', 'desc')
      .limit(INBOX_SCAN)
      .execute();
    const sets = await deciderSetsFor(deps, actor.orgId, pending);
    const mine = pending.filter((r) => sets.get(r.id)?.has(actor.userId));
    more = mine.length > query.limit;
    rows = mine.slice(0, query.limit);
    const items = await toApprovals(deps, actor, rows, sets);
    return { items, nextCursor: more ? encodeCursor([rows[rows.length - 1]!.id]) : null };
  }
  if (query.view === 'mine') {
    q = q.where('requested_by', '=', actor.userId);
  } else {
    const overseen = typesActorOversees(deps, actor);
    q = q.where('status', 'in', [...TERMINAL]).where((eb) => {
      const ors = [eb('requested_by', '=', actor.userId), eb('decided_by', '=', actor.userId)];
      if (overseen.length) {
        const scoped = [eb('type', 'in', overseen)];
        if (actor.siteIds)
          scoped.push(
            eb.or([
              eb('site_id', 'is', null),
              eb('site_id', 'in', actor.siteIds.length ? [...actor.siteIds] : ['-']),
            ]),
          );
        ors.push(eb.and(scoped));
      }
      return eb.or(ors);
    });
  }
  const found = await q
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
  more = found.length > query.limit;
  rows = found.slice(0, query.limit);
  const sets = await deciderSetsFor(deps, actor.orgId, rows);
  return {
    items: await toApprovals(deps, actor, rows, sets),
    nextCursor: more ? encodeCursor([rows[rows.length - 1]!.id]) : null,
  };
}

export async function approvalCounts(deps: Deps, actor: Actor) {
  const pending = await deps.db
    .selectFrom('approval_requests')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('status', '=', 'pending')
    .orderBy('id', 'desc')
    .limit(INBOX_SCAN)
    .execute();
  const sets = await deciderSetsFor(deps, actor.orgId, pending);
  return {
    needsMe: pending.filter(
      (r) => r.requested_by !== actor.userId && sets.get(r.id)?.has(actor.userId),
    ).length,
    minePending: pending.filter((r) => r.requested_by === actor.userId).length,
  };
}

async function loadVisible(
  db: Kysely<DB>,
  deps: Deps,
  actor: Actor,
  id: string,
  lock = false,
): Promise<{ row: RequestRow; deciders: OrgMember[] }> {
  let q = db
    .selectFrom('approval_requests')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', '=', id);
  if (lock && deps.dialect === 'postgres') q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('approval request');
  const deciders = await decidersFor(db, deps, row);
  if (!maySee(deps, actor, row, new Set(deciders.map((d) => d.userId))))
    throw notFound('approval request');
  return { row, deciders: row.status === 'pending' ? deciders : [] };
}

export async function getApproval(
  deps: Deps,
  actor: Actor,
  id: string,
  db: Kysely<DB> = deps.db,
): Promise<ApprovalDetail> {
  const { row, deciders } = await loadVisible(db, deps, actor, id);
  const events = await db
    .selectFrom('approval_events')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('request_id', '=', id)
    .orderBy('id')
    .execute();
  const names = await userNames(
    db,
    events.map((e) => e.actor_user_id).filter((x): x is string => !!x),
  );
  const [base] = await toApprovals(
    deps,
    actor,
    [row],
    new Map([[row.id, new Set(deciders.map((d) => d.userId))]]),
  );
  return {
    ...base!,
    deciders: deciders.map((d) => ({ id: d.userId, name: d.name })),
    events: events.map(
      (e): ApprovalEvent => ({
        id: e.id,
        kind: e.kind,
        actor: e.actor_user_id
          ? { id: e.actor_user_id, name: names.get(e.actor_user_id) ?? 'Former user' }
          : null,
        comment: e.comment,
        at: e.created_at,
      }),
    ),
  };
}

// ── Deciding ──────────────────────────────────────────────────────────────

const alreadyDecided = () =>
  conflict('APPROVAL_ALREADY_DECIDED', 'This request has already been decided.');

export async function decideApproval(
  deps: Deps,
  actor: Actor,
  id: string,
  input: { decision: 'approved' | 'rejected'; comment?: string | null | undefined },
): Promise<ApprovalDetail> {
  const comment = input.comment ?? null;
  if (input.decision === 'rejected' && !comment)
    throw invalid('APPROVAL_COMMENT_REQUIRED', 'comment', 'is required when rejecting');
  await deps.db.transaction().execute(async (trx) => {
    const { row, deciders } = await loadVisible(trx, deps, actor, id, true);
    if (row.status !== 'pending') throw alreadyDecided();
    if (row.requested_by === actor.userId)
      throw forbidden('APPROVAL_OWN_REQUEST', 'You cannot decide your own request.');
    if (!deciders.some((d) => d.userId === actor.userId))
      throw forbidden('APPROVAL_NOT_DECIDER', 'You may not decide this request.');
    const type = deps.registry.approvalTypes.get(row.type);
    if (!type)
      throw new KeelError(
        'unprocessable',
        'APPROVAL_TYPE_UNKNOWN',
        'The module that asked for this approval is not installed.',
      );
    const now = deps.clock.now().toISOString();
    // Exactly one decision wins: the update only matches while the request is still pending.
    const res = await trx
      .updateTable('approval_requests')
      .set({
        status: input.decision,
        decided_by: actor.userId,
        decided_at: now,
        comment,
        updated_at: now,
        updated_by: actor.userId,
      })
      .where('id', '=', row.id)
      .where('org_id', '=', actor.orgId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw alreadyDecided();
    await type.onDecided({
      db: trx,
      deps,
      actor,
      request: {
        id: row.id,
        orgId: row.org_id,
        type: row.type,
        entityType: row.entity_type,
        entityId: row.entity_id,
        requestedBy: row.requested_by,
      },
      decision: input.decision,
      comment,
    });
    await addEvent(trx, deps, row, input.decision, actor.userId, comment);
    const after = { ...row, status: input.decision, decided_by: actor.userId, comment };
    await recordAudit(trx, {
      actor: auditActor(actor),
      orgId: actor.orgId,
      action: input.decision === 'approved' ? 'approve' : 'reject',
      entityType: 'approval_request',
      entityId: row.id,
      entityLabel: row.title,
      before: snapshot(row),
      after: snapshot(after),
      at: now,
    });
    await notify(trx, deps, {
      orgId: actor.orgId,
      type: 'approval_decided',
      recipients: [row.requested_by],
      actorUserId: actor.userId,
      entity: { entityType: 'approval_request', entityId: row.id },
      siteId: row.site_id,
      title: `${actor.userName} ${input.decision === 'approved' ? 'approved' : 'rejected'}: ${row.title}`,
      body: comment,
      href: approvalHref(row.id),
    });
    await deps.events.record(trx, {
      orgId: actor.orgId,
      type: `approval.${input.decision}`,
      entityType: 'approval_request',
      entityId: row.id,
      siteId: row.site_id,
      userIds: [...new Set([...deciders.map((d) => d.userId), row.requested_by])],
      topics: TOPICS,
      actorUserId: actor.userId,
      data: { type: row.type, entityType: row.entity_type, entityId: row.entity_id },
    });
  });
  afterCommit(deps);
  // Read back after the commit: subject labels come from other modules' queries.
  return getApproval(deps, actor, id);
}

/** The requester withdraws their pending request. */
export async function cancelOwnApproval(
  deps: Deps,
  actor: Actor,
  id: string,
  comment: string | null,
): Promise<ApprovalDetail> {
  await deps.db.transaction().execute(async (trx) => {
    const { row } = await loadVisible(trx, deps, actor, id, true);
    if (row.status !== 'pending') throw alreadyDecided();
    if (row.requested_by !== actor.userId)
      throw forbidden('APPROVAL_NOT_REQUESTER', 'Only the requester can withdraw a request.');
    if (!(await cancelRow(trx, deps, row, actor, comment))) throw alreadyDecided();
  });
  afterCommit(deps);
  // Read back after the commit: subject labels come from other modules' queries.
  return getApproval(deps, actor, id);
}

// ── Reminders and escalation (hourly job) ─────────────────────────────────

/**
 * Reminds the deciders of requests waiting longer than their type's `remindAfterDays` (at most
 * once a day) and escalates those waiting longer than the escalation period (the rule's, else
 * the type's) one role up, notifying the role it reached. Each step is its own transaction and
 * a conditional update, so two server copies never do it twice.
 */
export async function remindAndEscalate(deps: Deps, now: Date): Promise<void> {
  let after = '';
  for (;;) {
    const rows = await deps.db
      .selectFrom('approval_requests')
      .selectAll()
      .where('status', '=', 'pending')
      .where('id', '>', after)
      .orderBy('id')
      .limit(200)
      .execute();
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    for (const r of rows) {
      const type = deps.registry.approvalTypes.get(r.type);
      if (!type) continue;
      try {
        await escalateIfDue(deps, r, type, now);
        await remindIfDue(deps, r, type, now);
      } catch (err) {
        deps.log.error({ err, approvalId: r.id }, 'approval reminder failed');
      }
    }
  }
  afterCommit(deps);
}

async function escalateIfDue(deps: Deps, r: RequestRow, type: ApprovalType, now: Date) {
  const rule = await ruleFor(deps.db, r.org_id, r.type, r.site_id);
  const days = rule?.escalate_after_days ?? type.escalateAfterDays;
  if (!days || days <= 0) return;
  const since = Date.parse(r.escalated_at ?? r.created_at);
  if (now.getTime() - since < days * DAY_MS) return;
  await deps.db.transaction().execute(async (trx) => {
    const members = await activeMembers(trx, r.org_id);
    const next = nextEscalation(candidatesFrom(members, type), question(r));
    if (!next) return;
    const stamp = now.toISOString();
    const res = await trx
      .updateTable('approval_requests')
      .set({ escalation_level: next.level, escalated_at: stamp, updated_at: stamp })
      .where('id', '=', r.id)
      .where('status', '=', 'pending')
      .where('escalation_level', '=', r.escalation_level)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return;
    await addEvent(trx, deps, r, 'escalated', null, null, { level: next.level, role: next.role });
    await notify(trx, deps, {
      orgId: r.org_id,
      type: 'approval_escalated',
      recipients: next.userIds,
      actorUserId: null,
      entity: { entityType: 'approval_request', entityId: r.id },
      siteId: r.site_id,
      title: `Waiting for a decision for ${days} day${days === 1 ? '' : 's'}: ${r.title}`,
      body: 'Escalated to you because nobody has decided it yet.',
      href: approvalHref(r.id),
    });
    await deps.events.record(trx, {
      orgId: r.org_id,
      type: 'approval.escalated',
      entityType: 'approval_request',
      entityId: r.id,
      siteId: r.site_id,
      userIds: [...new Set([...next.userIds, r.requested_by])],
      topics: TOPICS,
      actorUserId: null,
    });
    r.escalation_level = next.level;
    r.escalated_at = stamp;
  });
}

async function remindIfDue(deps: Deps, r: RequestRow, type: ApprovalType, now: Date) {
  if (!type.remindAfterDays || type.remindAfterDays <= 0) return;
  if (now.getTime() - Date.parse(r.created_at) < type.remindAfterDays * DAY_MS) return;
  if (r.reminded_at && now.getTime() - Date.parse(r.reminded_at) < DAY_MS) return;
  // Just escalated: the escalation notice is today's reminder.
  if (r.escalated_at && now.getTime() - Date.parse(r.escalated_at) < DAY_MS) return;
  await deps.db.transaction().execute(async (trx) => {
    const stamp = now.toISOString();
    let q = trx
      .updateTable('approval_requests')
      .set({ reminded_at: stamp })
      .where('id', '=', r.id)
      .where('status', '=', 'pending');
    q = r.reminded_at
      ? q.where('reminded_at', '=', r.reminded_at)
      : q.where('reminded_at', 'is', null);
    const res = await q.executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return;
    const deciders = await decidersFor(trx, deps, r);
    await addEvent(trx, deps, r, 'reminded', null, null, {
      userIds: deciders.map((d) => d.userId),
    });
    const waited = Math.floor((now.getTime() - Date.parse(r.created_at)) / DAY_MS);
    await notify(trx, deps, {
      orgId: r.org_id,
      type: 'approval_reminder',
      recipients: deciders.map((d) => d.userId),
      actorUserId: null,
      entity: { entityType: 'approval_request', entityId: r.id },
      siteId: r.site_id,
      title: `Reminder: waiting for your approval for ${waited} day${waited === 1 ? '' : 's'}: ${r.title}`,
      href: approvalHref(r.id),
    });
  });
}

// ── As a record other capabilities point at (history, links) ─────────────

export async function canReadApproval(deps: Deps, actor: Actor, id: string): Promise<boolean> {
  try {
    await loadVisible(deps.db, deps, actor, id);
    return true;
  } catch (err) {
    if (err instanceof KeelError && err.kind === 'not_found') return false;
    throw err;
  }
}

export async function describeApprovals(deps: Deps, actor: Actor, ids: string[]) {
  const out = new Map<
    string,
    { entityType: string; id: string; label: string; href: string; siteId: string | null }
  >();
  if (ids.length === 0) return out;
  const rows = await deps.db
    .selectFrom('approval_requests')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', 'in', ids)
    .execute();
  const sets = await deciderSetsFor(deps, actor.orgId, rows);
  for (const r of rows) {
    if (!maySee(deps, actor, r, sets.get(r.id) ?? new Set())) continue;
    out.set(r.id, {
      entityType: 'approval_request',
      id: r.id,
      label: r.title,
      href: approvalHref(r.id),
      siteId: r.site_id,
    });
  }
  return out;
}
