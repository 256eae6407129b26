/**
 * The database schema as Kysely sees it. Each module adds its own tables with declaration
 * merging (`declare module '…/platform/db/types.js' { interface DB { … } }`) in its
 * repository file, so no file lists every table.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging
export interface DB {}

/** Columns every business table carries. */
export interface StandardColumns {
  id: string;
  org_id: string;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  updated_by: string | null;
}

/**
 * SQLite stores booleans as 0/1 and PostgreSQL as boolean; rows are read through this so
 * services always see a boolean.
 */
export type DbBool = boolean | number;
export const toBool = (v: DbBool | null | undefined): boolean => v === true || v === 1;
