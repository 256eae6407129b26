import { scheduling as contract } from '@keel/contracts';
import { employeeSummaries, positionIdsByTitle } from '../modules/people/index.js';
import { setCoverage } from '../modules/scheduling/coverage.service.js';
import { createHoliday } from '../modules/scheduling/holiday.service.js';
import { createRotation } from '../modules/scheduling/rotation.service.js';
import { updateSchedulingSettings } from '../modules/scheduling/settings.service.js';
import { createShiftType } from '../modules/scheduling/shift-type.service.js';
import { createTemplate, type TemplateShift } from '../modules/scheduling/template.service.js';
import type { Deps } from '../platform/deps.js';
import type { DemoContext } from './context.js';

type Site = 'CMH' | 'RNO';

/** Shift types by site; the later seeders look them up by code. Nights are dark. */
const SHIFT_TYPES: Record<
  Site,
  { code: string; name: string; start: string; end: string; break: number; color: string }[]
> = {
  CMH: [
    { code: 'E', name: 'Early', start: '06:00', end: '14:00', break: 0, color: '#f59f00' },
    { code: 'L', name: 'Late', start: '14:00', end: '22:00', break: 0, color: '#1c7ed6' },
    { code: 'N', name: 'Night', start: '22:00', end: '06:00', break: 0, color: '#343a40' },
  ],
  RNO: [
    { code: 'D', name: 'Day', start: '07:00', end: '15:30', break: 30, color: '#37b24d' },
    { code: 'S', name: 'Swing', start: '15:00', end: '23:30', break: 30, color: '#e8590c' },
    { code: 'N', name: 'Night', start: '22:00', end: '06:30', break: 30, color: '#212529' },
  ],
};

const HOLIDAYS = [
  { date: '2026-11-26', name: 'Thanksgiving Day' },
  { date: '2026-12-25', name: 'Christmas Day' },
  { date: '2027-01-01', name: 'New Year’s Day' },
];

const WEEKDAYS = [1, 2, 3, 4, 5];
const WEEKEND = [6, 7];

/**
 * Scheduling setup for Columbus (24/7 production on Early/Late/Night) and Reno (warehouse on
 * Day/Swing/Night): shift types, coverage needs, public holidays, a 4-on-4-off and a DuPont
 * rotation at Columbus, a standard week template at Reno and two settings changed from the
 * defaults. Everything goes through the scheduling services as the coordinator (settings as the
 * owner). Runs first of the scheduling seeders: later ones find shift types by code.
 */
