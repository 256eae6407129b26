declare module '../../platform/db/types.js' {
  interface DB {
    /** One row per searchable record; the full-text index is kept beside it (see the repository). */
    search_documents: {
      id: string;
      org_id: string;
      entity_type: string;
      entity_id: string;
      site_id: string | null;
      title: string;
      subtitle: string | null;
      body: string | null;
      href: string;
      permission: string | null;
      /** SQLite only: the row of `search_fts` holding this document's terms. */
      fts_rowid?: number | null;
      /** PostgreSQL only: weighted tsvector (title A, subtitle B, body C), GIN-indexed. */
      search_vector?: unknown;
      created_at: string;
      updated_at: string;
    };
    /** Users who find a document whatever their permission and site access. */
    search_document_readers: {
      document_id: string;
      org_id: string;
      user_id: string;
    };
  }
}

export {};
