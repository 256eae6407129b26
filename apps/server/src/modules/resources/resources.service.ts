import type {
  resources as contract,
  Resource,
  ResourceKind,
  ResourceRules,
  Role,
} from '@keel/contracts';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit.service.js';
import { type Actor, can, canSeeSite } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import { type DB, toBool } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import { decodeCursor, encodeCursor, isCursorId } from '../../platform/http/cursor.js';
import { userNames } from '../accounts/index.js';
import { siteSummaries } from '../people/index.js';
import { indexDocument } from '../search/index.js';
import './resources.tables.js';

export type ResourceRow = DB['resources'];
type SiteInfo = { id: string; name: string; timeZone: string };

export const KIND_COLORS: Record<ResourceKind, string> = {
  room: '#228be6',
  vehicle: '#f08c00',
  equipment: '#7048e8',
  tool: '#0ca678',
};

const iso = (ms: number) => new Date(ms).toISOString();
export const nowIso = (deps: Deps) => deps.clock.now().toISOString();

/** Rows of the organization's resources in the actor's sites. */
export function visibleResources(db: Kysely<DB>, actor: Actor) {
  let q = db.selectFrom('resources').selectAll().where('org_id', '=', actor.orgId);
  if (actor.siteIds)
    q = q.where('site_id', 'in', actor.siteIds.length ? [...actor.siteIds] : ['-']);
  return q;
}

export function rulesOf(r: ResourceRow): ResourceRules {
  return {
    maxDurationMinutes: r.max_duration_minutes,
    minLeadMinutes: r.min_lead_minutes,
    maxAdvanceDays: r.max_advance_days,
    bookableRoles: r.bookable_roles ? (JSON.parse(r.bookable_roles) as Role[]) : null,
    needsApproval: toBool(r.needs_approval),
    requiresCheckout: toBool(r.requires_checkout),
    bufferMinutes: r.buffer_minutes,
  };
}

/** Whether the actor may book the resource: the permission and the resource's role rule. */
export function mayBook(actor: Actor, r: ResourceRow): boolean {
  if (!can(actor, 'resources.book') || !canSeeSite(actor, r.site_id)) return false;
  if (can(actor, 'resources.manage')) return true;
  const roles = rulesOf(r).bookableRoles;
  return roles === null || roles.includes(actor.role);
}

type CheckedOut = Resource['checkedOut'][number];

/** Bookings currently checked out, per resource. */
async function checkedOutOf(
  db: Kysely<DB>,
  orgId: string,
  resourceIds: string[],
  now: string,
): Promise<Map<string, CheckedOut[]>> {
  const out = new Map<string, CheckedOut[]>();
  if (resourceIds.length === 0) return out;
  const rows = await db
    .selectFrom('resource_bookings')
    .select(['id', 'resource_id', 'booked_for', 'quantity', 'checked_out_at', 'ends_at'])
    .where('org_id', '=', orgId)
    .where('status', '=', 'checked_out')
    .where('resource_id', 'in', resourceIds)
    .orderBy('checked_out_at')
    .execute();
  const names = await userNames(
    db,
    rows.map((r) => r.booked_for),
  );
  for (const r of rows) {
    const list = out.get(r.resource_id) ?? [];
    list.push({
      bookingId: r.id,
      holder: { id: r.booked_for, name: names.get(r.booked_for) ?? '—' },
      quantity: r.quantity,
      since: r.checked_out_at ?? r.ends_at,
      dueAt: r.ends_at,
      overdue: r.ends_at < now,
    });
    out.set(r.resource_id, list);
  }
  return out;
}

export async function toResources(
  db: Kysely<DB>,
  actor: Actor,
  rows: ResourceRow[],
  now: string,
): Promise<Resource[]> {
  const [sites, checkedOut] = await Promise.all([
    siteSummaries(
      db,
      actor.orgId,
      rows.map((r) => r.site_id),
    ),
    checkedOutOf(
      db,
      actor.orgId,
      rows.map((r) => r.id),
      now,
    ),
  ]);
  return rows.map((r) => {
    const site = sites.get(r.site_id);
    return {
      id: r.id,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      site: { id: r.site_id, name: site?.name ?? '—', timeZone: site?.timeZone ?? 'UTC' },
      name: r.name,
      kind: r.kind as ResourceKind,
      description: r.description,
      capacity: r.capacity,
      location: r.location,
      color: r.color,
      status: r.archived_at ? 'archived' : 'active',
      archivedAt: r.archived_at,
      rules: rulesOf(r),
      checkedOut: checkedOut.get(r.id) ?? [],
      canBook: !r.archived_at && mayBook(actor, r),
    };
  });
}

