import type { Permission } from '@keel/contracts';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor.js';
import type { StoredEvent } from './event-bus.js';
import { inAudience, LiveHub } from './live-hub.js';

const actor = (over: Partial<Actor> = {}): Actor => ({
  userId: 'u1',
  userName: 'U',
  orgId: 'o1',
  membershipId: 'm1',
  role: 'coordinator',
  permissions: new Set<Permission>(['tasks.read']),
  siteIds: null,
  employeeId: null,
  via: 'session',
  sessionId: 's1',
  tokenId: null,
  ...over,
});
const event = (over: Partial<StoredEvent> = {}): StoredEvent => ({
  id: 'e1',
  createdAt: '2026-11-25T09:00:00.000Z',
  orgId: 'o1',
  type: 'task.updated',
  entityType: 'task',
  entityId: 't1',
  topics: ['tasks'],
  ...over,
});

describe('inAudience', () => {
  it('never crosses organizations, even for a listed user', () => {
    expect(inAudience(actor({ orgId: 'o2' }), event({ userIds: ['u1'] }))).toBe(false);
  });
  it('admits listed users whatever their permissions', () => {
    expect(inAudience(actor({ permissions: new Set() }), event({ userIds: ['u1'] }))).toBe(true);
  });
  it('keeps user-addressed events from everyone else', () => {
    expect(inAudience(actor({ userId: 'u2' }), event({ userIds: ['u1'] }))).toBe(false);
  });
  it('admits holders of the permission within their sites', () => {
    const e = event({ permission: 'tasks.read', siteId: 's1' });
    expect(inAudience(actor(), e)).toBe(true);
    expect(inAudience(actor({ siteIds: ['s1'] }), e)).toBe(true);
    expect(inAudience(actor({ siteIds: ['s2'] }), e)).toBe(false);
    expect(inAudience(actor({ permissions: new Set() }), e)).toBe(false);
  });
  it('admits listed users or permission holders when an event names both', () => {
    const e = event({ permission: 'tasks.read', userIds: ['u9'], siteId: 's1' });
    expect(inAudience(actor({ userId: 'u9', permissions: new Set() }), e)).toBe(true);
    expect(inAudience(actor({ siteIds: ['s1'] }), e)).toBe(true);
    expect(inAudience(actor({ siteIds: ['s2'] }), e)).toBe(false);
  });
});

describe('LiveHub', () => {
  it('sends names only, to connections in the audience, until they disconnect', () => {
    const hub = new LiveHub();
    const got: string[] = [];
    const off = hub.connect(actor(), (m) => got.push(m.entityId));
    hub.connect(actor({ orgId: 'o2' }), (m) => got.push(`other:${m.entityId}`));
    hub.publish(event({ data: { pay: 1 } }));
    off();
    hub.publish(event({ entityId: 't2' }));
    expect(got).toEqual(['t1']);
  });
  it('ends every connection on closeAll', () => {
    const hub = new LiveHub();
    let ended = 0;
    hub.connect(
      actor(),
      () => {},
      () => ended++,
    );
    hub.connect(
      actor(),
      () => {},
      () => ended++,
    );
    hub.closeAll();
    expect(ended).toBe(2);
    expect(hub.size).toBe(0);
  });
});
