import type { KeelModule } from '../../platform/http/module.js';
import { periods } from '../../platform/jobs/jobs.js';

const DIGEST_HOUR_UTC = 6;

import { notificationsMigrations } from './notifications.migrations.js';
import { notificationsRoutes } from './notifications.routes.js';
import { sendDailyDigests } from './notifications.service.js';
import './notifications.tables.js';

export { type NotifyInput, notify } from './notifications.service.js';

export const notificationsModule: KeelModule = {
  name: 'notifications',
  migrations: notificationsMigrations,
  routes: notificationsRoutes,
  jobs: [
    {
      name: 'notifications.daily-digest',
      // Once a day, at 06:00 UTC (the period starts six hours after midnight).
      period: (now) => periods.daily(new Date(now.getTime() - DIGEST_HOUR_UTC * 3_600_000)),
      run: async (deps, now) => {
        await sendDailyDigests(deps, now);
      },
    },
  ],
};
