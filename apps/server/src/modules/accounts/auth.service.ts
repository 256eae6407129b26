import {
  DEFAULT_ROLE_PERMISSIONS,
  isPermission,
  PERMISSIONS,
  type Permission,
  type Role,
} from '@keel/contracts';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import {
  digest,
  dummyPasswordHash,
  hashPassword,
  newSecret,
  verifyPassword,
} from '../../platform/auth/secrets.js';
import { newId } from '../../platform/clock.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { KeelError } from '../../platform/errors.js';
import './accounts.tables.js';
import { passwordResetMail } from './mail-templates.js';

const FAILURE_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 30;
const RESET_TTL_MS = 60 * 60_000;
export const MAX_RESETS_PER_HOUR = 3;
const TOUCH_EVERY_MS = 5 * 60_000;

const invalidCredentials = () =>
  new KeelError('unauthenticated', 'INVALID_CREDENTIALS', 'E-mail or password is incorrect.');

/** The permissions a role grants in an organization (owner: all; others: stored or default). */
export async function rolePermissions(
  db: Kysely<DB>,
  orgId: string,
  role: Role,
): Promise<Permission[]> {
  if (role === 'owner') return [...PERMISSIONS];
  const row = await db
    .selectFrom('role_permissions')
    .select('permissions')
    .where('org_id', '=', orgId)
    .where('role', '=', role)
    .executeTakeFirst();
  if (!row) return [...DEFAULT_ROLE_PERMISSIONS[role]];
  return (JSON.parse(row.permissions) as string[]).filter(isPermission);
}

interface MembershipRow {
  id: string;
  org_id: string;
  user_id: string;
  role: string;
  site_ids: string | null;
  employee_id: string | null;
  user_name: string;
}

async function buildActor(
  db: Kysely<DB>,
  m: MembershipRow,
  via: Actor['via'],
  ids: { sessionId?: string; tokenId?: string },
): Promise<Actor> {
  const role = m.role as Role;
  return {
    userId: m.user_id,
    userName: m.user_name,
    orgId: m.org_id,
    membershipId: m.id,
    role,
    permissions: new Set(await rolePermissions(db, m.org_id, role)),
    siteIds: m.site_ids ? (JSON.parse(m.site_ids) as string[]) : null,
    employeeId: m.employee_id,
    via,
    sessionId: ids.sessionId ?? null,
    tokenId: ids.tokenId ?? null,
  };
}

function activeMembership(db: Kysely<DB>, orgId: string, userId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select([
      'm.id',
      'm.org_id',
      'm.user_id',
      'm.role',
      'm.site_ids',
      'm.employee_id',
      'u.name as user_name',
    ])
    .where('m.org_id', '=', orgId)
    .where('m.user_id', '=', userId)
    .where('m.status', '=', 'active')
    .executeTakeFirst();
}

export interface Credentials {
  sessionSecret?: string | undefined;
  bearer?: string | undefined;
}

/**
 * Resolves a caller from a session cookie or an API token. Returns null for anything expired,
 * revoked or whose membership was deactivated. Touches last-seen at most every few minutes.
 */
