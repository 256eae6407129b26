/**
 * Property tests: an independent brute-force oracle of every rule (written from the rule
 * definitions in README.md, sharing no code with the engine), violation injection per rule,
 * incremental checks, and labor invariants.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assignmentFindings,
  checkRoster,
  type Finding,
  laborSummary,
  type RosterInput,
  type RosterShift,
  RULE_CODES,
  type RuleCode,
  type WorkRules,
} from './index.js';
import { at, employee, noRules, roster, SHIFT_TYPES, typedShift } from './test-support.js';

const FROM = '2026-11-23';
const DAYS = 14;
const DAY_MS = 86_400_000;
const COVERAGE: RuleCode[] = ['under_coverage', 'over_coverage'];

// ── Naive calendar (Date objects, no engine code) ────────────────────────────────────────────
const plus = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const utcDay = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
const TO = plus(FROM, DAYS - 1);
const inPeriod = (date: string) => date >= FROM && date <= TO;

// ── Generators ───────────────────────────────────────────────────────────────────────────────
const PEOPLE = ['p0', 'p1', 'p2'];
const POSITIONS = [
  { id: 'fork', name: 'Forklift Operator', requires: ['forklift'] },
  { id: 'lead', name: 'Line Lead', requires: ['First Aid', 'Forklift'] },
  { id: 'pick', name: 'Picker', requires: [] },
];
const TIMES: Record<string, [number, number]> = { E: [6, 14], L: [14, 22], N: [22, 30] };

/** A generator of rosters; `lax` rosters have few shifts and mostly no limits (often clean). */
function rosterArbitrary(lax: boolean): fc.Arbitrary<RosterInput> {
  const maybe = <T>(arb: fc.Arbitrary<T>) =>
    fc.oneof({ arbitrary: fc.constant(null), weight: lax ? 5 : 1 }, { arbitrary: arb, weight: 1 });

  const rulesArb: fc.Arbitrary<WorkRules> = fc.record({
    maxMinutesPerWeek: maybe(fc.integer({ min: 480, max: 3000 })),
    minShiftsPerPeriod: maybe(fc.integer({ min: 0, max: 5 })),
    maxShiftsPerPeriod: maybe(fc.integer({ min: 0, max: 8 })),
    maxConsecutiveDays: maybe(fc.integer({ min: 1, max: 5 })),
    minConsecutiveDaysOff: maybe(fc.integer({ min: 1, max: 3 })),
    minRestMinutes: maybe(fc.integer({ min: 0, max: 720 })),
    maxWeekendsPerPeriod: maybe(fc.integer({ min: 0, max: 2 })),
    maxShiftsOfType: fc.array(
      fc.record({
        shiftTypeId: fc.constantFrom('E', 'L', 'N'),
        max: fc.integer({ min: 0, max: 3 }),
      }),
      { maxLength: 1 },
    ),
    overtimeAfterMinutesPerWeek: maybe(fc.integer({ min: 480, max: 2400 })),
    overtimeAfterMinutesPerDay: maybe(fc.integer({ min: 240, max: 600 })),
    overtimeMultiplier: fc.constantFrom(1, 1.5, 2),
    allowSplitShifts: fc.boolean(),
  });

  const shiftSpecArb = fc.record({
    who: fc.constantFrom<string | null>('p0', 'p1', 'p2', 'p0', 'p1', null),
    day: fc.integer({ min: -4, max: DAYS + 3 }),
    kind: fc.constantFrom('E', 'L', 'N', 'custom'),
    from: fc.integer({ min: 0, max: 47 }), // half hours
    length: fc.integer({ min: 1, max: 24 }), // half hours
    breakMin: fc.constantFrom(0, 30),
    positionId: fc.constantFrom<string | null>(null, null, 'fork', 'lead', 'pick'),
  });

  const windowArb = fc.record({
    who: fc.constantFrom(...PEOPLE),
    kind: fc.constantFrom<'unavailable' | 'prefer'>('unavailable', 'prefer'),
    day: fc.integer({ min: -1, max: DAYS }),
    from: fc.integer({ min: 0, max: 47 }),
    length: fc.integer({ min: 1, max: 96 }),
  });

  return fc
    .record({
      weekStartsOn: fc.integer({ min: 1, max: 7 }),
      people: fc.array(
        fc.record({
          rules: rulesArb,
          rate: maybe(fc.integer({ min: 1000, max: 4000 })),
          quals: fc.array(
            fc.record({
              name: fc.constantFrom('Forklift', 'FORKLIFT', 'first aid'),
              validUntil: maybe(fc.integer({ min: -2, max: DAYS })),
            }),
            { maxLength: 3 },
          ),
        }),
        { minLength: 3, maxLength: 3 },
      ),
      shifts: fc.array(shiftSpecArb, { maxLength: lax ? 6 : 14 }),
      windows: fc.array(windowArb, { maxLength: lax ? 1 : 3 }),
      coverage: fc.array(
        fc.record({
          day: fc.integer({ min: 0, max: DAYS - 1 }),
          type: fc.constantFrom('E', 'L', 'N'),
          positionId: fc.constantFrom<string | null>(null, 'fork'),
          min: fc.integer({ min: 0, max: 2 }),
          extra: fc.integer({ min: 0, max: 2 }),
        }),
        { maxLength: lax ? 1 : 3 },
      ),
    })
    .map((g) => {
      const shifts: RosterShift[] = g.shifts.map((s, i) => {
        const date = plus(FROM, s.day);
        const [fromH, toH] =
          s.kind === 'custom' ? [s.from / 2, (s.from + s.length) / 2] : TIMES[s.kind]!;
        return {
          id: `s${String(i).padStart(2, '0')}`,
          employeeId: s.who,
          siteId: 'site',
          date,
          start: at(date, fromH),
          end: at(date, toH),
          paidMinutes: (toH - fromH) * 60 - s.breakMin,
          shiftTypeId: s.kind === 'custom' ? null : s.kind,
          positionId: s.positionId,
          ...(inPeriod(date) ? {} : { context: true }),
        };
      });
      return roster({
        period: { from: FROM, to: TO, weekStartsOn: g.weekStartsOn },
        employees: g.people.map((p, i) =>
          employee(`p${i}`, `Person ${i}`, {
            rules: p.rules,
            hourlyRateMinor: p.rate,
            qualifications: p.quals.map((q) => ({
              name: q.name,
              validUntil: q.validUntil === null ? null : plus(FROM, q.validUntil),
            })),
          }),
        ),
        positions: POSITIONS,
        shifts,
        availability: g.windows.map((w) => ({
          employeeId: w.who,
          kind: w.kind,
          start: at(plus(FROM, w.day), w.from / 2),
          end: at(plus(FROM, w.day), (w.from + w.length) / 2),
          label: 'window',
        })),
        timeOff: g.windows
          .filter((w) => w.kind === 'prefer')
          .map((w) => ({
            employeeId: w.who,
            start: at(plus(FROM, w.day + 1), w.from / 2),
            end: at(plus(FROM, w.day + 1), (w.from + w.length) / 2),
            label: 'Vacation',
          })),
        coverage: g.coverage.map((c) => ({
          siteId: 'site',
          date: plus(FROM, c.day),
          shiftTypeId: c.type,
          positionId: c.positionId,
          min: c.min,
          ideal: c.min + c.extra,
        })),
      });
    });
}

