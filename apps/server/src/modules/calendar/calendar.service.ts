import type { CalendarFeedStatus, CalendarResponse } from '@keel/contracts';
import ical, { ICalEventStatus } from 'ical-generator';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import { digest, newSecret } from '../../platform/auth/secrets.js';
import { newId } from '../../platform/clock.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { notFound } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import type { CalendarItem } from '../../platform/registry.js';
import {
  activeMembers,
  actorForUser,
  organizationName,
  organizationTimeZone,
} from '../accounts/index.js';
import { siteSummaries } from '../people/index.js';
import './calendar.tables.js';

/** Items one source may contribute to one response; more sets `truncated`. */
export const SOURCE_LIMIT = 2000;
/** The feed covers this window around now. */
export const FEED_DAYS_BACK = 30;
export const FEED_DAYS_AHEAD = 180;
/** Calendar apps are told to refresh hourly; a fetch within this time is not recorded again. */
export const FEED_REFRESH_SECONDS = 3600;
const LAST_USED_GRANULARITY_MS = 15 * 60_000;
const DAY = 86_400_000;

/** Sorts by start; all-day items before timed ones on the same instant, then by title. */
// Starts are ISO-8601 UTC instants in one format, so code-point order is time order; titles use
// one shared collator (a fresh localeCompare per comparison dominated large calendars).
const titleOrder = new Intl.Collator('en');
const codePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byStart = (a: CalendarItem, b: CalendarItem) =>
  codePoint(a.start, b.start) ||
  Number(b.allDay) - Number(a.allDay) ||
  titleOrder.compare(a.title, b.title) ||
  codePoint(a.uid, b.uid);

/**
 * Every registered source's items overlapping [from, to) that the actor may see (the sources
 * apply permissions and site scope), merged and sorted. An item ending exactly at `from` is
 * outside; an item without duration is inside when it starts in the range.
 */
async function mergeSources(
  deps: Deps,
  actor: Actor,
  range: { from: string; to: string; mine: boolean; kinds?: string[] | undefined; limit: number },
) {
  const sources = deps.registry.calendarSources.filter(
    (s) => !range.kinds?.length || range.kinds.includes(s.kind),
  );
  const lists = await Promise.all(
    sources.map((s) =>
      s.list(deps, actor, {
        from: range.from,
        to: range.to,
        mine: range.mine,
        limit: range.limit,
      }),
    ),
  );
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  const items = lists
    .flatMap((list) => list.slice(0, range.limit))
    .filter((i) => {
      const s = Date.parse(i.start);
      const e = Date.parse(i.end);
      return s < to && (e > from || s >= from);
    });
  return {
    items: items.sort(byStart),
    truncated: lists.some((l) => l.length >= range.limit),
  };
}

/** The time zone the actor's calendar is shown in: their one site's, else the organization's. */
async function displayTimeZone(deps: Deps, actor: Actor): Promise<string> {
  if (actor.siteIds?.length === 1) {
    const site = (await siteSummaries(deps.db, actor.orgId, actor.siteIds)).get(actor.siteIds[0]!);
    if (site) return site.timeZone;
  }
  return (await organizationTimeZone(deps.db, actor.orgId)) ?? 'UTC';
}

/** The calendar of one range (at most CALENDAR_MAX_DAYS, checked by the contract). */
export async function getCalendar(
  deps: Deps,
  actor: Actor,
  q: {
    from: string;
    to: string;
    kinds?: string[] | undefined;
    mine?: boolean | undefined;
    siteId?: string | undefined;
  },
): Promise<CalendarResponse> {
  const merged = await mergeSources(deps, actor, {
    from: q.from,
    to: q.to,
    mine: q.mine ?? false,
    kinds: q.kinds,
    limit: SOURCE_LIMIT,
  });
  const items = q.siteId ? merged.items.filter((i) => i.siteId === q.siteId) : merged.items;
  return {
    items,
    kinds: [...new Set(deps.registry.calendarSources.map((s) => s.kind))],
    truncated: merged.truncated,
    timeZone: await displayTimeZone(deps, actor),
  };
}

// ── The private iCal feed ──────────────────────────────────────────────────────────────────

const FEED_PREFIX = 'kcal_';

const loadFeed = (db: Kysely<DB>, actor: Actor) =>
  db
    .selectFrom('calendar_feeds')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('user_id', '=', actor.userId)
    .executeTakeFirst();

const toStatus = (row: DB['calendar_feeds'] | undefined): CalendarFeedStatus =>
  row?.token_hash
    ? { exists: true, createdAt: row.issued_at, lastUsedAt: row.last_used_at }
    : { exists: false, createdAt: null, lastUsedAt: null };

export const feedUrl = (deps: Deps, token: string) =>
  `${deps.config.publicUrl.replace(/\/$/, '')}/api/calendar/feed/${token}.ics`;

/** Whether the actor has a feed in this organization and when a calendar app last used it. */
export async function getFeedStatus(deps: Deps, actor: Actor): Promise<CalendarFeedStatus> {
  return toStatus(await loadFeed(deps.db, actor));
}

function feedEvent(deps: Deps, trx: Kysely<DB>, actor: Actor, id: string, type: string) {
  return deps.events.record(trx, {
    orgId: actor.orgId,
    type,
    entityType: 'calendar_feed',
    entityId: id,
    userIds: [actor.userId],
    topics: ['calendar'],
    actorUserId: actor.userId,
  });
}

