import { type Actor, can, canSeeSite } from '../auth/actor.js';
import type { StoredEvent } from './event-bus.js';

/** What a browser receives: names only, never record data. */
export interface LiveMessage {
  id: string;
  type: string;
  entityType: string;
  entityId: string;
  topics: string[];
}

interface Connection {
  actor: Actor;
  send: (message: LiveMessage) => void;
  end: () => void;
}

/** Whether the actor belongs to the event's audience (see `DomainEvent`). */
export function inAudience(actor: Actor, event: StoredEvent): boolean {
  if (actor.orgId !== event.orgId) return false;
  if (event.userIds?.includes(actor.userId)) return true;
  if (event.userIds && !event.permission) return false;
  if (event.permission && !can(actor, event.permission)) return false;
  return canSeeSite(actor, event.siteId ?? null);
}

/** The SSE connections of this server copy, and fan-out to those in an event's audience. */
export class LiveHub {
  private readonly connections = new Set<Connection>();

  /** Adds a connection; `end` closes it (server shutdown). Returns the disconnect function. */
  connect(
    actor: Actor,
    send: (message: LiveMessage) => void,
    end: () => void = () => {},
  ): () => void {
    const conn = { actor, send, end };
    this.connections.add(conn);
    return () => this.connections.delete(conn);
  }

  /**
   * Ends the connections whose actor matches (signed out, deactivated, role or organization
   * changed); the browser reconnects and is authenticated afresh. Streams of other server copies
   * end at their 30-minute limit.
   */
  closeWhere(match: (actor: Actor) => boolean): void {
    for (const c of [...this.connections]) {
      if (match(c.actor)) {
        this.connections.delete(c);
        c.end();
      }
    }
  }

  /** Ends every connection (the server is closing). */
  closeAll(): void {
    for (const c of [...this.connections]) c.end();
    this.connections.clear();
  }

  get size(): number {
    return this.connections.size;
  }

  publish(event: StoredEvent): void {
    const message: LiveMessage = {
      id: event.id,
      type: event.type,
      entityType: event.entityType,
      entityId: event.entityId,
      topics: event.topics,
    };
    for (const c of this.connections) {
      if (inAudience(c.actor, event)) c.send(message);
    }
  }
}
