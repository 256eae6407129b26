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

  connect(actor: Actor, send: (message: LiveMessage) => void): () => void {
    const conn = { actor, send };
    this.connections.add(conn);
    return () => this.connections.delete(conn);
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
