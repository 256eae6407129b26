import {
  DEFAULT_NOTIFICATION_PREFERENCES,
  type EmailMode,
  NOTIFICATION_TYPES,
  type Notification,
  type NotificationPreference,
  type NotificationType,
} from '@keel/contracts';
import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import { type DB, toBool } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { notFound } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import { decodeCursor, encodeCursor, idCursor } from '../../platform/http/cursor.js';
import { activeMembers, organizationName, userNames } from '../accounts/index.js';
import { siteSummaries } from '../people/index.js';
import { digestMail, notificationMail } from './notifications.mail.js';
import './notifications.tables.js';

export interface NotifyInput {
  orgId: string;
  type: NotificationType;
  /** User ids; the acting user and duplicates are dropped. */
  recipients: string[];
  actorUserId: string | null;
  entity: { entityType: string; entityId: string };
  siteId: string | null;
  title: string;
  body?: string | null;
  /** Web path of the record, e.g. `/tasks/ID`. */
  href: string;
}

const TOPICS = ['notifications'];

type Pref = { inApp: boolean; email: EmailMode };

/** Each user's preference for the given types (stored, or the default). */
async function preferencesOf(
  db: Kysely<DB>,
  orgId: string,
  userIds: string[],
  types: readonly NotificationType[],
): Promise<Map<string, Pref>> {
  const out = new Map<string, Pref>();
  for (const u of userIds)
    for (const t of types) out.set(`${u}:${t}`, { ...DEFAULT_NOTIFICATION_PREFERENCES[t] });
  if (userIds.length === 0) return out;
  const rows = await db
    .selectFrom('notification_preferences')
    .select(['user_id', 'type', 'in_app', 'email'])
    .where('org_id', '=', orgId)
    .where('user_id', 'in', userIds)
    .where('type', 'in', [...types])
    .execute();
  for (const r of rows)
    out.set(`${r.user_id}:${r.type}`, { inApp: toBool(r.in_app), email: r.email });
  return out;
}

const prefsLink = (deps: Deps) => `${deps.config.publicUrl}/notifications?tab=preferences`;

/**
 * Tells users about something, in the caller's transaction: one notification per recipient who
 * has the type on in-app, an e-mail now for those who chose "immediately" (the daily digest takes
 * the rest), and a `notification.created` event for the live stream. Recipients who are not
 * active members of the organization are dropped. Call `afterCommit(deps)` after the commit.
 */
export async function notify(db: Kysely<DB>, deps: Deps, input: NotifyInput): Promise<void> {
  const wanted = [...new Set(input.recipients)].filter((u) => u !== input.actorUserId);
  if (wanted.length === 0) return;
  const members = await activeMembers(db, input.orgId, wanted);
  if (members.length === 0) return;
  const prefs = await preferencesOf(
    db,
    input.orgId,
    members.map((m) => m.userId),
    [input.type],
  );
  const now = deps.clock.now().toISOString();
  const told: string[] = [];
  for (const m of members) {
    const pref = prefs.get(`${m.userId}:${input.type}`)!;
    const immediate = pref.email === 'immediate';
    if (pref.inApp) {
      await db
        .insertInto('notifications')
        .values({
          id: newId(),
          org_id: input.orgId,
          user_id: m.userId,
          type: input.type,
          actor_user_id: input.actorUserId,
          entity_type: input.entity.entityType,
          entity_id: input.entity.entityId,
          site_id: input.siteId,
          title: input.title,
          body: input.body ?? null,
          href: input.href,
          read_at: null,
          email_mode: immediate ? 'immediate' : pref.email === 'digest' ? 'digest' : 'none',
          emailed_at: immediate ? now : null,
          created_at: now,
        })
        .execute();
      told.push(m.userId);
    }
    if (immediate) {
      const mail = notificationMail({
        title: input.title,
        body: input.body ?? null,
        link: `${deps.config.publicUrl}${input.href}`,
        prefsLink: prefsLink(deps),
      });
      await deps.mailer.queue(db, { orgId: input.orgId, to: m.email, ...mail });
    }
  }
  if (told.length > 0) {
    await deps.events.record(db, {
      orgId: input.orgId,
      type: 'notification.created',
      entityType: input.entity.entityType,
      entityId: input.entity.entityId,
      siteId: input.siteId,
      userIds: told,
      topics: TOPICS,
      actorUserId: input.actorUserId,
      data: { type: input.type },
    });
  }
}

