import type { DbBool } from '../../platform/db/types.js';

declare module '../../platform/db/types.js' {
  interface DB {
    notifications: {
      id: string;
      org_id: string;
      user_id: string;
      type: string;
      actor_user_id: string | null;
      entity_type: string;
      entity_id: string;
      site_id: string | null;
      title: string;
      body: string | null;
      href: string;
      read_at: string | null;
      /** none: no e-mail; immediate: queued when created; digest: waits for the daily digest. */
      email_mode: 'none' | 'immediate' | 'digest';
      /** When it went out by e-mail (immediately or in a digest); null: not (yet). */
      emailed_at: string | null;
      created_at: string;
    };
    notification_preferences: {
      id: string;
      org_id: string;
      user_id: string;
      type: string;
      in_app: DbBool;
      email: 'off' | 'immediate' | 'digest';
      created_at: string;
      updated_at: string;
    };
  }
}