export async function seedSchedulingSetup(deps: Deps, demo: DemoContext): Promise<void> {
  const { coordinator, owner } = demo.actors;
  const positions = await positionIdsByTitle(deps.db, demo.orgId);
  const pos = (title: string) => {
    const id = positions.get(title);
    if (!id) throw new Error(`demo position ${title} is missing`);
    return id;
  };

  const types = {} as Record<Site, Record<string, string>>;
  for (const site of ['CMH', 'RNO'] as const) {
    types[site] = {};
    for (const t of SHIFT_TYPES[site]) {
      const created = await createShiftType(
        deps,
        coordinator,
        contract.createShiftTypeBody.parse({
          siteId: demo.siteId[site],
          code: t.code,
          name: t.name,
          startTime: t.start,
          endTime: t.end,
          breakMinutes: t.break,
          color: t.color,
        }),
      );
      types[site][t.code] = created.id;
    }
  }

  // ── Coverage ──
  const need = (
    shiftTypeId: string,
    position: string,
    weekdays: number[],
    min: number,
    ideal: number,
  ) =>
    weekdays.map((weekday) => ({
      shiftTypeId,
      positionId: pos(position),
      weekday,
      date: null,
      min,
      ideal,
    }));
  const cmh = types.CMH;
  await setCoverage(deps, coordinator, {
    siteId: demo.siteId.CMH,
    needs: [
      ...[cmh.E!, cmh.L!, cmh.N!].flatMap((t) => [
        ...need(t, 'Machine Operator', WEEKDAYS, 3, 4),
        ...need(t, 'Line Lead', WEEKDAYS, 1, 1),
        ...need(t, 'Machine Operator', WEEKEND, 2, 2),
      ]),
      ...need(cmh.E!, 'Assembler', WEEKDAYS, 1, 2),
      ...need(cmh.L!, 'Assembler', WEEKDAYS, 1, 2),
      ...need(cmh.E!, 'Line Lead', WEEKEND, 1, 1),
      // The Friday after Thanksgiving runs a skeleton early shift.
      {
        shiftTypeId: cmh.E!,
        positionId: pos('Machine Operator'),
        weekday: null,
        date: '2026-11-27',
        min: 2,
        ideal: 2,
      },
    ],
  });
  const rno = types.RNO;
  await setCoverage(deps, coordinator, {
    siteId: demo.siteId.RNO,
    needs: [
      ...[rno.D!, rno.S!].flatMap((t) => [
        ...need(t, 'Forklift Operator', WEEKDAYS, 2, 3),
        ...need(t, 'Picker / Packer', WEEKDAYS, 2, 3),
      ]),
      ...need(rno.D!, 'Shipping & Receiving Clerk', WEEKDAYS, 1, 1),
      ...need(rno.N!, 'Forklift Operator', WEEKDAYS, 1, 1),
      ...need(rno.N!, 'Picker / Packer', WEEKDAYS, 1, 2),
      ...need(rno.D!, 'Forklift Operator', [6], 1, 1),
      ...need(rno.D!, 'Picker / Packer', [6], 1, 2),
    ],
  });

  // ── Holidays ──
  for (const site of ['CMH', 'RNO'] as const)
    for (const h of HOLIDAYS)
      await createHoliday(deps, coordinator, { siteId: demo.siteId[site], ...h });

  // ── Rotations (Columbus) ──
  const off = null;
  await createRotation(deps, coordinator, {
    siteId: demo.siteId.CMH,
    name: '4 on, 4 off (Earlies)',
    description: 'Four early shifts, then four days off; crews are offset by four days.',
    days: [cmh.E!, cmh.E!, cmh.E!, cmh.E!, off, off, off, off],
  });
  const n = (k: number) => Array<string>(k).fill(cmh.N!);
  const e = (k: number) => Array<string>(k).fill(cmh.E!);
  const rest = (k: number) => Array<null>(k).fill(off);
  await createRotation(deps, coordinator, {
    siteId: demo.siteId.CMH,
    name: 'DuPont (4 crews)',
    description:
      '28-day cycle: 4 nights, 3 off, 3 days, 1 off, 3 nights, 3 off, 4 days, 7 off. Four crews offset by 7 days keep one crew on days and one on nights every day.',
    days: [...n(4), ...rest(3), ...e(3), ...rest(1), ...n(3), ...rest(3), ...e(4), ...rest(7)],
  });

  // ── Week template (Reno) ──
  const people = await employeeSummaries(deps.db, demo.orgId, Object.values(demo.employeeId));
  const times = Object.fromEntries(SHIFT_TYPES.RNO.map((t) => [t.code, t]));
  const slot = (weekday: number, code: 'D' | 'S' | 'N', key: string | null): TemplateShift => {
    const t = times[code]!;
    const person = key ? people.get(demo.employeeId[key]!) : undefined;
    return {
      weekday,
      shiftTypeId: rno[code]!,
      positionId: person?.positionId ?? null,
      employeeId: person?.id ?? null,
      startTime: t.start,
      endTime: t.end,
      breakMinutes: t.break,
    };
  };
  const shifts: TemplateShift[] = [
    ...WEEKDAYS.flatMap((d) => [
      slot(d, 'D', 'whlead'),
      slot(d, 'D', 'wh0'),
      slot(d, 'D', 'wh1'),
      slot(d, 'D', 'wh2'),
      slot(d, 'S', 'wh3'),
      slot(d, 'S', 'wh4'),
      slot(d, 'S', 'wh5'),
      slot(d, 'N', 'wh6'),
      slot(d, 'N', 'wh7'),
    ]),
    slot(6, 'D', 'wh9'),
    slot(6, 'D', 'wh10'),
    slot(6, 'D', null),
  ];
  await createTemplate(deps, coordinator, {
    siteId: demo.siteId.RNO,
    name: 'Standard warehouse week',
    shifts,
  });

  // ── Settings: over-staffing is not worth a warning here; 7 minutes of late grace ──
  await updateSchedulingSettings(deps, owner, {
    severities: { over_coverage: 'off' },
    lateGraceMinutes: 7,
  });
}
