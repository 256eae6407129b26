import { schedulingPeople as c } from '@keel/contracts';
import type { RouteContext } from '../../platform/http/module.js';
import * as availability from './availability.service.js';
import * as preferences from './preferences.service.js';
import * as timeOff from './time-off.service.js';
import * as workRules from './work-rules.service.js';

/** Routes of the constraints area: work rules, availability, preferences, time off. */
export function constraintsRoutes({ route, deps }: RouteContext): void {
  route(c.getWorkRules, async ({ actor }) => workRules.getWorkRules(deps, actor));
  route(c.createWorkRuleSet, async ({ actor, body }) =>
    workRules.createWorkRuleSet(deps, actor, body),
  );
  route(c.updateWorkRuleSet, async ({ actor, params, body }) =>
    workRules.updateWorkRuleSet(deps, actor, params.id, body),
  );
  route(c.deleteWorkRuleSet, async ({ actor, params }) =>
    workRules.deleteWorkRuleSet(deps, actor, params.id),
  );
  route(c.listEmployeeWorkRules, async ({ actor, query }) =>
    workRules.listEmployeeWorkRules(deps, actor, query),
  );
  route(c.getEmployeeWorkRules, async ({ actor, params }) =>
    workRules.getEmployeeWorkRules(deps, actor, params.id),
  );
  route(c.setEmployeeWorkRules, async ({ actor, params, body }) =>
    workRules.setEmployeeWorkRules(deps, actor, params.id, body),
  );
  route(c.clearEmployeeWorkRules, async ({ actor, params }) =>
    workRules.clearEmployeeWorkRules(deps, actor, params.id),
  );

  route(c.getAvailability, async ({ actor, query }) =>
    availability.getAvailability(deps, actor, query),
  );
  route(c.createAvailabilityWindow, async ({ actor, body }) =>
    availability.createWindow(deps, actor, body),
  );
  route(c.updateAvailabilityWindow, async ({ actor, params, body }) =>
    availability.updateWindow(deps, actor, params.id, body),
  );
  route(c.deleteAvailabilityWindow, async ({ actor, params }) =>
    availability.deleteWindow(deps, actor, params.id),
  );
  route(c.createAvailabilityException, async ({ actor, body }) =>
    availability.createException(deps, actor, body),
  );
  route(c.updateAvailabilityException, async ({ actor, params, body }) =>
    availability.updateException(deps, actor, params.id, body),
  );
  route(c.deleteAvailabilityException, async ({ actor, params }) =>
    availability.deleteException(deps, actor, params.id),
  );

  route(c.listPreferences, async ({ actor, query }) =>
    preferences.listPreferences(deps, actor, query),
  );
  route(c.createPreference, async ({ actor, body }) =>
    preferences.createPreference(deps, actor, body),
  );
  route(c.updatePreference, async ({ actor, params, body }) =>
    preferences.updatePreference(deps, actor, params.id, body),
  );
  route(c.deletePreference, async ({ actor, params }) =>
    preferences.deletePreference(deps, actor, params.id),
  );

  route(c.listTimeOffTypes, async ({ actor, query }) =>
    timeOff.listTimeOffTypes(deps, actor, query.includeArchived === 'true'),
  );
  route(c.createTimeOffType, async ({ actor, body }) =>
    timeOff.createTimeOffType(deps, actor, body),
  );
  route(c.updateTimeOffType, async ({ actor, params, body }) =>
    timeOff.updateTimeOffType(deps, actor, params.id, body),
  );
  route(c.getTimeOffBalances, async ({ actor, query }) => timeOff.getBalances(deps, actor, query));
  route(c.listTimeOffRequests, async ({ actor, query }) =>
    timeOff.listRequests(deps, actor, query),
  );
  route(c.getTimeOffRequest, async ({ actor, params }) =>
    timeOff.getRequest(deps, actor, params.id),
  );
  route(c.createTimeOffRequest, async ({ actor, body }) =>
    timeOff.createRequest(deps, actor, body),
  );
  route(c.cancelTimeOffRequest, async ({ actor, params, body }) =>
    timeOff.cancelRequest(deps, actor, params.id, body),
  );
}
