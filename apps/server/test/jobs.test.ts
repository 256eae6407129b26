import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periods, runDueJobs, runJobOnce } from '../src/platform/jobs/jobs.js';
import type { Job } from '../src/platform/registry.js';
import { createTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const counting = (name: string, fail = false) => {
  const runs: string[] = [];
  const job: Job = {
    name,
    period: periods.hourly,
    run: async (_deps, now) => {
      runs.push(now.toISOString());
      if (fail) throw new Error('disk full');
    },
  };
  return { job, runs };
};

describe('runJobOnce', () => {
  it('runs a job once per period, however often it is called', async () => {
    const { job, runs } = counting('count-once');
    expect(await runJobOnce(t.deps, job, t.clock.now())).toBe(true);
    expect(await runJobOnce(t.deps, job, t.clock.now())).toBe(false);
    t.clock.advance(60 * 60_000);
    expect(await runJobOnce(t.deps, job, t.clock.now())).toBe(true);
    expect(runs).toHaveLength(2);
  });

  it('lets exactly one of several simultaneous callers (server copies) run it', async () => {
    const { job, runs } = counting('count-parallel');
    const results = await Promise.all(
      Array.from({ length: 5 }, () => runJobOnce(t.deps, job, t.clock.now())),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(runs).toHaveLength(1);
  });

  it('records a failure against its period and runs again in the next one', async () => {
    const { job, runs } = counting('count-fail', true);
    await runJobOnce(t.deps, job, t.clock.now());
    const row = await t.deps.db
      .selectFrom('job_runs')
      .selectAll()
      .where('job', '=', 'count-fail')
      .executeTakeFirstOrThrow();
    expect(row.error).toBe('disk full');
    expect(row.finished_at).not.toBeNull();
    t.clock.advance(60 * 60_000);
    expect(await runJobOnce(t.deps, job, t.clock.now())).toBe(true);
    expect(runs).toHaveLength(2);
  });
});

describe('runDueJobs', () => {
  it('prunes dispatched domain events older than a week, keeping newer and pending ones', async () => {
    const record = (entityId: string) =>
      t.deps.db.transaction().execute((trx) =>
        t.deps.events.record(trx, {
          orgId: 'org-x',
          type: 'test.changed',
          entityType: 'test',
          entityId,
          topics: ['tests'],
        }),
      );
    await record('old');
    await t.deps.events.flush();
    t.clock.advance(8 * 86_400_000);
    await record('new');
    await runDueJobs(t.deps);
    const left = await t.deps.db
      .selectFrom('domain_events')
      .select('entity_id')
      .where('org_id', '=', 'org-x')
      .execute();
    expect(left.map((r) => r.entity_id)).toEqual(['new']);
  });
});
