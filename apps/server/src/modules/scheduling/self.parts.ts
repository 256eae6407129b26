import type { RegistryParts } from '../../platform/registry.js';
import { calendarShifts } from './my-shifts.service.js';
import { SWAP_APPROVAL, SWAP_ENTITY } from './self.shared.js';
import {
  canReadSwap,
  describeSwaps,
  onSwapDecided,
  onSwapWithdrawn,
  swapParticipants,
} from './swap.service.js';

/** What the self area plugs into the shared capabilities (approval types, calendar sources, jobs, entities). */
export const selfParts: RegistryParts = {
  entities: [
    {
      entityType: SWAP_ENTITY,
      canRead: canReadSwap,
      describe: describeSwaps,
      participants: swapParticipants,
    },
  ],
  approvalTypes: [
    {
      type: SWAP_APPROVAL,
      entityType: SWAP_ENTITY,
      permission: 'scheduling.approve',
      remindAfterDays: 1,
      escalateAfterDays: 2,
      onDecided: onSwapDecided,
      onWithdrawn: onSwapWithdrawn,
    },
  ],
  calendarSources: [{ kind: 'shift', list: calendarShifts }],
};
