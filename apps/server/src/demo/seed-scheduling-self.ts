import { scheduling, zonedTime } from '@keel/contracts';
import {
  acceptInvitation,
  actorForUser,
  endSession,
  findUserByEmail,
} from '../modules/accounts/index.js';
import { employeeSummaries, siteSummaries } from '../modules/people/index.js';
import { notifyOpenShifts } from '../modules/scheduling/open-shift.service.js';
import { addDays, checkEligibility } from '../modules/scheduling/self.shared.js';
import { loadSchedulingSettings } from '../modules/scheduling/settings.service.js';
import { updateShift, weekStart } from '../modules/scheduling/shift.service.js';
import { acceptSwap, createSwap } from '../modules/scheduling/swap.service.js';
import type { Actor } from '../platform/auth/actor.js';
import type { Deps } from '../platform/deps.js';
import { KeelError } from '../platform/errors.js';
import { afterCommit } from '../platform/events/event-bus.js';
import type { DemoContext } from './context.js';
import { DEMO_PASSWORD, inviteForSeed } from './seed.js';

/** Machine operators at Columbus who get a demo sign-in (operator1…4@demo.keel.test). */
const OPERATOR_KEYS = ['op0', 'op1', 'op3', 'op4'];
export const DEMO_OPERATOR_EMAILS = OPERATOR_KEYS.map((_, i) => `operator${i + 1}@demo.keel.test`);

const HOUR = 3_600_000;

/** The site-local calendar date of an instant. */
const localDate = (now: Date, timeZone: string) =>
  new Date(zonedTime.wallClock(now.getTime(), timeZone)).toISOString().slice(0, 10);

/**
 * One open shift this week at Columbus that staff@demo may claim: a colleague's published shift
 * the coordinator unassigns (they called in sick), as a published change applied at once; the
 * staff of the site who may take it are told.
 */
async function seedOpenShift(deps: Deps, demo: DemoContext, coordinator: Actor) {
  const orgId = demo.orgId;
  const siteId = demo.siteId.CMH;
  const staffId = demo.employeeId.staff!;
  const timeZone = (await siteSummaries(deps.db, orgId, [siteId])).get(siteId)?.timeZone ?? 'UTC';
  const settings = await loadSchedulingSettings(deps.db, orgId);
  const today = localDate(demo.now, timeZone);
  const weekEnd = addDays(weekStart(today, settings.weekStartsOn), 6);
  const position = (await employeeSummaries(deps.db, orgId, [staffId])).get(staffId)?.positionId;
  if (!position) return;
  const candidates = await deps.db
    .selectFrom('shifts')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('site_id', '=', siteId)
    .where('position_id', '=', position)
    .where('employee_id', 'is not', null)
    .where('employee_id', '!=', staffId)
    .where('published_at', 'is not', null)
    .where('date', '<=', weekEnd)
    .where('starts_at', '>', new Date(demo.now.getTime() + 2 * HOUR).toISOString())
    .orderBy('starts_at', 'desc')
    .limit(60)
    .execute();
  if (candidates.length === 0) return;
  const verdicts = await checkEligibility(deps.db, orgId, {
    siteId,
    shifts: candidates,
    release: candidates.map((c) => c.id),
    checks: candidates.map((c) => ({ shiftId: c.id, employeeId: staffId })),
  });
  // A slot without any warning for staff@demo first, else one that only warns.
  const pick =
    candidates.find((_, i) => verdicts[i]!.eligible && verdicts[i]!.reasons.length === 0) ??
    candidates.find((_, i) => verdicts[i]!.eligible);
  if (!pick) {
    deps.log.warn('demo: no shift this week that staff@demo could take as an open shift');
    return;
  }
  await updateShift(
    deps,
    coordinator,
    pick.id,
    scheduling.updateShiftBody.parse({
      employeeId: null,
      notes: 'Called in sick — open for anyone qualified',
    }),
  );
  await deps.db.transaction().execute((trx) => notifyOpenShifts(trx, deps, coordinator, [pick.id]));
  afterCommit(deps);
}