const rosterArb = fc.oneof(rosterArbitrary(false), rosterArbitrary(true));

// ── The oracle: every rule by brute force ────────────────────────────────────────────────────
function key(rule: string, who: string | null, date: string | null, ids: string[]): string {
  return `${rule}|${who ?? ''}|${date ?? ''}|${[...ids].sort().join(',')}`;
}
const engineKeys = (fs: Finding[]) =>
  fs.map((f) => key(f.rule, f.employeeIds[0] ?? null, f.date, f.shiftIds)).sort();

function oracle(input: RosterInput): string[] {
  const out: string[] = [];
  const people = new Map(input.employees.map((e) => [e.id, e]));
  const ws = input.period.weekStartsOn % 7; // as getUTCDay
  const weekOf = (date: string) => {
    let d = date;
    while (utcDay(d) !== ws) d = plus(d, -1);
    return d;
  };
  const ids = (list: RosterShift[]) => list.map((s) => s.id);
  const order = (a: RosterShift, b: RosterShift) =>
    a.start - b.start || a.end - b.end || (a.id < b.id ? -1 : 1);
  const overlaps = (a: RosterShift, b: RosterShift) => a.start < b.end && b.start < a.end;
  const firstIn = (a: RosterShift, b: RosterShift) => (!a.context ? a.date : b.date);

  const who = new Set<string>([...people.keys()]);
  for (const s of input.shifts) if (s.employeeId) who.add(s.employeeId);
  for (const e of who) {
    const r: WorkRules = people.get(e)?.rules ?? noRules();
    const mine = input.shifts.filter((s) => s.employeeId === e).sort(order);
    const own = mine.filter((s) => !s.context);
    for (let i = 0; i < mine.length; i++) {
      for (let j = i + 1; j < mine.length; j++) {
        const a = mine[i]!;
        const b = mine[j]!;
        if (a.context && b.context) continue;
        if (overlaps(a, b)) out.push(key('overlap', e, firstIn(a, b), [a.id, b.id]));
        else if (!r.allowSplitShifts && a.date === b.date)
          out.push(key('split_shift', e, a.date, [a.id, b.id]));
        // rest: b is the very next shift after a
        if (
          r.minRestMinutes !== null &&
          j === i + 1 &&
          !overlaps(a, b) &&
          !(r.allowSplitShifts && a.date === b.date) &&
          (b.start - a.end) / 60_000 < r.minRestMinutes
        )
          out.push(key('rest', e, firstIn(a, b), [a.id, b.id]));
      }
    }
    // weeks
    const weeks = new Set(mine.map((s) => weekOf(s.date)));
    for (const w of weeks) {
      const days = Array.from({ length: 7 }, (_, k) => plus(w, k));
      if (!days.some(inPeriod)) continue;
      const list = mine.filter((s) => days.includes(s.date));
      const total = list.reduce((t, s) => t + s.paidMinutes, 0);
      if (r.maxMinutesPerWeek !== null && total > r.maxMinutesPerWeek)
        out.push(key('max_hours_week', e, w, ids(list)));
      if (r.overtimeAfterMinutesPerWeek !== null && total > r.overtimeAfterMinutesPerWeek)
        out.push(key('overtime', e, w, ids(list)));
    }
    for (const d of new Set(mine.map((s) => s.date))) {
      const list = mine.filter((s) => s.date === d);
      const total = list.reduce((t, s) => t + s.paidMinutes, 0);
      if (
        r.overtimeAfterMinutesPerDay !== null &&
        list.some((s) => !s.context) &&
        total > r.overtimeAfterMinutesPerDay
      )
        out.push(key('overtime', e, d, ids(list)));
    }
    if (people.has(e) && r.minShiftsPerPeriod !== null && own.length < r.minShiftsPerPeriod)
      out.push(key('min_shifts_period', e, null, []));
    if (r.maxShiftsPerPeriod !== null && own.length > r.maxShiftsPerPeriod)
      out.push(key('max_shifts_period', e, null, ids(own)));
    const weekendShifts = own.filter((s) => utcDay(s.date) === 6 || utcDay(s.date) === 0);
    const saturdays = new Set(
      weekendShifts.map((s) => (utcDay(s.date) === 6 ? s.date : plus(s.date, -1))),
    );
    if (r.maxWeekendsPerPeriod !== null && saturdays.size > r.maxWeekendsPerPeriod)
      out.push(key('max_weekends', e, null, ids(weekendShifts)));
    for (const t of r.maxShiftsOfType) {
      const list = own.filter((s) => s.shiftTypeId === t.shiftTypeId);
      if (list.length > t.max) out.push(key('max_shifts_of_type', e, null, ids(list)));
    }
    // runs of working days
    const working = new Set(mine.map((s) => s.date));
    for (const d of working) {
      if (working.has(plus(d, -1))) continue;
      const run = [d];
      while (working.has(plus(run[run.length - 1]!, 1))) run.push(plus(run[run.length - 1]!, 1));
      if (r.maxConsecutiveDays !== null && run.length > r.maxConsecutiveDays && run.some(inPeriod))
        out.push(key('max_consecutive_days', e, d, ids(mine.filter((s) => run.includes(s.date)))));
    }
    if (r.minConsecutiveDaysOff !== null) {
      for (const d of working) {
        if (working.has(plus(d, 1))) continue;
        let off = 1;
        while (off < 40 && !working.has(plus(d, off + 1))) off++;
        if (off >= 40) continue; // no later working day
        const next = plus(d, off + 1);
        const span = Array.from({ length: off + 2 }, (_, k) => plus(d, k));
        if (off < r.minConsecutiveDaysOff && span.some(inPeriod))
          out.push(
            key(
              'min_days_off',
              e,
              plus(d, 1),
              ids(mine.filter((s) => s.date === d || s.date === next)),
            ),
          );
      }
    }
    for (const s of own) {
      for (const w of input.availability)
        if (w.employeeId === e && w.kind === 'unavailable' && w.start < s.end && s.start < w.end)
          out.push(key('availability', e, s.date, [s.id]));
      for (const b of input.timeOff)
        if (b.employeeId === e && b.start < s.end && s.start < b.end)
          out.push(key('time_off', e, s.date, [s.id]));
      const position = input.positions.find((p) => p.id === s.positionId);
      for (const req of position?.requires ?? []) {
        const ok = (people.get(e)?.qualifications ?? []).some(
          (q) =>
            q.name.toLowerCase() === req.toLowerCase() &&
            (q.validUntil === null || q.validUntil >= s.date),
        );
        if (!ok) out.push(key('qualification', e, s.date, [s.id]));
      }
    }
  }
  for (const need of input.coverage) {
    const list = input.shifts.filter(
      (s) =>
        s.employeeId !== null &&
        !s.context &&
        s.date === need.date &&
        s.shiftTypeId === need.shiftTypeId &&
        (need.positionId === null || s.positionId === need.positionId),
    );
    if (list.length < need.min) out.push(key('under_coverage', null, need.date, ids(list)));
    else if (list.length > need.ideal) out.push(key('over_coverage', null, need.date, ids(list)));
  }
  return out.sort();
}

