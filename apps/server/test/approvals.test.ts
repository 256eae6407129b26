import { DEFAULT_ROLE_PERMISSIONS, type Role } from '@keel/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { updateMember } from '../src/modules/accounts/index.js';
import {
  cancelApprovals,
  pendingApproval,
  requestApproval,
} from '../src/modules/approvals/index.js';
import type { Actor } from '../src/platform/auth/actor.js';
import { newId } from '../src/platform/clock.js';
import { KeelError } from '../src/platform/errors.js';
import { afterCommit } from '../src/platform/events/event-bus.js';
import { runDueJobs } from '../src/platform/jobs/jobs.js';
import type { ApprovalDecidedContext } from '../src/platform/registry.js';
import { actorFor, buildOrg, buildSite, membersOf, type TestOrg } from './factories.js';
import type { Client } from './harness.js';
import { createTestApp, type TestApp } from './harness.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

let t: TestApp;
let acme: TestOrg;
let other: TestOrg;
let ids: Awaited<ReturnType<typeof membersOf>>;
let actors: Record<Role, Actor>;
const decided: { entityId: string; decision: string; comment: string | null; by: string }[] = [];

beforeAll(async () => {
  t = await createTestApp();
  // A test-only approval type on this app's registry (the registry is a Map built per app).
  t.deps.registry.approvalTypes.set('test.expense', {
    type: 'test.expense',
    entityType: 'test_expense',
    permission: 'resources.manage',
    remindAfterDays: 1,
    escalateAfterDays: 3,
    onDecided: async (ctx: ApprovalDecidedContext) => {
      if (ctx.request.entityId === 'refused-by-module')
        throw new KeelError('unprocessable', 'EXPENSE_CLOSED', 'The expense is closed.');
      decided.push({
        entityId: ctx.request.entityId,
        decision: ctx.decision,
        comment: ctx.comment,
        by: ctx.actor.userId,
      });
    },
  });
  acme = await buildOrg(t);
  other = await buildOrg(t, 'Other Co');
  ids = await membersOf(t, acme);
  actors = {} as Record<Role, Actor>;
  for (const role of Object.keys(ids) as Role[])
    actors[role] = await actorFor(t, ids[role].userId, acme.orgId);
});
afterAll(() => t.close());

async function ask(
  by: Actor,
  input: { siteId?: string | null; amountMinor?: number | null; entityId?: string } = {},
) {
  const res = await t.deps.db.transaction().execute((trx) =>
    requestApproval(trx, t.deps, {
      orgId: by.orgId,
      type: 'test.expense',
      entityId: input.entityId ?? newId(),
      siteId: input.siteId ?? null,
      amountMinor: input.amountMinor ?? null,
      currency: input.amountMinor == null ? null : 'USD',
      title: 'New safety boots',
      requestedBy: by,
    }),
  );
  afterCommit(t.deps);
  return res.id;
}

const inbox = async (c: Client) => {
  const res = await c.get('/api/approvals?view=inbox');
  expect(res.statusCode).toBe(200);
  return (res.json().items as { id: string }[]).map((i) => i.id);
};

const notificationsOf = (userId: string, type: string, entityId: string) =>
  t.deps.db
    .selectFrom('notifications')
    .selectAll()
    .where('user_id', '=', userId)
    .where('type', '=', type)
    .where('entity_id', '=', entityId)
    .execute();

