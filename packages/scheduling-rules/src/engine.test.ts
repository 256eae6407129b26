import { describe, expect, it } from 'vitest';
import {
  addDays,
  assignmentFindings,
  checkRoster,
  coverageCells,
  DEFAULT_RULE_SEVERITIES,
  datesBetween,
  isoWeekday,
  laborSummary,
  weekStart,
  withSeverity,
} from './index.js';
import { at, customShift, employee, noRules, roster, typedShift } from './test-support.js';

const ana = (rules = {}, extra = {}) =>
  employee('ana', 'Ana Lima', { rules: noRules(rules), ...extra });

describe('date helpers', () => {
  it('add days across months and years, give ISO weekdays and week starts', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(isoWeekday('2026-11-23')).toBe(1);
    expect(isoWeekday('2026-11-29')).toBe(7);
    expect(weekStart('2026-11-29', 1)).toBe('2026-11-23');
    expect(weekStart('2026-11-29', 7)).toBe('2026-11-29');
    expect(weekStart('2026-11-28', 7)).toBe('2026-11-22');
    expect(datesBetween('2026-11-30', '2026-12-02')).toEqual([
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
    ]);
    expect(datesBetween('2026-12-02', '2026-11-30')).toEqual([]);
    expect(() => weekStart('2026-11-29', 0)).toThrow();
  });
});

describe('shifts crossing midnight', () => {
  it('a night shift followed by the next morning touches but does not overlap, and breaks the rest rule', () => {
    const input = roster({
      employees: [ana({ minRestMinutes: 660 })],
      shifts: [
        typedShift('n1', 'ana', '2026-11-24', 'N'),
        typedShift('e1', 'ana', '2026-11-25', 'E'),
      ],
    });
    const findings = checkRoster(input);
    expect(findings.map((f) => f.rule)).toEqual(['rest']);
    expect(findings[0]).toMatchObject({
      employeeIds: ['ana'],
      shiftIds: ['n1', 'e1'],
      date: '2026-11-24',
      details: { restMinutes: 0, minRestMinutes: 660 },
    });
  });

  it('words the rest finding with names, shift codes, dates and figures', () => {
    const input = roster({
      employees: [ana({ minRestMinutes: 660 })],
      shifts: [
        typedShift('n1', 'ana', '2026-11-24', 'N'),
        typedShift('l1', 'ana', '2026-11-25', 'L'),
      ],
    });
    expect(checkRoster(input)[0]!.message).toBe(
      'Ana Lima would have 8 h 0 min rest between the N shift on 2026-11-24 and the L shift on 2026-11-25; at least 11 h is required.',
    );
  });

  it('counts consecutive days by the date a shift starts on', () => {
    // Nights Mon, Tue, Wed end on Tue, Wed, Thu mornings: three working days, not four.
    const input = roster({
      employees: [ana({ maxConsecutiveDays: 3 })],
      shifts: ['2026-11-23', '2026-11-24', '2026-11-25'].map((d, i) =>
        typedShift(`n${i}`, 'ana', d, 'N'),
      ),
    });
    expect(checkRoster(input)).toEqual([]);
    const four = {
      ...input,
      shifts: [...input.shifts, typedShift('n3', 'ana', '2026-11-26', 'N')],
    };
    const [f] = checkRoster(four);
    expect(f).toMatchObject({
      rule: 'max_consecutive_days',
      date: '2026-11-23',
      details: { days: 4, maxConsecutiveDays: 3, from: '2026-11-23', to: '2026-11-26' },
    });
  });

  it('a Friday night is not weekend work; a Sunday night is', () => {
    const input = roster({
      employees: [ana({ maxWeekendsPerPeriod: 0 })],
      shifts: [typedShift('fri', 'ana', '2026-11-27', 'N')],
    });
    expect(checkRoster(input)).toEqual([]);
    input.shifts.push(typedShift('sun', 'ana', '2026-11-29', 'N'));
    expect(checkRoster(input).map((f) => [f.rule, f.shiftIds])).toEqual([
      ['max_weekends', ['sun']],
    ]);
  });

  it('puts a night shift’s paid minutes on the day it starts', () => {
    const input = roster({
      employees: [ana({ overtimeAfterMinutesPerDay: 480 })],
      shifts: [
        typedShift('e', 'ana', '2026-11-24', 'E'),
        typedShift('n', 'ana', '2026-11-24', 'N'),
      ],
    });
    const labor = laborSummary(input);
    expect(labor.lines).toEqual([
      {
        employeeId: 'ana',
        date: '2026-11-24',
        paidMinutes: 960,
        overtimeMinutes: 480,
        costMinor: Math.round((480 * 2000) / 60 + (480 * 2000 * 1.5) / 60),
      },
    ]);
    expect(labor.byDate['2026-11-25']!.paidMinutes).toBe(0);
  });
});

