import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import './people.tables.js';

type ArchivableTable = 'sites' | 'departments' | 'positions' | 'employees';
type Archivable = { archived_at: string | null };

/**
 * Archives or restores one record in a transaction, with its audit entry. `load` finds the
 * record within the actor's organization and site access (throwing not-found otherwise);
 * archiving an archived record (or restoring an active one) changes and records nothing.
 * Returns the record as it is afterwards.
 */
export async function setArchived<R extends Archivable>(
  deps: Deps,
  actor: Actor,
  target: {
    table: ArchivableTable;
    entityType: string;
    id: string;
    load: (trx: Kysely<DB>) => Promise<R>;
    label: (row: R) => string;
    /** Runs in the transaction after the change (e.g. to update the search index). */
    afterChange?: (trx: Kysely<DB>) => Promise<void>;
  },
  archived: boolean,
): Promise<R> {
  const at = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const before = await target.load(trx);
    if (!!before.archived_at === archived) return before;
    const archivedAt = archived ? at : null;
    await trx
      .updateTable(target.table)
      .set({ archived_at: archivedAt, updated_at: at, updated_by: actor.userId })
      .where('id', '=', target.id)
      .where('org_id', '=', actor.orgId)
      .execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: archived ? 'archive' : 'restore',
      entityType: target.entityType,
      entityId: target.id,
      entityLabel: target.label(before),
      before: { archivedAt: before.archived_at },
      after: { archivedAt },
      at,
    });
    await target.afterChange?.(trx);
    return { ...before, archived_at: archivedAt, updated_at: at, updated_by: actor.userId };
  });
}
