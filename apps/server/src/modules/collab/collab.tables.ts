import type { StandardColumns } from '../../platform/db/types.js';

declare module '../../platform/db/types.js' {
  interface DB {
    /** A comment on any registered record kind (`entity_type`, `entity_id`). */
    comments: StandardColumns & {
      entity_type: string;
      entity_id: string;
      /** Markdown with mention tokens `@[Name](user:ID)`. */
      body: string;
      /** When the author last changed the body; null: never edited. */
      edited_at: string | null;
    };
    /** Who a comment mentions (one row per comment and user), for "mentions of me" lists. */
    comment_mentions: {
      id: string;
      org_id: string;
      comment_id: string;
      user_id: string;
      created_at: string;
    };
    /** A file attached to any registered record kind; the bytes live in `deps.files`. */
    attachments: StandardColumns & {
      entity_type: string;
      entity_id: string;
      name: string;
      size: number;
      mime_type: string;
      sha256: string;
      width: number | null;
      height: number | null;
      storage_key: string;
      thumbnail_key: string | null;
    };
  }
}
