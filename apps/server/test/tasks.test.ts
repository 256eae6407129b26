import type { Site, Task } from '@keel/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../src/platform/jobs/jobs.js';
import {
  buildEmployee,
  buildOrg,
  buildSite,
  membersOf,
  sessionClient,
  type TestOrg,
} from './factories.js';
import { createTestApp, type TestApp } from './harness.js';

let t: TestApp;
let acme: TestOrg;
let other: TestOrg;
let ids: Awaited<ReturnType<typeof membersOf>>;
let berlin: Site;
let reno: Site;

beforeAll(async () => {
  t = await createTestApp();
  acme = await buildOrg(t);
  other = await buildOrg(t, 'Other Co');
  ids = await membersOf(t, acme);
  berlin = await buildSite(t, acme.owner, { name: 'Berlin', timeZone: 'Europe/Berlin' });
  reno = await buildSite(t, acme.owner, { name: 'Reno', timeZone: 'America/Los_Angeles' });
});
afterAll(() => t.close());

const create = async (body: Record<string, unknown>, as = acme.as.coordinator) => {
  const res = await as.post('/api/tasks', body);
  if (res.statusCode !== 201) throw new Error(`create failed ${res.statusCode} ${res.body}`);
  return res.json() as Task;
};

const fieldsOf = (res: { json(): unknown }) =>
  ((res.json() as { errors?: { field: string }[] }).errors ?? []).map((e) => e.field);

