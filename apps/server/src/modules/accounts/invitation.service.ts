import { type Invitation, ROLE_LABELS, type Role } from '@keel/contracts';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import { digest, hashPassword, newSecret, verifyPassword } from '../../platform/auth/secrets.js';
import { newId } from '../../platform/clock.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { conflict, KeelError, notFound } from '../../platform/errors.js';
import './accounts.tables.js';
import { createSession } from './auth.service.js';
import { invitationMail } from './mail-templates.js';
import { assertOwner, checkAccessInput } from './organization.service.js';

const INVITATION_TTL_MS = 7 * 86_400_000;

type Row = DB['invitations'] & { inviter_name: string | null };

function statusOf(r: DB['invitations'], now: string): Invitation['status'] {
  if (r.accepted_at) return 'accepted';
  if (r.revoked_at) return 'revoked';
  if (r.expires_at <= now) return 'expired';
  return 'pending';
}

const toInvitation = (r: Row, now: string): Invitation => ({
  id: r.id,
  email: r.email,
  role: r.role as Role,
  siteIds: r.site_ids ? (JSON.parse(r.site_ids) as string[]) : null,
  employeeId: r.employee_id,
  status: statusOf(r, now),
  expiresAt: r.expires_at,
  createdAt: r.created_at,
  invitedBy: r.created_by ? { id: r.created_by, name: r.inviter_name ?? '' } : null,
});

const baseQuery = (db: Kysely<DB>, orgId: string) =>
  db
    .selectFrom('invitations as i')
    .leftJoin('users as u', 'u.id', 'i.created_by')
    .selectAll('i')
    .select('u.name as inviter_name')
    .where('i.org_id', '=', orgId);

export async function listInvitations(deps: Deps, actor: Actor, status?: Invitation['status']) {
  const now = deps.clock.now().toISOString();
  const rows = await baseQuery(deps.db, actor.orgId).orderBy('i.id', 'desc').limit(500).execute();
  const items = rows.map((r) => toInvitation(r, now)).filter((i) => !status || i.status === status);
  return { items };
}

async function sendInvitationMail(
  deps: Deps,
  trx: Kysely<DB>,
  actor: Actor,
  email: string,
  role: Role,
  token: string,
) {
  const org = await trx
    .selectFrom('organizations')
    .select('name')
    .where('id', '=', actor.orgId)
    .executeTakeFirstOrThrow();
  await deps.mailer.queue(trx, {
    orgId: actor.orgId,
    to: email,
    ...invitationMail({
      organizationName: org.name,
      inviterName: actor.userName,
      roleLabel: ROLE_LABELS[role],
      link: `${deps.config.publicUrl}/invite/${token}`,
    }),
  });
}

/**
 * Invites an address with a role and optional site limits. A pending invitation to the same
 * address is replaced; an address that is already an active member is refused.
 */
