import type { SearchGroup, SearchResponse } from '@keel/contracts';
import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import type { SearchDocument } from '../../platform/registry.js';
import { organizationIds } from '../accounts/index.js';

export { SEARCH_INDEX_MIGRATION } from './search.migrations.js';

import { type DocumentKey, type SearchRow, searchRepository } from './search.repository.js';
import { queryTerms, terms as textTerms } from './search-text.js';

const MAX_TITLE = 300;
const MAX_SUBTITLE = 300;
const MAX_BODY = 20_000;

const clip = (v: string | null | undefined, max: number) =>
  v == null ? null : v.length > max ? v.slice(0, max) : v;

/**
 * Puts a record into the search index, or replaces its entry, in the caller's transaction (so
 * the index never shows a change that rolled back). Call it wherever the record's title,
 * texts, site, or who may see it changes.
 */
export async function indexDocument(
  db: Kysely<DB>,
  deps: Pick<Deps, 'dialect' | 'clock'>,
  doc: SearchDocument,
): Promise<void> {
  await searchRepository(deps.dialect).upsert(
    db,
    {
      ...doc,
      title: clip(doc.title, MAX_TITLE) ?? '',
      subtitle: clip(doc.subtitle, MAX_SUBTITLE),
      body: clip(doc.body, MAX_BODY),
    },
    deps.clock.now().toISOString(),
  );
}

/** Takes a record out of the search index (deleted records); a missing entry is fine. */
export async function removeDocument(
  db: Kysely<DB>,
  deps: Pick<Deps, 'dialect'>,
  key: DocumentKey,
): Promise<void> {
  await searchRepository(deps.dialect).remove(db, key);
}

/** Group heading of an entity type: the registered label, or the type itself. */
const labelOf = (deps: Deps, entityType: string) =>
  deps.registry.searchSources.get(entityType)?.label ?? entityType;

/**
 * The records matching every word of `q` that the actor may see, best first, grouped by kind
 * (at most `limit` per kind). Visibility is decided in SQL: the record's permission and site
 * scope, or the actor being one of its named readers.
 */
/** Candidates per kind fetched by text rank, re-ordered title-first, then cut to the limit. */
const CANDIDATES_PER_LIMIT = 4;

/** Whether every query term is the prefix of a word of the title (the index's own rule). */
export function titleMatches(title: string, qTerms: string[]): boolean {
  const words = textTerms(title);
  return qTerms.every((q) => words.some((w) => w.startsWith(q)));
}

type Ranked = SearchRow & { titleHit: boolean };
const titleFirst = (a: Ranked, b: Ranked) =>
  Number(b.titleHit) - Number(a.titleHit) || a.score - b.score || a.title.localeCompare(b.title);

export async function search(
  deps: Deps,
  actor: Actor,
  input: { q: string; types?: string[] | undefined; limit: number },
): Promise<SearchResponse> {
  const terms = queryTerms(input.q);
  const rows = await searchRepository(deps.dialect).search(
    deps.db,
    {
      orgId: actor.orgId,
      userId: actor.userId,
      permissions: [...actor.permissions],
      siteIds: actor.siteIds,
    },
    {
      terms,
      types: input.types?.length ? input.types : null,
      limitPerGroup: input.limit * CANDIDATES_PER_LIMIT,
    },
  );
  // Records whose title holds every word come first within their kind, then by text rank.
  const byType = new Map<string, Ranked[]>();
  for (const r of rows) {
    const list = byType.get(r.entityType) ?? [];
    list.push({ ...r, titleHit: titleMatches(r.title, terms) });
    byType.set(r.entityType, list);
  }
  for (const [type, list] of byType) byType.set(type, list.sort(titleFirst).slice(0, input.limit));
  const best = (list: Ranked[]) => list[0]!;
  const groups: (SearchGroup & { first: Ranked })[] = [...byType].map(([entityType, list]) => ({
    entityType,
    label: labelOf(deps, entityType),
    total: best(list).groupTotal,
    first: best(list),
    items: list.map((r) => ({
      entityType: r.entityType,
      entityId: r.entityId,
      title: r.title,
      subtitle: r.subtitle,
      href: r.href,
      siteId: r.siteId,
    })),
  }));
  // A group whose best hit matches in the title comes before one whose best hit does not.
  groups.sort(
    (a, b) =>
      Number(b.first.titleHit) - Number(a.first.titleHit) ||
      a.first.score - b.first.score ||
      a.label.localeCompare(b.label),
  );
  return { q: input.q, groups: groups.map(({ first, ...g }) => g) };
}

const BATCH = 500;

/**
 * Rebuilds the index of every registered kind (or the given ones) for one organization: each
 * kind is dropped and written again from its source in one transaction.
 */
export async function reindexOrganization(
  deps: Deps,
  orgId: string,
  options: { types?: string[] } = {},
): Promise<{ entityType: string; documents: number }[]> {
  const repo = searchRepository(deps.dialect);
  const out: { entityType: string; documents: number }[] = [];
  for (const source of deps.registry.searchSources.values()) {
    if (options.types && !options.types.includes(source.entityType)) continue;
    const count = await deps.db.transaction().execute(async (trx) => {
      await repo.removeKind(trx, orgId, source.entityType);
      let n = 0;
      let batch: SearchDocument[] = [];
      const flush = async () => {
        for (const doc of batch) await indexDocument(trx, deps, doc);
        batch = [];
      };
      for await (const doc of source.reindex({ ...deps, db: trx }, orgId)) {
        if (doc.orgId !== orgId || doc.entityType !== source.entityType)
          throw new Error(
            `Search source ${source.entityType} produced a document of ${doc.entityType} in ${doc.orgId}`,
          );
        batch.push(doc);
        n++;
        if (batch.length >= BATCH) await flush();
      }
      await flush();
      return n;
    });
    out.push({ entityType: source.entityType, documents: count });
  }
  return out;
}

/** Rebuilds the index of every organization (or one), kind by kind. */
export async function reindexAll(
  deps: Deps,
  options: { orgId?: string; types?: string[] } = {},
): Promise<{ orgId: string; entityType: string; documents: number }[]> {
  const orgs = options.orgId ? [options.orgId] : await organizationIds(deps.db);
  const out: { orgId: string; entityType: string; documents: number }[] = [];
  for (const orgId of orgs)
    for (const r of await reindexOrganization(
      deps,
      orgId,
      options.types ? { types: options.types } : {},
    ))
      out.push({ orgId, ...r });
  return out;
}
