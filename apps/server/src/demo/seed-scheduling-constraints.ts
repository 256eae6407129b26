import { schedulingPeople as contract, zonedTime } from '@keel/contracts';
import type { WorkRules } from '@keel/scheduling-rules';
import { decideApproval } from '../modules/approvals/approval-decide.service.js';
import { addQualification, positionIdsByTitle, updatePosition } from '../modules/people/index.js';
import { createException, createWindow } from '../modules/scheduling/availability.service.js';
import { addDays, isoWeekday } from '../modules/scheduling/constraints.time.js';
import { createPreference } from '../modules/scheduling/preferences.service.js';
import { createRequest, createTimeOffType } from '../modules/scheduling/time-off.service.js';
import { BUILTIN_WORK_RULES } from '../modules/scheduling/work-rules.js';
import {
  createWorkRuleSet,
  setEmployeeWorkRules,
} from '../modules/scheduling/work-rules.service.js';
import type { Actor } from '../platform/auth/actor.js';
import type { Deps } from '../platform/deps.js';
import type { DemoContext } from './context.js';
import { DEMO_PEOPLE } from './demo-people.js';

type Site = 'CMH' | 'RNO';

/** The site-local calendar date of an instant. */
const localDate = (now: Date, timeZone: string) =>
  new Date(zonedTime.wallClock(now.getTime(), timeZone)).toISOString().slice(0, 10);

/** Monday of the week containing `date`. */
const mondayOf = (date: string) => addDays(date, 1 - isoWeekday(date));

const H = 60;

/**
 * What the rule engine knows about the demo people: rule sets per contract type (full-time is
 * also the organization default), two personal overrides, position requirements with dated
 * certifications (one expiring in 10 days, one already expired), availability windows and
 * exceptions (staff@demo's school pickup among them), time-off types with approved requests, a
 * pending one in the coordinator's approvals inbox, and shift preferences. Runs after the setup
 * seeder (shift types) and before the core seeder (which plans rosters around all of this).
 */