// ── The notification center ───────────────────────────────────────────────

type Row = DB['notifications'];

async function toNotifications(
  db: Kysely<DB>,
  orgId: string,
  rows: Row[],
): Promise<Notification[]> {
  const names = await userNames(
    db,
    rows.map((r) => r.actor_user_id).filter((x): x is string => !!x),
  );
  const sites = await siteSummaries(
    db,
    orgId,
    rows.flatMap((r) => (r.site_id ? [r.site_id] : [])),
  );
  const siteOf = (id: string | null) => {
    const site = id ? sites.get(id) : undefined;
    return site ? { id: site.id, name: site.name } : null;
  };
  return rows.map((r) => ({
    id: r.id,
    type: r.type as NotificationType,
    title: r.title,
    body: r.body,
    href: r.href,
    entityType: r.entity_type,
    entityId: r.entity_id,
    site: siteOf(r.site_id),
    actor: r.actor_user_id
      ? { id: r.actor_user_id, name: names.get(r.actor_user_id) ?? 'Former user' }
      : null,
    readAt: r.read_at,
    createdAt: r.created_at,
  }));
}

const mine = (db: Kysely<DB>, actor: Actor) =>
  db
    .selectFrom('notifications')
    .where('org_id', '=', actor.orgId)
    .where('user_id', '=', actor.userId);

export async function listNotifications(
  deps: Deps,
  actor: Actor,
  query: { unread: boolean; cursor?: string | undefined; limit: number },
): Promise<{ items: Notification[]; nextCursor: string | null }> {
  let q = mine(deps.db, actor).selectAll();
  if (query.unread) q = q.where('read_at', 'is', null);
  const after = decodeCursor(query.cursor, idCursor);
  if (after) q = q.where('id', '<', after[0] as string);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const more = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  return {
    items: await toNotifications(deps.db, actor.orgId, page),
    nextCursor: more ? encodeCursor([page[page.length - 1]!.id]) : null,
  };
}

export async function unreadCount(deps: Deps, actor: Actor): Promise<number> {
  const row = await mine(deps.db, actor)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function markRead(deps: Deps, actor: Actor, id: string): Promise<Notification> {
  const now = deps.clock.now().toISOString();
  const row = await deps.db.transaction().execute(async (trx) => {
    const found = await mine(trx, actor).selectAll().where('id', '=', id).executeTakeFirst();
    if (!found) throw notFound('notification');
    if (found.read_at) return found;
    await trx
      .updateTable('notifications')
      .set({ read_at: now })
      .where('id', '=', id)
      .where('read_at', 'is', null)
      .execute();
    await deps.events.record(trx, {
      orgId: actor.orgId,
      type: 'notification.read',
      entityType: 'notification',
      entityId: id,
      userIds: [actor.userId],
      topics: TOPICS,
      actorUserId: actor.userId,
    });
    return { ...found, read_at: now };
  });
  afterCommit(deps);
  return (await toNotifications(deps.db, actor.orgId, [row]))[0]!;
}

export async function markAllRead(deps: Deps, actor: Actor): Promise<number> {
  const now = deps.clock.now().toISOString();
  const updated = await deps.db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('notifications')
      .set({ read_at: now })
      .where('org_id', '=', actor.orgId)
      .where('user_id', '=', actor.userId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    const n = Number(res.numUpdatedRows);
    if (n > 0) {
      await deps.events.record(trx, {
        orgId: actor.orgId,
        type: 'notification.read',
        entityType: 'notification',
        entityId: actor.userId,
        userIds: [actor.userId],
        topics: TOPICS,
        actorUserId: actor.userId,
      });
    }
    return n;
  });
  afterCommit(deps);
  return updated;
}

// ── Preferences ───────────────────────────────────────────────────────────

export async function getPreferences(
  deps: Deps,
  actor: Actor,
  db: Kysely<DB> = deps.db,
): Promise<NotificationPreference[]> {
  const prefs = await preferencesOf(db, actor.orgId, [actor.userId], NOTIFICATION_TYPES);
  return NOTIFICATION_TYPES.map((type) => ({ type, ...prefs.get(`${actor.userId}:${type}`)! }));
}

