import { auditMigrations } from '../platform/audit/audit.migrations.js';
import type { MigrationSet } from '../platform/db/migrations.js';
import { eventMigrations } from '../platform/events/events.migrations.js';
import type { KeelModule } from '../platform/http/module.js';
import { mailMigrations } from '../platform/mail/mail.migrations.js';
import { buildRegistry, type Registry } from '../platform/registry.js';
import { accountsModule } from './accounts/index.js';
import { approvalsModule } from './approvals/index.js';
import { calendarModule } from './calendar/index.js';
import { collabModule } from './collab/index.js';
import { notificationsModule } from './notifications/index.js';
import { peopleModule } from './people/index.js';
import { resourcesModule } from './resources/index.js';
import { schedulingModule } from './scheduling/index.js';
import { searchModule } from './search/index.js';
import { workModule } from './work/index.js';

/** Every business module, in the order their routes register. Add a new module here. */
export const modules: KeelModule[] = [
  accountsModule,
  peopleModule,
  searchModule,
  calendarModule,
  notificationsModule,
  approvalsModule,
  collabModule,
  resourcesModule,
  workModule,
  schedulingModule,
];

export const allMigrations: MigrationSet[] = [
  auditMigrations,
  mailMigrations,
  eventMigrations,
  ...modules.map((m) => m.migrations),
];

/** The kinds every module plugs into the shared capabilities. */
export const buildModuleRegistry = (): Registry => buildRegistry(modules);