export async function createInvitation(
  deps: Deps,
  actor: Actor,
  input: {
    email: string;
    role: Role;
    siteIds?: string[] | null | undefined;
    employeeId?: string | null | undefined;
  },
): Promise<Invitation> {
  const { db, clock } = deps;
  const now = clock.now();
  const nowIso = now.toISOString();
  const token = newSecret('inv_');
  if (input.role === 'owner') assertOwner(actor);
  const result = await db.transaction().execute(async (trx) => {
    await checkAccessInput(trx, actor.orgId, input);
    const member = await trx
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select('m.status')
      .where('m.org_id', '=', actor.orgId)
      .where('u.email', '=', input.email)
      .executeTakeFirst();
    if (member?.status === 'active') {
      throw conflict('ALREADY_MEMBER', 'That person is already a member of this organization.', [
        { field: 'email', message: 'is already a member' },
      ]);
    }
    if (input.employeeId) {
      // One employee record belongs to one user, as updateMember enforces for existing members.
      const linked = await trx
        .selectFrom('memberships as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select('m.id')
        .where('m.org_id', '=', actor.orgId)
        .where('m.employee_id', '=', input.employeeId)
        .where('u.email', '!=', input.email)
        .executeTakeFirst();
      if (linked) {
        throw conflict(
          'EMPLOYEE_ALREADY_LINKED',
          'That employee is already linked to another user.',
          [{ field: 'employeeId', message: 'is already linked to another user' }],
        );
      }
      const invited = await trx
        .selectFrom('invitations')
        .select('id')
        .where('org_id', '=', actor.orgId)
        .where('employee_id', '=', input.employeeId)
        .where('email', '!=', input.email)
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', nowIso)
        .executeTakeFirst();
      if (invited) {
        throw conflict(
          'EMPLOYEE_ALREADY_INVITED',
          'A pending invitation to someone else already links that employee.',
          [{ field: 'employeeId', message: 'is linked by a pending invitation to someone else' }],
        );
      }
    }
    await trx
      .updateTable('invitations')
      .set({ revoked_at: nowIso, updated_at: nowIso, updated_by: actor.userId })
      .where('org_id', '=', actor.orgId)
      .where('email', '=', input.email)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .execute();
    const siteIds = input.siteIds?.length ? [...new Set(input.siteIds)] : null;
    const id = newId();
    await trx
      .insertInto('invitations')
      .values({
        id,
        org_id: actor.orgId,
        email: input.email,
        role: input.role,
        site_ids: siteIds ? JSON.stringify(siteIds) : null,
        employee_id: input.employeeId ?? null,
        token_hash: digest(token),
        expires_at: new Date(now.getTime() + INVITATION_TTL_MS).toISOString(),
        accepted_at: null,
        revoked_at: null,
        created_at: nowIso,
        created_by: actor.userId,
        updated_at: nowIso,
        updated_by: actor.userId,
      })
      .execute();
    await sendInvitationMail(deps, trx, actor, input.email, input.role, token);
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'create',
      entityType: 'invitation',
      entityId: id,
      entityLabel: input.email,
      after: {
        email: input.email,
        role: input.role,
        siteIds,
        employeeId: input.employeeId ?? null,
      },
      at: nowIso,
    });
    return toInvitation(
      await baseQuery(trx, actor.orgId).where('i.id', '=', id).executeTakeFirstOrThrow(),
      nowIso,
    );
  });
  void deps.mailer.flush();
  return result;
}

async function pendingInvitation(trx: Kysely<DB>, orgId: string, id: string, now: string) {
  const row = await baseQuery(trx, orgId).where('i.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('invitation');
  const status = statusOf(row, now);
  if (status === 'accepted' || status === 'revoked') {
    throw conflict('INVITATION_NOT_PENDING', `This invitation was already ${status}.`);
  }
  return row;
}

/** Sends a fresh link (new token, new 7-day expiry); the old link stops working. */
export async function resendInvitation(deps: Deps, actor: Actor, id: string): Promise<Invitation> {
  const { db, clock } = deps;
  const now = clock.now();
  const nowIso = now.toISOString();
  const token = newSecret('inv_');
  const result = await db.transaction().execute(async (trx) => {
    const row = await pendingInvitation(trx, actor.orgId, id, nowIso);
    const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS).toISOString();
    await trx
      .updateTable('invitations')
      .set({
        token_hash: digest(token),
        expires_at: expiresAt,
        updated_at: nowIso,
        updated_by: actor.userId,
      })
      .where('id', '=', id)
      .execute();
    await sendInvitationMail(deps, trx, actor, row.email, row.role as Role, token);
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'resend',
      entityType: 'invitation',
      entityId: id,
      entityLabel: row.email,
      before: { expiresAt: row.expires_at },
      after: { expiresAt },
      at: nowIso,
    });
    return toInvitation({ ...row, expires_at: expiresAt }, nowIso);
  });
  void deps.mailer.flush();
  return result;
}

export async function revokeInvitation(deps: Deps, actor: Actor, id: string): Promise<Invitation> {
  const { db, clock } = deps;
  const now = clock.now().toISOString();
  return db.transaction().execute(async (trx) => {
    const row = await pendingInvitation(trx, actor.orgId, id, now);
    await trx
      .updateTable('invitations')
      .set({ revoked_at: now, updated_at: now, updated_by: actor.userId })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'revoke',
      entityType: 'invitation',
      entityId: id,
      entityLabel: row.email,
      before: { status: 'pending' },
      after: { status: 'revoked' },
      at: now,
    });
    return toInvitation({ ...row, revoked_at: now }, now);
  });
}

async function invitationByToken(db: Kysely<DB>, token: string, now: string) {
  const row = await db
    .selectFrom('invitations')
    .selectAll()
    .where('token_hash', '=', digest(token))
    .executeTakeFirst();
  if (!row || statusOf(row, now) !== 'pending') {
    throw new KeelError(
      'not_found',
      'INVITATION_NOT_FOUND',
      'This invitation link is invalid, was used already or has expired.',
    );
  }
  return row;
}

