import type { Approval, ApprovalDetail, ApprovalEvent, ApprovalView, Role } from '@keel/contracts';
import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import { can, canSeeSite } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { KeelError, notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor, idCursor } from '../../platform/http/cursor.js';
import { describeEntities } from '../../platform/registry.js';
import { activeMembers, type OrgMember, userNames } from '../accounts/index.js';
import { siteSummaries } from '../people/index.js';
import { approvalHref, decidersFor, type RequestRow } from './approvals.write.js';
import './approvals.tables.js';

// Approval requests as the actor may see them: inbox, mine, history, one request, counts.

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
  const sites = await siteSummaries(
    deps.db,
    actor.orgId,
    rows.flatMap((r) => (r.site_id ? [r.site_id] : [])),
  );
  const person = (id: string) => ({ id, name: names.get(id) ?? 'Former user' });
  return rows.map((r) => {
    const site = r.site_id ? sites.get(r.site_id) : undefined;
    const ref = subjects.get(`${r.entity_type}:${r.entity_id}`);
    const pending = r.status === 'pending';
    return {
      id: r.id,
      type: r.type,
      entityType: r.entity_type,
      entityId: r.entity_id,
      subject: ref ? { label: ref.label, href: ref.href } : null,
      siteId: r.site_id,
      site: site ? { id: site.id, name: site.name } : null,
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

/** A page of the actor's inbox (pending, theirs to decide), own requests, or decided history. */
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

/** How many pending requests wait for the actor, and how many of their own are pending. */
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

/**
 * A request the actor may see, with its current deciders (none once decided); not found
 * otherwise. `lock` holds the row on PostgreSQL until the transaction ends.
 */
export async function loadVisible(
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

/** One request the actor may see, with its deciders and history; not found otherwise. */
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

// ── As a record other capabilities point at (history, links) ──────────────

/** For the entity registry: whether the actor may see the request. */
export async function canReadApproval(deps: Deps, actor: Actor, id: string): Promise<boolean> {
  try {
    await loadVisible(deps.db, deps, actor, id);
    return true;
  } catch (err) {
    if (err instanceof KeelError && err.kind === 'not_found') return false;
    throw err;
  }
}

/** For the entity registry: labels and links of the requests the actor may see. */
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