describe('rules', () => {
  it('reports overlapping shifts once and not as a split shift', () => {
    const input = roster({
      employees: [ana({ allowSplitShifts: false })],
      shifts: [
        typedShift('e', 'ana', '2026-11-24', 'E'),
        customShift('c', 'ana', '2026-11-24', 12, 16),
        customShift('x', 'ana', '2026-11-24', 18, 20),
      ],
    });
    const findings = checkRoster(input);
    expect(findings.map((f) => [f.rule, f.shiftIds])).toEqual([
      ['overlap', ['e', 'c']],
      ['split_shift', ['c', 'x']],
      ['split_shift', ['e', 'x']],
    ]);
    expect(findings[0]!.message).toBe(
      'Ana Lima would work overlapping shifts: the E shift on 2026-11-24 and the shift on 2026-11-24 overlap by 2 h 0 min.',
    );
  });

  it('does not count the gap inside an allowed split shift as rest', () => {
    const shifts = [
      customShift('a', 'ana', '2026-11-24', 6, 10),
      customShift('b', 'ana', '2026-11-24', 16, 20),
    ];
    const allowed = roster({ employees: [ana({ minRestMinutes: 660 })], shifts });
    expect(checkRoster(allowed)).toEqual([]);
    const notAllowed = roster({
      employees: [ana({ minRestMinutes: 660, allowSplitShifts: false })],
      shifts,
    });
    expect(checkRoster(notAllowed).map((f) => f.rule)).toEqual(['split_shift', 'rest']);
  });

  it('sums weekly hours from the configured week start, context shifts included', () => {
    const shifts = ['2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30'].map((d, i) =>
      typedShift(`s${i}`, 'ana', d, 'E'),
    );
    const monday = roster({ employees: [ana({ maxMinutesPerWeek: 1200 })], shifts });
    expect(checkRoster(monday).map((f) => [f.rule, f.date, f.details.paidMinutes])).toEqual([
      ['max_hours_week', '2026-11-23', 1440],
    ]);
    const friday = roster({
      period: { from: '2026-11-23', to: '2026-12-06', weekStartsOn: 5 },
      employees: [ana({ maxMinutesPerWeek: 1200 })],
      shifts,
    });
    expect(checkRoster(friday).map((f) => [f.rule, f.date, f.details.paidMinutes])).toEqual([
      ['max_hours_week', '2026-11-27', 1920],
    ]);
  });

  it('looks across the period boundary through context shifts but reports only what involves the period', () => {
    const input = roster({
      employees: [ana({ minRestMinutes: 660, maxConsecutiveDays: 2 })],
      shifts: [
        typedShift('c1', 'ana', '2026-11-20', 'N', { context: true }),
        typedShift('c2', 'ana', '2026-11-21', 'E', { context: true }),
        typedShift('c3', 'ana', '2026-11-22', 'N', { context: true }),
        typedShift('p1', 'ana', '2026-11-23', 'E'),
      ],
    });
    const findings = checkRoster(input);
    // c1→c2 rest is outside the period; c3→p1 crosses it. The run 20–23 reaches into the period.
    expect(findings.map((f) => [f.rule, f.date, f.shiftIds])).toEqual([
      ['max_consecutive_days', '2026-11-20', ['c1', 'c2', 'c3', 'p1']],
      ['rest', '2026-11-23', ['c3', 'p1']],
    ]);
    // Context shifts do not count as shifts of the period.
    const counted = roster({
      employees: [ana({ minShiftsPerPeriod: 2 })],
      shifts: input.shifts,
    });
    expect(checkRoster(counted).map((f) => [f.rule, f.details.shifts])).toEqual([
      ['min_shifts_period', 1],
    ]);
  });

  it('checks min shifts for every employee, also those without shifts', () => {
    const input = roster({
      employees: [ana({ minShiftsPerPeriod: 1 }), employee('bo', 'Bo', { rules: noRules() })],
    });
    expect(checkRoster(input).map((f) => [f.rule, f.employeeIds, f.message])).toEqual([
      [
        'min_shifts_period',
        ['ana'],
        'Ana Lima has 0 shifts from 2026-11-23 to 2026-12-06; at least 1 is required.',
      ],
    ]);
  });

  it('reports a short run of days off between working days', () => {
    const input = roster({
      employees: [ana({ minConsecutiveDaysOff: 2 })],
      shifts: [
        typedShift('a', 'ana', '2026-11-23', 'E'),
        typedShift('b', 'ana', '2026-11-25', 'E'),
        typedShift('c', 'ana', '2026-11-28', 'E'),
      ],
    });
    expect(checkRoster(input).map((f) => [f.rule, f.date, f.shiftIds, f.message])).toEqual([
      [
        'min_days_off',
        '2026-11-24',
        ['a', 'b'],
        'Ana Lima would have only 1 day off (2026-11-24) between working days; at least 2 in a row are required.',
      ],
    ]);
  });

  it('counts shifts of a type, and max shifts over the period', () => {
    const input = roster({
      employees: [ana({ maxShiftsOfType: [{ shiftTypeId: 'N', max: 1 }], maxShiftsPerPeriod: 2 })],
      shifts: [
        typedShift('n1', 'ana', '2026-11-23', 'N'),
        typedShift('n2', 'ana', '2026-11-25', 'N'),
        typedShift('e1', 'ana', '2026-11-27', 'E'),
      ],
    });
    expect(checkRoster(input).map((f) => [f.rule, f.shiftIds, f.message])).toEqual([
      [
        'max_shifts_period',
        ['n1', 'n2', 'e1'],
        'Ana Lima would work 3 shifts from 2026-11-23 to 2026-12-06; at most 2 are allowed.',
      ],
      [
        'max_shifts_of_type',
        ['n1', 'n2'],
        'Ana Lima would work 2 N shifts from 2026-11-23 to 2026-12-06; at most 1 is allowed.',
      ],
    ]);
  });

  it('flags unavailable windows and approved time off, never preferences', () => {
    const input = roster({
      employees: [ana()],
      shifts: [
        typedShift('a', 'ana', '2026-11-24', 'L'),
        typedShift('b', 'ana', '2026-11-26', 'E'),
        typedShift('c', 'ana', '2026-11-30', 'E'),
      ],
      availability: [
        {
          employeeId: 'ana',
          kind: 'unavailable',
          start: at('2026-11-24', 18),
          end: at('2026-11-24', 23.99),
          label: 'Tuesdays 18:00–23:59 (school pickup)',
        },
        // touches the shift's end only: no intersection
        {
          employeeId: 'ana',
          kind: 'unavailable',
          start: at('2026-11-26', 14),
          end: at('2026-11-26', 16),
          label: 'Thursday afternoon',
        },
        {
          employeeId: 'ana',
          kind: 'prefer',
          start: at('2026-11-30', 0),
          end: at('2026-12-01', 0),
          label: 'Mondays',
        },
      ],
      timeOff: [
        {
          employeeId: 'ana',
          start: at('2026-11-29', 0),
          end: at('2026-12-03', 0),
          label: 'Vacation',
        },
      ],
    });
    expect(checkRoster(input).map((f) => [f.rule, f.shiftIds, f.message])).toEqual([
      [
        'availability',
        ['a'],
        'Ana Lima is unavailable during the L shift on 2026-11-24: Tuesdays 18:00–23:59 (school pickup).',
      ],
      [
        'time_off',
        ['c'],
        'Ana Lima has approved time off (Vacation) during the E shift on 2026-11-30.',
      ],
    ]);
  });

  it('says which qualification is missing and which expired, comparing names case-insensitively', () => {
    const input = roster({
      employees: [
        ana(
          {},
          {
            qualifications: [
              { name: 'forklift licence', validUntil: '2026-11-25' },
              { name: 'First Aid', validUntil: null },
            ],
          },
        ),
      ],
      positions: [
        { id: 'fo', name: 'Forklift Operator', requires: ['Forklift Licence', 'Hazmat'] },
        { id: 'fa', name: 'First Aider', requires: ['first aid'] },
      ],
      shifts: [
        typedShift('ok', 'ana', '2026-11-25', 'E', { positionId: 'fa' }),
        typedShift('a', 'ana', '2026-11-25', 'L', { positionId: 'fo' }),
        typedShift('b', 'ana', '2026-11-26', 'E', { positionId: 'fo' }),
      ],
    });
    expect(checkRoster(input).map((f) => [f.date, f.details.status, f.message])).toEqual([
      [
        '2026-11-25',
        'missing',
        'Ana Lima does not have Hazmat, which Forklift Operator requires, for the L shift on 2026-11-25.',
      ],
      [
        '2026-11-26',
        'missing',
        'Ana Lima does not have Hazmat, which Forklift Operator requires, for the E shift on 2026-11-26.',
      ],
      [
        '2026-11-26',
        'expired',
        "Ana Lima's Forklift Licence, which Forklift Operator requires, expired after 2026-11-25, before the E shift on 2026-11-26.",
      ],
    ]);
  });

  it('counts assigned shifts toward coverage, open shifts separately', () => {
    const input = roster({
      employees: [ana(), employee('bo', 'Bo')],
      positions: [{ id: 'fo', name: 'Forklift Operator', requires: [] }],
      shifts: [
        typedShift('a', 'ana', '2026-11-26', 'N', { positionId: 'fo' }),
        typedShift('o', null, '2026-11-26', 'N', { positionId: 'fo' }),
        typedShift('b', 'bo', '2026-11-26', 'N'),
        typedShift('c', 'bo', '2026-11-27', 'E', { context: true }),
      ],
      coverage: [
        {
          siteId: 'site',
          date: '2026-11-26',
          shiftTypeId: 'N',
          positionId: 'fo',
          min: 2,
          ideal: 2,
        },
        {
          siteId: 'site',
          date: '2026-11-26',
          shiftTypeId: 'N',
          positionId: null,
          min: 1,
          ideal: 1,
        },
        {
          siteId: 'site',
          date: '2026-11-27',
          shiftTypeId: 'E',
          positionId: null,
          min: 0,
          ideal: 0,
        },
      ],
    });
    expect(coverageCells(input).map((c) => [c.positionId, c.scheduled, c.open])).toEqual([
      ['fo', 1, 1],
      [null, 2, 1],
      [null, 0, 0],
    ]);
    expect(checkRoster(input).map((f) => [f.rule, f.shiftIds, f.message])).toEqual([
      [
        'under_coverage',
        ['a'],
        '2026-11-26 N (Forklift Operator): 1 scheduled, at least 2 needed.',
      ],
      ['over_coverage', ['a', 'b'], '2026-11-26 N: 2 scheduled, more than the ideal 1.'],
    ]);
    expect(checkRoster(input, { employeeIds: ['ana'] })).toEqual([]);
    expect(checkRoster(input, { employeeIds: ['ana'], dates: ['2026-11-27'] })).toEqual([]);
    expect(checkRoster(input, { dates: ['2026-11-26'] })).toHaveLength(2);
  });

  it('reports weekly and daily overtime with the overtime minutes', () => {
    const input = roster({
      employees: [ana({ overtimeAfterMinutesPerWeek: 2400, overtimeAfterMinutesPerDay: 600 })],
      shifts: [
        ...['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27'].map((d, i) =>
          typedShift(`e${i}`, 'ana', d, 'E'),
        ),
        customShift('x', 'ana', '2026-11-27', 16, 19),
      ],
    });
    expect(checkRoster(input).map((f) => [f.rule, f.date, f.details.overtimeMinutes])).toEqual([
      ['overtime', '2026-11-23', 180],
      ['overtime', '2026-11-27', 60],
    ]);
  });
});

