import fs from 'node:fs';
import { Command } from 'commander';
import { sql } from 'kysely';
import { z } from 'zod';
import { migrate } from './app.js';
import { DEMO_PASSWORD, DEMO_USERS, demoExists, seedDemo } from './demo/seed.js';
import {
  createOrganization,
  ensureUser,
  findOrganizationByName,
  grantOwnership,
} from './modules/accounts/index.js';
import { reindexAll } from './modules/search/index.js';
import { loadConfig } from './platform/config.js';
import { VERSION } from './platform/platform.routes.js';
import { createRuntime } from './runtime.js';

const program = new Command();
program
  .name('keel')
  .description('Keel operations platform — administration commands')
  .version(VERSION);

async function withRuntime<T>(
  fn: (rt: ReturnType<typeof createRuntime>) => Promise<T>,
): Promise<T> {
  const rt = createRuntime(loadConfig(), { pretty: false });
  try {
    return await fn(rt);
  } finally {
    await rt.deps.mailer.flush().catch(() => undefined);
    await rt.close();
  }
}

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async () => {
    await withRuntime(async ({ deps, database }) => {
      const result = await migrate(deps);
      const applied = result.results?.filter((r) => r.status === 'Success') ?? [];
      console.log(
        `${database.describe}: ${applied.length} migration(s) applied${applied.length ? `: ${applied.map((r) => r.migrationName).join(', ')}` : ', already up to date'}.`,
      );
    });
  });

program
  .command('seed-demo')
  .description('create the demo organization (not in production)')
  .action(async () => {
    const config = loadConfig();
    if (config.env === 'production') {
      console.error('Refusing to seed demo data with NODE_ENV=production.');
      process.exitCode = 1;
      return;
    }
    await withRuntime(async ({ deps }) => {
      await migrate(deps);
      if (await demoExists(deps.db)) {
        console.log('The demo organization exists already; nothing to do.');
        return;
      }
      const result = await seedDemo(deps);
      console.log(
        `Demo organization created with ${result.employees} employees. Sign in with password "${DEMO_PASSWORD}":`,
      );
      for (const u of DEMO_USERS) console.log(`  ${u.email.padEnd(30)} ${u.label}`);
    });
  });

program
  .command('create-admin')
  .description('create an owner account, and its organization if needed')
  .requiredOption('--email <email>', 'e-mail address to sign in with')
  .requiredOption(
    '--organization <name>',
    'organization to own (created if no organization has this name)',
  )
  .option('--name <name>', 'display name', 'Administrator')
  .option('--password <password>', 'password (at least 10 characters); or set KEEL_ADMIN_PASSWORD')
  .action(
    async (opts: { email: string; organization: string; name: string; password?: string }) => {
      const password = opts.password ?? process.env.KEEL_ADMIN_PASSWORD;
      const email = z.email().safeParse(opts.email.trim().toLowerCase());
      if (!email.success) {
        console.error('--email: must be a valid e-mail address');
        process.exitCode = 1;
        return;
      }
      if (!password || password.length < 10) {
        console.error('--password (or KEEL_ADMIN_PASSWORD): must be at least 10 characters');
        process.exitCode = 1;
        return;
      }
      await withRuntime(async ({ deps }) => {
        await migrate(deps);
        const now = new Date().toISOString();
        await deps.db.transaction().execute(async (trx) => {
          const user = await ensureUser(trx, {
            email: email.data,
            name: opts.name,
            password,
            now,
            resetPassword: true,
          });
          const existing = await findOrganizationByName(trx, opts.organization);
          if (existing) {
            await grantOwnership(trx, { orgId: existing, userId: user.id, now });
            console.log(`${email.data} is now an owner of "${opts.organization}".`);
          } else {
            await createOrganization(trx, {
              name: opts.organization,
              currency: 'USD',
              timeZone: 'UTC',
              locale: 'en-US',
              ownerUserId: user.id,
              ownerName: opts.name,
              now,
            });
            console.log(`Created organization "${opts.organization}" owned by ${email.data}.`);
          }
        });
      });
    },
  );

program
  .command('reindex')
  .description('rebuild the search index of every searchable kind (people, tasks, …)')
  .option('--organization <id>', 'only this organization (id)')
  .option('--types <types>', 'only these entity types, comma-separated (e.g. employee,task)')
  .action(async (opts: { organization?: string; types?: string }) => {
    await withRuntime(async ({ deps }) => {
      await migrate(deps);
      const types = opts.types
        ?.split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      const unknown = (types ?? []).filter((t) => !deps.registry.searchSources.has(t));
      if (unknown.length) {
        console.error(
          `--types: unknown ${unknown.join(', ')} (known: ${[...deps.registry.searchSources.keys()].join(', ')})`,
        );
        process.exitCode = 1;
        return;
      }
      const started = Date.now();
      const results = await reindexAll(deps, {
        ...(opts.organization ? { orgId: opts.organization } : {}),
        ...(types ? { types } : {}),
      });
      for (const r of results)
        console.log(`  ${r.orgId}  ${r.entityType.padEnd(20)} ${r.documents} document(s)`);
      const total = results.reduce((n, r) => n + r.documents, 0);
      console.log(`Search index rebuilt: ${total} document(s) in ${Date.now() - started} ms.`);
    });
  });

program
  .command('doctor')
  .description('check configuration, database and mail settings')
  .action(async () => {
    let failed = false;
    const check = (ok: boolean, label: string, detail = '') => {
      console.log(`${ok ? '✓' : '✗'} ${label}${detail ? ` — ${detail}` : ''}`);
      if (!ok) failed = true;
    };
    let config: ReturnType<typeof loadConfig>;
    try {
      config = loadConfig();
      check(
        true,
        'configuration',
        `${config.env}, port ${config.port}, public URL ${config.publicUrl}`,
      );
    } catch (err) {
      check(false, 'configuration', (err as Error).message);
      process.exitCode = 1;
      return;
    }
    const major = Number(process.versions.node.split('.')[0]);
    check(major >= 20, 'Node.js', process.versions.node);
    if (!config.databaseUrl) {
      try {
        fs.mkdirSync(config.dataDir, { recursive: true });
        fs.accessSync(config.dataDir, fs.constants.W_OK);
        check(true, 'data directory', config.dataDir);
      } catch (err) {
        check(false, 'data directory', `${config.dataDir}: ${(err as Error).message}`);
      }
    }
    await withRuntime(async ({ deps, database }) => {
      try {
        await sql`select 1`.execute(deps.db);
        check(true, 'database connection', database.describe);
        // Ask for the migrations table directly (in this connection's schema) rather than
        // introspecting every schema of the database.
        const hasMigrations = await sql`select 1 from kysely_migration limit 1`
          .execute(deps.db)
          .then(
            () => true,
            () => false,
          );
        check(
          hasMigrations,
          'database schema',
          hasMigrations ? 'migrated' : 'not migrated yet: run `npx keel migrate`',
        );
      } catch (err) {
        check(false, 'database connection', `${database.describe}: ${(err as Error).message}`);
      }
    }).catch((err) => check(false, 'database', (err as Error).message));
    check(
      true,
      'mail',
      config.smtpUrl ? 'SMTP configured' : 'no KEEL_SMTP_URL: mail is kept in the in-app outbox',
    );
    if (config.env === 'production' && !config.publicUrl.startsWith('https:')) {
      check(false, 'public URL', 'production should be served over HTTPS (set KEEL_PUBLIC_URL)');
    }
    process.exitCode = failed ? 1 : 0;
  });

program.parseAsync(process.argv).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
