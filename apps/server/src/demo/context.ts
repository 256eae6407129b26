import type { Role } from '@keel/contracts';
import type { Actor } from '../platform/auth/actor.js';

/**
 * What the people seed created, handed to each module's demo seeder (`demo/seed-<area>.ts`,
 * exported as `seed<Area>(deps, demo)`), which builds its records through its services as the
 * right demo user.
 */
export interface DemoContext {
  orgId: string;
  /** One signed-in actor per demo role (owner, manager, coordinator, staff, viewer). */
  actors: Record<Role, Actor>;
  /** Site ids by code: CMH (Columbus, America/New_York), RNO (Reno, America/Los_Angeles). */
  siteId: { CMH: string; RNO: string };
  /** Department ids by code: OPS, PROD, WHS, MNT, QHS, HR. */
  deptId: Record<string, string>;
  /** Employee ids by demo key (see demo-people.ts). */
  employeeId: Record<string, string>;
  /** Now, from the clock the seed runs with. */
  now: Date;
}
