import { audit, mail } from '@keel/contracts';
import { sql } from 'kysely';
import { listAudit, recordHistory } from './audit/audit.service.js';
import { notFound } from './errors.js';
import { liveRoutes } from './events/live.routes.js';
import type { RouteContext } from './http/module.js';
import { listOutbox, outboxMessage } from './mail/outbox.js';

export const VERSION = '0.1.0';

/** Health, audit log, record history and the mail outbox. */
export function platformRoutes(ctx: RouteContext): void {
  const { route, deps } = ctx;
  const byType = deps.registry.entities;
  liveRoutes(ctx);

  route(mail.health, async () => {
    await sql`select 1`.execute(deps.db);
    return { status: 'ok' as const, database: deps.dialect, version: VERSION };
  });

  route(audit.listAudit, async ({ actor, query }) => listAudit(deps.db, actor, query));

  route(audit.getRecordHistory, async ({ actor, params }) => {
    const entity = byType.get(params.entityType);
    // Unknown types, other organizations' records and records the caller may not read all
    // answer the same 404.
    if (!entity || !(await entity.canRead(deps, actor, params.entityId))) throw notFound('record');
    return { items: await recordHistory(deps.db, actor, params.entityType, params.entityId) };
  });

  route(mail.listOutbox, async ({ actor, query }) => listOutbox(deps.db, actor.orgId, query));
  route(mail.getOutboxMessage, async ({ actor, params }) =>
    outboxMessage(deps.db, actor.orgId, params.id),
  );
}
