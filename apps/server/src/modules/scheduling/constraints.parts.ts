import type { RegistryParts } from '../../platform/registry.js';
import {
  applyTimeOffDecision,
  describeTimeOffRequests,
  TIME_OFF_APPROVAL,
  TIME_OFF_ENTITY,
  timeOffParticipants,
  withdrawTimeOff,
} from './time-off.service.js';

/** What the constraints area plugs into the shared capabilities: time-off approvals. */
export const constraintsParts: RegistryParts = {
  entities: [
    {
      entityType: TIME_OFF_ENTITY,
      canRead: async (deps, actor, id) =>
        (await describeTimeOffRequests(deps, actor, [id])).has(id),
      describe: describeTimeOffRequests,
      participants: timeOffParticipants,
    },
  ],
  approvalTypes: [
    {
      type: TIME_OFF_APPROVAL,
      entityType: TIME_OFF_ENTITY,
      permission: 'scheduling.approve',
      remindAfterDays: 1,
      escalateAfterDays: 2,
      onDecided: async ({ db, deps, actor, request, decision }) =>
        applyTimeOffDecision(db, deps, actor, request, decision),
      onWithdrawn: async ({ db, deps, actor, request }) =>
        withdrawTimeOff(db, deps, actor, request),
    },
  ],
};
