import { recordAudit } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import { digest, newSecret } from '../../platform/auth/secrets.js';
import { newId } from '../../platform/clock.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { notFound } from '../../platform/errors.js';
import './accounts.tables.js';

const toToken = (r: DB['api_tokens']) => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  expiresAt: r.expires_at,
});

export async function listTokens(deps: Deps, actor: Actor) {
  const rows = await deps.db
    .selectFrom('api_tokens')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('user_id', '=', actor.userId)
    .where('revoked_at', 'is', null)
    .orderBy('id', 'desc')
    .execute();
  return { items: rows.map(toToken) };
}

/** Creates a personal token; the secret is returned once and stored only as a digest. */
export async function createToken(
  deps: Deps,
  actor: Actor,
  input: { name: string; expiresInDays?: number | null | undefined },
) {
  const now = deps.clock.now();
  const secret = newSecret('keel_pat_');
  const row: DB['api_tokens'] = {
    id: newId(),
    org_id: actor.orgId,
    user_id: actor.userId,
    name: input.name,
    prefix: secret.slice(0, 14),
    token_hash: digest(secret),
    created_at: now.toISOString(),
    last_used_at: null,
    expires_at: input.expiresInDays
      ? new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString()
      : null,
    revoked_at: null,
  };
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('api_tokens').values(row).execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'create',
      entityType: 'api_token',
      entityId: row.id,
      entityLabel: row.name,
      after: { name: row.name, prefix: row.prefix, expiresAt: row.expires_at },
      at: row.created_at,
    });
  });
  return { ...toToken(row), token: secret };
}

export async function revokeToken(deps: Deps, actor: Actor, id: string) {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', id)
      .where('org_id', '=', actor.orgId)
      .where('user_id', '=', actor.userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row) throw notFound('API token', 'API_TOKEN_NOT_FOUND');
    await trx.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', id).execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'revoke',
      entityType: 'api_token',
      entityId: id,
      entityLabel: row.name,
      before: { revokedAt: null },
      after: { revokedAt: now },
      at: now,
    });
  });
}
