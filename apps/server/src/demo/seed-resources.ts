import { resources as contract } from '@keel/contracts';
import {
  checkOutBooking,
  createBlackout,
  createBooking,
  createResource,
} from '../modules/resources/index.js';
import { wallClock, zonedInstant } from '../modules/resources/schedule.js';
import type { Actor } from '../platform/auth/actor.js';
import type { Deps } from '../platform/deps.js';
import { afterCommit } from '../platform/events/event-bus.js';
import type { DemoContext } from './context.js';

const SITES = [
  { code: 'CMH' as const, timeZone: 'America/New_York', building: 'Plant 1' },
  { code: 'RNO' as const, timeZone: 'America/Los_Angeles', building: 'Warehouse B' },
];

const DAY = 86_400_000;
const FIVE = 5 * 60_000;

/**
 * Bookable resources for Columbus and Reno with a realistic week of bookings: a weekly safety
 * meeting, forklift and van trips, a thermal camera waiting for approval, a forklift checked out
 * right now and a maintenance blackout. Everything goes through the resources services.
 */
export async function seedResources(deps: Deps, demo: DemoContext): Promise<void> {
  const { coordinator, manager, staff } = demo.actors;
  const now = demo.now.getTime();

  for (const site of SITES) {
    const siteId = demo.siteId[site.code];
    /** The instant of hh:mm local time `days` after today in the site's zone. */
    const local = (days: number, hh: number, mm = 0) => {
      const today = wallClock(now, site.timeZone);
      const midnight = today - (today % DAY);
      return zonedInstant(midnight + days * DAY + (hh * 60 + mm) * 60_000, site.timeZone);
    };
    /** The first working day from `from` days ahead whose `hh:mm` is still ahead. */
    const next = (hh: number, mm = 0, from = 0) => {
      for (let d = from; ; d++) {
        const weekday = new Date(wallClock(local(d, hh, mm), site.timeZone)).getUTCDay();
        if (weekday !== 0 && weekday !== 6 && local(d, hh, mm) > now + 90 * 60_000) return d;
      }
    };
    const iso = (ms: number) => new Date(ms).toISOString();

    const make = (actor: Actor, body: Parameters<typeof contract.createResourceBody.parse>[0]) =>
      createResource(deps, actor, contract.createResourceBody.parse(body));
    const room = await make(coordinator, {
      siteId,
      name: 'Training Room A',
      kind: 'room',
      capacity: 12,
      location: `${site.building}, first floor`,
      description: 'Projector, whiteboard and video-call kit. Leave the tables in U-shape.',
      rules: { maxDurationMinutes: 8 * 60, maxAdvanceDays: 90 },
    });
    const forklift = await make(coordinator, {
      siteId,
      name: site.code === 'CMH' ? 'Forklift FL-03' : 'Forklift FL-07',
      kind: 'vehicle',
      location: 'Dock 2 charging bay',
      description: 'Electric counterbalance forklift, 2.5 t. Certified drivers only.',
      rules: {
        requiresCheckout: true,
        maxDurationMinutes: 10 * 60,
        bufferMinutes: 15,
        bookableRoles: ['owner', 'manager', 'coordinator', 'staff'],
      },
    });
    const van = await make(coordinator, {
      siteId,
      name: 'Pool van',
      kind: 'vehicle',
      capacity: 1,
      location: 'Visitor car park',
      description: 'Ford Transit, 3 seats. Fuel card in the glovebox.',
      rules: { requiresCheckout: true, maxAdvanceDays: 30, minLeadMinutes: 60 },
    });
    const camera = await make(coordinator, {
      siteId,
      name: 'Thermal camera',
      kind: 'equipment',
      location: 'Quality lab cabinet 3',
      description: 'FLIR E8 for electrical and bearing inspections.',
      rules: { needsApproval: true, requiresCheckout: true, maxDurationMinutes: 2 * 24 * 60 },
    });
    const wrenches = await make(coordinator, {
      siteId,
      name: 'Torque wrenches (set of 6)',
      kind: 'tool',
      capacity: 6,
      location: 'Tool crib',
      description: '20–100 Nm click wrenches, calibrated quarterly.',
      rules: { requiresCheckout: false },
    });

    const book = (
      actor: Actor,
      resourceId: string,
      start: number,
      end: number,
      title: string,
      extra: Partial<Parameters<typeof contract.createBookingBody.parse>[0]> = {},
    ) =>
      createBooking(
        deps,
        actor,
        contract.createBookingBody.parse({
          resourceId,
          start: iso(start),
          end: iso(end),
          title,
          ...extra,
        }),
      );

    // Weekly safety meeting from the next working morning, booked by the coordinator.
    const meetingDay = next(7, 30);
    await book(
      coordinator,
      room.id,
      local(meetingDay, 7, 30),
      local(meetingDay, 8, 15),
      'Weekly safety meeting',
      {
        recurrence: 'FREQ=WEEKLY;COUNT=12',
        notes: 'Toolbox talk, near-miss review, PPE checks.',
      },
    );
    const review = next(13, 0, 2);
    await book(
      manager,
      room.id,
      local(review, 13, 0),
      local(review, 15, 0),
      'Quarterly operations review',
    );

    // A forklift out right now (if the seed runs in working hours it is just due; else tomorrow's
    // first shift is booked and taken early).
    const outStart = Math.ceil(now / FIVE) * FIVE + FIVE;
    const out = await book(
      staff,
      forklift.id,
      outStart,
      outStart + 3 * 3_600_000,
      'Unload inbound trailers',
      {
        quantity: 1,
      },
    );
    if (site.code === 'CMH')
      await checkOutBooking(deps, staff, out.items[0]!.id, { note: 'Battery at 90 %, no damage' });
    const shift = next(6, 0, 1);
    await book(
      coordinator,
      forklift.id,
      local(shift, 6, 0),
      local(shift, 10, 0),
      'Put-away, aisle 12–18',
    );

    // The thermal camera waits for approval.
    const inspection = next(10, 0, 1);
    await book(
      staff,
      camera.id,
      local(inspection, 10, 0),
      local(inspection, 14, 0),
      'Motor bearing survey, line 3',
    );

    // The tool pool shared by two crews.
    const crew = next(7, 0, 1);
    await book(
      coordinator,
      wrenches.id,
      local(crew, 7, 0),
      local(crew, 15, 0),
      'Press 4 die change',
      { quantity: 4 },
    );
    await book(staff, wrenches.id, local(crew, 9, 0), local(crew, 11, 0), 'Conveyor guard refit', {
      quantity: 2,
    });

    // The pool van: a supplier visit, and a maintenance blackout later in the week.
    const visit = next(9, 0, 1);
    await book(
      manager,
      van.id,
      local(visit, 9, 0),
      local(visit, 12, 30),
      'Supplier audit at Delta Castings',
    );
    const service = next(8, 0, 2);
    await deps.db.transaction().execute((trx) =>
      createBlackout(trx, deps, {
        orgId: demo.orgId,
        resourceId: van.id,
        start: iso(local(service, 8, 0)),
        end: iso(local(service, 17, 0)),
        reason: 'maintenance',
        note: 'Annual service and tyre change',
        actor: coordinator,
      }),
    );
    afterCommit(deps);
  }
}
