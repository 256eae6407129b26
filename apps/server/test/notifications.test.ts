import type { NotificationType } from '@keel/contracts';
import { NOTIFICATION_TYPES } from '@keel/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NotifyInput, notify } from '../src/modules/notifications/index.js';
import { newId } from '../src/platform/clock.js';
import { afterCommit } from '../src/platform/events/event-bus.js';
import { runDueJobs } from '../src/platform/jobs/jobs.js';
import { buildOrg, membersOf, sessionClient, type TestOrg } from './factories.js';
import { createTestApp, type TestApp } from './harness.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

let t: TestApp;
let acme: TestOrg;
let other: TestOrg;
let ids: Awaited<ReturnType<typeof membersOf>>;
let otherIds: Awaited<ReturnType<typeof membersOf>>;

beforeAll(async () => {
  t = await createTestApp();
  acme = await buildOrg(t);
  other = await buildOrg(t, 'Other Co');
  ids = await membersOf(t, acme);
  otherIds = await membersOf(t, other);
});
afterAll(() => t.close());

async function send(input: Partial<NotifyInput> & { recipients: string[] }) {
  const entityId = input.entity?.entityId ?? newId();
  await t.deps.db.transaction().execute((trx) =>
    notify(trx, t.deps, {
      orgId: acme.orgId,
      type: 'task_assigned',
      actorUserId: ids.manager.userId,
      entity: { entityType: 'task', entityId },
      siteId: null,
      title: 'Manager assigned you “Check forklift 3”',
      href: `/tasks/${entityId}`,
      ...input,
    }),
  );
  afterCommit(t.deps);
  return entityId;
}

const mailsTo = (email: string) =>
  t.deps.db
    .selectFrom('mail_messages')
    .selectAll()
    .where('to_address', '=', email)
    .orderBy('id')
    .execute();

const setPrefs = (
  role: 'staff' | 'coordinator' | 'viewer',
  items: { type: NotificationType; inApp: boolean; email: 'off' | 'immediate' | 'digest' }[],
) => acme.as[role].put('/api/notifications/preferences', { items });

describe('notify', () => {
  it('writes one notification per recipient, drops the actor and duplicates, and goes live', async () => {
    const entityId = await send({
      recipients: [ids.staff.userId, ids.staff.userId, ids.manager.userId, ids.viewer.userId],
    });
    const rows = await t.deps.db
      .selectFrom('notifications')
      .select(['user_id', 'href'])
      .where('entity_id', '=', entityId)
      .execute();
    expect(rows.map((r) => r.user_id).sort()).toEqual([ids.staff.userId, ids.viewer.userId].sort());
    const event = await t.deps.db
      .selectFrom('domain_events')
      .selectAll()
      .where('type', '=', 'notification.created')
      .where('entity_id', '=', entityId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.topics)).toEqual(['notifications']);
    expect(JSON.parse(event.user_ids!).sort()).toEqual(
      [ids.staff.userId, ids.viewer.userId].sort(),
    );
  });

  it('never notifies someone who is not a member of the organization', async () => {
    const entityId = await send({ recipients: [otherIds.staff.userId] });
    const rows = await t.deps.db
      .selectFrom('notifications')
      .select('id')
      .where('entity_id', '=', entityId)
      .execute();
    expect(rows).toHaveLength(0);
  });
});

