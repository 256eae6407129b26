import type { Permission } from '@keel/contracts';
import type { Kysely } from 'kysely';
import type { Actor } from './auth/actor.js';
import type { DB } from './db/types.js';
import type { Deps } from './deps.js';

/**
 * What modules plug into the shared capabilities (comments, attachments, approvals, tasks'
 * subjects, history, search, calendar). Each module declares its kinds on its `KeelModule`;
 * `buildRegistry` collects them once at start-up. A capability never imports a module: it asks
 * the registry.
 */

/** A record another module can point at: shown as a link, readable only where `canRead` says. */
export interface EntityRef {
  entityType: string;
  id: string;
  label: string;
  /** Path of the record's page in the web app, e.g. `/people/employees/ID`. */
  href: string;
  siteId: string | null;
}

export interface EntityKind {
  entityType: string;
  /** True when the actor may read this record (permission, organization, site scope). */
  canRead: (deps: Deps, actor: Actor, id: string) => Promise<boolean>;
  /**
   * Labels and links for the given ids, for those the actor may read (others are left out).
   * Kinds without it cannot be the subject of a task, comment thread, attachment or approval.
   */
  describe?: (deps: Deps, actor: Actor, ids: string[]) => Promise<Map<string, EntityRef>>;
  /**
   * Users who follow this record (assignees, watchers, requester…): told about new comments and
   * attachments on it. Without it, only mentioned users are told.
   */
  participants?: (deps: Deps, orgId: string, id: string) => Promise<string[]>;
}

export type ApprovalDecision = 'approved' | 'rejected';

/** What an approval type learns when one of its requests is decided (inside the transaction). */
export interface ApprovalDecidedContext {
  db: Kysely<DB>;
  deps: Deps;
  actor: Actor;
  request: {
    id: string;
    orgId: string;
    type: string;
    entityType: string;
    entityId: string;
    requestedBy: string;
  };
  decision: ApprovalDecision;
  comment: string | null;
}

/** A kind of approval a module asks for: who may decide and what happens after. */
export interface ApprovalType {
  type: string;
  /** The record the approval is about (an `EntityKind`). */
  entityType: string;
  /** Permission a decider needs, besides site scope and the amount threshold. */
  permission: Permission;
  /** Reminder to deciders after this many days without a decision (0: never). */
  remindAfterDays: number;
  /** Escalate to the next role up (manager, then owner) after this many days (0: never). */
  escalateAfterDays: number;
  /** Runs in the deciding transaction; throw a KeelError to refuse the decision. */
  onDecided: (ctx: ApprovalDecidedContext) => Promise<void>;
  /**
   * The requester withdrew the approval from the approvals inbox (not when the module itself
   * cancelled it): runs in that transaction so the record does not stay "waiting" forever.
   */
  onWithdrawn?: (ctx: Omit<ApprovalDecidedContext, 'decision'>) => Promise<void>;
}

/** One dated item in the calendar and the iCal feed. */
export interface CalendarItem {
  /** Stable id across requests, e.g. `task:ID` or `booking:ID`. */
  uid: string;
  kind: string;
  title: string;
  /** ISO-8601 instants; for all-day items `allDay` is true and `start` is the date at 00:00Z. */
  start: string;
  end: string;
  allDay: boolean;
  href: string;
  siteId: string | null;
  status: string | null;
  color: string | null;
}

export interface CalendarSource {
  kind: string;
  /**
   * Items overlapping [from, to) the actor may see; with `mine`, only those the actor is part of
   * (assigned, booked, requested). Bounded by `limit`.
   */
  list: (
    deps: Deps,
    actor: Actor,
    range: { from: string; to: string; mine: boolean; limit: number },
  ) => Promise<CalendarItem[]>;
}

/**
 * One record in the global search index (module `search`). Written by the owning module in the
 * transaction that changes the record (`indexDocument` from modules/search).
 */
export interface SearchDocument {
  orgId: string;
  entityType: string;
  entityId: string;
  /** Site scope of the record; null: organization-wide. */
  siteId: string | null;
  title: string;
  subtitle?: string | null;
  body?: string | null;
  /** Web path of the record, e.g. `/people/employees/ID`. */
  href: string;
  /** Who may find it (with site scope); null: every member (within site scope). */
  permission: Permission | null;
  /** These users find it whatever their permission and site access (assignees, requesters…). */
  userIds?: string[] | null;
}

/** A searchable kind: `keel reindex` rebuilds the index of every kind from `reindex`. */
export interface SearchSource {
  entityType: string;
  /** Group heading in results, e.g. "People". */
  label: string;
  /** Every current document of this kind in the organization. */
  reindex: (deps: Deps, orgId: string) => AsyncIterable<SearchDocument>;
}

/** A recurring job run at most once per period across every server copy. */
export interface Job {
  name: string;
  /** The period key for `now` (e.g. `2026-11-25T14` for hourly); one run per key. */
  period: (now: Date) => string;
  run: (deps: Deps, now: Date) => Promise<void>;
}

export interface Registry {
  entities: Map<string, EntityKind>;
  approvalTypes: Map<string, ApprovalType>;
  calendarSources: CalendarSource[];
  jobs: Job[];
  searchSources: Map<string, SearchSource>;
}

export interface RegistryParts {
  entities?: EntityKind[];
  approvalTypes?: ApprovalType[];
  calendarSources?: CalendarSource[];
  jobs?: Job[];
  searchSources?: SearchSource[];
}

/** Collects every module's kinds; a duplicate name is a programming error caught at start-up. */
export function buildRegistry(parts: RegistryParts[]): Registry {
  const registry: Registry = {
    entities: new Map(),
    approvalTypes: new Map(),
    calendarSources: [],
    jobs: [],
    searchSources: new Map(),
  };
  const once = <T>(map: Map<string, T>, key: string, value: T, what: string) => {
    if (map.has(key)) throw new Error(`${what} ${key} is registered twice`);
    map.set(key, value);
  };
  for (const p of parts) {
    for (const e of p.entities ?? []) once(registry.entities, e.entityType, e, 'Entity kind');
    for (const a of p.approvalTypes ?? []) once(registry.approvalTypes, a.type, a, 'Approval type');
    registry.calendarSources.push(...(p.calendarSources ?? []));
    registry.jobs.push(...(p.jobs ?? []));
    for (const s of p.searchSources ?? [])
      once(registry.searchSources, s.entityType, s, 'Search source');
  }
  return registry;
}

/** Label and link for one record, or null when it does not exist or the actor may not read it. */
export async function describeEntity(
  deps: Deps,
  actor: Actor,
  entityType: string,
  id: string,
): Promise<EntityRef | null> {
  const kind = deps.registry.entities.get(entityType);
  if (!kind?.describe) return null;
  return (await kind.describe(deps, actor, [id])).get(id) ?? null;
}

/** Describes a mixed list of references in one query per kind (no N+1). */
export async function describeEntities(
  deps: Deps,
  actor: Actor,
  refs: { entityType: string; id: string }[],
): Promise<Map<string, EntityRef>> {
  const byType = new Map<string, Set<string>>();
  for (const r of refs) {
    const set = byType.get(r.entityType) ?? new Set();
    set.add(r.id);
    byType.set(r.entityType, set);
  }
  const out = new Map<string, EntityRef>();
  for (const [type, ids] of byType) {
    const kind = deps.registry.entities.get(type);
    if (!kind?.describe) continue;
    for (const [id, ref] of await kind.describe(deps, actor, [...ids]))
      out.set(`${type}:${id}`, ref);
  }
  return out;
}
