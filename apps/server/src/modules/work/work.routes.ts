import { tasks } from '@keel/contracts';
import type { RouteContext } from '../../platform/http/module.js';
import { labelsInUse } from './task.labels.js';
import { listTasks, myWork, taskBoard } from './task.list.js';
import { getTask } from './task.read.js';
import { createTask, deleteTask, updateTask } from './task.service.js';
import { bulkUpdate } from './task-bulk.service.js';
import {
  addChecklistItem,
  deleteChecklistItem,
  updateChecklistItem,
} from './task-checklist.service.js';
import { setTaskStatus } from './task-status.service.js';
import * as views from './views.service.js';
import { workload } from './workload.service.js';

export function workRoutes({ route, deps }: RouteContext): void {
  route(tasks.myWork, async ({ actor }) => myWork(deps, actor));
  // Static paths before /api/tasks/:id (find-my-way prefers them anyway).
  route(tasks.taskBoard, async ({ actor, query }) => taskBoard(deps, actor, query));
  route(tasks.workload, async ({ actor, query }) => workload(deps, actor, query));
  route(tasks.taskLabels, async ({ actor }) => labelsInUse(deps, actor));
  route(tasks.bulkTasks, async ({ actor, body }) => bulkUpdate(deps, actor, body));
  route(tasks.listTasks, async ({ actor, query }) => listTasks(deps, actor, query));
  route(tasks.createTask, async ({ actor, body }) => createTask(deps, actor, body));
  route(tasks.getTask, async ({ actor, params }) => getTask(deps, actor, params.id));
  route(tasks.updateTask, async ({ actor, params, body }) =>
    updateTask(deps, actor, params.id, body),
  );
  route(tasks.deleteTask, async ({ actor, params }) => deleteTask(deps, actor, params.id));
  route(tasks.setTaskStatus, async ({ actor, params, body }) =>
    setTaskStatus(deps, actor, params.id, body),
  );
  route(tasks.addChecklistItem, async ({ actor, params, body }) =>
    addChecklistItem(deps, actor, params.id, body.text),
  );
  route(tasks.updateChecklistItem, async ({ actor, params, body }) =>
    updateChecklistItem(deps, actor, params.id, params.itemId, body),
  );
  route(tasks.deleteChecklistItem, async ({ actor, params }) =>
    deleteChecklistItem(deps, actor, params.id, params.itemId),
  );
  route(tasks.listSavedViews, async ({ actor }) => views.listViews(deps, actor));
  route(tasks.createSavedView, async ({ actor, body }) => views.createView(deps, actor, body));
  route(tasks.updateSavedView, async ({ actor, params, body }) =>
    views.updateView(deps, actor, params.id, body),
  );
  route(tasks.deleteSavedView, async ({ actor, params }) =>
    views.deleteView(deps, actor, params.id),
  );
}
