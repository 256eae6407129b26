/**
 * `npm run bench:scheduling-rules [-- --employees 200 --days 28 --runs 50]`: the scheduling rule
 * engine on a realistic generated roster (pure, no database).
 *
 * A seeded roster like a 24/7 warehouse: N employees over D days from a Monday, three shift types
 * (Day 07:00–15:30, Swing 15:00–23:30, Night 22:00–06:30, 30 min unpaid breaks), four positions
 * (two with required qualifications, some expired), each person on a main shift type working
 * about 5 days in 6, a week of context shifts before the period, open shifts, coverage needs per
 * day × shift type × position, weekly unavailable windows and preferences, approved time off, and
 * realistic work rules (40 h weeks, 11 h rest, 6 days in a row, 2 days off, overtime after 8 h a
 * day / 40 h a week, at most 8 nights). Times each engine call (median and p95 over the runs after
 * a warm-up) and writes the table to bench/results/scheduling-rules.md. Asserts nothing.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  addDays,
  assignmentFindings,
  checkRoster,
  coverageCells,
  datesBetween,
  isoWeekday,
  laborSummary,
  type RosterInput,
  type RosterShift,
  type WorkRules,
} from '../packages/scheduling-rules/src/index.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const EMPLOYEES = arg('employees', 200);
const DAYS = arg('days', 28);
const RUNS = arg('runs', 50);
const WARMUP = 10;
const FROM = '2026-11-23';
const TO = addDays(FROM, DAYS - 1);

// ── Seeded roster ────────────────────────────────────────────────────────────────────────────
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(20261123);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const HOUR = 3_600_000;
// America/Los_Angeles in winter: UTC−8 (the server computes real zoned instants; fixed here).
const at = (date: string, hours: number) => Date.parse(`${date}T00:00:00Z`) + (hours + 8) * HOUR;

const TYPES = [
  { id: 'D', code: 'D', name: 'Day', from: 7, to: 15.5 },
  { id: 'S', code: 'S', name: 'Swing', from: 15, to: 23.5 },
  { id: 'N', code: 'N', name: 'Night', from: 22, to: 30.5 },
] as const;
const POSITIONS = [
  { id: 'fork', name: 'Forklift Operator', requires: ['Forklift licence'] },
  { id: 'pick', name: 'Picker', requires: [] },
  { id: 'clerk', name: 'Shipping Clerk', requires: [] },
  { id: 'lead', name: 'Shift Lead', requires: ['First aid', 'Leadership'] },
];
const RULES: WorkRules = {
  maxMinutesPerWeek: 48 * 60,
  minShiftsPerPeriod: Math.round((DAYS / 7) * 3),
  maxShiftsPerPeriod: Math.round((DAYS / 7) * 6),
  maxConsecutiveDays: 6,
  minConsecutiveDaysOff: 2,
  minRestMinutes: 11 * 60,
  maxWeekendsPerPeriod: Math.ceil((DAYS / 7) * 0.75),
  maxShiftsOfType: [{ shiftTypeId: 'N', max: 8 }],
  overtimeAfterMinutesPerWeek: 40 * 60,
  overtimeAfterMinutesPerDay: 8 * 60,
  overtimeMultiplier: 1.5,
  allowSplitShifts: false,
};

const dates = datesBetween(FROM, TO);
const contextDates = datesBetween(addDays(FROM, -7), addDays(FROM, -1));
const input: RosterInput = {
  period: { from: FROM, to: TO, weekStartsOn: 1 },
  employees: [],
  positions: POSITIONS,
  shiftTypes: TYPES.map(({ id, code, name }) => ({ id, code, name })),
  shifts: [],
  availability: [],
  timeOff: [],
  coverage: [],
  preferences: [],
};
let shiftSeq = 0;
const shift = (
  employeeId: string | null,
  date: string,
  type: (typeof TYPES)[number],
  positionId: string,
  context: boolean,
): RosterShift => ({
  id: `s${++shiftSeq}`,
  employeeId,
  siteId: 'rno',
  date,
  start: at(date, type.from),
  end: at(date, type.to),
  paidMinutes: (type.to - type.from) * 60 - 30,
  shiftTypeId: type.id,
  positionId,
  ...(context ? { context: true } : {}),
});

for (let i = 0; i < EMPLOYEES; i++) {
  const id = `e${i}`;
  const position =
    i % 10 === 0 ? POSITIONS[3]! : i % 3 === 0 ? POSITIONS[0]! : pick(POSITIONS.slice(1, 3));
  const qualifications = position.requires
    .filter(() => rand() > 0.05)
    .map((name) => ({
      name,
      validUntil: rand() < 0.1 ? addDays(FROM, Math.floor(rand() * DAYS)) : null,
    }));
  input.employees.push({
    id,
    name: `Employee ${i}`,
    qualifications,
    rules: RULES,
    hourlyRateMinor: rand() < 0.03 ? null : 1800 + Math.floor(rand() * 1700),
  });
  const main = TYPES[i % 3]!;
  for (const [list, context] of [
    [contextDates, true],
    [dates, false],
  ] as const) {
    for (const date of list) {
      if (rand() < 1 / 6) continue; // about 5 days in 6
      const type = rand() < 0.92 ? main : pick(TYPES); // sometimes a different shift type
      input.shifts.push(shift(id, date, type, position.id, context));
      if (!context && rand() < 0.01)
        input.shifts.push(shift(id, date, pick(TYPES), position.id, false));
    }
  }
  // A weekly unavailable evening and a preferred day, expanded over the period.
  const weekday = 1 + (i % 7);
  for (const date of dates) {
    if (isoWeekday(date) !== weekday) continue;
    input.availability.push({
      employeeId: id,
      kind: 'unavailable',
      start: at(date, 17),
      end: at(date, 21),
      label: 'Weekly 17:00–21:00 (classes)',
    });
    input.availability.push({
      employeeId: id,
      kind: 'prefer',
      start: at(date, 0),
      end: at(date, 24),
      label: 'Prefers this day',
    });
  }
  if (rand() < 0.1) {
    const first = addDays(FROM, Math.floor(rand() * (DAYS - 5)));
    input.timeOff.push({
      employeeId: id,
      start: at(first, 0),
      end: at(addDays(first, 3 + Math.floor(rand() * 3)), 0),
      label: 'Vacation',
    });
  }
}
for (const date of dates) {
  for (const type of TYPES) {
    for (const position of POSITIONS) {
      const min = position.id === 'lead' ? 1 : 4 + Math.floor(rand() * 6);
      input.coverage.push({
        siteId: 'rno',
        date,
        shiftTypeId: type.id,
        positionId: position.id,
        min,
        ideal: min + 2,
      });
      if (rand() < 0.3) input.shifts.push(shift(null, date, type, position.id, false));
    }
  }
}

// ── Timing ───────────────────────────────────────────────────────────────────────────────────
function time(label: string, fn: (i: number) => unknown, runs = RUNS): string[] {
  for (let i = 0; i < WARMUP; i++) fn(i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn(i);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const q = (p: number) =>
    samples[Math.min(samples.length - 1, Math.ceil(p * samples.length) - 1)]!;
  const f = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
  return [label, f(q(0.5)), f(q(0.95)), String(runs)];
}

const inPeriod = input.shifts.filter((s) => !s.context);
const openShifts = inPeriod.filter((s) => s.employeeId === null);
const findings = checkRoster(input);
const byRule = new Map<string, number>();
for (const f of findings) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);

const rows = [
  time(`checkRoster, full (${EMPLOYEES} people, ${DAYS} days)`, () => checkRoster(input)),
  time('checkRoster, one person + two dates (after one change)', (i) =>
    checkRoster(input, {
      employeeIds: [`e${i % EMPLOYEES}`],
      dates: [dates[i % DAYS]!, dates[(i + 1) % DAYS]!],
    }),
  ),
  time('coverageCells', () => coverageCells(input)),
  time('laborSummary', () => laborSummary(input)),
  time('assignmentFindings, one open shift × one person', (i) =>
    assignmentFindings(input, openShifts[i % openShifts.length]!.id, `e${(i * 7) % EMPLOYEES}`),
  ),
  time(
    `assignmentFindings, one open shift × all ${EMPLOYEES} people (assignee picker)`,
    (i) => {
      const id = openShifts[i % openShifts.length]!.id;
      for (let e = 0; e < EMPLOYEES; e++) assignmentFindings(input, id, `e${e}`);
    },
    20,
  ),
];

const cpu = os.cpus();
const machine = `${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}, Node ${process.versions.node}`;
const lines = [
  `Keel scheduling rule engine benchmark — ${machine}`,
  `roster: ${EMPLOYEES} people × ${DAYS} days (${FROM} to ${TO}), ${inPeriod.length} shifts in the period (${openShifts.length} open) + ${input.shifts.length - inPeriod.length} context shifts, ${input.coverage.length} coverage needs, ${input.availability.length} availability windows, ${input.timeOff.length} time-off blocks`,
  `findings of the full check: ${findings.length} (${[...byRule].map(([r, n]) => `${r} ${n}`).join(', ')})`,
  `median and p95 over the runs after ${WARMUP} warm-up calls; load average while running: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(', ')} (the machine is shared)`,
  '',
  '| call | median ms | p95 ms | runs |',
  '|---|---:|---:|---:|',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
];
for (const l of lines) console.log(l);

const out = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'results',
  'scheduling-rules.md',
);
fs.writeFileSync(
  out,
  `# bench:scheduling-rules — ${new Date().toISOString().slice(0, 10)}\n\n` +
    '`npm run bench:scheduling-rules`: the pure rule engine (`@keel/scheduling-rules`) in one Node ' +
    'process on a seeded, generated roster (see the header of `bench/scheduling-rules.bench.ts`). ' +
    'Target: a full check of a 4-week roster for 200 employees (~5,000 shifts) under 100 ms.\n\n' +
    `\`\`\`\n${lines.join('\n')}\n\`\`\`\n`,
);
console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
