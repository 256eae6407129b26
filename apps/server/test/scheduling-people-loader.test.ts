import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConstraints } from '../src/modules/scheduling/constraints.loader.js';
import { BUILTIN_WORK_RULES } from '../src/modules/scheduling/work-rules.js';
import { createTestApp, type TestApp } from './harness.js';
import { ok, type PeopleScene, peopleScene } from './scheduling-people-fixtures.js';

// loadConstraints: what the rule engine learns about people. Period: Mon 2026-11-30 – Sun
// 2026-12-06 at a New York site (UTC−5 in December).

let t: TestApp;
let s: PeopleScene;
const NY = 'America/New_York';
const at = (iso: string) => Date.parse(iso);

const load = (employeeIds: string[], from = '2026-11-30', to = '2026-12-06', includePay = true) =>
  loadConstraints(t.deps.db, {
    orgId: s.org.orgId,
    employeeIds,
    from,
    to,
    timeZone: NY,
    includePay,
  });

beforeAll(async () => {
  t = await createTestApp();
  s = await peopleScene(t);
});
afterAll(() => t.close());

describe('work rules', () => {
  it('uses the built-in defaults when the organization has no rule sets', async () => {
    const data = await load([s.staffEmployeeId]);
    expect(data.employees).toHaveLength(1);
    expect(data.employees[0]!.rules).toEqual(BUILTIN_WORK_RULES);
  });

  it('resolves each field from the override, then the contract type set, then the default set, then built-in', async () => {
    const base = { ...BUILTIN_WORK_RULES };
    await ok(
      s.owner.post('/api/scheduling/work-rule-sets', {
        name: 'Plant default',
        isDefault: true,
        rules: { ...base, maxMinutesPerWeek: 45 * 60, minRestMinutes: 10 * 60 },
      }),
      201,
    );
    await ok(
      s.owner.post('/api/scheduling/work-rule-sets', {
        name: 'Part-time',
        employmentType: 'part_time',
        rules: { ...base, maxMinutesPerWeek: 24 * 60, minRestMinutes: 10 * 60 },
      }),
      201,
    );
    await ok(
      s.owner.put(`/api/scheduling/employees/${s.colleagueId}/work-rules`, {
        rules: { minRestMinutes: 12 * 60 },
        note: 'medical',
      }),
    );
    const data = await load([s.colleagueId, s.staffEmployeeId]);
    const [pia, sam] = data.employees;
    expect(pia!.id).toBe(s.colleagueId);
    expect(pia!.rules.maxMinutesPerWeek).toBe(24 * 60); // part-time set
    expect(pia!.rules.minRestMinutes).toBe(12 * 60); // own override
    expect(sam!.rules.maxMinutesPerWeek).toBe(45 * 60); // default set (full-time has none)
    expect(sam!.rules.minRestMinutes).toBe(10 * 60);

    const detail = await ok(s.owner.get(`/api/scheduling/employees/${s.colleagueId}/work-rules`));
    expect(detail.sources.minRestMinutes).toBe('employee');
    expect(detail.sources.maxMinutesPerWeek).toBe('employment_type');
    expect(detail.override).toEqual({ minRestMinutes: 720 });
  });

  it('leaves out unknown and other organizations’ employees', async () => {
    const data = await load(['nobody', s.staffEmployeeId]);
    expect(data.employees.map((e) => e.id)).toEqual([s.staffEmployeeId]);
  });
});

