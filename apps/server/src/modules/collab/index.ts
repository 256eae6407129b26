import type { KeelModule } from '../../platform/http/module.js';
import { collabMigrations } from './collab.migrations.js';
import { collabRoutes } from './collab.routes.js';
import './collab.tables.js';

export { type DeletedRecordFiles, deleteRecordFiles } from './attachment.service.js';
export { deleteRecordComments } from './comment.service.js';

/**
 * Comments with @mentions, attachments and the activity timeline of any record kind in the
 * registry, plus the member directory (`GET /api/directory`). See README.md.
 */
export const collabModule: KeelModule = {
  name: 'collab',
  migrations: collabMigrations,
  routes: collabRoutes,
};
