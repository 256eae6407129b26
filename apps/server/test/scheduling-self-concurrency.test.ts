import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, onPostgres, type TestApp } from './harness.js';
import {
  addQualified,
  buildScene,
  type Person,
  publishedShift,
  type Scene,
} from './scheduling-self-fixtures.js';

let t: TestApp;
let s: Scene;
let people: Person[];

beforeAll(async () => {
  t = await createTestApp();
  s = await buildScene(t);
  people = [s.sam, s.colin, await addQualified(t, s, 'Dana'), await addQualified(t, s, 'Eli')];
});
afterAll(() => t.close());

describe(`claiming an open shift at once (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  it('lets exactly one of many simultaneous claims win; the others get 409', async () => {
    const open = await publishedShift(s, '2026-11-28', null);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        people[i % people.length]!.client.post(`/api/scheduling/open-shifts/${open}/claim`),
      ),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409))
      expect(['SHIFT_ALREADY_TAKEN', 'SHIFT_ALREADY_YOURS']).toContain(r.json().code);
    const winner = results.find((r) => r.statusCode === 200)!.json().shift.id;
    expect(winner).toBe(open);
    const row = await t.deps.db
      .selectFrom('shifts')
      .select('employee_id')
      .where('id', '=', open)
      .executeTakeFirstOrThrow();
    expect(people.map((p) => p.employeeId)).toContain(row.employee_id);
  });

  it('lets each of several open shifts go to exactly one person', async () => {
    const shifts = [
      await publishedShift(s, '2026-12-01', null),
      await publishedShift(s, '2026-12-02', null),
    ];
    const results = await Promise.all(
      people.flatMap((p) =>
        shifts.map((id) => p.client.post(`/api/scheduling/open-shifts/${id}/claim`)),
      ),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(2);
    expect(results.filter((r) => r.statusCode >= 500)).toHaveLength(0);
  });
});
