import type { KeelModule } from '../../platform/http/module.js';
import { calendarMigrations } from './calendar.migrations.js';
import { calendarRoutes } from './calendar.routes.js';
import './calendar.tables.js';

/**
 * The calendar: merges every module's `calendarSources` (tasks, bookings, …) for the web
 * calendar, and serves each member's private iCal feed.
 */
export const calendarModule: KeelModule = {
  name: 'calendar',
  migrations: calendarMigrations,
  routes: calendarRoutes,
};