export async function updatePreferences(
  deps: Deps,
  actor: Actor,
  items: NotificationPreference[],
): Promise<NotificationPreference[]> {
  const now = deps.clock.now().toISOString();
  const result = await deps.db.transaction().execute(async (trx) => {
    // Last entry per type wins when a type is listed twice.
    const byType = new Map(items.map((i) => [i.type, i]));
    for (const item of byType.values()) {
      await trx
        .insertInto('notification_preferences')
        .values({
          id: newId(),
          org_id: actor.orgId,
          user_id: actor.userId,
          type: item.type,
          in_app: item.inApp,
          email: item.email,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc
            .columns(['org_id', 'user_id', 'type'])
            .doUpdateSet({ in_app: item.inApp, email: item.email, updated_at: now }),
        )
        .execute();
    }
    await deps.events.record(trx, {
      orgId: actor.orgId,
      type: 'notification.preferences_updated',
      entityType: 'user',
      entityId: actor.userId,
      userIds: [actor.userId],
      topics: TOPICS,
      actorUserId: actor.userId,
    });
    return getPreferences(deps, actor, trx);
  });
  afterCommit(deps);
  return result;
}

// ── Daily digest ──────────────────────────────────────────────────────────

const DAY_MS = 86_400_000;

/**
 * Sends each user one e-mail per organization with their unread digest items of the last day.
 * An item is claimed (`emailed_at`) in the same transaction as its mail is queued, so a second
 * run (or a second server copy) never sends it again.
 */
export async function sendDailyDigests(deps: Deps, now: Date): Promise<number> {
  const since = new Date(now.getTime() - DAY_MS).toISOString();
  const groups = await deps.db
    .selectFrom('notifications')
    .select(['org_id', 'user_id'])
    .where('email_mode', '=', 'digest')
    .where('emailed_at', 'is', null)
    .where('read_at', 'is', null)
    .where('created_at', '>=', since)
    .groupBy(['org_id', 'user_id'])
    .execute();
  let sent = 0;
  for (const g of groups) {
    const queued = await deps.db
      .transaction()
      .execute(async (trx) => {
        const [member] = await activeMembers(trx, g.org_id, [g.user_id]);
        const rows = await trx
          .selectFrom('notifications')
          .selectAll()
          .where('org_id', '=', g.org_id)
          .where('user_id', '=', g.user_id)
          .where('email_mode', '=', 'digest')
          .where('emailed_at', 'is', null)
          .where('read_at', 'is', null)
          .where('created_at', '>=', since)
          .orderBy('id')
          .execute();
        if (rows.length === 0) return false;
        const stamp = now.toISOString();
        const claimed = await trx
          .updateTable('notifications')
          .set({ emailed_at: stamp })
          .where(
            'id',
            'in',
            rows.map((r) => r.id),
          )
          .where('emailed_at', 'is', null)
          .executeTakeFirst();
        // Another copy took them first: send nothing.
        if (Number(claimed.numUpdatedRows) !== rows.length) throw new DigestRace();
        if (!member) return false;
        // Only the kinds the user still wants in the digest.
        const prefs = await preferencesOf(trx, g.org_id, [g.user_id], NOTIFICATION_TYPES);
        const items = rows.filter((r) => prefs.get(`${g.user_id}:${r.type}`)?.email === 'digest');
        if (items.length === 0) return false;
        const mail = digestMail({
          organizationName: (await organizationName(trx, g.org_id)) ?? 'Keel',
          items: items.map((r) => ({ title: r.title, link: `${deps.config.publicUrl}${r.href}` })),
          prefsLink: prefsLink(deps),
          allLink: `${deps.config.publicUrl}/notifications`,
        });
        await deps.mailer.queue(trx, { orgId: g.org_id, to: member.email, ...mail });
        return true;
      })
      .catch((err) => {
        if (err instanceof DigestRace) return false;
        throw err;
      });
    if (queued) sent++;
  }
  if (sent > 0) afterCommit(deps);
  return sent;
}

class DigestRace extends Error {}
