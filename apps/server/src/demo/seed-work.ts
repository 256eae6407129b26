import { type TaskPriority, type TaskStatus, tasks } from '@keel/contracts';
import {
  acceptInvitation,
  actorForUser,
  endSession,
  findUserByEmail,
} from '../modules/accounts/index.js';
import { getEmployee } from '../modules/people/index.js';
import { addDays, localDate } from '../modules/work/schedule.js';
import { createTask } from '../modules/work/task.service.js';
import { setTaskStatus } from '../modules/work/task-status.service.js';
import type { Actor } from '../platform/auth/actor.js';
import type { Deps } from '../platform/deps.js';
import type { DemoContext } from './context.js';
import { DEMO_PASSWORD, inviteForSeed } from './seed.js';

/** Demo employees who get a staff sign-in so the workload view has several people. */
const EXTRA_STAFF = ['tech1', 'wh1', 'qi0', 'op2'] as const;

interface Spec {
  title: string;
  who: string[];
  site: 'CMH' | 'RNO' | null;
  dept?: string;
  /** Days from today (in the site's zone); null: no date. */
  due: number | null;
  time?: string;
  priority?: TaskPriority;
  labels?: string[];
  estimate?: number;
  checklist?: string[];
  description?: string;
  status?: TaskStatus;
  signoff?: boolean;
  recurrence?: { rrule: string; mode: 'on_completion' | 'on_schedule' };
}

/**
 * About forty tasks for Meridian Components, created through the work services as the
 * coordinator (staff complete and request sign-off as themselves): maintenance checks,
 * receiving, safety walks, 5S audits and onboarding; some overdue, some today, two recurring
 * series and one sign-off awaiting approval.
 */
