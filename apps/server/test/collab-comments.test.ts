import type { Comment } from '@keel/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateMember } from '../src/modules/accounts/index.js';
import { setMemberStatus } from '../src/modules/accounts/organization.service.js';
import {
  buildEmployee,
  buildOrg,
  buildPosition,
  buildSite,
  membersOf,
  type TestOrg,
} from './factories.js';
import { createTestApp, type TestApp } from './harness.js';

let t: TestApp;
let acme: TestOrg;
let other: TestOrg;
let ids: Awaited<ReturnType<typeof membersOf>>;
let otherIds: Awaited<ReturnType<typeof membersOf>>;

beforeAll(async () => {
  t = await createTestApp();
  acme = await buildOrg(t, 'Acme Works');
  other = await buildOrg(t, 'Other Co');
  ids = await membersOf(t, acme);
  otherIds = await membersOf(t, other);
});
afterAll(() => t.close());

const token = (name: string, userId: string) => `@[${name}](user:${userId})`;
const commentsUrl = (employeeId: string) => `/api/records/employee/${employeeId}/comments`;

async function notificationsOf(userId: string) {
  return t.deps.db
    .selectFrom('notifications')
    .select(['type', 'entity_type', 'entity_id', 'title', 'href'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
}

describe('GET /api/directory', () => {
  it('lists active members of my organization with their job title, without e-mails', async () => {
    const pos = await buildPosition(t, acme.owner, { title: 'Shift Lead' });
    const site = await buildSite(t, acme.owner, { name: 'North Dock' });
    const emp = await buildEmployee(t, acme.owner, {
      firstName: 'Cora',
      lastName: 'Ordinator',
      positionId: pos.id,
      siteId: site.id,
    });
    await updateMember(t.deps, acme.owner, ids.coordinator.memberId, { employeeId: emp.id });
    const res = await acme.as.staff.get('/api/directory');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Record<string, unknown>[];
    expect(items.map((i) => i.userId).sort()).toEqual(
      Object.values(ids)
        .map((m) => m.userId)
        .sort(),
    );
    const coordinator = items.find((i) => i.userId === ids.coordinator.userId)!;
    expect(coordinator).toMatchObject({
      employeeId: emp.id,
      positionTitle: 'Shift Lead',
      employeeSiteId: site.id,
      siteIds: null,
    });
    expect(JSON.stringify(items)).not.toContain('@acme.test');
    expect(items.some((i) => i.userId === otherIds.owner.userId)).toBe(false);
  });

  it('searches by name and fetches picked people by id', async () => {
    const byName = await acme.as.staff.get('/api/directory?q=manag');
    expect(byName.json().items.map((i: { userId: string }) => i.userId)).toEqual([
      ids.manager.userId,
    ]);
    const byIds = await acme.as.staff.get(
      `/api/directory?ids=${ids.viewer.userId},${ids.owner.userId},${otherIds.owner.userId}`,
    );
    expect(
      byIds
        .json()
        .items.map((i: { userId: string }) => i.userId)
        .sort(),
    ).toEqual([ids.viewer.userId, ids.owner.userId].sort());
    const bad = await acme.as.staff.get('/api/directory?ids=a%20b');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('ids');
  });

  it('leaves deactivated members out', async () => {
    const org = await buildOrg(t, 'Leavers Ltd');
    const m = await membersOf(t, org);
    await setMemberStatus(t.deps, org.owner, m.viewer.memberId, 'deactivated');
    const res = await org.as.owner.get('/api/directory');
    const userIds = res.json().items.map((i: { userId: string }) => i.userId);
    expect(userIds).not.toContain(m.viewer.userId);
    expect(userIds).toContain(m.staff.userId);
  });
});

describe('comments on a record', () => {
  it('creates, lists, edits (marked edited) and deletes a comment', async () => {
    const emp = await buildEmployee(t, acme.owner);
    const created = await acme.as.coordinator.post(commentsUrl(emp.id), {
      body: '  Needs **forklift** training  ',
    });
    expect(created.statusCode).toBe(201);
    const c = created.json() as Comment;
    expect(c).toMatchObject({
      entityType: 'employee',
      entityId: emp.id,
      body: 'Needs **forklift** training',
      author: { id: ids.coordinator.userId, name: 'coordinator 1' },
      editedAt: null,
      canEdit: true,
      canDelete: true,
      mentions: [],
    });

    const list = await acme.as.manager.get(commentsUrl(emp.id));
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ total: 1, nextCursor: null });
    expect(list.json().items[0]).toMatchObject({ id: c.id, canEdit: false, canDelete: false });

    t.clock.advance(60_000);
    const edited = await acme.as.coordinator.patch(`/api/comments/${c.id}`, { body: 'Booked.' });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ body: 'Booked.', editedAt: t.clock.now().toISOString() });

    const notMine = await acme.as.manager.patch(`/api/comments/${c.id}`, { body: 'Hijack' });
    expect(notMine.statusCode).toBe(403);
    expect(notMine.json().code).toBe('COMMENT_NOT_YOURS');
    const notMineDelete = await acme.as.manager.delete(`/api/comments/${c.id}`);
    expect(notMineDelete.statusCode).toBe(403);

    const deleted = await acme.as.coordinator.delete(`/api/comments/${c.id}`);
    expect(deleted.statusCode).toBe(200);
    expect((await acme.as.manager.get(commentsUrl(emp.id))).json().total).toBe(0);
    expect((await acme.as.coordinator.delete(`/api/comments/${c.id}`)).statusCode).toBe(404);
  });

  it('lets an owner delete anyone’s comment', async () => {
    const emp = await buildEmployee(t, acme.owner);
    const c = (await acme.as.manager.post(commentsUrl(emp.id), { body: 'Hello' })).json();
    expect((await acme.as.owner.get(commentsUrl(emp.id))).json().items[0].canDelete).toBe(true);
    expect((await acme.as.owner.delete(`/api/comments/${c.id}`)).statusCode).toBe(200);
  });

  it('refuses empty and too long bodies and unknown fields, naming them', async () => {
    const emp = await buildEmployee(t, acme.owner);
    const empty = await acme.as.manager.post(commentsUrl(emp.id), { body: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].field).toBe('body');
    const long = await acme.as.manager.post(commentsUrl(emp.id), { body: 'x'.repeat(10_001) });
    expect(long.statusCode).toBe(400);
    expect(long.json().errors[0].field).toBe('body');
    const exact = await acme.as.manager.post(commentsUrl(emp.id), { body: 'y'.repeat(10_000) });
    expect(exact.statusCode).toBe(201);
    const extra = await acme.as.manager.post(commentsUrl(emp.id), { body: 'ok', pinned: true });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().errors[0].field).toBe('pinned');
  });

  it('pages a long thread oldest first without gaps or repeats', async () => {
    const emp = await buildEmployee(t, acme.owner);
    for (let i = 0; i < 7; i++) {
      await acme.as.manager.post(commentsUrl(emp.id), { body: `n${i}` });
      if (i % 2) t.clock.advance(1000);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await acme.as.manager.get(
        `${commentsUrl(emp.id)}?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.statusCode).toBe(200);
      seen.push(...res.json().items.map((c: Comment) => c.body));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual(['n0', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6']);
    const forged = await acme.as.manager.get(`${commentsUrl(emp.id)}?cursor=bm90LWEtY3Vyc29y`);
    expect(forged.statusCode).toBe(400);
  });
});

describe('mentions', () => {
  it('notifies a mentioned member who can read the record, with a link to it', async () => {
    const emp = await buildEmployee(t, acme.owner, { firstName: 'Mo', lastName: 'Tion' });
    const res = await acme.as.coordinator.post(commentsUrl(emp.id), {
      body: `${token('manager 1', ids.manager.userId)} can you check this?`,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().mentions).toEqual([{ id: ids.manager.userId, name: 'manager 1' }]);
    const notes = (await notificationsOf(ids.manager.userId)).filter((n) => n.entity_id === emp.id);
    expect(notes).toEqual([
      {
        type: 'mentioned',
        entity_type: 'employee',
        entity_id: emp.id,
        title: 'coordinator 1 mentioned you on “Mo Tion”',
        href: `/people/${emp.id}`,
      },
    ]);
    const event = await t.deps.db
      .selectFrom('domain_events')
      .select(['user_ids', 'topics', 'permission'])
      .where('type', '=', 'comment.created')
      .where('entity_id', '=', emp.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.user_ids!).sort()).toEqual(
      [ids.coordinator.userId, ids.manager.userId].sort(),
    );
    expect(JSON.parse(event.topics)).toEqual(['collab']);
    expect(event.permission).toBeNull();
  });

  it('does not notify a mentioned member who cannot read the record', async () => {
    const emp = await buildEmployee(t, acme.owner);
    const res = await acme.as.manager.post(commentsUrl(emp.id), {
      body: `FYI ${token('staff 1', ids.staff.userId)}`,
    });
    expect(res.statusCode).toBe(201);
    const notes = (await notificationsOf(ids.staff.userId)).filter((n) => n.entity_id === emp.id);
    expect(notes).toEqual([]);
    const event = await t.deps.db
      .selectFrom('domain_events')
      .select('user_ids')
      .where('type', '=', 'comment.created')
      .where('entity_id', '=', emp.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.user_ids!)).not.toContain(ids.staff.userId);
  });

  it('answers 400 naming body and the id for a mention of someone outside the organization', async () => {
    const emp = await buildEmployee(t, acme.owner);
    const res = await acme.as.manager.post(commentsUrl(emp.id), {
      body: `Hi ${token('Stranger', otherIds.manager.userId)} and ${token('manager', ids.manager.userId)}`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('MENTION_NOT_A_MEMBER');
    expect(res.json().errors[0].field).toBe('body');
    expect(res.json().errors[0].message).toContain(otherIds.manager.userId);
    expect((await acme.as.manager.get(commentsUrl(emp.id))).json().total).toBe(0);
    const unknown = await acme.as.manager.post(commentsUrl(emp.id), {
      body: token('Ghost', 'no-such-user'),
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].message).toContain('no-such-user');
  });

  it('notifies only people newly mentioned when a comment is edited', async () => {
    const emp = await buildEmployee(t, acme.owner);
    const c = (
      await acme.as.coordinator.post(commentsUrl(emp.id), {
        body: `${token('viewer 1', ids.viewer.userId)} please look`,
      })
    ).json();
    const before = (await notificationsOf(ids.viewer.userId)).length;
    await acme.as.coordinator.patch(`/api/comments/${c.id}`, {
      body: `${token('viewer 1', ids.viewer.userId)} and ${token('owner 1', ids.owner.userId)} please look`,
    });
    expect((await notificationsOf(ids.viewer.userId)).length).toBe(before);
    const ownerNotes = (await notificationsOf(ids.owner.userId)).filter(
      (n) => n.entity_id === emp.id,
    );
    expect(ownerNotes.map((n) => n.type)).toEqual(['mentioned']);
    const list = (await acme.as.coordinator.get(commentsUrl(emp.id))).json();
    expect(list.items[0].mentions.map((m: { id: string }) => m.id).sort()).toEqual(
      [ids.viewer.userId, ids.owner.userId].sort(),
    );
  });
});

describe('who may see and write comments', () => {
  it('answers 404 for a record the caller cannot read, an unknown kind, or another organization', async () => {
    const emp = await buildEmployee(t, acme.owner);
    // Staff have no people.read: the employee does not exist for them.
    expect((await acme.as.staff.get(commentsUrl(emp.id))).statusCode).toBe(404);
    expect((await acme.as.staff.post(commentsUrl(emp.id), { body: 'hi' })).statusCode).toBe(404);
    expect(
      (await acme.as.manager.post(`/api/records/spaceship/${emp.id}/comments`, { body: 'hi' }))
        .statusCode,
    ).toBe(404);
    expect((await other.as.owner.get(commentsUrl(emp.id))).statusCode).toBe(404);
    expect((await other.as.owner.post(commentsUrl(emp.id), { body: 'hi' })).statusCode).toBe(404);
    // A kind without labels and links (no describe) cannot carry a thread.
    expect(
      (await acme.as.owner.get(`/api/records/member/${ids.staff.memberId}/comments`)).statusCode,
    ).toBe(404);
  });

  it('hides another organization’s comment (404 on edit and delete)', async () => {
    const emp = await buildEmployee(t, acme.owner);
    const c = (await acme.as.owner.post(commentsUrl(emp.id), { body: 'secret' })).json();
    expect((await other.as.owner.patch(`/api/comments/${c.id}`, { body: 'x' })).statusCode).toBe(
      404,
    );
    expect((await other.as.owner.delete(`/api/comments/${c.id}`)).statusCode).toBe(404);
  });

  it('respects site scope: a member limited to one site cannot reach another site’s employee', async () => {
    const north = await buildSite(t, acme.owner, { name: 'North' });
    const south = await buildSite(t, acme.owner, { name: 'South' });
    const emp = await buildEmployee(t, acme.owner, { siteId: south.id });
    await updateMember(t.deps, acme.owner, ids.viewer.memberId, { siteIds: [north.id] });
    try {
      expect((await acme.as.viewer.get(commentsUrl(emp.id))).statusCode).toBe(404);
      const mention = await acme.as.manager.post(commentsUrl(emp.id), {
        body: token('viewer', ids.viewer.userId),
      });
      expect(mention.statusCode).toBe(201);
      const notes = (await notificationsOf(ids.viewer.userId)).filter(
        (n) => n.entity_id === emp.id,
      );
      expect(notes).toEqual([]);
    } finally {
      await updateMember(t.deps, acme.owner, ids.viewer.memberId, { siteIds: null });
    }
  });
});