describe('qualifications and pay', () => {
  it('merges skills (no expiry) with certifications and drops those issued after the period', async () => {
    await ok(
      s.owner.post(`/api/employees/${s.staffEmployeeId}/qualifications`, {
        name: 'Forklift (counterbalance)',
        issuedOn: '2024-12-10',
        expiresOn: '2026-12-03',
      }),
      201,
    );
    await ok(
      s.owner.post(`/api/employees/${s.staffEmployeeId}/qualifications`, {
        name: 'First aid',
        issuedOn: '2027-01-05',
      }),
      201,
    );
    const [sam] = (await load([s.staffEmployeeId])).employees;
    expect(sam!.qualifications).toEqual(
      expect.arrayContaining([
        { name: 'CNC machining', validUntil: null },
        { name: 'Forklift (counterbalance)', validUntil: '2026-12-03' },
      ]),
    );
    expect(sam!.qualifications.some((q) => q.name === 'First aid')).toBe(false);
  });

  it('gives the hourly rate only when pay is included', async () => {
    await ok(
      s.owner.patch(`/api/employees/${s.staffEmployeeId}`, {
        pay: { type: 'hourly', amountMinor: 2450, currency: 'USD' },
      }),
    );
    expect((await load([s.staffEmployeeId])).employees[0]!.hourlyRateMinor).toBe(2450);
    expect(
      (await load([s.staffEmployeeId], '2026-11-30', '2026-12-06', false)).employees[0]!
        .hourlyRateMinor,
    ).toBeNull();
  });
});

describe('availability', () => {
  it('expands weekly windows to instants in the site zone, across midnight, with labels', async () => {
    await ok(
      s.staff.post('/api/scheduling/availability/windows', {
        weekday: 2,
        startTime: '18:00',
        endTime: '23:00',
        note: 'school pickup',
      }),
      201,
    );
    await ok(
      s.staff.post('/api/scheduling/availability/windows', {
        weekday: 5,
        startTime: '22:00',
        endTime: '06:00',
        kind: 'prefer',
      }),
      201,
    );
    const data = await load([s.staffEmployeeId]);
    const tue = data.availability.filter((w) => w.label.startsWith('Unavailable Tue'));
    expect(tue).toEqual([
      {
        employeeId: s.staffEmployeeId,
        kind: 'unavailable',
        start: at('2026-12-01T23:00:00Z'),
        end: at('2026-12-02T04:00:00Z'),
        label: 'Unavailable Tue 18:00–23:00 (school pickup)',
      },
    ]);
    const fri = data.availability.filter((w) => w.kind === 'prefer');
    expect(fri).toHaveLength(1);
    expect(fri[0]!.start).toBe(at('2026-12-05T03:00:00Z'));
    expect(fri[0]!.end).toBe(at('2026-12-05T11:00:00Z'));
  });

  it('covers one day either side of the period so edge night shifts are checked', async () => {
    // Sunday 2026-11-29 (the day before) and Monday 2026-12-07 (the day after) count too.
    await ok(
      s.staff.post('/api/scheduling/availability/windows', {
        weekday: 7,
        startTime: '20:00',
        endTime: '23:00',
      }),
      201,
    );
    const sundays = (await load([s.staffEmployeeId])).availability.filter((w) =>
      w.label.includes('Sun'),
    );
    expect(sundays.map((w) => w.start)).toEqual([
      at('2026-11-30T01:00:00Z'),
      at('2026-12-07T01:00:00Z'),
    ]);
  });

  it('follows daylight saving: a 00:00–04:00 window on the fall-back night lasts five hours', async () => {
    const data = await load([s.staffEmployeeId], '2026-10-26', '2026-11-01');
    const night = data.availability.find(
      (w) => w.label.startsWith('Unavailable Sun') && w.start === at('2026-11-02T01:00:00Z'),
    );
    expect(night).toBeDefined();
    await ok(
      s.owner.post('/api/scheduling/availability/windows', {
        employeeId: s.colleagueId,
        weekday: 7,
        startTime: '00:00',
        endTime: '04:00',
      }),
      201,
    );
    const pia = (await load([s.colleagueId], '2026-10-26', '2026-11-01')).availability.find(
      (w) => w.start === at('2026-11-01T04:00:00Z'),
    );
    expect(pia).toBeDefined();
    expect(pia!.end - pia!.start).toBe(5 * 3_600_000);
  });

  it('honours validFrom / validUntil of a window', async () => {
    await ok(
      s.staff.post('/api/scheduling/availability/windows', {
        weekday: 3,
        startTime: '06:00',
        endTime: '09:00',
        validFrom: '2026-12-07',
      }),
      201,
    );
    const wed = (await load([s.staffEmployeeId])).availability.filter((w) =>
      w.label.includes('Wed'),
    );
    expect(wed).toHaveLength(0);
    const later = (await load([s.staffEmployeeId], '2026-12-07', '2026-12-13')).availability;
    expect(later.filter((w) => w.label.includes('Wed'))).toHaveLength(1);
  });

  it('lets a dated exception replace that date’s weekly windows', async () => {
    await ok(
      s.staff.post('/api/scheduling/availability/exceptions', {
        date: '2026-12-01',
        note: 'dentist',
      }),
      201,
    );
    await ok(
      s.staff.post('/api/scheduling/availability/exceptions', {
        date: '2026-12-04',
        kind: 'available',
      }),
      201,
    );
    const data = await load([s.staffEmployeeId]);
    const dec1 = data.availability.filter(
      (w) => w.start >= at('2026-12-01T05:00:00Z') && w.start < at('2026-12-02T05:00:00Z'),
    );
    expect(dec1).toEqual([
      {
        employeeId: s.staffEmployeeId,
        kind: 'unavailable',
        start: at('2026-12-01T05:00:00Z'),
        end: at('2026-12-02T05:00:00Z'),
        label: 'Unavailable 2026-12-01 all day (dentist)',
      },
    ]);
    // Friday's preferred night window is gone on 2026-12-04 (available after all).
    expect(data.availability.filter((w) => w.kind === 'prefer')).toHaveLength(0);
  });
});