describe('POST /api/tasks', () => {
  it('creates a task with assignees, checklist, labels and a due date at the end of the site day', async () => {
    const task = await create({
      title: 'Check forklift 3',
      description: '**Before** the shift',
      assigneeIds: [ids.staff.userId],
      watcherIds: [ids.manager.userId],
      siteId: berlin.id,
      dueDate: '2026-11-26',
      priority: 'high',
      labels: [' Safety ', 'safety', 'Forklift  Fleet'],
      estimateHours: 1.5,
      checklist: ['Tyres', 'Horn'],
    });
    expect(task).toMatchObject({
      title: 'Check forklift 3',
      status: 'todo',
      priority: 'high',
      assignees: [{ id: ids.staff.userId, name: expect.any(String) }],
      watchers: [{ id: ids.manager.userId, name: expect.any(String) }],
      site: { id: berlin.id, name: 'Berlin' },
      dueDate: '2026-11-26',
      dueTime: null,
      // 23:59:59.999 in Berlin (UTC+1 in November)
      dueAt: '2026-11-26T22:59:59.999Z',
      timeZone: 'Europe/Berlin',
      labels: ['forklift fleet', 'safety'],
      estimateHours: 1.5,
      checklist: { done: 0, total: 2 },
      statusHistory: [{ from: null, to: 'todo' }],
    });
    expect(task.checklistItems.map((i) => i.text)).toEqual(['Tyres', 'Horn']);
  });

  it('reads a due time in the site time zone', async () => {
    const task = await create({
      title: 'Dock call',
      siteId: reno.id,
      dueDate: '2026-11-26',
      dueTime: '08:30',
    });
    expect(task.dueAt).toBe('2026-11-26T16:30:00.000Z');
  });

  it('answers 400 naming the field for impossible due dates, times and bad recurrences', async () => {
    const c = acme.as.coordinator;
    expect(fieldsOf(await c.post('/api/tasks', { title: 'x', dueDate: '2026-02-30' }))).toContain(
      'dueDate',
    );
    expect(fieldsOf(await c.post('/api/tasks', { title: 'x', dueDate: '26/11/2026' }))).toContain(
      'dueDate',
    );
    expect(
      fieldsOf(await c.post('/api/tasks', { title: 'x', dueDate: '2026-11-26', dueTime: '25:00' })),
    ).toContain('dueTime');
    for (const rrule of [
      'FREQ=SOMETIMES',
      'FREQ=DAILY;INTERVAL=x',
      'BYDAY=MO',
      'FREQ=WEEKLY;BYDAY=XX',
      'hello',
    ]) {
      const res = await c.post('/api/tasks', {
        title: 'x',
        dueDate: '2026-11-26',
        recurrence: { rrule },
      });
      expect(res.statusCode, rrule).toBe(400);
      expect(fieldsOf(res)).toContain('recurrence');
    }
    const noDate = await c.post('/api/tasks', { title: 'x', recurrence: { rrule: 'FREQ=DAILY' } });
    expect(fieldsOf(noDate)).toContain('recurrence');
    expect(fieldsOf(await c.post('/api/tasks', { title: 'x', assigneeIds: ['nobody'] }))).toContain(
      'assigneeIds',
    );
    expect(fieldsOf(await c.post('/api/tasks', { title: 'x', siteId: 'nowhere' }))).toContain(
      'siteId',
    );
    expect(
      fieldsOf(
        await c.post('/api/tasks', {
          title: 'x',
          subject: { entityType: 'spaceship', entityId: 'a' },
        }),
      ),
    ).toContain('subject.entityType');
    expect(
      fieldsOf(
        await c.post('/api/tasks', {
          title: 'x',
          subject: { entityType: 'employee', entityId: 'missing' },
        }),
      ),
    ).toContain('subject.entityId');
  });

  it('links a subject record and shows its label', async () => {
    const emp = await buildEmployee(t, acme.owner, { firstName: 'Nora', lastName: 'Quist' });
    const task = await create({
      title: 'Onboard Nora',
      subject: { entityType: 'employee', entityId: emp.id },
    });
    expect(task.subject).toEqual({
      entityType: 'employee',
      entityId: emp.id,
      label: 'Nora Quist',
      href: `/people/${emp.id}`,
    });
  });

  it('lets staff create tasks only for themselves', async () => {
    const own = await create({ title: 'Tidy my bench' }, acme.as.staff);
    expect(own.assignees.map((a) => a.id)).toEqual([ids.staff.userId]);
    const res = await acme.as.staff.post('/api/tasks', {
      title: 'Do this',
      assigneeIds: [ids.viewer.userId],
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('visibility', () => {
  it('shows staff only tasks they are assigned, watch or created; tasks.read sees the site', async () => {
    const hidden = await create({ title: 'Manager only', assigneeIds: [ids.manager.userId] });
    const mine = await create({ title: 'For staff', assigneeIds: [ids.staff.userId] });
    expect((await acme.as.staff.get(`/api/tasks/${hidden.id}`)).statusCode).toBe(404);
    expect((await acme.as.staff.get(`/api/tasks/${mine.id}`)).statusCode).toBe(200);
    const list = (await acme.as.staff.get('/api/tasks?limit=200')).json().items as { id: string }[];
    expect(list.map((i) => i.id)).toContain(mine.id);
    expect(list.map((i) => i.id)).not.toContain(hidden.id);
    expect((await acme.as.viewer.get(`/api/tasks/${hidden.id}`)).statusCode).toBe(200);
  });

  it('hides tasks of other sites from a site-restricted reader, and other organizations entirely', async () => {
    const task = await create({ title: 'Reno only', siteId: reno.id });
    await acme.as.owner.patch(`/api/members/${ids.viewer.memberId}`, { siteIds: [berlin.id] });
    const viewer = await sessionClient(t, ids.viewer.userId, acme.orgId, '10.9.9.9');
    expect((await viewer.get(`/api/tasks/${task.id}`)).statusCode).toBe(404);
    expect((await other.as.owner.get(`/api/tasks/${task.id}`)).statusCode).toBe(404);
    expect((await other.as.owner.patch(`/api/tasks/${task.id}`, { title: 'x' })).statusCode).toBe(
      404,
    );
    await acme.as.owner.patch(`/api/members/${ids.viewer.memberId}`, { siteIds: null });
  });

  it('lets assignees change status and checklist but not reassign', async () => {
    const task = await create({
      title: 'Assigned',
      assigneeIds: [ids.staff.userId],
      checklist: ['One'],
    });
    const item = task.checklistItems[0]!;
    const ticked = await acme.as.staff.patch(`/api/tasks/${task.id}/checklist/${item.id}`, {
      done: true,
    });
    expect(ticked.json().checklist).toEqual({ done: 1, total: 1 });
    expect(ticked.json().checklistItems[0].doneBy.id).toBe(ids.staff.userId);
    expect(
      (await acme.as.staff.post(`/api/tasks/${task.id}/status`, { status: 'in_progress' })).json()
        .status,
    ).toBe('in_progress');
    expect(
      (await acme.as.staff.patch(`/api/tasks/${task.id}`, { assigneeIds: [ids.viewer.userId] }))
        .statusCode,
    ).toBe(403);
    expect((await acme.as.staff.delete(`/api/tasks/${task.id}`)).statusCode).toBe(403);
  });
});

describe('GET /api/tasks filters and paging', () => {
  it('filters by label, priority, status and text, and pages with a cursor without repeats', async () => {
    for (let i = 0; i < 5; i++)
      await create({
        title: `Paged ${i}`,
        labels: ['paging'],
        priority: i % 2 ? 'urgent' : 'low',
        dueDate: `2026-12-0${i + 1}`,
      });
    const byLabel = (await acme.as.coordinator.get('/api/tasks?label=paging')).json().items;
    expect(byLabel).toHaveLength(5);
    const urgent = (await acme.as.coordinator.get('/api/tasks?label=paging&priority=urgent')).json()
      .items;
    expect(urgent).toHaveLength(2);
    const q = (await acme.as.coordinator.get('/api/tasks?q=paged%203')).json().items;
    expect(q.map((i: { title: string }) => i.title)).toEqual(['Paged 3']);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/tasks?label=paging&limit=2&sort=due${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await acme.as.coordinator.get(url)).json();
      seen.push(...page.items.map((i: { title: string }) => i.title));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Paged 0', 'Paged 1', 'Paged 2', 'Paged 3', 'Paged 4']);
    expect((await acme.as.coordinator.get('/api/tasks?cursor=zzz')).statusCode).toBe(400);
  });

  it('groups the board by status with counts', async () => {
    const board = (await acme.as.coordinator.get('/api/tasks/board?label=paging')).json();
    expect(board.columns.map((c: { status: string }) => c.status)).toEqual([
      'todo',
      'in_progress',
      'blocked',
      'done',
      'cancelled',
    ]);
    expect(board.columns[0].count).toBe(5);
  });
});

describe('POST /api/tasks/bulk', () => {
  it('is all or nothing and names the failing ids', async () => {
    const a = await create({ title: 'Bulk A' });
    const b = await create({ title: 'Bulk B' });
    const bad = await acme.as.coordinator.post('/api/tasks/bulk', {
      action: 'reschedule',
      ids: [a.id, 'missing-id', b.id],
      dueDate: '2026-12-24',
    });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().errors)).toContain('missing-id');
    expect((await acme.as.coordinator.get(`/api/tasks/${a.id}`)).json().dueDate).toBeNull();
    const ok = await acme.as.coordinator.post('/api/tasks/bulk', {
      action: 'assign',
      ids: [a.id, b.id],
      assigneeIds: [ids.staff.userId],
    });
    expect(ok.json()).toEqual({ updated: 2 });
    const done = await acme.as.coordinator.post('/api/tasks/bulk', {
      action: 'status',
      ids: [a.id, b.id],
      status: 'done',
    });
    expect(done.json()).toEqual({ updated: 2 });
    expect(
      (
        await acme.as.staff.post('/api/tasks/bulk', {
          action: 'status',
          ids: [a.id],
          status: 'todo',
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe('recurrence', () => {
  it('on completion creates the next occurrence once, even when completed again', async () => {
    const task = await create({
      title: 'Forklift pre-shift check',
      assigneeIds: [ids.staff.userId],
      dueDate: '2026-11-25',
      recurrence: { rrule: 'FREQ=DAILY', mode: 'on_completion' },
    });
    expect(task.recurrence).toMatchObject({
      rrule: 'FREQ=DAILY',
      mode: 'on_completion',
      active: true,
    });
    await acme.as.staff.post(`/api/tasks/${task.id}/status`, { status: 'done' });
    await acme.as.staff.post(`/api/tasks/${task.id}/status`, { status: 'todo' });
    await acme.as.staff.post(`/api/tasks/${task.id}/status`, { status: 'done' });
    const series = await t.deps.db
      .selectFrom('tasks')
      .select(['occurrence_date', 'status'])
      .where('series_id', '=', task.recurrence!.seriesId)
      .orderBy('occurrence_date')
      .execute();
    expect(series).toEqual([
      { occurrence_date: '2026-11-25', status: 'done' },
      { occurrence_date: '2026-11-26', status: 'todo' },
    ]);
  });

  it('on schedule creates occurrences ahead from the job, never twice', async () => {
    const task = await create({
      title: 'Weekly 5S audit',
      dueDate: '2026-11-25',
      siteId: berlin.id,
      recurrence: { rrule: 'FREQ=DAILY;INTERVAL=1', mode: 'on_schedule' },
    });
    await runDueJobs(t.deps);
    t.clock.advance(3_600_000);
    await runDueJobs(t.deps);
    const dates = await t.deps.db
      .selectFrom('tasks')
      .select('occurrence_date')
      .where('series_id', '=', task.recurrence!.seriesId)
      .orderBy('occurrence_date')
      .execute();
    expect(dates.map((d) => d.occurrence_date)).toEqual(['2026-11-25', '2026-11-26']);
    t.clock.advance(-3_600_000);
  });
});

describe('sign-off', () => {
  it('asks for approval instead of completing, then completes when approved', async () => {
    const task = await create({
      title: 'Lockout check',
      assigneeIds: [ids.staff.userId],
      requiresSignoff: true,
    });
    const asked = (
      await acme.as.staff.post(`/api/tasks/${task.id}/status`, { status: 'done' })
    ).json();
    expect(asked).toMatchObject({ status: 'in_progress', signoff: 'pending' });
    expect(
      (await acme.as.staff.post(`/api/tasks/${task.id}/status`, { status: 'done' })).statusCode,
    ).toBe(409);
    const decided = await acme.as.manager.post(
      `/api/approvals/${asked.signoffApprovalId}/decision`,
      { decision: 'approved', comment: 'Good' },
    );
    expect(decided.statusCode, decided.body).toBe(200);
    const after = (await acme.as.staff.get(`/api/tasks/${task.id}`)).json();
    expect(after).toMatchObject({
      status: 'done',
      signoff: 'approved',
      completedBy: { id: ids.staff.userId },
    });
  });

  it('sends a rejected sign-off back to in progress and tells the assignees', async () => {
    const task = await create({
      title: 'Guard rail fix',
      assigneeIds: [ids.staff.userId, ids.viewer.userId],
      requiresSignoff: true,
    });
    const asked = (
      await acme.as.staff.post(`/api/tasks/${task.id}/status`, { status: 'done' })
    ).json();
    const res = await acme.as.manager.post(`/api/approvals/${asked.signoffApprovalId}/decision`, {
      decision: 'rejected',
      comment: 'Bolts loose',
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = (await acme.as.staff.get(`/api/tasks/${task.id}`)).json();
    expect(after).toMatchObject({ status: 'in_progress', signoff: 'rejected' });
    const note = await t.deps.db
      .selectFrom('notifications')
      .selectAll()
      .where('user_id', '=', ids.viewer.userId)
      .where('type', '=', 'approval_decided')
      .executeTakeFirst();
    expect(note?.body).toBe('Bolts loose');
  });
});

describe('GET /api/my-work', () => {
  it('buckets by each task’s own time zone', async () => {
    // Now is 2026-11-25T09:00Z: 10:00 in Berlin, 01:00 in Reno.
    const me = await sessionClient(t, ids.manager.userId, acme.orgId, '10.8.8.8');
    const mk = (title: string, site: Site, dueDate: string | null, dueTime?: string) =>
      create({
        title,
        assigneeIds: [ids.manager.userId],
        siteId: site.id,
        dueDate,
        ...(dueTime ? { dueTime } : {}),
      });
    await mk('Late Berlin', berlin, '2026-11-25', '09:00');
    await mk('Today Berlin', berlin, '2026-11-25');
    await mk('Today Reno', reno, '2026-11-25');
    await mk('Yesterday Reno', reno, '2026-11-24');
    await mk('Next week', berlin, '2026-11-30');
    await mk('Far away', berlin, '2027-01-30');
    await mk('Someday', berlin, null);
    const work = (await me.get('/api/my-work')).json();
    const titles = (b: { title: string }[]) => b.map((x) => x.title);
    expect(titles(work.overdue)).toEqual(expect.arrayContaining(['Late Berlin']));
    expect(titles(work.today)).toEqual(expect.arrayContaining(['Today Berlin', 'Today Reno']));
    // 2026-11-24 ended at 08:00Z in Reno, an hour ago
    expect(titles(work.overdue)).toContain('Yesterday Reno');
    expect(titles(work.upcoming)).toEqual(['Next week']);
    expect(titles(work.noDate)).toContain('Someday');
    expect(JSON.stringify(work)).not.toContain('Far away');
  });
});

describe('GET /api/tasks/workload', () => {
  it('sums estimates of open tasks per day against contract hours', async () => {
    const emp = await buildEmployee(t, acme.owner, { contractHoursPerWeek: 20 });
    await acme.as.owner.patch(`/api/members/${ids.coordinator.memberId}`, { employeeId: emp.id });
    await create({
      title: 'Load 1',
      assigneeIds: [ids.coordinator.userId],
      dueDate: '2026-12-07',
      estimateHours: 3,
    });
    await create({
      title: 'Load 2',
      assigneeIds: [ids.coordinator.userId, ids.manager.userId],
      dueDate: '2026-12-07',
      estimateHours: 2,
    });
    await create({ title: 'Load 3', assigneeIds: [ids.coordinator.userId], dueDate: '2026-12-07' });
    const res = await acme.as.coordinator.get(
      `/api/tasks/workload?from=2026-12-06&to=2026-12-07&userIds=${ids.coordinator.userId}`,
    );
    expect(res.statusCode).toBe(200);
    const [member] = res.json().members;
    expect(member.weeklyHours).toBe(20);
    expect(member.days).toEqual([
      { date: '2026-12-06', hours: 0, capacity: 0, tasks: 0, over: false },
      { date: '2026-12-07', hours: 5, capacity: 4, tasks: 3, over: true },
    ]);
    expect(
      (await acme.as.staff.get('/api/tasks/workload?from=2026-12-06&to=2026-12-07')).statusCode,
    ).toBe(403);
  });
  it('takes capacity from published shifts for people on the roster', async () => {
    const emp = await buildEmployee(t, acme.owner, {
      contractHoursPerWeek: 40,
      siteId: reno.id,
    });
    await acme.as.owner.patch(`/api/members/${ids.manager.memberId}`, { employeeId: emp.id });
    const shift = async (date: string, startTime: string, endTime: string, breakMinutes = 0) => {
      const res = await acme.as.owner.post('/api/scheduling/shifts', {
        siteId: reno.id,
        date,
        startTime,
        endTime,
        breakMinutes,
        employeeId: emp.id,
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    await shift('2026-12-12', '07:00', '19:30', 30); // Saturday, 12 h paid
    await shift('2026-12-14', '22:00', '06:00'); // Monday night, 8 h
    await shift('2026-12-15', '22:00', '06:00'); // a draft only: not a commitment yet
    const published = await acme.as.owner.post('/api/scheduling/roster/publish', {
      siteId: reno.id,
      from: '2026-12-12',
      to: '2026-12-14',
    });
    expect(published.statusCode, published.body).toBe(201);
    const res = await acme.as.coordinator.get(
      `/api/tasks/workload?from=2026-12-12&to=2026-12-15&userIds=${ids.manager.userId}`,
    );
    const [member] = res.json().members;
    expect(member.capacitySource).toBe('roster');
    expect(member.days.map((d: { capacity: number }) => d.capacity)).toEqual([12, 0, 8, 0]);
  });
});

describe('notifications, events and delete', () => {
  it('notifies new assignees and records events for the task audience', async () => {
    const task = await create({ title: 'Notify me', assigneeIds: [ids.staff.userId] });
    const note = await t.deps.db
      .selectFrom('notifications')
      .selectAll()
      .where('user_id', '=', ids.staff.userId)
      .where('entity_id', '=', task.id)
      .executeTakeFirst();
    expect(note?.type).toBe('task_assigned');
    const event = await t.deps.db
      .selectFrom('domain_events')
      .selectAll()
      .where('entity_id', '=', task.id)
      .where('type', '=', 'task.created')
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ type: 'task.created', permission: 'tasks.read' });
    expect(JSON.parse(event.user_ids!)).toContain(ids.staff.userId);
  });

  it('sends due-soon and overdue reminders once', async () => {
    const task = await create({
      title: 'Remind me',
      assigneeIds: [ids.staff.userId],
      dueDate: '2026-11-25',
      dueTime: '20:00',
    });
    t.clock.advance(2 * 3_600_000);
    await runDueJobs(t.deps);
    t.clock.advance(3_600_000);
    await runDueJobs(t.deps);
    t.clock.advance(10 * 3_600_000);
    await runDueJobs(t.deps);
    t.clock.advance(3_600_000);
    await runDueJobs(t.deps);
    t.clock.advance(-15 * 3_600_000);
    const notes = await t.deps.db
      .selectFrom('notifications')
      .select('type')
      .where('entity_id', '=', task.id)
      .where('user_id', '=', ids.staff.userId)
      .execute();
    expect(notes.map((n) => n.type).sort()).toEqual(['due_soon', 'overdue', 'task_assigned']);
  });

  it('deletes a task with its checklist; the creator of a self-task may delete it', async () => {
    const own = await create({ title: 'Mine to delete', checklist: ['a'] }, acme.as.staff);
    expect((await acme.as.staff.delete(`/api/tasks/${own.id}`)).statusCode).toBe(200);
    expect((await acme.as.staff.get(`/api/tasks/${own.id}`)).statusCode).toBe(404);
    const left = await t.deps.db
      .selectFrom('task_checklist_items')
      .select('id')
      .where('task_id', '=', own.id)
      .execute();
    expect(left).toEqual([]);
  });
});

describe('saved views', () => {
  it('keeps views per user and shares them only with tasks.manage', async () => {
    const mine = await acme.as.staff.post('/api/task-views', {
      name: 'My urgent',
      filters: { priority: 'urgent' },
    });
    expect(mine.statusCode).toBe(201);
    expect(
      (await acme.as.staff.post('/api/task-views', { name: 'Shared', filters: {}, shared: true }))
        .statusCode,
    ).toBe(403);
    const shared = await acme.as.coordinator.post('/api/task-views', {
      name: 'Team',
      filters: { status: ['todo'] },
      shared: true,
    });
    const staffViews = (await acme.as.staff.get('/api/task-views'))
      .json()
      .items.map((v: { name: string }) => v.name);
    expect(staffViews).toEqual(expect.arrayContaining(['My urgent', 'Team']));
    const viewerViews = (await acme.as.viewer.get('/api/task-views'))
      .json()
      .items.map((v: { name: string }) => v.name);
    expect(viewerViews).toEqual(['Team']);
    expect((await acme.as.staff.delete(`/api/task-views/${shared.json().id}`)).statusCode).toBe(
      403,
    );
  });
});
