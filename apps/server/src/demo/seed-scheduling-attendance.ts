import { siteSummaries } from '../modules/people/index.js';
import { clockIn } from '../modules/scheduling/attendance.clock.service.js';
import {
  addDays,
  dayStart,
  localDate,
  payPeriodOf,
} from '../modules/scheduling/attendance.compute.js';
import { createEntry } from '../modules/scheduling/attendance.manage.service.js';
import { publishedShifts } from '../modules/scheduling/attendance.read.js';
import { loadSchedulingSettings } from '../modules/scheduling/settings.service.js';
import { approveTimesheets } from '../modules/scheduling/timesheet.service.js';
import type { Actor } from '../platform/auth/actor.js';
import type { Deps } from '../platform/deps.js';
import { KeelError } from '../platform/errors.js';
import type { DemoContext } from './context.js';

const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const REASON = 'Imported from the time clock';

/**
 * Clock records at Columbus: the published current week's shifts that have ended (most on time,
 * a few late, one missed, one early leave, breaks on long shifts), open records for shifts under
 * way (staff@demo clocks in through the clock itself when they have one now), and for the
 * previous pay period a few days of two people with their timesheets approved.
 *
 * Past records go through the manager's manual-entry service (reason "Imported from the time
 * clock"), because the clock takes its time from the server clock and cannot be back-dated.
 */
export async function seedSchedulingAttendance(deps: Deps, demo: DemoContext): Promise<void> {
  const orgId = demo.orgId;
  const siteId = demo.siteId.CMH;
  const coordinator = demo.actors.coordinator;
  const now = deps.clock.now().getTime();
  const timeZone = (await siteSummaries(deps.db, orgId, [siteId])).get(siteId)?.timeZone ?? 'UTC';
  const settings = await loadSchedulingSettings(deps.db, orgId);
  const today = localDate(now, timeZone);
  const shifts = await publishedShifts(deps.db, orgId)
    .where('site_id', '=', siteId)
    .where('date', '>=', addDays(today, -7))
    .where('date', '<=', today)
    .orderBy('starts_at')
    .orderBy('id')
    .execute();

  const entry = (
    employeeId: string,
    shiftId: string | null,
    clockIn: number,
    clockOut: number | null,
    breaks: { startedAt: string; endedAt: string }[] = [],
  ) =>
    createEntry(deps, coordinator, {
      employeeId,
      siteId,
      shiftId,
      clockInAt: iso(clockIn),
      clockOutAt: clockOut === null ? null : iso(clockOut),
      breaks,
      note: null,
      reason: REASON,
    });

  let missed = false;
  let early = false;
  let i = 0;
  for (const s of shifts) {
    const start = Date.parse(s.starts_at);
    const end = Date.parse(s.ends_at);
    const employeeId = s.employee_id!;
    if (start > now) continue;
    if (end > now) {
      // Under way: staff@demo clocks in through the clock; the others are still clocked in.
      if (employeeId === demo.employeeId.staff) continue;
      await entry(employeeId, s.id, start - ((i % 5) + 1) * MIN, null);
      i++;
      continue;
    }
    const n = i++;
    if (!missed && n === 3) {
      missed = true;
      continue;
    }
    const late = n % 7 === 5 ? (8 + (n % 4) * 3) * MIN : 0;
    const clockInAt = late ? start + late : start - ((n % 6) + 1) * MIN;
    // A few minutes after the end, but never after now (a shift that ended a minute ago).
    let clockOutAt = Math.min(end + (n % 4) * MIN, now);
    if (!early && n === 8) {
      early = true;
      clockOutAt = end - 45 * MIN;
    }
    const mid = start + Math.floor((end - start) / 2 / MIN) * MIN;
    const breaks =
      end - start >= 6 * 60 * MIN
        ? [{ startedAt: iso(mid), endedAt: iso(mid + (n % 3 === 0 ? 35 : 30) * MIN) }]
        : [];
    await entry(employeeId, s.id, clockInAt, clockOutAt, breaks);
  }

  // staff@demo: clocked in now when a shift of theirs is under way or about to start.
  const staff: Actor = demo.actors.staff;
  if (staff.employeeId) {
    const current = shifts.find(
      (s) =>
        s.employee_id === staff.employeeId &&
        Date.parse(s.starts_at) - 15 * MIN <= now &&
        Date.parse(s.ends_at) > now,
    );
    if (current) await clockIn(deps, staff, { note: null, source: 'phone' });
  }

  // The previous pay period: five early shifts' worth of records for two people, approved.
  const people = [...new Set(shifts.map((s) => s.employee_id!))]
    .filter((id) => id !== demo.employeeId.staff)
    .slice(0, 2);
  if (people.length === 0) return;
  const current = payPeriodOf(today, settings.payPeriodDays, settings.payPeriodAnchor);
  const previousFrom = addDays(current.from, -settings.payPeriodDays);
  for (const [k, employeeId] of people.entries()) {
    for (let d = 0; d < 5; d++) {
      const date = addDays(previousFrom, d + k);
      const start = dayStart(date, timeZone) + 6 * 60 * MIN;
      const clockInAt = start - (2 + d) * MIN + (d === 2 && k === 0 ? 12 * MIN : 0);
      const clockOutAt = start + 8 * 60 * MIN + d * MIN;
      const mid = start + 4 * 60 * MIN;
      await entry(employeeId, null, clockInAt, clockOutAt, [
        { startedAt: iso(mid), endedAt: iso(mid + 30 * MIN) },
      ]).catch((err: unknown) => {
        // A week that straddles two periods may already hold a record that day.
        if (!(err instanceof KeelError && err.code === 'ENTRY_OVERLAP')) throw err;
      });
    }
  }
  await approveTimesheets(deps, demo.actors.manager, {
    siteId,
    periodFrom: previousFrom,
    employeeIds: people,
    note: 'Checked against the paper sheets',
  });
}