describe('the notification center', () => {
  it('lists my notifications newest first with actor, link and time, paged by cursor', async () => {
    const reader = await sessionClient(t, ids.coordinator.userId, acme.orgId);
    const sent: string[] = [];
    for (let i = 0; i < 3; i++) {
      t.clock.advance(1000);
      sent.push(await send({ recipients: [ids.coordinator.userId], title: `Item ${i}` }));
    }
    const first = await reader.get('/api/notifications?limit=2');
    expect(first.statusCode).toBe(200);
    const page1 = first.json();
    expect(page1.items.map((n: { entityId: string }) => n.entityId)).toEqual([sent[2], sent[1]]);
    expect(page1.items[0]).toMatchObject({
      type: 'task_assigned',
      title: 'Item 2',
      href: `/tasks/${sent[2]}`,
      actor: { id: ids.manager.userId, name: expect.stringMatching(/^manager /) },
      readAt: null,
    });
    expect(page1.items[0].createdAt).toBe(t.clock.now().toISOString());
    const second = await reader.get(`/api/notifications?limit=2&cursor=${page1.nextCursor}`);
    expect(second.json().items.map((n: { entityId: string }) => n.entityId)).toEqual([sent[0]]);
    expect(second.json().nextCursor).toBeNull();
  });

  it('counts unread, filters them, marks one and then all read', async () => {
    const c = acme.as.viewer;
    await c.post('/api/notifications/read-all');
    await send({ recipients: [ids.viewer.userId], title: 'A' });
    await send({ recipients: [ids.viewer.userId], title: 'B' });
    expect((await c.get('/api/notifications/unread-count')).json()).toEqual({ unread: 2 });
    const unread = (await c.get('/api/notifications?unread=true')).json().items;
    expect(unread).toHaveLength(2);
    const read = await c.post(`/api/notifications/${unread[0].id}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).toBe(t.clock.now().toISOString());
    expect((await c.get('/api/notifications/unread-count')).json()).toEqual({ unread: 1 });
    expect((await c.get('/api/notifications?unread=true')).json().items).toHaveLength(1);
    const all = await c.post('/api/notifications/read-all');
    expect(all.json()).toEqual({ updated: 1 });
    expect((await c.get('/api/notifications/unread-count')).json()).toEqual({ unread: 0 });
    // Read ones are still listed without the filter.
    expect((await c.get('/api/notifications')).json().items.length).toBeGreaterThanOrEqual(2);
  });

  it("keeps users and organizations apart: another user's notification is 404", async () => {
    const entityId = await send({ recipients: [ids.staff.userId] });
    const mine = (await acme.as.staff.get('/api/notifications')).json().items;
    const n = mine.find((x: { entityId: string }) => x.entityId === entityId);
    expect(n).toBeTruthy();
    expect((await acme.as.viewer.post(`/api/notifications/${n.id}/read`)).statusCode).toBe(404);
    expect((await other.as.staff.post(`/api/notifications/${n.id}/read`)).statusCode).toBe(404);
    const otherList = (await other.as.staff.get('/api/notifications')).json().items;
    expect(otherList.some((x: { id: string }) => x.id === n.id)).toBe(false);
    expect((await acme.as.viewer.get('/api/notifications')).json().items).not.toContainEqual(
      expect.objectContaining({ id: n.id }),
    );
  });
});

describe('preferences', () => {
  it('start from sensible defaults', async () => {
    const res = await acme.as.staff.get('/api/notifications/preferences');
    expect(res.statusCode).toBe(200);
    const byType = Object.fromEntries(res.json().items.map((p: { type: string }) => [p.type, p]));
    expect(byType.task_assigned).toMatchObject({ inApp: true, email: 'immediate' });
    expect(byType.mentioned).toMatchObject({ inApp: true, email: 'immediate' });
    expect(byType.approval_requested).toMatchObject({ inApp: true, email: 'immediate' });
    expect(byType.due_soon).toMatchObject({ inApp: true, email: 'digest' });
    expect(byType.overdue).toMatchObject({ inApp: true, email: 'digest' });
    expect(res.json().items).toHaveLength(NOTIFICATION_TYPES.length);
  });

  it('are changed per user and type, and rejected when unknown', async () => {
    const bad = await setPrefs('staff', [
      { type: 'nope' as NotificationType, inApp: true, email: 'off' },
    ]);
    expect(bad.statusCode).toBe(400);
    const res = await setPrefs('staff', [{ type: 'commented', inApp: false, email: 'off' }]);
    expect(res.statusCode).toBe(200);
    expect(res.json().items.find((p: { type: string }) => p.type === 'commented')).toEqual({
      type: 'commented',
      inApp: false,
      email: 'off',
    });
    // Someone else's stay as they were.
    const theirs = (await acme.as.viewer.get('/api/notifications/preferences')).json().items;
    expect(theirs.find((p: { type: string }) => p.type === 'commented')).toMatchObject({
      inApp: true,
    });
    const entityId = await send({ type: 'commented', recipients: [ids.staff.userId] });
    const rows = await t.deps.db
      .selectFrom('notifications')
      .select('id')
      .where('entity_id', '=', entityId)
      .execute();
    expect(rows).toHaveLength(0);
  });
});

describe('e-mail', () => {
  it('sends an immediate e-mail with a link to the record', async () => {
    const before = (await mailsTo(acme.emails.coordinator)).length;
    const entityId = await send({ recipients: [ids.coordinator.userId], body: 'Before noon' });
    // A flush already running may have picked its batch before this mail: flush once more.
    await t.deps.mailer.flush();
    await t.deps.mailer.flush();
    const mails = await mailsTo(acme.emails.coordinator);
    expect(mails).toHaveLength(before + 1);
    const mail = mails[mails.length - 1]!;
    expect(mail.subject).toBe('Manager assigned you “Check forklift 3”');
    expect(mail.text_body).toContain(`http://keel.test/tasks/${entityId}`);
    expect(mail.text_body).toContain('Before noon');
    expect(mail.status).toBe('stored');
  });

  it('sends nothing by e-mail when the user switched e-mail off', async () => {
    await setPrefs('coordinator', [{ type: 'mentioned', inApp: true, email: 'off' }]);
    const before = (await mailsTo(acme.emails.coordinator)).length;
    await send({ type: 'mentioned', recipients: [ids.coordinator.userId] });
    expect(await mailsTo(acme.emails.coordinator)).toHaveLength(before);
  });

  it('collects digest items into one daily e-mail, sent once', async () => {
    const before = (await mailsTo(acme.emails.staff)).length;
    const a = await send({
      type: 'due_soon',
      recipients: [ids.staff.userId],
      title: 'Due soon: A',
    });
    const b = await send({ type: 'overdue', recipients: [ids.staff.userId], title: 'Overdue: B' });
    // Read before the digest: left out.
    await send({ type: 'due_soon', recipients: [ids.staff.userId], title: 'Read already' });
    const list = (await acme.as.staff.get('/api/notifications?unread=true')).json().items;
    const readOne = list.find((n: { title: string }) => n.title === 'Read already');
    await acme.as.staff.post(`/api/notifications/${readOne.id}/read`);
    // Another user's digest items are theirs alone.
    await send({ type: 'due_soon', recipients: [ids.viewer.userId], title: 'Viewer item' });
    expect(await mailsTo(acme.emails.staff)).toHaveLength(before);

    // The digest goes out once a day at 06:00 UTC.
    const now = t.clock.now();
    const next6 = new Date(now);
    next6.setUTCHours(6, 5, 0, 0);
    if (next6 <= now) next6.setTime(next6.getTime() + DAY);
    t.clock.advance(next6.getTime() - now.getTime());
    await runDueJobs(t.deps);
    const mails = await mailsTo(acme.emails.staff);
    expect(mails).toHaveLength(before + 1);
    const digest = mails[mails.length - 1]!;
    expect(digest.subject).toBe('2 updates in Acme Works');
    expect(digest.text_body).toContain('Due soon: A');
    expect(digest.text_body).toContain(`http://keel.test/tasks/${a}`);
    expect(digest.text_body).toContain(`http://keel.test/tasks/${b}`);
    expect(digest.text_body).not.toContain('Read already');
    expect(digest.text_body).not.toContain('Viewer item');
    const flags = await t.deps.db
      .selectFrom('notifications')
      .select('emailed_at')
      .where('entity_id', 'in', [a, b])
      .execute();
    expect(flags.every((f) => f.emailed_at !== null)).toBe(true);

    // Later the same day, and the next day: nothing sent again.
    t.clock.advance(2 * HOUR);
    await runDueJobs(t.deps);
    t.clock.advance(DAY);
    await runDueJobs(t.deps);
    const after = await mailsTo(acme.emails.staff);
    expect(after.filter((m) => m.text_body.includes('Due soon: A'))).toHaveLength(1);
    expect(after).toHaveLength(before + 1);
  });
});
