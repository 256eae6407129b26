import { isUniqueViolation } from '../db/errors.js';
import type { Deps } from '../deps.js';
import type { Job } from '../registry.js';

/**
 * Runs `job` for the period `now` falls in, unless a run for that period was already claimed
 * (by this or another server copy): the (job, period) primary key is the lock. Returns whether
 * this call ran it. A failed run keeps its claim with the error recorded; the next period runs.
 */
export async function runJobOnce(deps: Deps, job: Job, now: Date): Promise<boolean> {
  const period = job.period(now);
  try {
    await deps.db
      .insertInto('job_runs')
      .values({
        job: job.name,
        period,
        started_at: now.toISOString(),
        finished_at: null,
        error: null,
      })
      .execute();
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
  let error: string | null = null;
  try {
    await job.run(deps, now);
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
    deps.log.error({ err, job: job.name, period }, 'job failed');
  }
  await deps.db
    .updateTable('job_runs')
    .set({ finished_at: deps.clock.now().toISOString(), error })
    .where('job', '=', job.name)
    .where('period', '=', period)
    .execute();
  return true;
}

/** The platform's own housekeeping: dispatched domain events are kept a week. */
const PLATFORM_JOBS: Job[] = [
  {
    name: 'platform.events.prune',
    period: (now) => now.toISOString().slice(0, 10),
    run: (deps) => deps.events.prune(7),
  },
];

/** Runs every due job now, one after another. */
export async function runDueJobs(deps: Deps): Promise<void> {
  for (const job of [...PLATFORM_JOBS, ...deps.registry.jobs]) {
    await runJobOnce(deps, job, deps.clock.now());
  }
  await deps.events.flush();
  await deps.mailer.flush();
}

/** Period helpers: a job keyed by hour runs at most once an hour, and so on. */
export const periods = {
  minutes: (n: number) => (now: Date) => {
    const slot = Math.floor(now.getTime() / (n * 60_000));
    return `m${n}:${slot}`;
  },
  hourly: (now: Date) => now.toISOString().slice(0, 13),
  daily: (now: Date) => now.toISOString().slice(0, 10),
};

/** Ticks every `everyMs` in a running server (not in tests: they call `runDueJobs`). */
export function startJobTimer(deps: Deps, everyMs = 60_000): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runDueJobs(deps);
    } catch (err) {
      deps.log.error({ err }, 'job tick failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  void tick();
  return () => clearInterval(timer);
}
