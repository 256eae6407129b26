import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_WORK_RULES } from '../src/modules/scheduling/work-rules.js';
import { createTestApp, type TestApp } from './harness.js';
import { fieldsOf, ok, type PeopleScene, peopleScene } from './scheduling-people-fixtures.js';

// Availability, preferences, work rules and qualifications: validation naming fields, who may
// change whose, organization isolation.

let t: TestApp;
let s: PeopleScene;
let other: PeopleScene;

beforeAll(async () => {
  t = await createTestApp();
  s = await peopleScene(t);
  other = await peopleScene(t, 'Other Co');
});
afterAll(() => t.close());

describe('availability', () => {
  const win = (body: Record<string, unknown>, client = s.staff) =>
    client.post('/api/scheduling/availability/windows', {
      weekday: 2,
      startTime: '18:00',
      endTime: '23:00',
      ...body,
    });

  it('lists my windows and exceptions with readable labels', async () => {
    const w = await ok(win({ note: 'school pickup' }), 201);
    expect(w.label).toBe('Unavailable Tue 18:00–23:00 (school pickup)');
    const e = await ok(
      s.staff.post('/api/scheduling/availability/exceptions', {
        date: '2026-12-24',
        startTime: '12:00',
        endTime: '18:00',
      }),
      201,
    );
    expect(e).toMatchObject({ allDay: false, label: 'Unavailable 2026-12-24 12:00–18:00' });
    const mine = await ok(s.staff.get('/api/scheduling/availability'));
    expect(mine.employee.id).toBe(s.staffEmployeeId);
    expect(mine.site.timeZone).toBe('America/New_York');
    expect(mine.windows.map((x: { id: string }) => x.id)).toEqual([w.id]);
    expect(mine.exceptions.map((x: { id: string }) => x.id)).toEqual([e.id]);

    const changed = await ok(
      s.staff.patch(`/api/scheduling/availability/windows/${w.id}`, { endTime: '23:30' }),
    );
    expect(changed.endTime).toBe('23:30');
    await ok(s.staff.delete(`/api/scheduling/availability/exceptions/${e.id}`));
    expect((await ok(s.staff.get('/api/scheduling/availability'))).exceptions).toEqual([]);
  });

  it('names the field: same start and end, bad weekday, bad time, one time only, range order', async () => {
    expect(await fieldsOf(win({ startTime: '09:00', endTime: '09:00' }))).toContain('endTime');
    expect(await fieldsOf(win({ weekday: 8 }))).toContain('weekday');
    expect(await fieldsOf(win({ weekday: 0 }))).toContain('weekday');
    expect(await fieldsOf(win({ startTime: '25:00' }))).toContain('startTime');
    expect(await fieldsOf(win({ validFrom: '2026-12-10', validUntil: '2026-12-01' }))).toContain(
      'validUntil',
    );
    expect(
      await fieldsOf(
        s.staff.post('/api/scheduling/availability/exceptions', {
          date: '2026-12-24',
          startTime: '12:00',
        }),
      ),
    ).toContain('endTime');
    const w = await ok(win({}), 201);
    expect(
      await fieldsOf(
        s.staff.patch(`/api/scheduling/availability/windows/${w.id}`, { endTime: '18:00' }),
      ),
    ).toContain('endTime');
  });

  it('lets staff manage only their own; coordinators anyone’s in their sites', async () => {
    expect((await win({ employeeId: s.colleagueId })).statusCode).toBe(403);
    const theirs = await ok(win({ employeeId: s.colleagueId }, s.coordinator), 201);
    expect(theirs.employeeId).toBe(s.colleagueId);
    // staff cannot see, change or delete a colleague's window
    expect(
      (await s.staff.get(`/api/scheduling/availability?employeeId=${s.colleagueId}`)).statusCode,
    ).toBe(403);
    expect(
      (await s.staff.patch(`/api/scheduling/availability/windows/${theirs.id}`, { weekday: 3 }))
        .statusCode,
    ).toBe(404);
    expect(
      (await s.staff.delete(`/api/scheduling/availability/windows/${theirs.id}`)).statusCode,
    ).toBe(404);
    // viewers have no scheduling.self
    expect((await s.viewer.get('/api/scheduling/availability')).statusCode).toBe(403);
    // a member without an employee record gets 400 for "mine"
    expect((await s.owner.get('/api/scheduling/availability')).statusCode).toBe(400);
  });

  it('hides another organization’s records (404)', async () => {
    const theirs = await ok(
      other.staff.post('/api/scheduling/availability/windows', {
        weekday: 1,
        startTime: '08:00',
        endTime: '12:00',
      }),
      201,
    );
    expect(
      (await s.owner.patch(`/api/scheduling/availability/windows/${theirs.id}`, { weekday: 2 }))
        .statusCode,
    ).toBe(404);
    expect(
      (await s.owner.get(`/api/scheduling/availability?employeeId=${other.staffEmployeeId}`))
        .statusCode,
    ).toBe(404);
  });
});