export async function seedWork(deps: Deps, demo: DemoContext): Promise<void> {
  const { actors } = demo;
  // A few more staff sign-ins, joined through invitations like everyone else.
  const people: Record<string, Actor> = {
    luis: actors.staff,
    priya: actors.coordinator,
    marcus: actors.manager,
  };
  for (const key of EXTRA_STAFF) {
    const emp = await getEmployee(deps, actors.owner, demo.employeeId[key]!);
    if (!emp.email) continue;
    const { token } = await inviteForSeed(deps, actors.owner, emp.email, 'staff', emp.id);
    const joined = await acceptInvitation(deps, {
      token,
      name: emp.name,
      password: DEMO_PASSWORD,
      ip: null,
      userAgent: 'keel seed-demo',
    });
    await endSession(deps, joined.session.secret);
    const user = await findUserByEmail(deps.db, emp.email);
    people[key] = await actorForUser(deps, user!.id, demo.orgId);
  }
  const id = (k: string) => people[k]!.userId;
  const today = {
    CMH: localDate(demo.now, 'America/New_York'),
    RNO: localDate(demo.now, 'America/Los_Angeles'),
  };

  const specs: Spec[] = [
    // Maintenance
    {
      title: 'Forklift pre-shift check (FL-03)',
      who: ['luis'],
      site: 'CMH',
      dept: 'MNT',
      due: 0,
      time: '06:30',
      priority: 'high',
      labels: ['safety', 'forklift'],
      estimate: 0.25,
      checklist: ['Tyres and forks', 'Horn and lights', 'Hydraulic leaks', 'Seat belt'],
      recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', mode: 'on_schedule' },
    },
    {
      title: 'Grease spindle bearings on CNC-2',
      who: ['tech1'],
      site: 'CMH',
      dept: 'MNT',
      due: -2,
      priority: 'high',
      labels: ['preventive', 'cnc'],
      estimate: 1.5,
      checklist: ['Lockout/tagout', 'Grease points 1–6', 'Run-in 10 min'],
    },
    {
      title: 'Replace air filter on compressor C1',
      who: ['tech1'],
      site: 'CMH',
      dept: 'MNT',
      due: 0,
      labels: ['preventive'],
      estimate: 1,
    },
    {
      title: 'Calibrate torque wrenches (assembly)',
      who: ['tech1'],
      site: 'CMH',
      dept: 'MNT',
      due: 1,
      labels: ['calibration'],
      estimate: 3,
    },
    {
      title: 'Inspect dock leveler 2',
      who: ['tech1', 'luis'],
      site: 'CMH',
      dept: 'MNT',
      due: 3,
      estimate: 2,
      labels: ['safety'],
    },
    {
      title: 'Quarterly fire extinguisher check',
      who: ['tech1'],
      site: 'CMH',
      dept: 'QHS',
      due: 6,
      labels: ['safety', 'compliance'],
      estimate: 2,
      checklist: ['Pressure gauge', 'Pin and seal', 'Tag dated'],
    },
    {
      title: 'Fix coolant leak on lathe L-4',
      who: ['luis'],
      site: 'CMH',
      dept: 'MNT',
      due: -1,
      priority: 'urgent',
      labels: ['breakdown'],
      estimate: 2,
      status: 'in_progress',
    },
    {
      title: 'Order spare V-belts for conveyor',
      who: ['priya'],
      site: 'CMH',
      dept: 'MNT',
      due: 2,
      labels: ['purchasing'],
      estimate: 0.5,
    },
    // Receiving and warehouse
    {
      title: 'Receive steel bar delivery (PO 4471)',
      who: ['wh1'],
      site: 'RNO',
      dept: 'WHS',
      due: 0,
      time: '10:00',
      labels: ['receiving'],
      estimate: 2,
      checklist: ['Count bundles', 'Check heat numbers', 'Photo of damage, if any'],
    },
    {
      title: 'Cycle count aisle B',
      who: ['wh1'],
      site: 'RNO',
      dept: 'WHS',
      due: 1,
      labels: ['inventory'],
      estimate: 3,
    },
    {
      title: 'Put away returns from customer RMA-212',
      who: ['wh1'],
      site: 'RNO',
      dept: 'WHS',
      due: -1,
      labels: ['returns'],
      estimate: 1,
    },
    {
      title: 'Relabel bin locations in mezzanine',
      who: ['wh1'],
      site: 'RNO',
      dept: 'WHS',
      due: 5,
      labels: ['5s'],
      estimate: 4,
    },
    {
      title: 'Book carrier for Friday outbound',
      who: ['priya'],
      site: 'RNO',
      dept: 'WHS',
      due: 1,
      labels: ['shipping'],
      estimate: 0.5,
    },
    {
      title: 'Receive fasteners (PO 4480)',
      who: ['wh1'],
      site: 'RNO',
      dept: 'WHS',
      due: 0,
      time: '14:00',
      labels: ['receiving'],
      estimate: 1,
    },
    {
      title: 'Check pallet racking for damage',
      who: ['wh1'],
      site: 'RNO',
      dept: 'WHS',
      due: 4,
      labels: ['safety'],
      estimate: 1.5,
      status: 'blocked',
      description: 'Waiting for the racking inspector to confirm the date.',
    },
    // Safety and quality
    {
      title: 'Monthly safety walk – Columbus',
      who: ['qi0', 'marcus'],
      site: 'CMH',
      dept: 'QHS',
      due: 2,
      labels: ['safety'],
      estimate: 2,
      checklist: [
        'Walkways clear',
        'Eyewash stations',
        'Guarding in place',
        'Chemical labels',
        'Exit signs lit',
      ],
    },
    {
      title: 'Monthly safety walk – Reno',
      who: ['qi0'],
      site: 'RNO',
      dept: 'QHS',
      due: 9,
      labels: ['safety'],
      estimate: 2,
    },
    {
      title: 'First article inspection: bracket 7731',
      who: ['qi0'],
      site: 'CMH',
      dept: 'QHS',
      due: 0,
      priority: 'high',
      labels: ['quality'],
      estimate: 1.5,
    },
    {
      title: 'Close out NCR-0192 (burrs on housing)',
      who: ['qi0'],
      site: 'CMH',
      dept: 'QHS',
      due: -3,
      labels: ['quality', 'ncr'],
      estimate: 1,
    },
    {
      title: 'Update lockout/tagout procedure for press 5',
      who: ['qi0'],
      site: 'CMH',
      dept: 'QHS',
      due: 7,
      labels: ['safety', 'documentation'],
      estimate: 3,
    },
    {
      title: 'Guard rail repair at loading bay',
      who: ['luis'],
      site: 'CMH',
      dept: 'MNT',
      due: 0,
      labels: ['safety'],
      estimate: 1,
      signoff: true,
      description:
        'Bolt the new rail section and have a supervisor sign it off before the bay reopens.',
    },
    {
      title: 'Audit hearing protection stock',
      who: ['qi0'],
      site: 'CMH',
      dept: 'QHS',
      due: null,
      labels: ['ppe'],
      estimate: 0.5,
    },
    // 5S and production
    {
      title: 'Weekly 5S audit – machining cell',
      who: ['priya'],
      site: 'CMH',
      dept: 'PROD',
      due: 1,
      labels: ['5s'],
      estimate: 1,
      checklist: ['Sort', 'Set in order', 'Shine', 'Standardize', 'Sustain'],
      recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=TH', mode: 'on_completion' },
    },
    {
      title: 'Tidy tool crib shadow boards',
      who: ['op2'],
      site: 'CMH',
      dept: 'PROD',
      due: 0,
      labels: ['5s'],
      estimate: 1,
    },
    {
      title: 'Changeover CNC-1 to bracket 7731',
      who: ['luis'],
      site: 'CMH',
      dept: 'PROD',
      due: 1,
      time: '07:00',
      priority: 'high',
      estimate: 2.5,
    },
    {
      title: 'Run 400 pcs of housing 2210',
      who: ['op2', 'luis'],
      site: 'CMH',
      dept: 'PROD',
      due: 2,
      estimate: 6,
      labels: ['production'],
    },
    {
      title: 'Clean chip conveyors, line A',
      who: ['op2'],
      site: 'CMH',
      dept: 'PROD',
      due: -1,
      labels: ['5s'],
      estimate: 1,
    },
    {
      title: 'Record scrap for week 47',
      who: ['luis'],
      site: 'CMH',
      dept: 'PROD',
      due: 3,
      labels: ['reporting'],
      estimate: 0.5,
    },
    // Onboarding and people
    {
      title: 'Onboard new assembler: safety induction',
      who: ['priya', 'qi0'],
      site: 'CMH',
      dept: 'HR',
      due: 1,
      labels: ['onboarding'],
      estimate: 2,
      checklist: ['PPE issued', 'Site tour', 'Emergency exits', 'Sign induction form'],
    },
    {
      title: 'Onboard new assembler: badge and locker',
      who: ['priya'],
      site: 'CMH',
      dept: 'HR',
      due: 0,
      labels: ['onboarding'],
      estimate: 0.5,
    },
    {
      title: 'Forklift certification refresher for 3 operators',
      who: ['marcus'],
      site: 'CMH',
      dept: 'OPS',
      due: 8,
      labels: ['training', 'forklift'],
      estimate: 4,
    },
    {
      title: 'Collect timesheets for agency temps',
      who: ['priya'],
      site: 'CMH',
      dept: 'OPS',
      due: -1,
      labels: ['admin'],
      estimate: 0.5,
    },
    {
      title: 'Plan December shift pattern',
      who: ['marcus'],
      site: null,
      dept: 'OPS',
      due: 4,
      labels: ['planning'],
      estimate: 3,
    },
    {
      title: 'Review overtime report',
      who: ['marcus'],
      site: null,
      dept: 'OPS',
      due: 0,
      estimate: 1,
      labels: ['reporting'],
    },
    {
      title: 'Renew waste disposal contract',
      who: ['marcus'],
      site: 'CMH',
      dept: 'OPS',
      due: null,
      labels: ['contracts'],
    },
    {
      title: 'Order new safety glasses',
      who: ['priya'],
      site: 'CMH',
      dept: 'QHS',
      due: null,
      labels: ['ppe', 'purchasing'],
      estimate: 0.5,
    },
    {
      title: 'Test emergency lighting',
      who: ['tech1'],
      site: 'RNO',
      dept: 'MNT',
      due: -4,
      labels: ['safety', 'compliance'],
      estimate: 1,
      status: 'done',
    },
    {
      title: 'Replace broken pallet jack wheel',
      who: ['wh1'],
      site: 'RNO',
      dept: 'WHS',
      due: -2,
      estimate: 0.5,
      status: 'done',
    },
    {
      title: 'Send 5S scores to the team',
      who: ['priya'],
      site: 'CMH',
      dept: 'PROD',
      due: -5,
      estimate: 0.25,
      status: 'done',
      labels: ['5s'],
    },
    {
      title: 'Unassigned: fix squeaky door at office entrance',
      who: [],
      site: 'CMH',
      dept: 'MNT',
      due: 10,
      priority: 'low',
    },
  ];

  const coordinator = actors.coordinator;
  for (const s of specs) {
    const dueDate = s.due === null ? null : addDays(today[s.site ?? 'CMH'], s.due);
    const task = await createTask(
      deps,
      coordinator,
      tasks.createTaskBody.parse({
        title: s.title,
        description: s.description ?? null,
        assigneeIds: s.who.filter((k) => people[k]).map(id),
        watcherIds: s.who.includes('marcus') ? [] : s.priority === 'urgent' ? [id('marcus')] : [],
        siteId: s.site ? demo.siteId[s.site] : null,
        departmentId: s.dept ? demo.deptId[s.dept] : null,
        dueDate,
        dueTime: s.time ?? null,
        priority: s.priority ?? 'normal',
        labels: s.labels ?? [],
        estimateHours: s.estimate ?? null,
        checklist: s.checklist,
        requiresSignoff: s.signoff ?? false,
        recurrence: s.recurrence ?? null,
      }),
    );
    const assignee = s.who.map((k) => people[k]).find(Boolean) ?? coordinator;
    if (s.status && s.status !== 'todo')
      await setTaskStatus(deps, assignee, task.id, { status: s.status });
    if (s.signoff) {
      await setTaskStatus(deps, assignee, task.id, { status: 'in_progress' });
      await setTaskStatus(deps, assignee, task.id, {
        status: 'done',
        comment: 'New rail section bolted and torqued.',
      });
    }
  }
}
