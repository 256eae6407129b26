import type { Task } from '@keel/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, membersOf, type TestOrg } from './factories.js';
import { createTestApp, type TestApp } from './harness.js';

/** Tasks plugged into the shared capabilities: calendar, search, comments, history, approvals. */
let t: TestApp;
let acme: TestOrg;
let other: TestOrg;
let ids: Awaited<ReturnType<typeof membersOf>>;

beforeAll(async () => {
  t = await createTestApp();
  acme = await buildOrg(t);
  other = await buildOrg(t, 'Other Co');
  ids = await membersOf(t, acme);
});
afterAll(() => t.close());

const create = async (body: Record<string, unknown>) => {
  const res = await acme.as.coordinator.post('/api/tasks', body);
  if (res.statusCode !== 201) throw new Error(`create failed ${res.statusCode} ${res.body}`);
  return res.json() as Task;
};

describe('calendar source', () => {
  it('shows dated tasks all-day or at their time, only to those who may see them', async () => {
    const allDay = await create({
      title: 'Calendar all day',
      assigneeIds: [ids.staff.userId],
      dueDate: '2026-11-27',
    });
    const timed = await create({
      title: 'Calendar timed',
      assigneeIds: [ids.manager.userId],
      dueDate: '2026-11-27',
      dueTime: '14:00',
    });
    const range = '/api/calendar?from=2026-11-26T00:00:00Z&to=2026-11-29T00:00:00Z&kinds=task';
    const staff = (await acme.as.staff.get(range)).json().items as {
      uid: string;
      allDay: boolean;
      start: string;
    }[];
    expect(staff.map((i) => i.uid)).toEqual([`task:${allDay.id}`]);
    expect(staff[0]).toMatchObject({ allDay: true, start: '2026-11-27T00:00:00.000Z' });
    const manager = (await acme.as.manager.get(range)).json().items as { uid: string }[];
    expect(manager.map((i) => i.uid)).toEqual(
      expect.arrayContaining([`task:${allDay.id}`, `task:${timed.id}`]),
    );
    const mine = (await acme.as.manager.get(`${range}&mine=true`)).json().items as {
      uid: string;
    }[];
    expect(mine.map((i) => i.uid)).toEqual([`task:${timed.id}`]);
    expect((await other.as.owner.get(range)).json().items).toEqual([]);
  });
});

describe('search', () => {
  it('finds a task for its assignee and tasks.read, not for other staff or organizations', async () => {
    const task = await create({
      title: 'Zeppelin hangar inspection',
      assigneeIds: [ids.manager.userId],
    });
    const hits = async (c: TestOrg['as']['staff']) =>
      ((await c.get('/api/search?q=zeppelin')).json().groups ?? [])
        .flatMap((g: { items: { entityId: string }[] }) => g.items)
        .map((i: { entityId: string }) => i.entityId);
    expect(await hits(acme.as.manager)).toContain(task.id);
    expect(await hits(acme.as.viewer)).toContain(task.id);
    expect(await hits(acme.as.staff)).not.toContain(task.id);
    expect(await hits(other.as.owner)).not.toContain(task.id);
    await acme.as.coordinator.delete(`/api/tasks/${task.id}`);
    expect(await hits(acme.as.manager)).not.toContain(task.id);
  });
});

describe('comments and history on tasks', () => {
  it('lets a task participant comment and tells the other participants', async () => {
    const task = await create({
      title: 'Discuss me',
      assigneeIds: [ids.staff.userId],
      watcherIds: [ids.manager.userId],
    });
    const res = await acme.as.staff.post(`/api/records/task/${task.id}/comments`, {
      body: 'Done the first half',
    });
    expect(res.statusCode, res.body).toBe(201);
    const note = await t.deps.db
      .selectFrom('notifications')
      .select('type')
      .where('user_id', '=', ids.manager.userId)
      .where('entity_id', '=', task.id)
      .executeTakeFirst();
    expect(note?.type).toBe('commented');
    expect(
      (await other.as.owner.post(`/api/records/task/${task.id}/comments`, { body: 'x' }))
        .statusCode,
    ).toBe(404);
  });

  it('records every change in the audit history of the task', async () => {
    const task = await create({ title: 'Audited' });
    await acme.as.coordinator.patch(`/api/tasks/${task.id}`, { priority: 'urgent' });
    const entries = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'changes'])
      .where('entity_type', '=', 'task')
      .where('entity_id', '=', task.id)
      .orderBy('id')
      .execute();
    expect(entries.map((e) => e.action)).toEqual(['create', 'update']);
    expect(JSON.parse(entries[1]!.changes).priority).toEqual({ before: 'normal', after: 'urgent' });
  });
});

describe('concurrency', () => {
  it('asks for one sign-off when two completions race', async () => {
    const task = await create({
      title: 'Race to sign off',
      assigneeIds: [ids.staff.userId, ids.coordinator.userId],
      requiresSignoff: true,
    });
    const results = await Promise.all([
      acme.as.staff.post(`/api/tasks/${task.id}/status`, { status: 'done' }),
      acme.as.coordinator.post(`/api/tasks/${task.id}/status`, { status: 'done' }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const approvals = await t.deps.db
      .selectFrom('approval_requests')
      .select('id')
      .where('entity_id', '=', task.id)
      .execute();
    expect(approvals).toHaveLength(1);
  });

  it('validates a recurring task cannot lose its due date', async () => {
    const task = await create({
      title: 'Recurring',
      dueDate: '2026-11-30',
      recurrence: { rrule: 'FREQ=MONTHLY;BYMONTHDAY=30' },
    });
    const res = await acme.as.coordinator.patch(`/api/tasks/${task.id}`, { dueDate: null });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('dueDate');
    const ended = await acme.as.coordinator.patch(`/api/tasks/${task.id}`, { recurrence: null });
    expect(ended.json().recurrence).toBeNull();
  });
});
