import type { DbBool } from '../../platform/db/types.js';

declare module '../../platform/db/types.js' {
  interface DB {
    organizations: {
      id: string;
      name: string;
      currency: string;
      locale: string;
      time_zone: string;
      created_at: string;
      created_by: string | null;
      updated_at: string;
      updated_by: string | null;
    };
    users: {
      id: string;
      email: string;
      name: string;
      password_hash: string | null;
      locale: string | null;
      last_org_id: string | null;
      last_login_at: string | null;
      created_at: string;
      updated_at: string;
    };
    memberships: {
      id: string;
      org_id: string;
      user_id: string;
      role: string;
      site_ids: string | null;
      employee_id: string | null;
      status: 'active' | 'deactivated';
      created_at: string;
      created_by: string | null;
      updated_at: string;
      updated_by: string | null;
    };
    role_permissions: {
      org_id: string;
      role: string;
      permissions: string;
      updated_at: string;
      updated_by: string | null;
    };
    sessions: {
      id: string;
      token_hash: string;
      user_id: string;
      org_id: string;
      csrf_token: string;
      ip: string | null;
      user_agent: string | null;
      created_at: string;
      last_seen_at: string;
      expires_at: string;
    };
    api_tokens: {
      id: string;
      org_id: string;
      user_id: string;
      name: string;
      prefix: string;
      token_hash: string;
      created_at: string;
      last_used_at: string | null;
      expires_at: string | null;
      revoked_at: string | null;
    };
    invitations: {
      id: string;
      org_id: string;
      email: string;
      role: string;
      site_ids: string | null;
      employee_id: string | null;
      token_hash: string;
      expires_at: string;
      accepted_at: string | null;
      revoked_at: string | null;
      created_at: string;
      created_by: string | null;
      updated_at: string;
      updated_by: string | null;
    };
    password_resets: {
      id: string;
      user_id: string;
      token_hash: string;
      expires_at: string;
      used_at: string | null;
      created_at: string;
    };
    login_attempts: {
      id: string;
      email: string;
      ip: string;
      succeeded: DbBool;
      at: string;
    };
  }
}
