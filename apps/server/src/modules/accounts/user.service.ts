import type { Kysely } from 'kysely';
import { hashPassword } from '../../platform/auth/secrets.js';
import { newId } from '../../platform/clock.js';
import type { DB } from '../../platform/db/types.js';
import './accounts.tables.js';

/**
 * Finds a user by e-mail or creates one with the given password (CLI `create-admin` and demo
 * seeding). An existing user's password is replaced only when `resetPassword` is set.
 */
export async function ensureUser(
  db: Kysely<DB>,
  input: { email: string; name: string; password: string; now: string; resetPassword?: boolean },
) {
  const existing = await db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', input.email)
    .executeTakeFirst();
  if (existing) {
    if (input.resetPassword) {
      await db
        .updateTable('users')
        .set({ password_hash: await hashPassword(input.password), updated_at: input.now })
        .where('id', '=', existing.id)
        .execute();
    }
    return { id: existing.id, name: existing.name, created: false };
  }
  const user = {
    id: newId(),
    email: input.email,
    name: input.name,
    password_hash: await hashPassword(input.password),
    locale: null,
    last_org_id: null,
    last_login_at: null,
    created_at: input.now,
    updated_at: input.now,
  };
  await db.insertInto('users').values(user).execute();
  return { id: user.id, name: user.name, created: true };
}

export async function userExists(db: Kysely<DB>, email: string): Promise<boolean> {
  return !!(await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirst());
}

/** The user with this e-mail (any case), or undefined. */
export async function findUserByEmail(
  db: Kysely<DB>,
  email: string,
): Promise<{ id: string; name: string } | undefined> {
  return db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
}
