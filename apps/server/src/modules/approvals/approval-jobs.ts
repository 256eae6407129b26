import type { Deps } from '../../platform/deps.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import type { ApprovalType } from '../../platform/registry.js';
import { activeMembers } from '../accounts/index.js';
import {
  addEvent,
  approvalEvent,
  candidatesFrom,
  DAY_MS,
  decidersFor,
  notifyRequest,
  question,
  type RequestRow,
} from './approvals.write.js';
import { nextEscalation } from './deciders.js';
import { ruleFor } from './rules.service.js';
import './approvals.tables.js';

// The hourly job: reminders to deciders and escalation one role up.

/**
 * Reminds the deciders of requests waiting longer than their type's `remindAfterDays` (at most
 * once a day) and escalates those waiting longer than the escalation period (the rule's, else
 * the type's) one role up, notifying the role it reached. Each step is its own transaction and
 * a conditional update, so two server copies never do it twice.
 */
export async function remindAndEscalate(deps: Deps, now: Date): Promise<void> {
  let after = '';
  for (;;) {
    const rows = await deps.db
      .selectFrom('approval_requests')
      .selectAll()
      .where('status', '=', 'pending')
      .where('id', '>', after)
      .orderBy('id')
      .limit(200)
      .execute();
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    for (const r of rows) {
      const type = deps.registry.approvalTypes.get(r.type);
      if (!type) continue;
      try {
        await escalateIfDue(deps, r, type, now);
        await remindIfDue(deps, r, type, now);
      } catch (err) {
        deps.log.error({ err, approvalId: r.id }, 'approval reminder failed');
      }
    }
  }
  afterCommit(deps);
}

async function escalateIfDue(deps: Deps, r: RequestRow, type: ApprovalType, now: Date) {
  const rule = await ruleFor(deps.db, r.org_id, r.type, r.site_id);
  const days = rule?.escalate_after_days ?? type.escalateAfterDays;
  if (!days || days <= 0) return;
  const since = Date.parse(r.escalated_at ?? r.created_at);
  if (now.getTime() - since < days * DAY_MS) return;
  await deps.db.transaction().execute(async (trx) => {
    const members = await activeMembers(trx, r.org_id);
    const next = nextEscalation(candidatesFrom(members, type), question(r));
    if (!next) return;
    const stamp = now.toISOString();
    const res = await trx
      .updateTable('approval_requests')
      .set({ escalation_level: next.level, escalated_at: stamp, updated_at: stamp })
      .where('id', '=', r.id)
      .where('status', '=', 'pending')
      .where('escalation_level', '=', r.escalation_level)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return;
    await addEvent(trx, deps, r, 'escalated', null, null, { level: next.level, role: next.role });
    await notifyRequest(trx, deps, r, {
      type: 'approval_escalated',
      recipients: next.userIds,
      actorUserId: null,
      title: `Waiting for a decision for ${days} day${days === 1 ? '' : 's'}: ${r.title}`,
      body: 'Escalated to you because nobody has decided it yet.',
    });
    await approvalEvent(trx, deps, r, {
      type: 'approval.escalated',
      userIds: [...next.userIds, r.requested_by],
      actorUserId: null,
    });
    r.escalation_level = next.level;
    r.escalated_at = stamp;
  });
}

async function remindIfDue(deps: Deps, r: RequestRow, type: ApprovalType, now: Date) {
  if (!type.remindAfterDays || type.remindAfterDays <= 0) return;
  if (now.getTime() - Date.parse(r.created_at) < type.remindAfterDays * DAY_MS) return;
  if (r.reminded_at && now.getTime() - Date.parse(r.reminded_at) < DAY_MS) return;
  // Just escalated: the escalation notice is today's reminder.
  if (r.escalated_at && now.getTime() - Date.parse(r.escalated_at) < DAY_MS) return;
  await deps.db.transaction().execute(async (trx) => {
    const stamp = now.toISOString();
    let q = trx
      .updateTable('approval_requests')
      .set({ reminded_at: stamp })
      .where('id', '=', r.id)
      .where('status', '=', 'pending');
    q = r.reminded_at
      ? q.where('reminded_at', '=', r.reminded_at)
      : q.where('reminded_at', 'is', null);
    const res = await q.executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return;
    const deciders = await decidersFor(trx, deps, r);
    await addEvent(trx, deps, r, 'reminded', null, null, {
      userIds: deciders.map((d) => d.userId),
    });
    const waited = Math.floor((now.getTime() - Date.parse(r.created_at)) / DAY_MS);
    await notifyRequest(trx, deps, r, {
      type: 'approval_reminder',
      recipients: deciders.map((d) => d.userId),
      actorUserId: null,
      title: `Reminder: waiting for your approval for ${waited} day${waited === 1 ? '' : 's'}: ${r.title}`,
    });
  });
}