/** Demo sign-ins for a few Columbus operators, so swaps have someone to answer them. */
async function operatorActors(deps: Deps, demo: DemoContext): Promise<Actor[]> {
  const out: Actor[] = [];
  const names = await employeeSummaries(
    deps.db,
    demo.orgId,
    OPERATOR_KEYS.map((k) => demo.employeeId[k]!),
  );
  for (const [i, key] of OPERATOR_KEYS.entries()) {
    const employeeId = demo.employeeId[key];
    if (!employeeId) continue;
    const email = DEMO_OPERATOR_EMAILS[i]!;
    const { token } = await inviteForSeed(deps, demo.actors.owner, email, 'staff', employeeId);
    const joined = await acceptInvitation(deps, {
      token,
      name: names.get(employeeId)?.name ?? `Operator ${i + 1}`,
      password: DEMO_PASSWORD,
      ip: null,
      userAgent: 'keel seed-demo',
    });
    await endSession(deps, joined.session.secret);
    const user = await findUserByEmail(deps.db, email);
    out.push(await actorForUser(deps, user!.id, demo.orgId));
  }
  return out;
}

/** Published future shifts of a person at Columbus, soonest first. */
const futureShifts = (deps: Deps, demo: DemoContext, employeeId: string) =>
  deps.db
    .selectFrom('shifts')
    .selectAll()
    .where('org_id', '=', demo.orgId)
    .where('site_id', '=', demo.siteId.CMH)
    .where('employee_id', '=', employeeId)
    .where('published_at', 'is not', null)
    .where('starts_at', '>', new Date(demo.now.getTime() + 6 * HOUR).toISOString())
    .orderBy('starts_at')
    .limit(5)
    .execute();

/** A swap (or, failing that, a give-away) from `from` to `to` that the rules allow; null if none. */
async function trySwap(deps: Deps, demo: DemoContext, from: Actor, to: Actor, note: string) {
  const mine = await futureShifts(deps, demo, from.employeeId!);
  const theirs = await futureShifts(deps, demo, to.employeeId!);
  for (const s of mine)
    for (const target of [...theirs.map((x) => x.id), null]) {
      try {
        return await createSwap(deps, from, {
          shiftId: s.id,
          targetEmployeeId: to.employeeId!,
          targetShiftId: target,
          note,
        });
      } catch (e) {
        if (!(e instanceof KeelError)) throw e;
      }
    }
  return null;
}

/**
 * Self-service at Columbus: an open shift this week that staff@demo may claim, demo sign-ins for
 * four machine operators (operator1…4@demo.keel.test, password keel-demo), one swap between two
 * of them waiting for the colleague, and one accepted and waiting for the coordinator's approval.
 * Runs after the core seeder (the current week is published).
 */
export async function seedSchedulingSelf(deps: Deps, demo: DemoContext): Promise<void> {
  await seedOpenShift(deps, demo, demo.actors.coordinator);
  const ops = await operatorActors(deps, demo);
  const pairs = ops.flatMap((x) => ops.filter((y) => y !== x).map((y) => [x, y] as const));
  let waiting: Awaited<ReturnType<typeof trySwap>> = null;
  for (const [x, y] of pairs) {
    waiting = await trySwap(deps, demo, x, y, 'Could we swap? Parent-teacher evening that day.');
    if (waiting) break;
  }
  if (!waiting) deps.log.warn('demo: no swap the rules allow between the demo operators');
  // The second request between two other people when the rules allow, else any other pair.
  const busy = new Set([waiting?.requester.id, waiting?.target?.id]);
  const ordered = [
    ...pairs.filter(([x, y]) => !busy.has(x.employeeId!) && !busy.has(y.employeeId!)),
    ...pairs.filter(([x, y]) => busy.has(x.employeeId!) || busy.has(y.employeeId!)),
  ];
  for (const [x, y] of ordered) {
    const accepted = await trySwap(deps, demo, x, y, 'Swap? I have a training course that day.');
    if (!accepted) continue;
    await acceptSwap(deps, y, accepted.id);
    return;
  }
  deps.log.warn('demo: no second swap the rules allow between the demo operators');
}