describe('preferences', () => {
  it('needs exactly one of date and weekday, weight 1–10', async () => {
    expect(await fieldsOf(s.staff.post('/api/scheduling/preferences', { kind: 'want' }))).toContain(
      'date',
    );
    expect(
      await fieldsOf(
        s.staff.post('/api/scheduling/preferences', {
          kind: 'want',
          date: '2026-12-01',
          weekday: 2,
        }),
      ),
    ).toContain('date');
    expect(
      await fieldsOf(
        s.staff.post('/api/scheduling/preferences', { kind: 'want', weekday: 2, weight: 11 }),
      ),
    ).toContain('weight');
    expect(
      await fieldsOf(
        s.staff.post('/api/scheduling/preferences', {
          kind: 'want',
          weekday: 2,
          shiftTypeId: 'nope',
        }),
      ),
    ).toContain('shiftTypeId');
  });

  it('adds, changes and removes my preferences', async () => {
    const p = await ok(
      s.staff.post('/api/scheduling/preferences', { kind: 'avoid', weekday: 6, weight: 8 }),
      201,
    );
    expect(p).toMatchObject({ weekday: 6, date: null, kind: 'avoid', weight: 8, shiftType: null });
    const moved = await ok(
      s.staff.patch(`/api/scheduling/preferences/${p.id}`, { date: '2026-12-12' }),
    );
    expect(moved).toMatchObject({ date: '2026-12-12', weekday: null });
    const list = await ok(s.staff.get('/api/scheduling/preferences'));
    expect(list.items.map((x: { id: string }) => x.id)).toContain(p.id);
    expect((await s.coordinator.delete(`/api/scheduling/preferences/${p.id}`)).statusCode).toBe(
      200,
    );
  });
});

describe('work rules', () => {
  const set = (body: Record<string, unknown>) =>
    s.owner.post('/api/scheduling/work-rule-sets', {
      name: 'Full-time',
      employmentType: 'full_time',
      ...body,
      rules: { ...BUILTIN_WORK_RULES, ...((body.rules as object) ?? {}) },
    });

  it('validates rules with clear field errors', async () => {
    expect(await fieldsOf(set({ rules: { maxMinutesPerWeek: -60 } }))).toContain(
      'rules.maxMinutesPerWeek',
    );
    expect(
      await fieldsOf(set({ rules: { minShiftsPerPeriod: 10, maxShiftsPerPeriod: 5 } })),
    ).toContain('rules.minShiftsPerPeriod');
    expect(await fieldsOf(set({ rules: { overtimeMultiplier: 0.5 } }))).toContain(
      'rules.overtimeMultiplier',
    );
    expect(
      await fieldsOf(set({ rules: { maxShiftsOfType: [{ shiftTypeId: 'nope', max: 6 }] } })),
    ).toContain('rules.maxShiftsOfType.0.shiftTypeId');
    expect(
      await fieldsOf(
        s.owner.put(`/api/scheduling/employees/${s.colleagueId}/work-rules`, {
          rules: { minRestMinutes: -1 },
        }),
      ),
    ).toContain('rules.minRestMinutes');
  });

  it('keeps one set per contract type and one organization default', async () => {
    const a = await ok(set({}), 201);
    const dup = await set({ name: 'Again' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('WORK_RULE_SET_TYPE_TAKEN');
    const d1 = await ok(set({ name: 'Default 1', employmentType: null, isDefault: true }), 201);
    const d2 = await ok(set({ name: 'Default 2', employmentType: null, isDefault: true }), 201);
    const all = await ok(s.owner.get('/api/scheduling/work-rules'));
    const defaults = all.sets.filter((x: { isDefault: boolean }) => x.isDefault);
    expect(defaults.map((x: { id: string }) => x.id)).toEqual([d2.id]);
    expect(all.builtin).toEqual(BUILTIN_WORK_RULES);
    const renamed = await ok(
      s.owner.patch(`/api/scheduling/work-rule-sets/${a.id}`, {
        rules: { ...BUILTIN_WORK_RULES, maxMinutesPerWeek: 50 * 60 },
      }),
    );
    expect(renamed.rules.maxMinutesPerWeek).toBe(3000);
    await ok(s.owner.delete(`/api/scheduling/work-rule-sets/${d1.id}`));
    expect((await other.owner.delete(`/api/scheduling/work-rule-sets/${d2.id}`)).statusCode).toBe(
      404,
    );
  });

  it('lists people with their effective rules and overrides; staff may not', async () => {
    await ok(
      s.coordinator.put(`/api/scheduling/employees/${s.staffEmployeeId}/work-rules`, {
        rules: { maxConsecutiveDays: 5 },
      }),
    );
    const list = await ok(s.coordinator.get('/api/scheduling/employee-work-rules?q=sam'));
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      employee: { id: s.staffEmployeeId },
      override: { maxConsecutiveDays: 5 },
      effective: { maxConsecutiveDays: 5 },
      sources: { maxConsecutiveDays: 'employee' },
    });
    const overridden = await ok(
      s.coordinator.get('/api/scheduling/employee-work-rules?overridden=true'),
    );
    expect(overridden.items.map((x: { employee: { id: string } }) => x.employee.id)).toEqual([
      s.staffEmployeeId,
    ]);
    const cleared = await ok(
      s.coordinator.delete(`/api/scheduling/employees/${s.staffEmployeeId}/work-rules`),
    );
    expect(cleared.override).toBeNull();
    expect((await s.staff.get('/api/scheduling/work-rules')).statusCode).toBe(403);
    expect(
      (await s.owner.get(`/api/scheduling/employees/${other.staffEmployeeId}/work-rules`))
        .statusCode,
    ).toBe(404);
  });
});

