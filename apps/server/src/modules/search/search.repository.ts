import { type Kysely, type RawBuilder, sql } from 'kysely';
import { newId } from '../../platform/clock.js';
import type { Dialect } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/types.js';
import type { SearchDocument } from '../../platform/registry.js';
import { ftsMatch, indexText, tsQuery } from './search-text.js';
import './search.tables.js';

/** Who is searching: the filter is applied in SQL, so nothing is fetched and then dropped. */
export interface SearchScope {
  orgId: string;
  userId: string;
  permissions: readonly string[];
  /** null: every site of the organization. */
  siteIds: readonly string[] | null;
}

export interface SearchRequest {
  /** Folded query terms (see search-text.ts); every one must match, each as a prefix. */
  terms: string[];
  /** Only these entity types (null: all). */
  types: string[] | null;
  /** Best rows per entity type by text rank (the service re-orders them title-first). */
  limitPerGroup: number;
}

export interface SearchRow {
  entityType: string;
  entityId: string;
  title: string;
  subtitle: string | null;
  href: string;
  siteId: string | null;
  /** Lower is better, comparable within one result set only. */
  score: number;
  /** Matches of this entity type the actor may see. */
  groupTotal: number;
}

export type DocumentKey = { orgId: string; entityType: string; entityId: string };

/**
 * The full-text index behind one interface: SQLite FTS5 or PostgreSQL tsvector. Every method
 * takes the caller's database handle, so writes join the caller's transaction.
 */
export interface SearchRepository {
  /** Inserts or replaces one document (and its readers). */
  upsert(db: Kysely<DB>, doc: SearchDocument, at: string): Promise<void>;
  remove(db: Kysely<DB>, key: DocumentKey): Promise<void>;
  /** Drops every document of one kind in an organization (before a reindex); returns how many. */
  removeKind(db: Kysely<DB>, orgId: string, entityType: string): Promise<number>;
  search(db: Kysely<DB>, scope: SearchScope, req: SearchRequest): Promise<SearchRow[]>;
}

const NONE = '\u0000none';

/** The visibility rule, on `d` (search_documents): permission and site scope, or a named reader. */
function visible(scope: SearchScope): RawBuilder<unknown> {
  const perms = scope.permissions.length ? scope.permissions : [NONE];
  const permission = sql`(d.permission is null or d.permission in (${sql.join([...perms])}))`;
  const site =
    scope.siteIds === null
      ? sql`1 = 1`
      : sql`(d.site_id is null or d.site_id in (${sql.join(scope.siteIds.length ? [...scope.siteIds] : [NONE])}))`;
  return sql`((${permission} and ${site}) or exists (select 1 from search_document_readers r where r.document_id = d.id and r.user_id = ${scope.userId}))`;
}

const typeFilter = (types: string[] | null) =>
  types?.length ? sql`and d.entity_type in (${sql.join(types)})` : sql``;

type RawRow = {
  entity_type: string;
  entity_id: string;
  title: string;
  subtitle: string | null;
  href: string;
  site_id: string | null;
  score: number;
  group_total: number;
};

const toRow = (r: RawRow): SearchRow => ({
  entityType: r.entity_type,
  entityId: r.entity_id,
  title: r.title,
  subtitle: r.subtitle,
  href: r.href,
  siteId: r.site_id,
  score: Number(r.score),
  groupTotal: Number(r.group_total),
});

/** Best `limit` rows per entity type, from a CTE named `hits`. */
const perGroup = (hits: RawBuilder<unknown>, limit: number) => sql<RawRow>`
  with hits as (${hits}),
  ranked as (
    select hits.*,
      row_number() over (partition by entity_type order by score, title, entity_id) as rn,
      count(*) over (partition by entity_type) as group_total
    from hits
  )
  select entity_type, entity_id, title, subtitle, href, site_id, score, group_total
  from ranked where rn <= ${limit}
  order by entity_type, rn`;

async function writeReaders(db: Kysely<DB>, documentId: string, doc: SearchDocument) {
  await db.deleteFrom('search_document_readers').where('document_id', '=', documentId).execute();
  const users = [...new Set(doc.userIds ?? [])];
  if (users.length)
    await db
      .insertInto('search_document_readers')
      .values(users.map((u) => ({ document_id: documentId, org_id: doc.orgId, user_id: u })))
      // Two writers indexing the same record at once both end with the same readers.
      .onConflict((oc) => oc.columns(['document_id', 'user_id']).doNothing())
      .execute();
}

const columns = (doc: SearchDocument, at: string) => ({
  site_id: doc.siteId,
  title: doc.title,
  subtitle: doc.subtitle ?? null,
  body: doc.body ?? null,
  href: doc.href,
  permission: doc.permission,
  updated_at: at,
});

const findKey = (db: Kysely<DB>, key: DocumentKey) =>
  db
    .selectFrom('search_documents')
    .select(['id', 'fts_rowid'])
    .where('org_id', '=', key.orgId)
    .where('entity_type', '=', key.entityType)
    .where('entity_id', '=', key.entityId)
    .executeTakeFirst();

const findId = (db: Kysely<DB>, key: DocumentKey) =>
  db
    .selectFrom('search_documents')
    .select(['id'])
    .where('org_id', '=', key.orgId)
    .where('entity_type', '=', key.entityType)
    .where('entity_id', '=', key.entityId)
    .executeTakeFirst();

/**
 * SQLite: a contentless FTS5 table `search_fts` (title, subtitle, body) whose rowid is stored in
 * `search_documents.fts_rowid`. Both are written in the same transaction.
 */
