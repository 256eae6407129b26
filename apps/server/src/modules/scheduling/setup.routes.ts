import { scheduling } from '@keel/contracts';
import type { RouteContext } from '../../platform/http/module.js';
import { listCoverage, setCoverage } from './coverage.service.js';
import { createHoliday, deleteHoliday, listHolidays } from './holiday.service.js';
import {
  applyRotation,
  createRotation,
  deleteRotation,
  listRotations,
  updateRotation,
} from './rotation.service.js';
import { loadSchedulingSettings, updateSchedulingSettings } from './settings.service.js';
import { applyTemplate, deleteTemplate, listTemplates, saveTemplate } from './template.service.js';

/** Scheduling setup: coverage needs, public holidays, rotations, week templates, settings. */
export function setupRoutes({ route, deps }: RouteContext): void {
  route(scheduling.listCoverage, async ({ actor, query }) =>
    listCoverage(deps, actor, query.siteId),
  );
  route(scheduling.setCoverage, async ({ actor, body }) => setCoverage(deps, actor, body));

  route(scheduling.listHolidays, async ({ actor, query }) => listHolidays(deps, actor, query));
  route(scheduling.createHoliday, async ({ actor, body }) => createHoliday(deps, actor, body));
  route(scheduling.deleteHoliday, async ({ actor, params }) =>
    deleteHoliday(deps, actor, params.id),
  );

  route(scheduling.listRotations, async ({ actor, query }) =>
    listRotations(deps, actor, query.siteId),
  );
  route(scheduling.createRotation, async ({ actor, body }) => createRotation(deps, actor, body));
  route(scheduling.updateRotation, async ({ actor, params, body }) =>
    updateRotation(deps, actor, params.id, body),
  );
  route(scheduling.deleteRotation, async ({ actor, params }) =>
    deleteRotation(deps, actor, params.id),
  );
  route(scheduling.applyRotation, async ({ actor, params, body }) =>
    applyRotation(deps, actor, params.id, body),
  );

  route(scheduling.listTemplates, async ({ actor, query }) =>
    listTemplates(deps, actor, query.siteId),
  );
  route(scheduling.saveTemplate, async ({ actor, body }) => saveTemplate(deps, actor, body));
  route(scheduling.deleteTemplate, async ({ actor, params }) =>
    deleteTemplate(deps, actor, params.id),
  );
  route(scheduling.applyTemplate, async ({ actor, params, body }) =>
    applyTemplate(deps, actor, params.id, body),
  );

  route(scheduling.getSchedulingSettings, async ({ actor }) =>
    loadSchedulingSettings(deps.db, actor.orgId),
  );
  route(scheduling.updateSchedulingSettings, async ({ actor, body }) =>
    updateSchedulingSettings(deps, actor, body),
  );
}
