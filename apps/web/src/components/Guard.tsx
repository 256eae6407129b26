import type { Permission } from '@keel/contracts';
import type { ReactNode } from 'react';
import { useCan } from '../lib/session';
import { NoAccess } from './ErrorState';

/** Renders the page only when the role grants the permission; otherwise "You don't have access". */
export function Guard({ permission, children }: { permission: Permission; children: ReactNode }) {
  const can = useCan();
  return can(permission) ? children : <NoAccess />;
}
