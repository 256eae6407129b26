import type { MigrationSet } from '../../platform/db/migrations.js';
import type { KeelModule } from '../../platform/http/module.js';
import type { RegistryParts } from '../../platform/registry.js';
import { attendanceMigrations } from './attendance.migrations.js';
import { attendanceParts } from './attendance.parts.js';
import { constraintsMigrations } from './constraints.migrations.js';
import { constraintsParts } from './constraints.parts.js';
import { announceOpenShifts } from './publish.service.js';
import { schedulingCoreMigrations } from './scheduling.migrations.js';
import { schedulingRoutes } from './scheduling.routes.js';
import { selfMigrations } from './self.migrations.js';
import { selfParts } from './self.parts.js';
import { coreParts } from './shift.parts.js';
import './scheduling.tables.js';

export { publishedMinutesByDay } from './capacity.query.js';

const areas: RegistryParts[] = [coreParts, constraintsParts, selfParts, attendanceParts];
const migrationSets: MigrationSet[] = [
  schedulingCoreMigrations,
  constraintsMigrations,
  selfMigrations,
  attendanceMigrations,
];

export const schedulingModule: KeelModule = {
  name: 'scheduling',
  migrations: (t) => Object.assign({}, ...migrationSets.map((m) => m(t))),
  routes: schedulingRoutes,
  entities: areas.flatMap((a) => a.entities ?? []),
  approvalTypes: areas.flatMap((a) => a.approvalTypes ?? []),
  calendarSources: areas.flatMap((a) => a.calendarSources ?? []),
  jobs: areas.flatMap((a) => a.jobs ?? []),
  start: (deps) => deps.events.subscribe((event) => announceOpenShifts(deps, event)),
};