describe('labor', () => {
  it('takes daily overtime first, then weekly overtime over the remaining minutes, chronologically', () => {
    // Week: Mon–Thu 8 h, Fri 12 h. Daily after 10 h → Fri 2 h. Weekly after 40 h over the
    // regular minutes: 32 + 10 = 42 → 2 h more on Friday. Saturday 8 h → all weekly overtime.
    const input = roster({
      employees: [
        ana({
          overtimeAfterMinutesPerWeek: 2400,
          overtimeAfterMinutesPerDay: 600,
          overtimeMultiplier: 2,
        }),
        employee('bo', 'Bo', { hourlyRateMinor: null }),
      ],
      shifts: [
        ...['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26'].map((d, i) =>
          typedShift(`e${i}`, 'ana', d, 'E'),
        ),
        customShift('fri', 'ana', '2026-11-27', 6, 18),
        typedShift('sat', 'ana', '2026-11-28', 'E'),
        typedShift('bo1', 'bo', '2026-11-28', 'E'),
        typedShift('open', null, '2026-11-28', 'E'),
      ],
    });
    const labor = laborSummary(input);
    const ot = Object.fromEntries(
      labor.lines.filter((l) => l.employeeId === 'ana').map((l) => [l.date, l.overtimeMinutes]),
    );
    expect(ot).toEqual({
      '2026-11-23': 0,
      '2026-11-24': 0,
      '2026-11-25': 0,
      '2026-11-26': 0,
      '2026-11-27': 240,
      '2026-11-28': 480,
    });
    const fri = labor.lines.find((l) => l.date === '2026-11-27')!;
    expect(fri.costMinor).toBe(Math.round((480 * 2000) / 60 + (240 * 2000 * 2) / 60));
    expect(labor.lines.find((l) => l.employeeId === 'bo')!.costMinor).toBeNull();
    expect(labor.unratedEmployeeIds).toEqual(['bo']);
    expect(labor.byDate['2026-11-28']).toEqual({
      paidMinutes: 960,
      overtimeMinutes: 480,
      costMinor: 32000,
    });
    expect(labor.byWeek['2026-11-23']!.paidMinutes).toBe(4 * 480 + 720 + 960);
    expect(Object.keys(labor.byWeek)).toEqual(['2026-11-23', '2026-11-30']);
  });

  it('counts context shifts of the same week toward the weekly threshold without listing them', () => {
    const input = roster({
      period: { from: '2026-11-25', to: '2026-11-29', weekStartsOn: 1 },
      employees: [ana({ overtimeAfterMinutesPerWeek: 960 })],
      shifts: [
        typedShift('c1', 'ana', '2026-11-23', 'E', { context: true }),
        typedShift('c2', 'ana', '2026-11-24', 'E', { context: true }),
        typedShift('p', 'ana', '2026-11-25', 'E'),
      ],
    });
    expect(laborSummary(input).lines).toMatchObject([
      { date: '2026-11-25', paidMinutes: 480, overtimeMinutes: 480 },
    ]);
  });
});