/** The resource when it is the organization's and in the actor's sites; 404 otherwise. */
export async function loadResource(db: Kysely<DB>, actor: Actor, id: string): Promise<ResourceRow> {
  const row = await visibleResources(db, actor).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('resource');
  return row;
}

/**
 * Loads a resource for a check-then-write use case and serialises those on it: PostgreSQL locks
 * the resource row until the transaction ends, so two bookings of the same resource check their
 * conflicts one after the other. SQLite needs nothing more: Keel holds one connection, and a
 * transaction keeps it (Kysely's driver mutex) from BEGIN to COMMIT, so transactions never
 * interleave.
 */
export async function lockResource(
  trx: Kysely<DB>,
  deps: Deps,
  orgId: string,
  id: string,
): Promise<ResourceRow | undefined> {
  let q = trx.selectFrom('resources').selectAll().where('org_id', '=', orgId).where('id', '=', id);
  if (deps.dialect === 'postgres') q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function siteInfo(db: Kysely<DB>, orgId: string, siteId: string): Promise<SiteInfo> {
  const site = (await siteSummaries(db, orgId, [siteId])).get(siteId);
  return site ?? { id: siteId, name: '—', timeZone: 'UTC' };
}

// ── Listing ────────────────────────────────────────────────────────────────

export async function listResources(
  deps: Deps,
  actor: Actor,
  query: z.output<typeof contract.listResourcesQuery>,
) {
  let q = visibleResources(deps.db, actor);
  if (query.status === 'active') q = q.where('archived_at', 'is', null);
  if (query.status === 'archived') q = q.where('archived_at', 'is not', null);
  if (query.siteId) q = q.where('site_id', '=', query.siteId);
  if (query.kind) q = q.where('kind', '=', query.kind);
  if (query.q) {
    const like = `%${query.q.toLowerCase()}%`;
    q = q.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['name']), 'like', like),
        eb(eb.fn('lower', ['location']), 'like', like),
        eb(eb.fn('lower', ['description']), 'like', like),
      ]),
    );
  }
  const after = decodeCursor(
    query.cursor,
    (v) => v.length === 2 && typeof v[0] === 'string' && isCursorId(v[1]),
  );
  if (after) {
    const [name, id] = after as [string, string];
    q = q.where((eb) =>
      eb.or([eb('name', '>', name), eb.and([eb('name', '=', name), eb('id', '>', id)])]),
    );
  }
  const rows = await q
    .orderBy('name')
    .orderBy('id')
    .limit(query.limit + 1)
    .execute();
  const more = rows.length > query.limit;
  const pageRows = rows.slice(0, query.limit);
  const last = pageRows.at(-1);
  return {
    items: await toResources(deps.db, actor, pageRows, nowIso(deps)),
    nextCursor: more && last ? encodeCursor([last.name, last.id]) : null,
  };
}

export async function getResource(deps: Deps, actor: Actor, id: string): Promise<Resource> {
  const row = await loadResource(deps.db, actor, id);
  return (await toResources(deps.db, actor, [row], nowIso(deps)))[0]!;
}

// ── Writing ────────────────────────────────────────────────────────────────

type RulesInput = NonNullable<z.output<typeof contract.createResourceBody>['rules']>;
type ResourceInput = Partial<Omit<z.output<typeof contract.createResourceBody>, 'rules'>> & {
  rules?: RulesInput | undefined;
};