export async function authenticate(
  deps: Deps,
  creds: Credentials,
): Promise<{ actor: Actor; csrfToken: string | null } | null> {
  const { db, clock } = deps;
  const now = clock.now();
  if (creds.bearer) {
    const token = await db
      .selectFrom('api_tokens')
      .selectAll()
      .where('token_hash', '=', digest(creds.bearer))
      .executeTakeFirst();
    if (!token || token.revoked_at) return null;
    if (token.expires_at && token.expires_at <= now.toISOString()) return null;
    const m = await activeMembership(db, token.org_id, token.user_id);
    if (!m) return null;
    if (!token.last_used_at || now.getTime() - Date.parse(token.last_used_at) > TOUCH_EVERY_MS) {
      await db
        .updateTable('api_tokens')
        .set({ last_used_at: now.toISOString() })
        .where('id', '=', token.id)
        .execute();
    }
    return { actor: await buildActor(db, m, 'token', { tokenId: token.id }), csrfToken: null };
  }
  if (creds.sessionSecret) {
    const session = await db
      .selectFrom('sessions')
      .selectAll()
      .where('token_hash', '=', digest(creds.sessionSecret))
      .executeTakeFirst();
    if (!session || session.expires_at <= now.toISOString()) return null;
    const m = await activeMembership(db, session.org_id, session.user_id);
    if (!m) return null;
    if (now.getTime() - Date.parse(session.last_seen_at) > TOUCH_EVERY_MS) {
      // Sliding expiry: an active user stays signed in.
      await db
        .updateTable('sessions')
        .set({
          last_seen_at: now.toISOString(),
          expires_at: new Date(now.getTime() + deps.config.sessionDays * 86_400_000).toISOString(),
        })
        .where('id', '=', session.id)
        .execute();
    }
    return {
      actor: await buildActor(db, m, 'session', { sessionId: session.id }),
      csrfToken: session.csrf_token,
    };
  }
  return null;
}

async function recentFailures(
  db: Kysely<DB>,
  column: 'email' | 'ip',
  value: string,
  since: string,
) {
  const lastSuccess = await db
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.max('at').as('at'))
    .where(column, '=', value)
    .where('succeeded', '=', true)
    .where('at', '>=', since)
    .executeTakeFirst();
  const from = lastSuccess?.at && lastSuccess.at > since ? lastSuccess.at : since;
  const row = await db
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(column, '=', value)
    .where('succeeded', '=', false)
    .where('at', '>', from)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export interface SessionInfo {
  secret: string;
  csrfToken: string;
  expiresAt: string;
}

/** Creates a database session for a user in an organization. */
export async function createSession(
  deps: Deps,
  db: Kysely<DB>,
  input: { userId: string; orgId: string; ip: string | null; userAgent: string | null },
): Promise<SessionInfo> {
  const now = deps.clock.now();
  const secret = newSecret();
  const csrfToken = newSecret();
  const expiresAt = new Date(now.getTime() + deps.config.sessionDays * 86_400_000).toISOString();
  await db
    .insertInto('sessions')
    .values({
      id: newId(),
      token_hash: digest(secret),
      user_id: input.userId,
      org_id: input.orgId,
      csrf_token: csrfToken,
      ip: input.ip,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: expiresAt,
    })
    .execute();
  return { secret, csrfToken, expiresAt };
}

/**
 * Signs in with e-mail and password. Every wrong credential answers the same error; more than
 * MAX_FAILURES_PER_ACCOUNT failures for an address, or MAX_FAILURES_PER_IP from one address, in
 * 15 minutes answer RATE_LIMITED until the window passes.
 */
export async function login(
  deps: Deps,
  input: {
    email: string;
    password: string;
    organizationId?: string | undefined;
    ip: string;
    userAgent: string | null;
  },
) {
  const { db, clock } = deps;
  const now = clock.now();
  const since = new Date(now.getTime() - FAILURE_WINDOW_MS).toISOString();
  const [byAccount, byIp] = await Promise.all([
    recentFailures(db, 'email', input.email, since),
    recentFailures(db, 'ip', input.ip, since),
  ]);
  if (byAccount >= MAX_FAILURES_PER_ACCOUNT || byIp >= MAX_FAILURES_PER_IP) {
    throw new KeelError(
      'rate_limited',
      'RATE_LIMITED',
      'Too many failed sign-in attempts. Wait 15 minutes and try again, or reset your password.',
    );
  }
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', input.email)
    .executeTakeFirst();
  const ok = await verifyPassword(
    user?.password_hash ?? (await dummyPasswordHash()),
    input.password,
  );
  const memberships =
    ok && user
      ? await db
          .selectFrom('memberships')
          .select(['org_id'])
          .where('user_id', '=', user.id)
          .where('status', '=', 'active')
          .orderBy('created_at')
          .execute()
      : [];
  const succeeded = ok && !!user?.password_hash && memberships.length > 0;
  await db
    .insertInto('login_attempts')
    .values({ id: newId(), email: input.email, ip: input.ip, succeeded, at: now.toISOString() })
    .execute();
  if (!succeeded || !user) throw invalidCredentials();

  const orgIds = memberships.map((m) => m.org_id);
  const orgId =
    (input.organizationId && orgIds.includes(input.organizationId) && input.organizationId) ||
    (user.last_org_id && orgIds.includes(user.last_org_id) && user.last_org_id) ||
    orgIds[0]!;
  return db.transaction().execute(async (trx) => {
    const session = await createSession(deps, trx, {
      userId: user.id,
      orgId,
      ip: input.ip,
      userAgent: input.userAgent,
    });
    await trx
      .updateTable('users')
      .set({ last_login_at: now.toISOString(), last_org_id: orgId })
      .where('id', '=', user.id)
      .execute();
    await recordAudit(trx, {
      actor: { userId: user.id, userName: user.name, via: 'session' },
      orgId,
      action: 'sign_in',
      entityType: 'user',
      entityId: user.id,
      entityLabel: user.name,
      at: now.toISOString(),
    });
    return {
      user: { id: user.id, email: user.email, name: user.name, locale: user.locale },
      session,
    };
  });
}