describe('time off and preferences', () => {
  it('blocks approved time off (whole local days) and ignores pending requests', async () => {
    const types = await ok(s.owner.get('/api/scheduling/time-off-types'));
    expect(types.items).toEqual([]);
    const sick = await ok(
      s.owner.post('/api/scheduling/time-off-types', {
        name: 'Sick leave',
        requiresApproval: false,
        yearlyAllowanceMinutes: null,
      }),
      201,
    );
    const vacation = await ok(
      s.owner.post('/api/scheduling/time-off-types', {
        name: 'Vacation',
        yearlyAllowanceMinutes: 120 * 60,
      }),
      201,
    );
    const approved = await ok(
      s.owner.post('/api/scheduling/time-off/requests', {
        employeeId: s.colleagueId,
        typeId: sick.id,
        startDate: '2026-12-02',
        endDate: '2026-12-03',
      }),
      201,
    );
    expect(approved.status).toBe('approved');
    const pending = await ok(
      s.staff.post('/api/scheduling/time-off/requests', {
        typeId: vacation.id,
        startDate: '2026-12-03',
        endDate: '2026-12-03',
      }),
      201,
    );
    expect(pending.status).toBe('pending');
    const data = await load([s.colleagueId, s.staffEmployeeId]);
    expect(data.timeOff).toEqual([
      {
        employeeId: s.colleagueId,
        start: at('2026-12-02T05:00:00Z'),
        end: at('2026-12-04T05:00:00Z'),
        label: 'Sick leave 2026-12-02 – 2026-12-03',
      },
    ]);
  });

  it('expands weekday preferences to the period’s dates and keeps dated ones inside it', async () => {
    await ok(
      s.staff.post('/api/scheduling/preferences', { weekday: 1, kind: 'want', weight: 7 }),
      201,
    );
    await ok(
      s.staff.post('/api/scheduling/preferences', { date: '2026-12-05', kind: 'avoid' }),
      201,
    );
    await ok(
      s.staff.post('/api/scheduling/preferences', { date: '2026-12-20', kind: 'avoid' }),
      201,
    );
    const data = await load([s.staffEmployeeId]);
    expect(data.preferences).toEqual([
      {
        employeeId: s.staffEmployeeId,
        date: '2026-11-30',
        shiftTypeId: null,
        kind: 'want',
        weight: 7,
      },
      {
        employeeId: s.staffEmployeeId,
        date: '2026-12-05',
        shiftTypeId: null,
        kind: 'avoid',
        weight: 5,
      },
    ]);
  });
});