describe('severity and assignment', () => {
  it('attaches the organization’s severity and drops rules that are off', () => {
    const input = roster({
      employees: [ana({ minShiftsPerPeriod: 1 })],
      coverage: [
        {
          siteId: 'site',
          date: '2026-11-23',
          shiftTypeId: 'E',
          positionId: null,
          min: 1,
          ideal: 1,
        },
      ],
    });
    const findings = checkRoster(input);
    expect(findings.map((f) => f.rule)).toEqual(['under_coverage', 'min_shifts_period']);
    const graded = withSeverity(findings, {
      ...DEFAULT_RULE_SEVERITIES,
      under_coverage: 'off',
      min_shifts_period: 'error',
    });
    expect(graded.map((f) => [f.rule, f.severity])).toEqual([['min_shifts_period', 'error']]);
  });

  it('lists only what assigning a shift would add for that person', () => {
    const input = roster({
      employees: [
        ana({ minRestMinutes: 660, minShiftsPerPeriod: 5, maxMinutesPerWeek: 960 }),
        employee('bo', 'Bo'),
      ],
      shifts: [
        typedShift('n1', 'ana', '2026-11-24', 'N'),
        typedShift('e1', 'ana', '2026-11-25', 'E'),
        typedShift('open', null, '2026-11-26', 'E'),
        typedShift('late', null, '2026-11-30', 'L'),
        typedShift('bo1', 'bo', '2026-11-26', 'E'),
      ],
    });
    // Before: rest (n1→e1) and min shifts (2 < 5) exist already; the new shift adds a third in the week.
    expect(assignmentFindings(input, 'open', 'ana').map((f) => [f.rule, f.shiftIds])).toEqual([
      ['max_hours_week', ['n1', 'e1', 'open']],
    ]);
    expect(assignmentFindings(input, 'late', 'ana')).toEqual([]);
    expect(assignmentFindings(input, 'bo1', 'bo')).toEqual([]);
    expect(assignmentFindings(input, 'bo1', 'ana').map((f) => f.rule)).toEqual(['max_hours_week']);
    expect(() => assignmentFindings(input, 'nope', 'ana')).toThrow(/no shift nope/);
  });
});
