import { attendanceRoutes } from './attendance/routes';
import { peopleRoutes } from './people/routes';
import { rosterRoutes } from './roster/routes';
import { selfRoutes } from './self/routes';
import { setupRoutes } from './setup/routes';

/** Every scheduling page, by area. */
export const schedulingRoutes = [
  ...rosterRoutes,
  ...setupRoutes,
  ...peopleRoutes,
  ...selfRoutes,
  ...attendanceRoutes,
] as const;
