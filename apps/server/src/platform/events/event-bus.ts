import type { Permission } from '@keel/contracts';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { type Clock, newId } from '../clock.js';
import type { PubSub } from '../db/pubsub.js';
import { outsideTransaction } from '../db/sqlite-guard.js';
import type { DB } from '../db/types.js';
import { LiveHub } from './live-hub.js';

declare module '../db/types.js' {
  interface DB {
    domain_events: {
      id: string;
      org_id: string;
      type: string;
      entity_type: string;
      entity_id: string;
      site_id: string | null;
      permission: string | null;
      user_ids: string | null;
      topics: string;
      data: string | null;
      actor_user_id: string | null;
      status: 'pending' | 'dispatching' | 'done';
      created_at: string;
      dispatched_at: string | null;
    };
    job_runs: {
      job: string;
      period: string;
      started_at: string;
      finished_at: string | null;
      error: string | null;
    };
  }
}

/**
 * Something that happened to a record. Who may learn of it is the audience: the listed users,
 * or everyone in the organization holding `permission` whose site access covers `siteId`
 * (no permission and no users: every member who can see the site).
 */
export interface DomainEvent {
  orgId: string;
  /** `task.updated`, `notification.created`, `booking.created`… */
  type: string;
  entityType: string;
  entityId: string;
  siteId?: string | null;
  permission?: Permission | null;
  userIds?: string[] | null;
  /**
   * Query topics the web app refreshes, e.g. `tasks`, `task:ID`. Topics are names, never data:
   * the browser refetches through the API, which applies every permission check again.
   */
  topics: string[];
  /** For in-process subscribers only; never sent to browsers. */
  data?: Record<string, unknown> | null;
  actorUserId?: string | null;
}

export interface StoredEvent extends DomainEvent {
  id: string;
  createdAt: string;
}

export type Subscriber = (event: StoredEvent) => Promise<void>;

const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/**
 * The outbox. A service records events in its own transaction (so a rolled-back change announces
 * nothing), and calls `flush()` after the commit; a timer flushes too, so an event recorded just
 * before a crash is still delivered. Each event is claimed by one server copy, handed to the
 * in-process subscribers, then to the live hub (SSE connections of this copy).
 */
export class EventBus {
  readonly live = new LiveHub();
  private readonly subscribers: Subscriber[] = [];
  private flushing: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly deps: { db: Kysely<DB>; clock: Clock; log: Logger; pubsub?: PubSub | null },
  ) {
    // Every copy's live hub hears every dispatched event, whichever copy dispatched it.
    deps.pubsub?.subscribe((payload) => {
      try {
        this.live.publish(JSON.parse(payload) as StoredEvent);
      } catch (err) {
        deps.log.warn({ err }, 'unreadable live-update message');
      }
    });
  }

  /**
   * Hands an event to the live hubs: through PostgreSQL NOTIFY to every server copy (this one
   * included), or straight to this process's hub on SQLite or when the message is too large.
   */
  private async fanOut(event: StoredEvent): Promise<void> {
    const { pubsub, log } = this.deps;
    if (pubsub) {
      // Subscriber-only data never leaves the process.
      const payload = JSON.stringify({ ...event, data: null });
      if (Buffer.byteLength(payload) < 7900) {
        try {
          await pubsub.publish(payload);
          return;
        } catch (err) {
          log.warn({ err, eventId: event.id }, 'live-update NOTIFY failed; delivering locally');
        }
      }
    }
    this.live.publish(event);
  }

  /** Records an event in the caller's transaction. */
  async record(db: Kysely<DB>, event: DomainEvent): Promise<void> {
    await db
      .insertInto('domain_events')
      .values({
        id: newId(),
        org_id: event.orgId,
        type: event.type,
        entity_type: event.entityType,
        entity_id: event.entityId,
        site_id: event.siteId ?? null,
        permission: event.permission ?? null,
        user_ids: event.userIds ? JSON.stringify(event.userIds) : null,
        topics: JSON.stringify(event.topics),
        data: event.data ? JSON.stringify(event.data) : null,
        actor_user_id: event.actorUserId ?? null,
        status: 'pending',
        created_at: this.deps.clock.now().toISOString(),
        dispatched_at: null,
      })
      .execute();
  }

  subscribe(subscriber: Subscriber): void {
    this.subscribers.push(subscriber);
  }

  /** Delivers pending events; safe to call often and from several server copies. */
  flush(): Promise<void> {
    if (this.flushing) {
      // A commit landed while a flush was running: run once more after it.
      this.again = true;
      return this.flushing;
    }
    // Dispatch may start inside a transaction's callback; it then simply waits for the commit.
    this.flushing = outsideTransaction(async () => {
      do {
        this.again = false;
        await this.dispatchPending();
      } while (this.again);
    })
      .catch((err) => this.deps.log.error({ err }, 'event dispatch failed'))
      .finally(() => {
        this.flushing = null;
      });
    return this.flushing;
  }

  private async dispatchPending(): Promise<void> {
    const { db, clock } = this.deps;
    for (;;) {
      const rows = await db
        .selectFrom('domain_events')
        .selectAll()
        .where('status', '=', 'pending')
        .orderBy('id')
        .limit(100)
        .execute();
      if (rows.length === 0) return;
      for (const row of rows) {
        const claimed = await db
          .updateTable('domain_events')
          .set({ status: 'dispatching' })
          .where('id', '=', row.id)
          .where('status', '=', 'pending')
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) continue;
        const event: StoredEvent = {
          id: row.id,
          orgId: row.org_id,
          type: row.type,
          entityType: row.entity_type,
          entityId: row.entity_id,
          siteId: row.site_id,
          permission: row.permission as Permission | null,
          userIds: row.user_ids ? parse<string[]>(row.user_ids) : null,
          topics: parse<string[]>(row.topics),
          data: row.data ? parse<Record<string, unknown>>(row.data) : null,
          actorUserId: row.actor_user_id,
          createdAt: row.created_at,
        };
        await this.fanOut(event);
        for (const s of this.subscribers) {
          try {
            await s(event);
          } catch (err) {
            this.deps.log.error(
              { err, eventId: row.id, type: row.type },
              'event subscriber failed',
            );
          }
        }
        await db
          .updateTable('domain_events')
          .set({ status: 'done', dispatched_at: clock.now().toISOString() })
          .where('id', '=', row.id)
          .execute();
      }
    }
  }

  /** Deletes dispatched events older than `days` (the outbox is not an archive). */
  async prune(days: number): Promise<void> {
    const before = new Date(this.deps.clock.now().getTime() - days * 86_400_000).toISOString();
    await this.deps.db
      .deleteFrom('domain_events')
      .where('status', '=', 'done')
      .where('created_at', '<', before)
      .execute();
  }
}

/**
 * Call after a transaction that recorded events or queued mail has committed: dispatches the
 * events (live stream, subscribers) and sends the mail, without making the caller wait.
 */
export function afterCommit(deps: { events: EventBus; mailer: { flush(): Promise<void> } }): void {
  void deps.events.flush();
  void deps.mailer.flush();
}
