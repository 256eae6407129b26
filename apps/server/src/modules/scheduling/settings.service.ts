import type { scheduling as contract, SchedulingSettings } from '@keel/contracts';
import { DEFAULT_RULE_SEVERITIES, RULE_CODES, type RuleSeverity } from '@keel/scheduling-rules';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import { lockOrganization } from '../../platform/db/locks.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import './scheduling.tables.js';

export const DEFAULT_SCHEDULING_SETTINGS: SchedulingSettings = {
  severities: { ...DEFAULT_RULE_SEVERITIES },
  weekStartsOn: 1,
  payPeriodDays: 14,
  /** a Monday */
  payPeriodAnchor: '2026-01-05',
  lateGraceMinutes: 5,
};

const SEVERITIES: readonly string[] = ['error', 'warning', 'off'];

/** Stored partial severities merged over the defaults (unknown rules and values are dropped). */
export function mergeSeverities(stored: unknown): Record<string, RuleSeverity> {
  const merged: Record<string, RuleSeverity> = { ...DEFAULT_RULE_SEVERITIES };
  if (stored && typeof stored === 'object') {
    for (const code of RULE_CODES) {
      const v = (stored as Record<string, unknown>)[code];
      if (typeof v === 'string' && SEVERITIES.includes(v)) merged[code] = v as RuleSeverity;
    }
  }
  return merged;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * The organization's scheduling settings, defaults filled in (every rule has a severity): the
 * row in `scheduling_settings` when there is one, else week starting Monday, a 14-day pay period
 * anchored on Monday 2026-01-05 and 5 minutes of late grace.
 */
export async function loadSchedulingSettings(
  db: Kysely<DB>,
  orgId: string,
): Promise<SchedulingSettings> {
  const row = await db
    .selectFrom('scheduling_settings')
    .selectAll()
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  if (!row) {
    return { ...DEFAULT_SCHEDULING_SETTINGS, severities: { ...DEFAULT_RULE_SEVERITIES } };
  }
  return {
    severities: mergeSeverities(parseJson(row.rule_severities)),
    weekStartsOn: Number(row.week_starts_on),
    payPeriodDays: Number(row.pay_period_days),
    payPeriodAnchor: row.pay_period_anchor,
    lateGraceMinutes: Number(row.late_grace_minutes),
  };
}

export type SettingsInput = z.output<
  NonNullable<(typeof contract.updateSchedulingSettings)['body']>
>;

/** Changes the organization's scheduling settings (only the fields given); audited. */
export async function updateSchedulingSettings(deps: Deps, actor: Actor, input: SettingsInput) {
  const at = deps.clock.now().toISOString();
  const result = await deps.db.transaction().execute(async (trx) => {
    await lockOrganization(trx, deps.dialect, actor.orgId);
    const before = await loadSchedulingSettings(trx, actor.orgId);
    const after: SchedulingSettings = {
      severities: { ...before.severities, ...(input.severities ?? {}) },
      weekStartsOn: input.weekStartsOn ?? before.weekStartsOn,
      payPeriodDays: input.payPeriodDays ?? before.payPeriodDays,
      payPeriodAnchor: input.payPeriodAnchor ?? before.payPeriodAnchor,
      lateGraceMinutes: input.lateGraceMinutes ?? before.lateGraceMinutes,
    };
    const row = {
      rule_severities: JSON.stringify(after.severities),
      week_starts_on: after.weekStartsOn,
      pay_period_days: after.payPeriodDays,
      pay_period_anchor: after.payPeriodAnchor,
      late_grace_minutes: after.lateGraceMinutes,
      updated_at: at,
      updated_by: actor.userId,
    };
    await trx
      .insertInto('scheduling_settings')
      .values({ org_id: actor.orgId, ...row })
      .onConflict((oc) => oc.column('org_id').doUpdateSet(row))
      .execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'update',
      entityType: 'scheduling_settings',
      entityId: actor.orgId,
      entityLabel: 'Scheduling settings',
      before: { ...before },
      after: { ...after },
      at,
    });
    await deps.events.record(trx, {
      orgId: actor.orgId,
      type: 'scheduling.settings_updated',
      entityType: 'scheduling_settings',
      entityId: actor.orgId,
      topics: ['scheduling'],
      actorUserId: actor.userId,
    });
    return after;
  });
  afterCommit(deps);
  return result;
}