export async function seedSchedulingConstraints(deps: Deps, demo: DemoContext): Promise<void> {
  const { coordinator, manager, owner, staff } = demo.actors;
  const emp = (key: string) => {
    const id = demo.employeeId[key];
    if (!id) throw new Error(`demo employee ${key} is missing`);
    return id;
  };
  const today = localDate(demo.now, 'America/New_York');
  const thisMonday = mondayOf(today);
  const nextMonday = addDays(thisMonday, 7);

  // ── Work rules ──
  const nights = await deps.db
    .selectFrom('shift_types')
    .select(['id', 'site_id'])
    .where('org_id', '=', demo.orgId)
    .where('code_key', '=', 'N')
    .execute();
  const fullTime: WorkRules = {
    ...BUILTIN_WORK_RULES,
    maxMinutesPerWeek: 48 * H,
    minRestMinutes: 11 * H,
    maxConsecutiveDays: 6,
    minConsecutiveDaysOff: 2,
    maxWeekendsPerPeriod: 2,
    maxShiftsOfType: nights.map((n) => ({ shiftTypeId: n.id, max: 7 })),
    overtimeAfterMinutesPerWeek: 40 * H,
    overtimeMultiplier: 1.5,
  };
  const sets: [string, 'full_time' | 'part_time' | 'temporary', WorkRules, boolean][] = [
    ['Full-time (plant standard)', 'full_time', fullTime, true],
    ['Part-time', 'part_time', { ...fullTime, maxMinutesPerWeek: 24 * H }, false],
    ['Temporary / agency', 'temporary', { ...fullTime, maxMinutesPerWeek: 40 * H }, false],
  ];
  for (const [name, employmentType, rules, isDefault] of sets)
    await createWorkRuleSet(
      deps,
      coordinator,
      contract.createWorkRuleSetBody.parse({ name, employmentType, isDefault, rules }),
    );
  await setEmployeeWorkRules(deps, coordinator, emp('leadA'), {
    rules: { maxMinutesPerWeek: 50 * H },
    note: 'Agreed extra hours while Line 2 is changed over',
  });
  await setEmployeeWorkRules(deps, coordinator, emp('op1'), {
    rules: { minRestMinutes: 12 * H, maxShiftsOfType: [] },
    note: 'Medical accommodation: 12 h rest, nights allowed',
  });

  // ── Position requirements and certifications ──
  const positions = await positionIdsByTitle(deps.db, demo.orgId);
  const requirements: [string, string[]][] = [
    ['Forklift Operator', ['Forklift (counterbalance)']],
    ['Machine Operator', ['Lockout/tagout']],
  ];
  for (const [title, requiredSkills] of requirements) {
    const id = positions.get(title);
    if (id) await updatePosition(deps, owner, id, { requiredSkills });
  }
  const holders = (position: string) => DEMO_PEOPLE.filter((p) => p.position === position);
  // Lockout/tagout training is yearly: a Machine Operator's certificate from its last renewal.
  const machineOps = holders('Machine Operator');
  const expiredKey = machineOps.filter((p) => p.key !== 'staff')[3]?.key;
  for (const [i, p] of machineOps.entries()) {
    const expires =
      p.key === 'staff'
        ? addDays(today, 10) // renewal due: shows as expiring
        : p.key === expiredKey
          ? addDays(today, -4) // lapsed: the engine flags them on Machine Operator shifts
          : addDays(today, 40 + ((i * 37) % 300));
    await addQualification(
      deps,
      coordinator,
      emp(p.key),
      contract.createQualificationBody.parse({
        name: 'Lockout/tagout',
        issuedOn: addDays(expires, -365),
        expiresOn: expires,
        note: p.key === expiredKey ? 'Refresher booked for next month' : 'Annual LOTO training',
      }),
    );
  }
  // Forklift operators are re-evaluated every three years (OSHA 1910.178).
  for (const [i, p] of holders('Forklift Operator').entries()) {
    const expires = addDays(today, 120 + ((i * 151) % 700));
    await addQualification(
      deps,
      coordinator,
      emp(p.key),
      contract.createQualificationBody.parse({
        name: 'Forklift (counterbalance)',
        issuedOn: addDays(expires, -3 * 365),
        expiresOn: expires,
        note: 'Operator evaluation, class IV/V',
      }),
    );
  }
  for (const key of ['leadA', 'leadB', 'whlead']) {
    await addQualification(
      deps,
      coordinator,
      emp(key),
      contract.createQualificationBody.parse({
        name: 'First aid / CPR',
        issuedOn: addDays(today, -400),
        expiresOn: addDays(today, 330),
        note: 'Red Cross, adult',
      }),
    );
  }

  // ── Availability ──
  const window = (actor: Actor, body: contract.CreateAvailabilityWindowBody) =>
    createWindow(deps, actor, contract.createAvailabilityWindowBody.parse(body));
  // staff@demo enters their own.
  await window(staff, { weekday: 2, startTime: '14:30', endTime: '17:30', note: 'school pickup' });
  await window(staff, { weekday: 4, startTime: '14:30', endTime: '17:30', note: 'school pickup' });
  await createException(
    deps,
    staff,
    contract.createAvailabilityExceptionBody.parse({
      date: addDays(nextMonday, 5),
      note: 'Family wedding',
    }),
  );
  await window(coordinator, {
    employeeId: emp('op2'),
    weekday: 7,
    startTime: '07:00',
    endTime: '13:00',
    note: 'church',
  });
  for (const weekday of [1, 3])
    await window(coordinator, {
      employeeId: emp('op4'),
      weekday,
      startTime: '18:00',
      endTime: '22:00',
      note: 'evening classes at Columbus State',
    });
  for (const weekday of [1, 2, 3, 4, 5])
    await window(coordinator, {
      employeeId: emp('wh4'),
      weekday,
      startTime: '21:00',
      endTime: '06:00',
      note: 'caregiver at night',
    });
  await window(coordinator, {
    employeeId: emp('wh1'),
    weekday: 6,
    startTime: '06:00',
    endTime: '15:00',
    kind: 'prefer',
    note: 'likes the Saturday day shift',
  });
  await createException(
    deps,
    coordinator,
    contract.createAvailabilityExceptionBody.parse({
      employeeId: emp('op3'),
      date: addDays(nextMonday, 2),
      startTime: '08:00',
      endTime: '12:00',
      note: 'jury duty check-in',
    }),
  );

  // ── Time off ──
  const type = (body: contract.CreateTimeOffTypeBody) =>
    createTimeOffType(deps, coordinator, contract.createTimeOffTypeBody.parse(body));
  const vacation = await type({
    name: 'Vacation',
    color: '#40c057',
    paid: true,
    yearlyAllowanceMinutes: 120 * H,
    requiresApproval: true,
  });
  const sick = await type({
    name: 'Sick leave',
    color: '#fa5252',
    paid: true,
    yearlyAllowanceMinutes: null,
    requiresApproval: false,
  });
  await type({
    name: 'Unpaid leave',
    color: '#868e96',
    paid: false,
    yearlyAllowanceMinutes: null,
    requiresApproval: true,
  });
  const request = (actor: Actor, body: contract.CreateTimeOffRequestBody) =>
    createRequest(deps, actor, contract.createTimeOffRequestBody.parse(body));
  const approve = async (approvalId: string | null, by: Actor) => {
    if (approvalId) await decideApproval(deps, by, approvalId, { decision: 'approved' });
  };

  // staff@demo asked for the days between Christmas and New Year; the coordinator approved.
  const year = Number(today.slice(0, 4));
  const xmas = await request(staff, {
    typeId: vacation.id,
    startDate: `${year}-12-28`,
    endDate: `${year}-12-30`,
    reason: 'Visiting family in Cincinnati',
  });
  await approve(xmas.approvalId, coordinator);
  // Entered by the coordinator for people without an account, approved by the manager.
  const op5 = await request(coordinator, {
    employeeId: emp('op5'),
    typeId: vacation.id,
    startDate: nextMonday,
    endDate: addDays(nextMonday, 2),
    reason: 'Hunting trip',
  });
  await approve(op5.approvalId, manager);
  const wh2 = await request(coordinator, {
    employeeId: emp('wh2'),
    typeId: vacation.id,
    startDate: addDays(today, 1),
    endDate: addDays(today, 2),
    reason: 'Moving house',
  });
  await approve(wh2.approvalId, manager);
  await request(coordinator, {
    employeeId: emp('op7'),
    typeId: sick.id,
    startDate: today,
    endDate: today,
    reason: 'Flu',
  });
  // staff@demo's colleague told the manager on the floor; it waits in the coordinator's inbox.
  await request(manager, {
    employeeId: emp('op0'),
    typeId: vacation.id,
    startDate: addDays(nextMonday, 10),
    endDate: addDays(nextMonday, 11),
    reason: 'Daughter’s graduation',
  });

  // ── Shift preferences ──
  const shiftType = async (site: Site, code: string) => {
    const row = await deps.db
      .selectFrom('shift_types')
      .select('id')
      .where('org_id', '=', demo.orgId)
      .where('site_id', '=', demo.siteId[site])
      .where('code_key', '=', code)
      .executeTakeFirst();
    return row?.id ?? null;
  };
  const prefer = (actor: Actor, body: contract.CreatePreferenceBody) =>
    createPreference(deps, actor, contract.createPreferenceBody.parse(body));
  const early = await shiftType('CMH', 'E');
  const night = await shiftType('CMH', 'N');
  for (const weekday of [1, 2, 3, 4, 5])
    await prefer(staff, { weekday, shiftTypeId: early, kind: 'want', weight: 6 });
  await prefer(staff, { weekday: 5, shiftTypeId: night, kind: 'avoid', weight: 8 });
  for (const weekday of [1, 2, 3, 4])
    await prefer(coordinator, {
      employeeId: emp('op2'),
      weekday,
      shiftTypeId: night,
      kind: 'want',
      weight: 7,
      note: 'night differential',
    });
  const rnoDay = await shiftType('RNO', 'D');
  await prefer(coordinator, {
    employeeId: emp('wh1'),
    weekday: 6,
    shiftTypeId: rnoDay,
    kind: 'want',
    weight: 5,
  });
}
