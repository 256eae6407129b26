import type { KeelModule } from '../../platform/http/module.js';
import { searchMigrations } from './search.migrations.js';
import { searchRoutes } from './search.routes.js';
import './search.tables.js';

export type { SearchDocument, SearchSource } from '../../platform/registry.js';
export {
  indexDocument,
  reindexAll,
  reindexOrganization,
  removeDocument,
  SEARCH_INDEX_MIGRATION,
} from './search.service.js';

/**
 * Global search. Modules call `indexDocument`/`removeDocument` in the transaction that changes a
 * record, and register a `searchSources` entry so `keel reindex` can rebuild their documents.
 */
export const searchModule: KeelModule = {
  name: 'search',
  migrations: searchMigrations,
  routes: searchRoutes,
};