describe('qualifications', () => {
  it('adds, lists with status, renews and removes certifications', async () => {
    const q = await ok(
      s.coordinator.post(`/api/employees/${s.staffEmployeeId}/qualifications`, {
        name: 'Forklift (counterbalance)',
        issuedOn: '2023-12-01',
        expiresOn: '2026-12-05',
      }),
      201,
    );
    expect(q.status).toBe('expiring'); // within 30 days of 2026-11-25
    const dup = await s.coordinator.post(`/api/employees/${s.staffEmployeeId}/qualifications`, {
      name: 'forklift (COUNTERBALANCE)',
    });
    expect(dup.statusCode).toBe(409);
    const list = await ok(s.viewer.get(`/api/employees/${s.staffEmployeeId}/qualifications`));
    expect(list.skills).toEqual(['CNC machining']);
    expect(list.items).toHaveLength(1);
    const renewed = await ok(
      s.coordinator.patch(`/api/employee-qualifications/${q.id}`, { expiresOn: '2029-12-05' }),
    );
    expect(renewed.status).toBe('valid');
    const expired = await ok(
      s.coordinator.post(`/api/employees/${s.staffEmployeeId}/qualifications`, {
        name: 'First aid',
        expiresOn: '2026-01-01',
      }),
      201,
    );
    expect(expired.status).toBe('expired');
    await ok(s.coordinator.delete(`/api/employee-qualifications/${expired.id}`));
  });

  it('requires expiresOn ≥ issuedOn, people.manage to write, and hides other organizations', async () => {
    expect(
      await fieldsOf(
        s.coordinator.post(`/api/employees/${s.staffEmployeeId}/qualifications`, {
          name: 'Crane',
          issuedOn: '2026-05-01',
          expiresOn: '2026-04-01',
        }),
      ),
    ).toContain('expiresOn');
    expect(
      (await s.viewer.post(`/api/employees/${s.staffEmployeeId}/qualifications`, { name: 'X' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await other.owner.get(`/api/employees/${s.staffEmployeeId}/qualifications`)).statusCode,
    ).toBe(404);
    const mine = (await ok(s.owner.get(`/api/employees/${s.staffEmployeeId}/qualifications`)))
      .items[0];
    expect((await other.owner.delete(`/api/employee-qualifications/${mine.id}`)).statusCode).toBe(
      404,
    );
  });

  it('stores a position’s required skills', async () => {
    const p = await ok(
      s.owner.post('/api/positions', {
        title: 'Forklift Operator',
        requiredSkills: ['Forklift (counterbalance)', 'Forklift (counterbalance)'],
      }),
      201,
    );
    expect(p.requiredSkills).toEqual(['Forklift (counterbalance)']);
    const changed = await ok(
      s.owner.patch(`/api/positions/${p.id}`, { requiredSkills: ['Forklift (reach)'] }),
    );
    expect(changed.requiredSkills).toEqual(['Forklift (reach)']);
    const { positionRequirements } = await import('../src/modules/people/index.js');
    expect(await positionRequirements(t.deps.db, s.org.orgId, [p.id])).toEqual([
      { id: p.id, name: 'Forklift Operator', requires: ['Forklift (reach)'], archived: false },
    ]);
  });
});