// ── Properties ───────────────────────────────────────────────────────────────────────────────
describe('checkRoster against a brute-force oracle', () => {
  it('a roster without findings satisfies every rule, and the findings are exactly the violations', () => {
    let clean = 0;
    fc.assert(
      fc.property(rosterArb, (input) => {
        const findings = checkRoster(input);
        const expected = oracle(input);
        if (findings.length === 0) {
          clean++;
          expect(expected).toEqual([]);
        }
        expect(engineKeys(findings)).toEqual(expected);
      }),
      { numRuns: 400 },
    );
    // The generator must produce clean rosters often enough for the first claim to mean something.
    // (about one in ten is clean: at least 10 of 400 is far below the ~35 expected)
    expect(clean).toBeGreaterThanOrEqual(10);
  });

  it('names every person and shift it mentions, and sorts deterministically', () => {
    fc.assert(
      fc.property(rosterArb, (input) => {
        const findings = checkRoster(input);
        const shiftIds = new Set(input.shifts.map((s) => s.id));
        for (const f of findings) {
          for (const id of f.shiftIds) expect(shiftIds.has(id)).toBe(true);
          for (const id of f.employeeIds)
            expect(f.message).toContain(input.employees.find((e) => e.id === id)!.name);
          expect(COVERAGE.includes(f.rule)).toBe(f.employeeIds.length === 0);
        }
        const reversed = { ...input, shifts: [...input.shifts].reverse() };
        expect(checkRoster(reversed)).toEqual(findings);
      }),
      { numRuns: 150 },
    );
  });
});

