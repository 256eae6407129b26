import type { StandardColumns } from '../../platform/db/types.js';

declare module '../../platform/db/types.js' {
  interface DB {
    /**
     * One private iCal feed per member and organization. Only the token's SHA-256 digest is
     * stored; rotating replaces it, revoking clears it (the row keeps the history of use).
     */
    calendar_feeds: StandardColumns & {
      user_id: string;
      token_hash: string | null;
      issued_at: string | null;
      last_used_at: string | null;
      revoked_at: string | null;
    };
  }
}
