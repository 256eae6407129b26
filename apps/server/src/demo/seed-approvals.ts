import { createRule } from '../modules/approvals/rules.service.js';
import type { Deps } from '../platform/deps.js';
import type { DemoContext } from './context.js';

/**
 * Default approval rules of the demo organization, set by its owner: task sign-offs escalate
 * after two days, and bookings at the Reno plant (a smaller team) after one. Requests themselves
 * come from the tasks and resources seeds, through their own flows.
 */
export async function seedApprovals(deps: Deps, demo: DemoContext): Promise<void> {
  const owner = demo.actors.owner;
  const types = deps.registry.approvalTypes;
  if (types.has('task.signoff'))
    await createRule(deps, owner, { type: 'task.signoff', siteId: null, escalateAfterDays: 2 });
  if (types.has('booking')) {
    await createRule(deps, owner, { type: 'booking', siteId: null, escalateAfterDays: 2 });
    await createRule(deps, owner, {
      type: 'booking',
      siteId: demo.siteId.RNO,
      escalateAfterDays: 1,
    });
  }
}