// ── Injection: a valid roster + one violation of rule R → a finding of R ─────────────────────
const validArb: fc.Arbitrary<ValidRoster> = fc
  .record({
    days: fc.uniqueArray(fc.integer({ min: 0, max: DAYS - 1 }), { minLength: 2, maxLength: 9 }),
    type: fc.constantFrom<'E' | 'L' | 'N'>('E', 'L', 'N'),
    pick: fc.nat(),
    weekStartsOn: fc.integer({ min: 1, max: 7 }),
  })
  .map(({ days, type, pick, weekStartsOn }) => {
    const sorted = [...days].sort((a, b) => a - b);
    const input = roster({
      period: { from: FROM, to: TO, weekStartsOn },
      employees: [employee('ana', 'Ana Lima'), employee('bo', 'Bo Chen')],
      positions: POSITIONS,
      shifts: sorted.map((d, i) => typedShift(`a${i}`, 'ana', plus(FROM, d), type)),
    });
    return { input, target: input.shifts[pick % input.shifts.length]!, days: sorted };
  });

type Injected = { input: RosterInput; person: string | null; shiftIds: string[] };

interface ValidRoster {
  input: RosterInput;
  /** the shift the violation is built around */
  target: RosterShift;
  /** day offsets of Ana's shifts */
  days: number[];
}

