import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp, migrate } from './app.js';
import { DEMO_PASSWORD, DEMO_USERS, hasAnyOrganization, seedDemo } from './demo/seed.js';
import { reindexAll, SEARCH_INDEX_MIGRATION } from './modules/search/index.js';
import { loadConfig } from './platform/config.js';
import { startJobTimer } from './platform/jobs/jobs.js';
import { createRuntime } from './runtime.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const WEB_DIST = path.resolve(here, '../../web/dist');

/** config → database → migrations → (demo) → app → listen. */
async function main() {
  const config = loadConfig();
  const runtime = createRuntime(config, {
    pretty: process.stdout.isTTY && config.env !== 'production',
  });
  const { deps } = runtime;
  deps.log.info(`database: ${runtime.database.describe}`);
  const migrated = await migrate(deps);
  // An existing database that just gained the search index gets its records indexed once.
  if (migrated.results?.some((r) => r.migrationName === SEARCH_INDEX_MIGRATION)) {
    const indexed = await reindexAll(deps);
    if (indexed.length)
      deps.log.info(
        `search index built: ${indexed.reduce((n, r) => n + r.documents, 0)} documents`,
      );
  }
  if (config.seedDemo && !(await hasAnyOrganization(deps.db))) {
    deps.log.info('first start: seeding the demo organization…');
    await seedDemo(deps);
  }
  const app = await buildApp({ deps, webDir: WEB_DIST });
  const mailTimer = setInterval(() => void deps.mailer.flush(), 30_000);
  // Services flush after each commit; the timer catches what a crash left in the outbox.
  const eventTimer = setInterval(() => void deps.events.flush(), 5_000);
  void deps.mailer.flush();
  void deps.events.flush();
  const stopJobs = startJobTimer(deps);
  const shutdown = async (signal: string) => {
    deps.log.info(`${signal}: shutting down`);
    clearInterval(mailTimer);
    clearInterval(eventTimer);
    stopJobs();
    await app.close();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  const url = config.publicUrl;
  const lines = [
    '',
    `  Keel is running at ${url}`,
    `  API reference: ${url}/api/docs`,
    `  Database: ${runtime.database.describe}`,
    `  Mail: ${deps.mailer.mode === 'smtp' ? 'SMTP' : 'kept in the outbox (Administration → Mail outbox)'}`,
  ];
  if (config.seedDemo) {
    lines.push('', `  Demo sign-ins (password "${DEMO_PASSWORD}"):`);
    for (const u of DEMO_USERS) lines.push(`    ${u.email.padEnd(30)} ${u.label}`);
  }
  console.log(`${lines.join('\n')}\n`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