describe('requesting an approval', () => {
  it('puts the request in the inbox of every member holding the permission, not the requester', async () => {
    const id = await ask(actors.staff);
    expect(await inbox(acme.as.coordinator)).toContain(id);
    expect(await inbox(acme.as.manager)).toContain(id);
    expect(await inbox(acme.as.owner)).toContain(id);
    expect(await inbox(acme.as.staff)).not.toContain(id);
    expect(await inbox(acme.as.viewer)).not.toContain(id);
    const mine = await acme.as.staff.get('/api/approvals?view=mine');
    expect(mine.json().items.map((i: { id: string }) => i.id)).toContain(id);
    const counts = await acme.as.coordinator.get('/api/approvals/counts');
    expect(counts.json().needsMe).toBeGreaterThanOrEqual(1);
  });

  it('notifies the deciders and records the request in the history', async () => {
    const id = await ask(actors.staff);
    for (const role of ['coordinator', 'manager', 'owner'] as Role[])
      expect(await notificationsOf(ids[role].userId, 'approval_requested', id)).toHaveLength(1);
    expect(await notificationsOf(ids.staff.userId, 'approval_requested', id)).toHaveLength(0);
    const detail = await acme.as.staff.get(`/api/approvals/${id}`);
    expect(detail.statusCode).toBe(200);
    const body = detail.json();
    expect(body).toMatchObject({
      status: 'pending',
      title: 'New safety boots',
      requestedBy: { id: ids.staff.userId },
      canDecide: false,
      canCancel: true,
    });
    expect(body.events.map((e: { kind: string }) => e.kind)).toEqual(['requested']);
    expect(body.deciders.map((d: { id: string }) => d.id).sort()).toEqual(
      [ids.coordinator.userId, ids.manager.userId, ids.owner.userId].sort(),
    );
    const event = await t.deps.db
      .selectFrom('domain_events')
      .selectAll()
      .where('type', '=', 'approval.requested')
      .where('entity_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.topics)).toEqual(['approvals']);
    expect(JSON.parse(event.user_ids!)).toContain(ids.coordinator.userId);
  });

  it('refuses a second pending request for the same subject and type', async () => {
    const entityId = newId();
    await ask(actors.staff, { entityId });
    await expect(ask(actors.staff, { entityId })).rejects.toMatchObject({
      code: 'APPROVAL_ALREADY_PENDING',
    });
    expect(
      await pendingApproval(t.deps.db, { orgId: acme.orgId, type: 'test.expense', entityId }),
    ).toMatchObject({ status: 'pending' });
  });

  it('refuses an unknown approval type', async () => {
    await expect(
      t.deps.db.transaction().execute((trx) =>
        requestApproval(trx, t.deps, {
          orgId: acme.orgId,
          type: 'nope.unknown',
          entityId: newId(),
          siteId: null,
          title: 'x',
          requestedBy: actors.staff,
        }),
      ),
    ).rejects.toMatchObject({ code: 'APPROVAL_TYPE_UNKNOWN' });
  });

  it('hides the request from members who are neither deciders, requester nor permission holders', async () => {
    const id = await ask(actors.staff);
    expect((await acme.as.viewer.get(`/api/approvals/${id}`)).statusCode).toBe(404);
  });
});

describe('deciding', () => {
  it('approves, runs the type hook in the transaction and tells the requester', async () => {
    const entityId = newId();
    const id = await ask(actors.staff, { entityId });
    const res = await acme.as.coordinator.post(`/api/approvals/${id}/decision`, {
      decision: 'approved',
      comment: 'Go ahead',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'approved',
      decidedBy: { id: ids.coordinator.userId },
      comment: 'Go ahead',
      canDecide: false,
    });
    expect(res.json().events.map((e: { kind: string }) => e.kind)).toEqual([
      'requested',
      'approved',
    ]);
    expect(decided.filter((d) => d.entityId === entityId)).toEqual([
      { entityId, decision: 'approved', comment: 'Go ahead', by: ids.coordinator.userId },
    ]);
    expect(await notificationsOf(ids.staff.userId, 'approval_decided', id)).toHaveLength(1);
    expect(
      await pendingApproval(t.deps.db, { orgId: acme.orgId, type: 'test.expense', entityId }),
    ).toBeNull();
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'approve']);
  });

  it('answers 409 APPROVAL_ALREADY_DECIDED to a second decision', async () => {
    const id = await ask(actors.staff);
    expect(
      (await acme.as.manager.post(`/api/approvals/${id}/decision`, { decision: 'approved' }))
        .statusCode,
    ).toBe(200);
    const again = await acme.as.owner.post(`/api/approvals/${id}/decision`, {
      decision: 'rejected',
      comment: 'No',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('APPROVAL_ALREADY_DECIDED');
  });

  it('lets exactly one of two concurrent decisions win', async () => {
    for (let round = 0; round < 3; round++) {
      const entityId = newId();
      const id = await ask(actors.staff, { entityId });
      const results = await Promise.all([
        acme.as.manager.post(`/api/approvals/${id}/decision`, { decision: 'approved' }),
        acme.as.owner.post(`/api/approvals/${id}/decision`, {
          decision: 'rejected',
          comment: 'Too dear',
        }),
      ]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      expect(decided.filter((d) => d.entityId === entityId)).toHaveLength(1);
      const events = await t.deps.db
        .selectFrom('approval_events')
        .select('kind')
        .where('request_id', '=', id)
        .execute();
      expect(events.filter((e) => e.kind !== 'requested')).toHaveLength(1);
    }
  });

  it('requires a comment to reject', async () => {
    const id = await ask(actors.staff);
    const res = await acme.as.manager.post(`/api/approvals/${id}/decision`, {
      decision: 'rejected',
    });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain('comment');
    const ok = await acme.as.manager.post(`/api/approvals/${id}/decision`, {
      decision: 'rejected',
      comment: 'Buy the cheaper ones',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().status).toBe('rejected');
  });

  it('never lets the requester decide their own request', async () => {
    const id = await ask(actors.coordinator);
    const res = await acme.as.coordinator.post(`/api/approvals/${id}/decision`, {
      decision: 'approved',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('APPROVAL_OWN_REQUEST');
    expect(await inbox(acme.as.coordinator)).not.toContain(id);
  });

  it('answers 404 to members who may not see it and to other organizations', async () => {
    const id = await ask(actors.manager);
    expect(
      (await acme.as.staff.post(`/api/approvals/${id}/decision`, { decision: 'approved' }))
        .statusCode,
    ).toBe(404);
    expect((await other.as.owner.get(`/api/approvals/${id}`)).statusCode).toBe(404);
    expect(
      (await other.as.owner.post(`/api/approvals/${id}/decision`, { decision: 'approved' }))
        .statusCode,
    ).toBe(404);
    expect(await inbox(other.as.owner)).not.toContain(id);
  });

  it('rolls the decision back when the type hook refuses it', async () => {
    const id = await ask(actors.staff, { entityId: 'refused-by-module' });
    const res = await acme.as.manager.post(`/api/approvals/${id}/decision`, {
      decision: 'approved',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('EXPENSE_CLOSED');
    const detail = (await acme.as.manager.get(`/api/approvals/${id}`)).json();
    expect(detail.status).toBe('pending');
    expect(detail.events).toHaveLength(1);
    await t.deps.db.transaction().execute((trx) =>
      cancelApprovals(trx, t.deps, {
        orgId: acme.orgId,
        type: 'test.expense',
        entityId: 'refused-by-module',
        actor: actors.manager,
      }),
    );
  });
});

describe('cancelling', () => {
  it('lets the requester withdraw, and nobody else', async () => {
    const id = await ask(actors.staff);
    const byOther = await acme.as.manager.post(`/api/approvals/${id}/cancel`, {});
    expect(byOther.statusCode).toBe(403);
    const res = await acme.as.staff.post(`/api/approvals/${id}/cancel`, { comment: 'Not needed' });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('cancelled');
    expect(res.json().events.map((e: { kind: string }) => e.kind)).toEqual([
      'requested',
      'cancelled',
    ]);
    expect(await inbox(acme.as.manager)).not.toContain(id);
    const decidedList = await acme.as.manager.get('/api/approvals?view=decided');
    expect(decidedList.json().items.map((i: { id: string }) => i.id)).toContain(id);
  });

  it('cancels the pending requests of a subject for its module', async () => {
    const entityId = newId();
    const id = await ask(actors.staff, { entityId });
    const n = await t.deps.db.transaction().execute((trx) =>
      cancelApprovals(trx, t.deps, {
        orgId: acme.orgId,
        type: 'test.expense',
        entityId,
        actor: null,
      }),
    );
    expect(n).toBe(1);
    expect((await acme.as.staff.get(`/api/approvals/${id}`)).json().status).toBe('cancelled');
  });
});

describe('site scope', () => {
  it('asks only deciders whose site access covers the site', async () => {
    const north = await buildSite(t, acme.owner, { name: 'North' });
    const south = await buildSite(t, acme.owner, { name: 'South' });
    await updateMember(t.deps, acme.owner, ids.coordinator.memberId, { siteIds: [north.id] });
    try {
      const coordinator = await actorFor(t, ids.coordinator.userId, acme.orgId);
      expect(coordinator.siteIds).toEqual([north.id]);
      const atSouth = await ask(actors.staff, { siteId: south.id });
      const atNorth = await ask(actors.staff, { siteId: north.id });
      const box = await inbox(acme.as.coordinator);
      expect(box).toContain(atNorth);
      expect(box).not.toContain(atSouth);
      expect((await acme.as.coordinator.get(`/api/approvals/${atSouth}`)).statusCode).toBe(404);
      // Each request names its site, so two alike requests at two sites can be told apart.
      expect((await acme.as.coordinator.get(`/api/approvals/${atNorth}`)).json().site).toEqual({
        id: north.id,
        name: 'North',
      });
      expect(await inbox(acme.as.manager)).toEqual(expect.arrayContaining([atNorth, atSouth]));
    } finally {
      await updateMember(t.deps, acme.owner, ids.coordinator.memberId, { siteIds: null });
    }
  });
});

describe('approval rules', () => {
  let ruleId: string;
  afterAll(async () => {
    if (ruleId) await acme.as.owner.delete(`/api/approval-rules/${ruleId}`);
  });

  it('lets owners add a rule and lists the registered types', async () => {
    const res = await acme.as.owner.post('/api/approval-rules', {
      type: 'test.expense',
      thresholdMinor: 500_000,
      requiredRole: 'owner',
    });
    expect(res.statusCode).toBe(201);
    ruleId = res.json().id;
    expect(res.json()).toMatchObject({
      type: 'test.expense',
      site: null,
      thresholdMinor: 500_000,
      requiredRole: 'owner',
      escalateAfterDays: null,
    });
    const list = await acme.as.owner.get('/api/approval-rules');
    expect(list.json().items.map((r: { id: string }) => r.id)).toContain(ruleId);
    expect(list.json().types.map((x: { type: string }) => x.type)).toContain('test.expense');
  });

  it('needs the owner above the threshold and anyone with the permission below it', async () => {
    const big = await ask(actors.staff, { amountMinor: 600_000 });
    const small = await ask(actors.staff, { amountMinor: 10_000 });
    expect(await inbox(acme.as.coordinator)).not.toContain(big);
    expect(await inbox(acme.as.manager)).not.toContain(big);
    expect(await inbox(acme.as.owner)).toContain(big);
    expect(await inbox(acme.as.coordinator)).toContain(small);
    const res = await acme.as.manager.post(`/api/approvals/${big}/decision`, {
      decision: 'approved',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('APPROVAL_NOT_DECIDER');
    expect((await acme.as.manager.get(`/api/approvals/${big}`)).json().requiredRole).toBe('owner');
    expect(await notificationsOf(ids.manager.userId, 'approval_requested', big)).toHaveLength(0);
    expect(
      (await acme.as.owner.post(`/api/approvals/${big}/decision`, { decision: 'approved' }))
        .statusCode,
    ).toBe(200);
  });

  it('validates rules: complete thresholds, known types, real sites, one per type and site', async () => {
    const half = await acme.as.owner.post('/api/approval-rules', {
      type: 'test.expense',
      siteId: null,
      thresholdMinor: 100,
    });
    expect(half.statusCode).toBe(400);
    expect(half.json().code).toBe('APPROVAL_RULE_THRESHOLD_INCOMPLETE');
    const unknown = await acme.as.owner.post('/api/approval-rules', { type: 'nope.unknown' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe('APPROVAL_TYPE_UNKNOWN');
    const otherSite = await buildSite(t, other.owner);
    const foreign = await acme.as.owner.post('/api/approval-rules', {
      type: 'test.expense',
      siteId: otherSite.id,
    });
    expect(foreign.statusCode).toBe(400);
    const dup = await acme.as.owner.post('/api/approval-rules', {
      type: 'test.expense',
      escalateAfterDays: 2,
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('APPROVAL_RULE_EXISTS');
  });

  it('is changed only by holders of org.settings.manage, and only in their organization', async () => {
    expect((await acme.as.manager.get('/api/approval-rules')).statusCode).toBe(403);
    expect(
      (await acme.as.manager.post('/api/approval-rules', { type: 'test.expense' })).statusCode,
    ).toBe(403);
    expect(
      (await other.as.owner.patch(`/api/approval-rules/${ruleId}`, { escalateAfterDays: 1 }))
        .statusCode,
    ).toBe(404);
    const patched = await acme.as.owner.patch(`/api/approval-rules/${ruleId}`, {
      thresholdMinor: 700_000,
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().thresholdMinor).toBe(700_000);
  });
});

describe('reminders and escalation', () => {
  let esc: TestOrg;
  let escIds: Awaited<ReturnType<typeof membersOf>>;
  let staff: Actor;

  beforeEach(async () => {
    esc = await buildOrg(t, `Escalation ${newId()}`);
    escIds = await membersOf(t, esc);
    staff = await actorFor(t, escIds.staff.userId, esc.orgId);
    // Managers here cannot approve expenses: only escalation lets them.
    const res = await esc.as.owner.put('/api/roles/manager', {
      permissions: DEFAULT_ROLE_PERMISSIONS.manager.filter((p) => p !== 'resources.manage'),
    });
    expect(res.statusCode).toBe(200);
  });

  const eventsOf = async (id: string) =>
    (
      await t.deps.db
        .selectFrom('approval_events')
        .select('kind')
        .where('request_id', '=', id)
        .orderBy('id')
        .execute()
    ).map((e) => e.kind);

  it('reminds the deciders after a day, at most once a day', async () => {
    const id = await ask(staff);
    await runDueJobs(t.deps);
    expect(await notificationsOf(escIds.coordinator.userId, 'approval_reminder', id)).toHaveLength(
      0,
    );
    t.clock.advance(DAY + HOUR);
    await runDueJobs(t.deps);
    expect(await notificationsOf(escIds.coordinator.userId, 'approval_reminder', id)).toHaveLength(
      1,
    );
    expect(await notificationsOf(escIds.owner.userId, 'approval_reminder', id)).toHaveLength(1);
    expect(await notificationsOf(escIds.manager.userId, 'approval_reminder', id)).toHaveLength(0);
    t.clock.advance(2 * HOUR);
    await runDueJobs(t.deps);
    expect(await notificationsOf(escIds.coordinator.userId, 'approval_reminder', id)).toHaveLength(
      1,
    );
    t.clock.advance(DAY);
    await runDueJobs(t.deps);
    expect(await notificationsOf(escIds.coordinator.userId, 'approval_reminder', id)).toHaveLength(
      2,
    );
    expect(await eventsOf(id)).toEqual(['requested', 'reminded', 'reminded']);
  });

  it('escalates one role up after the escalation period and widens the deciders', async () => {
    const id = await ask(staff);
    expect((await esc.as.manager.get(`/api/approvals/${id}`)).statusCode).toBe(404);
    t.clock.advance(3 * DAY + HOUR);
    await runDueJobs(t.deps);
    expect(await notificationsOf(escIds.manager.userId, 'approval_escalated', id)).toHaveLength(1);
    const detail = (await esc.as.manager.get(`/api/approvals/${id}`)).json();
    expect(detail).toMatchObject({ escalationLevel: 1, canDecide: true });
    expect(detail.events.map((e: { kind: string }) => e.kind)).toContain('escalated');
    expect(await inbox(esc.as.manager)).toContain(id);

    t.clock.advance(3 * DAY);
    await runDueJobs(t.deps);
    expect(await notificationsOf(escIds.owner.userId, 'approval_escalated', id)).toHaveLength(1);
    t.clock.advance(3 * DAY);
    await runDueJobs(t.deps);
    // Already at the top: no third escalation.
    expect((await eventsOf(id)).filter((k) => k === 'escalated')).toHaveLength(2);

    const res = await esc.as.manager.post(`/api/approvals/${id}/decision`, {
      decision: 'approved',
    });
    expect(res.statusCode).toBe(200);
  });

  it("uses the organization rule's escalation period over the type's", async () => {
    const rule = await esc.as.owner.post('/api/approval-rules', {
      type: 'test.expense',
      escalateAfterDays: 0,
    });
    expect(rule.statusCode).toBe(201);
    const id = await ask(staff);
    t.clock.advance(10 * DAY);
    await runDueJobs(t.deps);
    expect(await eventsOf(id)).not.toContain('escalated');
    await esc.as.owner.patch(`/api/approval-rules/${rule.json().id}`, { escalateAfterDays: 1 });
    t.clock.advance(HOUR);
    await runDueJobs(t.deps);
    expect(await eventsOf(id)).toContain('escalated');
  });
});