function inject(rule: RuleCode, base: ValidRoster, k: number): Injected {
  const input: RosterInput = structuredClone(base.input);
  const target = input.shifts.find((s) => s.id === base.target.id)!;
  const ana = input.employees[0]!;
  const mine = input.shifts;
  const set = (rules: Partial<WorkRules>) => {
    ana.rules = { ...ana.rules, ...rules };
  };
  const add = (s: RosterShift) => {
    input.shifts.push(s);
    return s.id;
  };
  const sameWeek = (s: RosterShift) => {
    const ws = input.period.weekStartsOn % 7;
    let w = target.date;
    while (utcDay(w) !== ws) w = plus(w, -1);
    return s.date >= w && s.date <= plus(w, 6);
  };
  switch (rule) {
    case 'overlap': {
      const x = add({
        ...target,
        id: 'x',
        start: target.start + (k % 8) * 3_600_000,
        end: target.end + 3_600_000,
      });
      return { input, person: 'ana', shiftIds: [target.id, x] };
    }
    case 'split_shift': {
      set({ allowSplitShifts: false });
      const x = add({
        ...target,
        id: 'x',
        start: target.end + 3_600_000,
        end: target.end + 7_200_000,
        shiftTypeId: null,
      });
      return { input, person: 'ana', shiftIds: [target.id, x] };
    }
    case 'rest': {
      const gap = 60 + (k % 300);
      set({ minRestMinutes: gap + 1 });
      const x = add({
        ...target,
        id: 'x',
        start: target.end + gap * 60_000,
        end: target.end + (gap + 60) * 60_000,
        date: plus(target.date, 1),
        shiftTypeId: null,
      });
      // remove whatever would sit between the two
      input.shifts = input.shifts.filter(
        (s) =>
          s.id === 'x' ||
          s.id === target.id ||
          s.start >= target.end + (gap + 60) * 60_000 ||
          s.end <= target.start,
      );
      return { input, person: 'ana', shiftIds: [target.id, x] };
    }
    case 'max_hours_week': {
      const total = mine.filter(sameWeek).reduce((t, s) => t + s.paidMinutes, 0);
      set({ maxMinutesPerWeek: total - 1 - (k % 60) });
      return { input, person: 'ana', shiftIds: [target.id] };
    }
    case 'min_shifts_period':
      set({ minShiftsPerPeriod: mine.length + 1 + (k % 3) });
      return { input, person: 'ana', shiftIds: [] };
    case 'max_shifts_period':
      set({ maxShiftsPerPeriod: mine.length - 1 - (k % mine.length) });
      return { input, person: 'ana', shiftIds: [target.id] };
    case 'max_consecutive_days': {
      const d = (Date.parse(target.date) - Date.parse(FROM)) / DAY_MS;
      let run = 1;
      while (base.days.includes(d + run)) run++;
      let back = 0;
      while (base.days.includes(d - back - 1)) back++;
      set({ maxConsecutiveDays: run + back - 1 });
      return { input, person: 'ana', shiftIds: [target.id] };
    }
    case 'min_days_off': {
      // work again two days after the target, with nothing in between
      const next = plus(target.date, 2);
      input.shifts = input.shifts.filter((s) => s.date !== plus(target.date, 1));
      const x =
        input.shifts.find((s) => s.date === next)?.id ?? add(typedShift('x', 'ana', next, 'E'));
      set({ minConsecutiveDaysOff: 2 + (k % 2) });
      return { input, person: 'ana', shiftIds: [target.id, x] };
    }
    case 'max_weekends': {
      const saturday = plus(FROM, 5 + 7 * (k % 2));
      const x =
        input.shifts.find((s) => s.date === saturday)?.id ??
        add(typedShift('x', 'ana', saturday, 'E'));
      // (an injected E shift may break other rules; only max_weekends is asserted)
      const weekends = new Set(
        input.shifts
          .filter((s) => utcDay(s.date) === 6 || utcDay(s.date) === 0)
          .map((s) => (utcDay(s.date) === 6 ? s.date : plus(s.date, -1))),
      );
      set({ maxWeekendsPerPeriod: weekends.size - 1 });
      return { input, person: 'ana', shiftIds: [x] };
    }
    case 'max_shifts_of_type': {
      const type = target.shiftTypeId!;
      const n = mine.filter((s) => s.shiftTypeId === type).length;
      set({ maxShiftsOfType: [{ shiftTypeId: type, max: n - 1 }] });
      return { input, person: 'ana', shiftIds: [target.id] };
    }
    case 'availability':
    case 'time_off': {
      const start = target.start + (k % 8) * 3_600_000 - 3_600_000;
      const window = { employeeId: 'ana', start, end: start + 7_200_000, label: 'Window' };
      if (rule === 'availability') input.availability.push({ ...window, kind: 'unavailable' });
      else input.timeOff.push(window);
      // a preference on every shift never matters
      input.availability.push({ ...window, kind: 'prefer', start: 0, end: 2 ** 52 });
      return { input, person: 'ana', shiftIds: [target.id] };
    }
    case 'qualification': {
      target.positionId = k % 2 ? 'fork' : 'lead';
      if (k % 3 === 0)
        ana.qualifications = [{ name: 'FORKLIFT', validUntil: plus(target.date, -1) }];
      return { input, person: 'ana', shiftIds: [target.id] };
    }
    case 'under_coverage':
    case 'over_coverage': {
      const n = mine.filter(
        (s) => s.date === target.date && s.shiftTypeId === target.shiftTypeId,
      ).length;
      input.coverage.push({
        siteId: 'site',
        date: target.date,
        shiftTypeId: target.shiftTypeId!,
        positionId: null,
        min: rule === 'under_coverage' ? n + 1 : 0,
        ideal: rule === 'under_coverage' ? n + 2 : n - 1,
      });
      return { input, person: null, shiftIds: [target.id] };
    }
    case 'overtime': {
      if (k % 2) set({ overtimeAfterMinutesPerDay: target.paidMinutes - 1 });
      else set({ overtimeAfterMinutesPerWeek: target.paidMinutes - 30 });
      return { input, person: 'ana', shiftIds: [target.id] };
    }
  }
}

