import { org, people, schedulingPeople } from '@keel/contracts';
import type { RouteContext } from '../../platform/http/module.js';
import * as employees from './employee.service.js';
import * as csv from './employee-csv.js';
import * as qualifications from './qualification.service.js';
import * as structure from './structure.service.js';

const IMPORT_BODY_LIMIT = 6 * 1024 * 1024;

export function peopleRoutes({ route, deps }: RouteContext): void {
  route(schedulingPeople.listQualifications, async ({ actor, params }) =>
    qualifications.listQualifications(deps, actor, params.id),
  );
  route(schedulingPeople.addQualification, async ({ actor, params, body }) =>
    qualifications.addQualification(deps, actor, params.id, body),
  );
  route(schedulingPeople.updateQualification, async ({ actor, params, body }) =>
    qualifications.updateQualification(deps, actor, params.id, body),
  );
  route(schedulingPeople.deleteQualification, async ({ actor, params }) =>
    qualifications.deleteQualification(deps, actor, params.id),
  );
  route(org.listSites, async ({ actor, query }) => structure.listSites(deps, actor, query));
  route(org.getSite, async ({ actor, params }) => structure.getSite(deps, actor, params.id));
  route(org.createSite, async ({ actor, body }) => structure.createSite(deps, actor, body));
  route(org.updateSite, async ({ actor, params, body }) =>
    structure.updateSite(deps, actor, params.id, body),
  );
  route(org.archiveSite, async ({ actor, params }) =>
    structure.setSiteArchived(deps, actor, params.id, true),
  );
  route(org.restoreSite, async ({ actor, params }) =>
    structure.setSiteArchived(deps, actor, params.id, false),
  );

  route(org.listDepartments, async ({ actor, query }) =>
    structure.listDepartments(deps, actor, query),
  );
  route(org.getDepartment, async ({ actor, params }) =>
    structure.getDepartment(deps, actor, params.id),
  );
  route(org.createDepartment, async ({ actor, body }) =>
    structure.createDepartment(deps, actor, body),
  );
  route(org.updateDepartment, async ({ actor, params, body }) =>
    structure.updateDepartment(deps, actor, params.id, body),
  );
  route(org.archiveDepartment, async ({ actor, params }) =>
    structure.setDepartmentArchived(deps, actor, params.id, true),
  );
  route(org.restoreDepartment, async ({ actor, params }) =>
    structure.setDepartmentArchived(deps, actor, params.id, false),
  );

  route(org.listPositions, async ({ actor, query }) => structure.listPositions(deps, actor, query));
  route(org.getPosition, async ({ actor, params }) =>
    structure.getPosition(deps, actor, params.id),
  );
  route(org.createPosition, async ({ actor, body }) => structure.createPosition(deps, actor, body));
  route(org.updatePosition, async ({ actor, params, body }) =>
    structure.updatePosition(deps, actor, params.id, body),
  );
  route(org.archivePosition, async ({ actor, params }) =>
    structure.setPositionArchived(deps, actor, params.id, true),
  );
  route(org.restorePosition, async ({ actor, params }) =>
    structure.setPositionArchived(deps, actor, params.id, false),
  );

  // Static paths before /api/employees/:id so they are not read as ids.
  route(people.getOrgChart, async ({ actor, query }) => employees.orgChart(deps, actor, query));
  route(people.exportEmployees, async ({ actor, query, reply }) => {
    reply.header('content-disposition', 'attachment; filename="employees.csv"');
    return csv.exportEmployees(deps, actor, query);
  });
  route(
    people.previewEmployeeImport,
    async ({ actor, body }) => csv.previewImport(deps, actor, body.csv),
    {
      bodyLimit: IMPORT_BODY_LIMIT,
    },
  );
  route(
    people.importEmployees,
    async ({ actor, body }) => csv.importEmployees(deps, actor, body.csv),
    {
      bodyLimit: IMPORT_BODY_LIMIT,
    },
  );
  route(people.getMyEmployee, async ({ actor }) => employees.getMyEmployee(deps, actor));
  route(people.updateMyEmployee, async ({ actor, body }) =>
    employees.updateMyEmployee(deps, actor, body),
  );

  route(people.listEmployees, async ({ actor, query }) =>
    employees.listEmployees(deps, actor, query),
  );
  route(people.getEmployee, async ({ actor, params }) =>
    employees.getEmployee(deps, actor, params.id),
  );
  route(people.createEmployee, async ({ actor, body }) =>
    employees.createEmployee(deps, actor, body),
  );
  route(people.updateEmployee, async ({ actor, params, body }) =>
    employees.updateEmployee(deps, actor, params.id, body),
  );
  route(people.archiveEmployee, async ({ actor, params }) =>
    employees.setEmployeeArchived(deps, actor, params.id, true),
  );
  route(people.restoreEmployee, async ({ actor, params }) =>
    employees.setEmployeeArchived(deps, actor, params.id, false),
  );
}