function applyResource(base: ResourceRow, input: ResourceInput): ResourceRow {
  const pick = <T>(v: T | undefined, old: T) => (v === undefined ? old : v);
  const r = input.rules ?? {};
  const kind = (input.kind ?? base.kind) as ResourceKind;
  return {
    ...base,
    name: input.name ?? base.name,
    kind,
    description: pick(input.description, base.description) ?? null,
    capacity: input.capacity ?? base.capacity,
    location: pick(input.location, base.location) ?? null,
    color: input.color ?? (base.color || KIND_COLORS[kind]),
    max_duration_minutes: pick(r.maxDurationMinutes, base.max_duration_minutes) ?? null,
    min_lead_minutes: pick(r.minLeadMinutes, base.min_lead_minutes) ?? null,
    max_advance_days: pick(r.maxAdvanceDays, base.max_advance_days) ?? null,
    bookable_roles:
      r.bookableRoles === undefined
        ? base.bookable_roles
        : r.bookableRoles === null
          ? null
          : JSON.stringify([...new Set(r.bookableRoles)]),
    needs_approval: pick(r.needsApproval, toBool(base.needs_approval)),
    requires_checkout: pick(r.requiresCheckout, toBool(base.requires_checkout)),
    buffer_minutes: pick(r.bufferMinutes, base.buffer_minutes),
  };
}

const snapshot = (r: ResourceRow) => ({
  siteId: r.site_id,
  name: r.name,
  kind: r.kind,
  description: r.description,
  capacity: r.capacity,
  location: r.location,
  color: r.color,
  ...rulesOf(r),
  archivedAt: r.archived_at,
});

async function indexResource(trx: Kysely<DB>, deps: Deps, r: ResourceRow, siteName: string) {
  await indexDocument(trx, deps, {
    orgId: r.org_id,
    entityType: 'resource',
    entityId: r.id,
    siteId: r.site_id,
    title: r.name,
    subtitle: [`${r.kind[0]!.toUpperCase()}${r.kind.slice(1)}`, siteName, r.location]
      .filter(Boolean)
      .join(' · '),
    body: [r.description, r.archived_at ? 'archived' : null].filter(Boolean).join('\n') || null,
    href: `/resources/${r.id}`,
    permission: 'resources.read',
  });
}

async function resourceEvent(
  trx: Kysely<DB>,
  deps: Deps,
  actor: Actor,
  r: ResourceRow,
  type: string,
) {
  await deps.events.record(trx, {
    orgId: r.org_id,
    type,
    entityType: 'resource',
    entityId: r.id,
    siteId: r.site_id,
    permission: 'resources.read',
    topics: ['resources'],
    actorUserId: actor.userId,
  });
}

export async function createResource(
  deps: Deps,
  actor: Actor,
  input: z.output<typeof contract.createResourceBody>,
): Promise<Resource> {
  const at = nowIso(deps);
  const site = (await siteSummaries(deps.db, actor.orgId, [input.siteId])).get(input.siteId);
  if (!site || !canSeeSite(actor, site.id))
    throw invalid('SITE_NOT_FOUND', 'siteId', 'is not a site you can see');
  if (site.archived) throw invalid('SITE_ARCHIVED', 'siteId', 'is archived');
  const empty: ResourceRow = {
    id: newId(),
    org_id: actor.orgId,
    site_id: site.id,
    name: '',
    kind: input.kind,
    description: null,
    capacity: 1,
    location: null,
    color: '',
    max_duration_minutes: null,
    min_lead_minutes: null,
    max_advance_days: null,
    bookable_roles: null,
    needs_approval: false,
    requires_checkout: input.kind === 'vehicle' || input.kind === 'equipment',
    buffer_minutes: 0,
    archived_at: null,
    created_at: at,
    created_by: actor.userId,
    updated_at: at,
    updated_by: actor.userId,
  };
  const row = applyResource(empty, input);
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('resources').values(row).execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'create',
      entityType: 'resource',
      entityId: row.id,
      entityLabel: row.name,
      after: snapshot(row),
      at,
    });
    await indexResource(trx, deps, row, site.name);
    await resourceEvent(trx, deps, actor, row, 'resource.created');
  });
  afterCommit(deps);
  return getResource(deps, actor, row.id);
}