describe('each rule detects its own violations', () => {
  it('the generated rosters are valid before the injection', () => {
    fc.assert(
      fc.property(validArb, ({ input }) => {
        expect(checkRoster(input)).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });
  for (const rule of RULE_CODES) {
    it(`${rule}: an injected violation is reported, naming the person and shifts`, () => {
      fc.assert(
        fc.property(validArb, fc.nat(1000), (base, k) => {
          const { input, person, shiftIds } = inject(rule, base, k);
          const hits = checkRoster(input).filter((f) => f.rule === rule);
          expect(hits.length).toBeGreaterThan(0);
          const hit = hits.find((f) => shiftIds.every((id) => f.shiftIds.includes(id)));
          expect(hit, JSON.stringify(hits)).toBeDefined();
          expect(hit!.employeeIds).toEqual(person ? [person] : []);
          if (person) expect(hit!.message).toContain('Ana Lima');
        }),
        { numRuns: 40 },
      );
    });
  }
});

// ── Incremental ─────────────────────────────────────────────────────────────────────────────
describe('incremental checks', () => {
  it('checking one person equals the full check filtered to that person’s rules', () => {
    fc.assert(
      fc.property(rosterArb, fc.constantFrom(...PEOPLE), (input, e) => {
        const full = checkRoster(input).filter(
          (f) => !COVERAGE.includes(f.rule) && f.employeeIds.includes(e),
        );
        expect(checkRoster(input, { employeeIds: [e] })).toEqual(full);
      }),
      { numRuns: 200 },
    );
  });

  it('coverage for some dates equals the full coverage findings on those dates', () => {
    fc.assert(
      fc.property(rosterArb, fc.integer({ min: 0, max: DAYS - 1 }), (input, d) => {
        const date = plus(FROM, d);
        const full = checkRoster(input).filter((f) => COVERAGE.includes(f.rule) && f.date === date);
        expect(checkRoster(input, { employeeIds: [], dates: [date] })).toEqual(full);
      }),
      { numRuns: 150 },
    );
  });

  it('assignmentFindings are the new findings of the person after the assignment', () => {
    fc.assert(
      fc.property(rosterArb, fc.nat(), fc.constantFrom(...PEOPLE), (input, i, e) => {
        fc.pre(input.shifts.length > 0);
        const shift = input.shifts[i % input.shifts.length]!;
        const added = assignmentFindings(input, shift.id, e);
        const after = {
          ...input,
          shifts: input.shifts.map((s) => (s.id === shift.id ? { ...s, employeeId: e } : s)),
        };
        const afterKeys = engineKeys(checkRoster(after, { employeeIds: [e] }));
        const beforeKeys = engineKeys(checkRoster(input, { employeeIds: [e] }));
        for (const k of engineKeys(added)) {
          expect(afterKeys).toContain(k);
          if (shift.employeeId !== e) expect(beforeKeys).not.toContain(k);
        }
        // and nothing new is left out
        const remaining = [...beforeKeys];
        const missing = afterKeys.filter((k) => {
          const at = remaining.indexOf(k);
          if (at >= 0) remaining.splice(at, 1);
          return at < 0;
        });
        expect(engineKeys(added)).toEqual(shift.employeeId === e ? [] : missing);
      }),
      { numRuns: 200 },
    );
  });
});

// ── Labor ────────────────────────────────────────────────────────────────────────────────────
describe('labor summary invariants', () => {
  it('paid = regular + overtime, totals add up, costs follow the rate and multiplier', () => {
    fc.assert(
      fc.property(rosterArb, (input) => {
        const labor = laborSummary(input);
        const assigned = input.shifts.filter((s) => s.employeeId !== null && !s.context);
        expect(labor.lines.reduce((t, l) => t + l.paidMinutes, 0)).toBe(
          assigned.reduce((t, s) => t + s.paidMinutes, 0),
        );
        for (const l of labor.lines) {
          const e = input.employees.find((x) => x.id === l.employeeId)!;
          expect(l.overtimeMinutes).toBeGreaterThanOrEqual(0);
          expect(l.overtimeMinutes).toBeLessThanOrEqual(Math.max(0, l.paidMinutes));
          const regular = l.paidMinutes - l.overtimeMinutes;
          expect(regular + l.overtimeMinutes).toBe(l.paidMinutes);
          if (e.hourlyRateMinor === null) {
            expect(l.costMinor).toBeNull();
            expect(labor.unratedEmployeeIds).toContain(e.id);
          } else {
            expect(l.costMinor).toBe(
              Math.round(
                (regular * e.hourlyRateMinor) / 60 +
                  (l.overtimeMinutes * e.hourlyRateMinor * e.rules.overtimeMultiplier) / 60,
              ),
            );
          }
          if (
            e.rules.overtimeAfterMinutesPerDay === null &&
            e.rules.overtimeAfterMinutesPerWeek === null
          )
            expect(l.overtimeMinutes).toBe(0);
          if (
            e.rules.overtimeAfterMinutesPerDay !== null &&
            e.rules.overtimeAfterMinutesPerWeek === null
          ) {
            const day = input.shifts
              .filter((s) => s.employeeId === e.id && s.date === l.date)
              .reduce((t, s) => t + s.paidMinutes, 0);
            expect(l.overtimeMinutes).toBe(Math.max(0, day - e.rules.overtimeAfterMinutesPerDay));
          }
        }
        const sum = (k: 'paidMinutes' | 'overtimeMinutes' | 'costMinor', m: typeof labor.byDate) =>
          Object.values(m).reduce((t, v) => t + v[k], 0);
        for (const k of ['paidMinutes', 'overtimeMinutes', 'costMinor'] as const) {
          const lines = labor.lines.reduce((t, l) => t + (l[k] ?? 0), 0);
          expect(sum(k, labor.byDate)).toBe(lines);
          expect(sum(k, labor.byWeek)).toBe(lines);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('weekly overtime of a week is exactly the excess over the threshold (no daily threshold)', () => {
    fc.assert(
      fc.property(rosterArb, (input) => {
        for (const e of input.employees) e.rules = { ...e.rules, overtimeAfterMinutesPerDay: null };
        const labor = laborSummary(input);
        const ws = input.period.weekStartsOn % 7;
        for (const e of input.employees) {
          const limit = e.rules.overtimeAfterMinutesPerWeek;
          if (limit === null) continue;
          const mine = input.shifts.filter((s) => s.employeeId === e.id);
          const weeks = new Map<string, { total: number; context: boolean }>();
          for (const s of mine) {
            let w = s.date;
            while (utcDay(w) !== ws) w = plus(w, -1);
            const x = weeks.get(w) ?? { total: 0, context: false };
            x.total += s.paidMinutes;
            x.context ||= s.context === true;
            weeks.set(w, x);
          }
          for (const [w, x] of weeks) {
            if (x.context) continue; // part of the week's overtime falls on context shifts
            const ot = labor.lines
              .filter((l) => l.employeeId === e.id && l.date >= w && l.date <= plus(w, 6))
              .reduce((t, l) => t + l.overtimeMinutes, 0);
            expect(ot).toBe(Math.max(0, x.total - limit));
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

it('the shift types used by the generators are the ones the messages know', () => {
  expect(SHIFT_TYPES.map((t) => t.code)).toEqual(['E', 'L', 'N']);
});