export const sqliteSearchRepository: SearchRepository = {
  async upsert(db, doc, at) {
    const existing = await findKey(db, doc);
    const [title, subtitle, body] = [doc.title, doc.subtitle, doc.body].map(indexText);
    let id: string;
    if (existing) {
      id = existing.id;
      await db.updateTable('search_documents').set(columns(doc, at)).where('id', '=', id).execute();
      if (existing.fts_rowid != null) {
        await sql`delete from search_fts where rowid = ${existing.fts_rowid}`.execute(db);
        await sql`insert into search_fts (rowid, title, subtitle, body) values (${existing.fts_rowid}, ${title}, ${subtitle}, ${body})`.execute(
          db,
        );
      }
    } else {
      await sql`insert into search_fts (title, subtitle, body) values (${title}, ${subtitle}, ${body})`.execute(
        db,
      );
      const rowid = (await sql<{ r: number }>`select last_insert_rowid() as r`.execute(db)).rows[0]!
        .r;
      id = newId();
      await db
        .insertInto('search_documents')
        .values({
          id,
          org_id: doc.orgId,
          entity_type: doc.entityType,
          entity_id: doc.entityId,
          fts_rowid: rowid,
          created_at: at,
          ...columns(doc, at),
        })
        .execute();
    }
    await writeReaders(db, id, doc);
  },

  async remove(db, key) {
    const existing = await findKey(db, key);
    if (!existing) return;
    if (existing.fts_rowid != null)
      await sql`delete from search_fts where rowid = ${existing.fts_rowid}`.execute(db);
    await db.deleteFrom('search_document_readers').where('document_id', '=', existing.id).execute();
    await db.deleteFrom('search_documents').where('id', '=', existing.id).execute();
  },

  async removeKind(db, orgId, entityType) {
    await sql`delete from search_fts where rowid in (select fts_rowid from search_documents where org_id = ${orgId} and entity_type = ${entityType})`.execute(
      db,
    );
    await sql`delete from search_document_readers where document_id in (select id from search_documents where org_id = ${orgId} and entity_type = ${entityType})`.execute(
      db,
    );
    const r = await db
      .deleteFrom('search_documents')
      .where('org_id', '=', orgId)
      .where('entity_type', '=', entityType)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  },

  async search(db, scope, req) {
    if (!req.terms.length) return [];
    const match = ftsMatch(req.terms);
    // bm25 with the title weighing most, then the subtitle.
    const hits = sql`
      select d.entity_type, d.entity_id, d.title, d.subtitle, d.href, d.site_id,
        bm25(search_fts, 10.0, 3.0, 1.0) as score
      from search_fts
      join search_documents d on d.fts_rowid = search_fts.rowid
      where search_fts match ${match}
        and d.org_id = ${scope.orgId}
        ${typeFilter(req.types)}
        and ${visible(scope)}`;
    const { rows } = await perGroup(hits, req.limitPerGroup).execute(db);
    return rows.map(toRow);
  },
};

/** The weighted tsvector of a document: title A, subtitle B, body C. */
const tsVector = (doc: SearchDocument) =>
  sql`setweight(to_tsvector('simple'::regconfig, ${indexText(doc.title)}::text), 'A') || setweight(to_tsvector('simple'::regconfig, ${indexText(doc.subtitle)}::text), 'B') || setweight(to_tsvector('simple'::regconfig, ${indexText(doc.body)}::text), 'C')`;

/** PostgreSQL: a maintained `search_vector tsvector` column with a GIN index. */
export const postgresSearchRepository: SearchRepository = {
  async upsert(db, doc, at) {
    const vector = tsVector(doc);
    const row = await db
      .insertInto('search_documents')
      .values({
        id: newId(),
        org_id: doc.orgId,
        entity_type: doc.entityType,
        entity_id: doc.entityId,
        created_at: at,
        ...columns(doc, at),
        search_vector: vector,
      })
      .onConflict((oc) =>
        oc
          .columns(['org_id', 'entity_type', 'entity_id'])
          .doUpdateSet({ ...columns(doc, at), search_vector: vector }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeReaders(db, row.id, doc);
  },

  async remove(db, key) {
    const existing = await findId(db, key);
    if (!existing) return;
    await db.deleteFrom('search_document_readers').where('document_id', '=', existing.id).execute();
    await db.deleteFrom('search_documents').where('id', '=', existing.id).execute();
  },

  async removeKind(db, orgId, entityType) {
    await sql`delete from search_document_readers where document_id in (select id from search_documents where org_id = ${orgId} and entity_type = ${entityType})`.execute(
      db,
    );
    const r = await db
      .deleteFrom('search_documents')
      .where('org_id', '=', orgId)
      .where('entity_type', '=', entityType)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  },

  async search(db, scope, req) {
    if (!req.terms.length) return [];
    // ts_rank weights are {D, C, B, A}: the title counts most, then the subtitle.
    const hits = sql`
      select d.entity_type, d.entity_id, d.title, d.subtitle, d.href, d.site_id,
        -ts_rank('{0.05, 0.2, 0.4, 1.0}', d.search_vector, q.query) as score
      from search_documents d, (select to_tsquery('simple'::regconfig, ${tsQuery(req.terms)}::text) as query) q
      where d.search_vector @@ q.query
        and d.org_id = ${scope.orgId}
        ${typeFilter(req.types)}
        and ${visible(scope)}`;
    const { rows } = await perGroup(hits, req.limitPerGroup).execute(db);
    return rows.map(toRow);
  },
};

export const searchRepository = (dialect: Dialect): SearchRepository =>
  dialect === 'postgres' ? postgresSearchRepository : sqliteSearchRepository;