/**
 * Issues a new feed address for the actor in this organization; an existing address stops
 * working at once. The address is answered once and only its digest is kept.
 */
export async function createFeed(
  deps: Deps,
  actor: Actor,
): Promise<CalendarFeedStatus & { url: string }> {
  const token = newSecret(FEED_PREFIX);
  const at = deps.clock.now().toISOString();
  const status = await deps.db.transaction().execute(async (trx) => {
    const before = await loadFeed(trx, actor);
    const values = {
      token_hash: digest(token),
      issued_at: at,
      last_used_at: null,
      revoked_at: null,
      updated_at: at,
      updated_by: actor.userId,
    };
    // One row per member: concurrent requests both upsert it, the last address wins.
    const row = await trx
      .insertInto('calendar_feeds')
      .values({
        id: newId(),
        org_id: actor.orgId,
        user_id: actor.userId,
        created_at: at,
        created_by: actor.userId,
        ...values,
      })
      .onConflict((oc) => oc.columns(['org_id', 'user_id']).doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: before?.token_hash ? 'rotate' : 'create',
      entityType: 'calendar_feed',
      entityId: row.id,
      entityLabel: `Calendar feed of ${actor.userName}`,
      before: before?.token_hash ? { issuedAt: before.issued_at } : null,
      after: { issuedAt: at },
      at,
    });
    await feedEvent(
      deps,
      trx,
      actor,
      row.id,
      before?.token_hash ? 'calendar_feed.rotated' : 'calendar_feed.created',
    );
    return toStatus(row);
  });
  afterCommit(deps);
  return { ...status, url: feedUrl(deps, token) };
}

/** Revokes the actor's feed address; revoking when there is none changes nothing. */
export async function revokeFeed(deps: Deps, actor: Actor): Promise<CalendarFeedStatus> {
  const at = deps.clock.now().toISOString();
  const changed = await deps.db.transaction().execute(async (trx) => {
    const before = await loadFeed(trx, actor);
    if (!before?.token_hash) return false;
    await trx
      .updateTable('calendar_feeds')
      .set({ token_hash: null, revoked_at: at, updated_at: at, updated_by: actor.userId })
      .where('id', '=', before.id)
      .execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'revoke',
      entityType: 'calendar_feed',
      entityId: before.id,
      entityLabel: `Calendar feed of ${actor.userName}`,
      before: { issuedAt: before.issued_at, revokedAt: null },
      after: { issuedAt: before.issued_at, revokedAt: at },
      at,
    });
    await feedEvent(deps, trx, actor, before.id, 'calendar_feed.revoked');
    return true;
  });
  if (changed) afterCommit(deps);
  return toStatus(undefined);
}

export interface RenderedFeed {
  body: string;
  /** Changes only when the feed's content does (DTSTAMP aside). */
  etag: string;
}

/**
 * The feed behind a token: the member's own items from FEED_DAYS_BACK days ago to
 * FEED_DAYS_AHEAD days ahead, with their permissions as of now. An unknown or revoked token, or a
 * member who left the organization, is not found.
 */
export async function renderFeed(deps: Deps, tokenParam: string): Promise<RenderedFeed> {
  const token = tokenParam.replace(/\.ics$/, '');
  const feed = await deps.db
    .selectFrom('calendar_feeds')
    .selectAll()
    .where('token_hash', '=', digest(token))
    .executeTakeFirst();
  if (!feed) throw notFound('calendar_feed');
  const [member] = await activeMembers(deps.db, feed.org_id, [feed.user_id]);
  if (!member) throw notFound('calendar_feed');
  const actor = await actorForUser(deps, feed.user_id, feed.org_id);
  const now = deps.clock.now();
  const { items } = await mergeSources(deps, actor, {
    from: new Date(now.getTime() - FEED_DAYS_BACK * DAY).toISOString(),
    to: new Date(now.getTime() + FEED_DAYS_AHEAD * DAY).toISOString(),
    mine: true,
    limit: SOURCE_LIMIT,
  });
  if (
    !feed.last_used_at ||
    now.getTime() - Date.parse(feed.last_used_at) >= LAST_USED_GRANULARITY_MS
  )
    await deps.db
      .updateTable('calendar_feeds')
      .set({ last_used_at: now.toISOString() })
      .where('id', '=', feed.id)
      .execute();
  const orgName = (await organizationName(deps.db, feed.org_id)) ?? 'Keel';
  const base = deps.config.publicUrl.replace(/\/$/, '');
  const host = new URL(base).hostname || 'keel';
  const cal = ical({
    name: `Keel — ${orgName}`,
    prodId: { company: 'Keel', product: 'Keel calendar', language: 'EN' },
    ttl: FEED_REFRESH_SECONDS,
  });
  for (const item of items) {
    const start = new Date(item.start);
    let end = new Date(item.end);
    if (item.allDay && end.getTime() <= start.getTime()) end = new Date(start.getTime() + DAY);
    cal.createEvent({
      id: `${item.uid}@${host}`,
      start,
      end,
      allDay: item.allDay,
      summary: item.title,
      description: [item.kind, item.status].filter(Boolean).join(' · ') || null,
      url: `${base}${item.href}`,
      stamp: now,
      ...(item.status === 'cancelled' ? { status: ICalEventStatus.CANCELLED } : {}),
    });
  }
  return {
    body: cal.toString(),
    etag: `"${digest(JSON.stringify([orgName, items])).slice(0, 32)}"`,
  };
}