export async function updateResource(
  deps: Deps,
  actor: Actor,
  id: string,
  input: z.output<typeof contract.updateResourceBody>,
): Promise<Resource> {
  const at = nowIso(deps);
  await deps.db.transaction().execute(async (trx) => {
    await loadResource(trx, actor, id);
    const before = (await lockResource(trx, deps, actor.orgId, id))!;
    const after: ResourceRow = {
      ...applyResource(before, input),
      updated_at: at,
      updated_by: actor.userId,
    };
    if (after.capacity < before.capacity) {
      // A pool may shrink only when no future booking needs more units than are left.
      const biggest = await trx
        .selectFrom('resource_bookings')
        .select((eb) => eb.fn.max('quantity').as('q'))
        .where('resource_id', '=', id)
        .where('status', 'in', ['pending_approval', 'confirmed', 'checked_out'])
        .where('ends_at', '>', at)
        .executeTakeFirst();
      if (Number(biggest?.q ?? 0) > after.capacity)
        throw conflict('CAPACITY_IN_USE', 'Upcoming bookings need more units than that.', [
          {
            field: 'capacity',
            message: `an upcoming booking takes ${Number(biggest?.q)} units`,
          },
        ]);
    }
    await trx.updateTable('resources').set(after).where('id', '=', id).execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'update',
      entityType: 'resource',
      entityId: id,
      entityLabel: after.name,
      before: snapshot(before),
      after: snapshot(after),
      at,
    });
    await indexResource(trx, deps, after, (await siteInfo(trx, actor.orgId, after.site_id)).name);
    await resourceEvent(trx, deps, actor, after, 'resource.updated');
  });
  afterCommit(deps);
  return getResource(deps, actor, id);
}

export async function setResourceArchived(
  deps: Deps,
  actor: Actor,
  id: string,
  archived: boolean,
): Promise<Resource> {
  const at = nowIso(deps);
  await deps.db.transaction().execute(async (trx) => {
    await loadResource(trx, actor, id);
    const before = (await lockResource(trx, deps, actor.orgId, id))!;
    if (!!before.archived_at === archived) return;
    const after: ResourceRow = {
      ...before,
      archived_at: archived ? at : null,
      updated_at: at,
      updated_by: actor.userId,
    };
    await trx
      .updateTable('resources')
      .set({ archived_at: after.archived_at, updated_at: at, updated_by: actor.userId })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: archived ? 'archive' : 'restore',
      entityType: 'resource',
      entityId: id,
      entityLabel: after.name,
      before: snapshot(before),
      after: snapshot(after),
      at,
    });
    await indexResource(trx, deps, after, (await siteInfo(trx, actor.orgId, after.site_id)).name);
    await resourceEvent(
      trx,
      deps,
      actor,
      after,
      archived ? 'resource.archived' : 'resource.restored',
    );
  });
  afterCommit(deps);
  return getResource(deps, actor, id);
}

/** Every resource of an organization as a search document (for `keel reindex`). */
export async function* resourceDocuments(deps: Deps, orgId: string) {
  const rows = await deps.db
    .selectFrom('resources')
    .selectAll()
    .where('org_id', '=', orgId)
    .execute();
  const sites = await siteSummaries(
    deps.db,
    orgId,
    rows.map((r) => r.site_id),
  );
  for (const r of rows) {
    yield {
      orgId,
      entityType: 'resource',
      entityId: r.id,
      siteId: r.site_id,
      title: r.name,
      subtitle: [r.kind, sites.get(r.site_id)?.name, r.location].filter(Boolean).join(' · '),
      body: r.description,
      href: `/resources/${r.id}`,
      permission: 'resources.read' as const,
    };
  }
}

export const MAX_TIMELINE_DAYS = 31;

export function checkRange(from: string, to: string, field = 'to') {
  const a = Date.parse(from);
  const b = Date.parse(to);
  if (!(b > a)) throw invalid('RANGE_INVALID', field, 'must be after from');
  if (b - a > MAX_TIMELINE_DAYS * 86_400_000)
    throw invalid('RANGE_TOO_LONG', field, `must be at most ${MAX_TIMELINE_DAYS} days after from`);
  return { from: iso(a), to: iso(b) };
}