export async function previewInvitation(deps: Deps, token: string) {
  const now = deps.clock.now().toISOString();
  const row = await invitationByToken(deps.db, token, now);
  const [org, user] = await Promise.all([
    deps.db
      .selectFrom('organizations')
      .select('name')
      .where('id', '=', row.org_id)
      .executeTakeFirstOrThrow(),
    deps.db.selectFrom('users').select('id').where('email', '=', row.email).executeTakeFirst(),
  ]);
  return {
    organizationName: org.name,
    email: row.email,
    role: row.role as Role,
    expiresAt: row.expires_at,
    accountExists: !!user,
  };
}

/**
 * Accepts an invitation: a new person gets an account with the given name and password; an
 * existing account proves itself with its password. Either way a membership is created (or a
 * deactivated one restored) and a session starts.
 */
export async function acceptInvitation(
  deps: Deps,
  input: {
    token: string;
    name?: string | undefined;
    password: string;
    ip: string | null;
    userAgent: string | null;
  },
) {
  const { db, clock } = deps;
  const now = clock.now().toISOString();
  const preHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const inv = await invitationByToken(trx, input.token, now);
    const claimed = await trx
      .updateTable('invitations')
      .set({ accepted_at: now, updated_at: now })
      .where('id', '=', inv.id)
      .where('accepted_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) {
      throw new KeelError('not_found', 'INVITATION_NOT_FOUND', 'This invitation was used already.');
    }
    let user = await trx
      .selectFrom('users')
      .selectAll()
      .where('email', '=', inv.email)
      .executeTakeFirst();
    if (user) {
      if (!user.password_hash || !(await verifyPassword(user.password_hash, input.password))) {
        throw new KeelError(
          'unauthenticated',
          'INVALID_CREDENTIALS',
          'This e-mail already has a Keel account: enter its current password.',
          {
            fields: [{ field: 'password', message: 'is not the password of the existing account' }],
          },
        );
      }
    } else {
      if (!input.name) {
        throw new KeelError('invalid', 'VALIDATION_FAILED', 'name: is required for a new account', {
          fields: [{ field: 'name', message: 'is required' }],
        });
      }
      user = {
        id: newId(),
        email: inv.email,
        name: input.name,
        password_hash: preHash,
        locale: null,
        last_org_id: inv.org_id,
        last_login_at: now,
        created_at: now,
        updated_at: now,
      };
      await trx.insertInto('users').values(user).execute();
    }
    const existing = await trx
      .selectFrom('memberships')
      .select(['id'])
      .where('org_id', '=', inv.org_id)
      .where('user_id', '=', user.id)
      .executeTakeFirst();
    // If the employee was linked to someone else since the invitation went out, join without
    // the link rather than give one employee record two users; an admin can link it later.
    const employeeTaken =
      inv.employee_id &&
      (await trx
        .selectFrom('memberships')
        .select('id')
        .where('org_id', '=', inv.org_id)
        .where('employee_id', '=', inv.employee_id)
        .where('user_id', '!=', user.id)
        .executeTakeFirst());
    const membershipValues = {
      role: inv.role,
      site_ids: inv.site_ids,
      employee_id: employeeTaken ? null : inv.employee_id,
      status: 'active' as const,
      updated_at: now,
      updated_by: user.id,
    };
    const membershipId = existing?.id ?? newId();
    if (existing) {
      await trx
        .updateTable('memberships')
        .set(membershipValues)
        .where('id', '=', existing.id)
        .execute();
    } else {
      await trx
        .insertInto('memberships')
        .values({
          id: membershipId,
          org_id: inv.org_id,
          user_id: user.id,
          created_at: now,
          created_by: user.id,
          ...membershipValues,
        })
        .execute();
    }
    await trx
      .updateTable('users')
      .set({ last_org_id: inv.org_id, last_login_at: now })
      .where('id', '=', user.id)
      .execute();
    await recordAudit(trx, {
      actor: { userId: user.id, userName: user.name, via: 'session' },
      orgId: inv.org_id,
      action: 'accept_invitation',
      entityType: 'member',
      entityId: membershipId,
      entityLabel: user.name,
      after: {
        role: inv.role,
        siteIds: inv.site_ids ? JSON.parse(inv.site_ids) : null,
        employeeId: membershipValues.employee_id,
        status: 'active',
      },
      at: now,
    });
    const session = await createSession(deps, trx, {
      userId: user.id,
      orgId: inv.org_id,
      ip: input.ip,
      userAgent: input.userAgent,
    });
    return { user: { id: user.id, email: user.email, name: user.name }, session };
  });
}
