import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LiveMessage } from '@keel/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { afterCommit, type DomainEvent } from '../src/platform/events/event-bus.js';
import { buildOrg, membersOf, sessionClient, type TestOrg } from './factories.js';
import { type Client, createTestApp, type TestApp } from './harness.js';

/** An open SSE stream read the way a browser's EventSource would. */
interface Stream {
  messages: LiveMessage[];
  ready: Promise<void>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  /** Resolves once `n` change messages have arrived (or rejects after `ms`). */
  waitFor(n: number, ms?: number): Promise<LiveMessage[]>;
  close(): void;
}

let t: TestApp;
let base: string;
let acme: TestOrg;
let globex: TestOrg;

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  acme = await buildOrg(t, 'Acme');
  globex = await buildOrg(t, 'Globex');
});
afterAll(() => t.close());

function open(client: Client): Stream {
  const messages: LiveMessage[] = [];
  const waiters: (() => void)[] = [];
  let req: http.ClientRequest;
  let markEnded: () => void = () => {};
  const ended = new Promise<void>((resolve) => {
    markEnded = resolve;
  });
  const ready = new Promise<void>((resolve, reject) => {
    req = http.get(
      `${base}/api/events`,
      { headers: { cookie: client.cookie ?? '', accept: 'text/event-stream' } },
      (res) => {
        if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
        expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
        let buffer = '';
        res.setEncoding('utf8');
        res.on('end', () => markEnded());
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let at = buffer.indexOf('\n\n');
          while (at >= 0) {
            const block = buffer.slice(0, at);
            buffer = buffer.slice(at + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event === 'ready') resolve();
            if (event === 'change' && data) {
              messages.push(JSON.parse(data));
              for (const w of waiters.splice(0)) w();
            }
            at = buffer.indexOf('\n\n');
          }
        });
      },
    );
    req.on('error', () => undefined);
  });
  return {
    messages,
    ready,
    ended,
    waitFor(n, ms = 2000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`got ${messages.length} of ${n} messages`)),
          ms,
        );
        const check = () => {
          if (messages.length >= n) {
            clearTimeout(timer);
            resolve(messages);
          } else waiters.push(check);
        };
        check();
      });
    },
    close: () => req.destroy(),
  };
}

async function publish(event: Partial<DomainEvent> & { orgId: string }) {
  await t.deps.db.transaction().execute((trx) =>
    t.deps.events.record(trx, {
      type: 'test.changed',
      entityType: 'test',
      entityId: 'rec-1',
      topics: ['tests'],
      ...event,
    }),
  );
  afterCommit(t.deps);
  await t.deps.events.flush();
}

/** A marker event everyone in the organization receives: proves earlier ones were skipped. */
const marker = (orgId: string) => publish({ orgId, type: 'test.marker', entityId: 'marker' });

describe('GET /api/events', () => {
  it('delivers a committed change to a member in its audience, with names and no data', async () => {
    const s = open(acme.as.coordinator);
    await s.ready;
    await publish({
      orgId: acme.orgId,
      permission: 'people.read',
      data: { secret: 'salary 123' },
    });
    const [m] = await s.waitFor(1);
    expect(m).toEqual({
      id: expect.any(String),
      type: 'test.changed',
      entityType: 'test',
      entityId: 'rec-1',
      topics: ['tests'],
    });
    expect(JSON.stringify(s.messages)).not.toContain('salary');
    s.close();
  });

  it('does not tell members without the permission, or another organization', async () => {
    const staff = open(acme.as.staff);
    const other = open(globex.as.owner);
    await Promise.all([staff.ready, other.ready]);
    await publish({ orgId: acme.orgId, permission: 'people.manage', entityId: 'hidden' });
    await marker(acme.orgId);
    await marker(globex.orgId);
    const [seenByStaff] = await staff.waitFor(1);
    const [seenByOther] = await other.waitFor(1);
    expect(seenByStaff!.type).toBe('test.marker');
    expect(staff.messages.map((m) => m.entityId)).not.toContain('hidden');
    expect(seenByOther!.type).toBe('test.marker');
    expect(other.messages).toHaveLength(1);
    staff.close();
    other.close();
  });

  it('sends a change addressed to users only to those users', async () => {
    const staff = open(acme.as.staff);
    const manager = open(acme.as.manager);
    await Promise.all([staff.ready, manager.ready]);
    await publish({ orgId: acme.orgId, userIds: [acme.owner.userId], entityId: 'owner-only' });
    const staffMe = (await acme.as.staff.get('/api/me')).json();
    await publish({ orgId: acme.orgId, userIds: [staffMe.user.id], entityId: 'for-staff' });
    await marker(acme.orgId);
    await staff.waitFor(2);
    await manager.waitFor(1);
    expect(staff.messages.map((m) => m.entityId)).toEqual(['for-staff', 'marker']);
    expect(manager.messages.map((m) => m.entityId)).toEqual(['marker']);
    staff.close();
    manager.close();
  });

  it('announces nothing from a transaction that rolled back', async () => {
    const s = open(acme.as.owner);
    await s.ready;
    await expect(
      t.deps.db.transaction().execute(async (trx) => {
        await t.deps.events.record(trx, {
          orgId: acme.orgId,
          type: 'test.changed',
          entityType: 'test',
          entityId: 'rolled-back',
          topics: ['tests'],
        });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await t.deps.events.flush();
    await marker(acme.orgId);
    await s.waitFor(1);
    expect(s.messages.map((m) => m.entityId)).toEqual(['marker']);
    s.close();
  });

  it('marks delivered events done, so a second flush sends nothing twice', async () => {
    const s = open(acme.as.owner);
    await s.ready;
    await publish({ orgId: acme.orgId, entityId: 'once' });
    await t.deps.events.flush();
    await marker(acme.orgId);
    await s.waitFor(2);
    expect(s.messages.map((m) => m.entityId)).toEqual(['once', 'marker']);
    const pending = await t.deps.db
      .selectFrom('domain_events')
      .select('id')
      .where('status', '!=', 'done')
      .execute();
    expect(pending).toEqual([]);
    s.close();
  });

  it('ends the stream when its session signs out, and when the member role changes', async () => {
    const ids = await membersOf(t, acme);
    const staff = await sessionClient(t, ids.staff.userId, acme.orgId);
    const s = open(staff);
    await s.ready;
    expect((await staff.post('/api/auth/logout')).statusCode).toBeLessThan(300);
    await s.ended;

    const viewer = await sessionClient(t, ids.viewer.userId, acme.orgId);
    const v = open(viewer);
    await v.ready;
    const res = await acme.as.owner.patch(`/api/members/${ids.viewer.memberId}`, {
      role: 'staff',
    });
    expect(res.statusCode).toBe(200);
    await v.ended;
  });

  it('answers 401 to a request without a session', async () => {
    const res = await fetch(`${base}/api/events`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
  });
});