export async function logout(deps: Deps, actor: Actor): Promise<void> {
  if (actor.sessionId) {
    await deps.db.deleteFrom('sessions').where('id', '=', actor.sessionId).execute();
    deps.events.live.closeWhere((a) => a.sessionId === actor.sessionId);
  }
}

/** Ends every session of the user, everywhere (tokens are revoked separately). */
export async function logoutAll(deps: Deps, actor: Actor): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sessions').where('user_id', '=', actor.userId).execute();
    await auditAccountEvent(
      trx,
      actor,
      actor.orgId,
      'sign_out_everywhere',
      deps.clock.now().toISOString(),
    );
  });
  deps.events.live.closeWhere((a) => a.userId === actor.userId);
}

/**
 * Security events on an account (password changed or reset, signed out everywhere) are audited
 * with the user as the entity. They carry no field values: never a password or its hash.
 */
async function auditAccountEvent(
  db: Kysely<DB>,
  user: { userId: string; userName: string; via?: Actor['via'] },
  orgId: string,
  action: string,
  at: string,
) {
  await recordAudit(db, {
    actor: { userId: user.userId, userName: user.userName, via: user.via ?? 'session' },
    orgId,
    action,
    entityType: 'user',
    entityId: user.userId,
    entityLabel: user.userName,
    at,
  });
}

/** Always succeeds from the caller's view; mails a one-hour link when the account exists. */
export async function requestPasswordReset(deps: Deps, email: string): Promise<void> {
  const { db, clock, config, mailer } = deps;
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email)
    .executeTakeFirst();
  if (!user) return;
  // At most a few reset mails per account an hour, so the form cannot be used to flood a mailbox.
  const hourAgo = new Date(clock.now().getTime() - 60 * 60_000).toISOString();
  const recent = await db
    .selectFrom('password_resets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', user.id)
    .where('created_at', '>', hourAgo)
    .executeTakeFirst();
  if (Number(recent?.n ?? 0) >= MAX_RESETS_PER_HOUR) return;
  const orgRow = await db
    .selectFrom('memberships')
    .select('org_id')
    .where('user_id', '=', user.id)
    .where('status', '=', 'active')
    .orderBy('created_at')
    .executeTakeFirst();
  const token = newSecret('rst_');
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('password_resets')
      .values({
        id: newId(),
        user_id: user.id,
        token_hash: digest(token),
        expires_at: new Date(now.getTime() + RESET_TTL_MS).toISOString(),
        used_at: null,
        created_at: now.toISOString(),
      })
      .execute();
    await mailer.queue(trx, {
      orgId: user.last_org_id ?? orgRow?.org_id ?? null,
      to: user.email,
      ...passwordResetMail({
        name: user.name,
        link: `${config.publicUrl}/reset-password/${token}`,
      }),
    });
  });
  void mailer.flush();
}

/** Sets a new password from a reset link and ends every session of the account. */
export async function confirmPasswordReset(deps: Deps, token: string, password: string) {
  const { db, clock } = deps;
  const now = clock.now().toISOString();
  const hash = await hashPassword(password);
  const userIdOfReset = await db.transaction().execute(async (trx) => {
    const reset = await trx
      .selectFrom('password_resets')
      .selectAll()
      .where('token_hash', '=', digest(token))
      .executeTakeFirst();
    if (!reset || reset.used_at || reset.expires_at <= now) {
      throw new KeelError(
        'invalid',
        'RESET_TOKEN_INVALID',
        'This reset link is invalid or has expired. Ask for a new one.',
        { fields: [{ field: 'token', message: 'is invalid or has expired' }] },
      );
    }
    const used = await trx
      .updateTable('password_resets')
      .set({ used_at: now })
      .where('id', '=', reset.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) {
      throw new KeelError('invalid', 'RESET_TOKEN_INVALID', 'This reset link was already used.');
    }
    await trx
      .updateTable('users')
      .set({ password_hash: hash, updated_at: now })
      .where('id', '=', reset.user_id)
      .execute();
    await trx.deleteFrom('sessions').where('user_id', '=', reset.user_id).execute();
    // Recorded in every organization the person belongs to: each one's admins may need to know.
    const account = await trx
      .selectFrom('users')
      .select(['name'])
      .where('id', '=', reset.user_id)
      .executeTakeFirstOrThrow();
    const orgs = await trx
      .selectFrom('memberships')
      .select('org_id')
      .where('user_id', '=', reset.user_id)
      .where('status', '=', 'active')
      .execute();
    for (const { org_id } of orgs) {
      await auditAccountEvent(
        trx,
        { userId: reset.user_id, userName: account.name },
        org_id,
        'password_reset',
        now,
      );
    }
    return reset.user_id;
  });
  deps.events.live.closeWhere((a) => a.userId === userIdOfReset);
}

/** Changes the caller's password; keeps this session, ends every other one. */
export async function changePassword(
  deps: Deps,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
) {
  const { db, clock } = deps;
  const user = await db
    .selectFrom('users')
    .select(['password_hash'])
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  if (!user.password_hash || !(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw new KeelError('invalid', 'CURRENT_PASSWORD_WRONG', 'The current password is not right.', {
      fields: [{ field: 'currentPassword', message: 'is not right' }],
    });
  }
  const hash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: hash, updated_at: clock.now().toISOString() })
      .where('id', '=', actor.userId)
      .execute();
    let others = trx.deleteFrom('sessions').where('user_id', '=', actor.userId);
    if (actor.sessionId) others = others.where('id', '!=', actor.sessionId);
    await others.execute();
    await auditAccountEvent(trx, actor, actor.orgId, 'password_change', clock.now().toISOString());
  });
  deps.events.live.closeWhere((a) => a.userId === actor.userId && a.sessionId !== actor.sessionId);
}

/**
 * The actor a user is in an organization right now (role, permissions, site access), or null
 * when they are not an active member. No session is involved: for checks made on someone's
 * behalf (may this mentioned person read the record? whose calendar feed is this?), seeding and
 * scripts. Its `via` is 'session' with no session id.
 */
export async function memberActor(
  db: Kysely<DB>,
  userId: string,
  orgId: string,
): Promise<Actor | null> {
  const m = await activeMembership(db, orgId, userId);
  return m ? buildActor(db, m, 'session', {}) : null;
}

/** Like `memberActor`, but a user who is not an active member is an error. */
export async function actorForUser(deps: Deps, userId: string, orgId: string): Promise<Actor> {
  const actor = await memberActor(deps.db, userId, orgId);
  if (!actor) throw new Error('the user is not an active member of that organization');
  return actor;
}

/** Ends one session by its secret (a script that signed in on a user's behalf). */
export async function endSession(deps: Deps, secret: string): Promise<void> {
  await deps.db.deleteFrom('sessions').where('token_hash', '=', digest(secret)).execute();
}
