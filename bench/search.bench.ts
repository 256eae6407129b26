/**
 * `npm run bench:search [-- --documents 100000 --seconds 5]`: indexes N search documents of mixed
 * kinds in one organization (through the search repository, in batches), starts the HTTP server
 * on a free port and loads `GET /api/search` with autocannon as a coordinator limited to two of
 * four sites, for common, rare, prefix and multi-word queries. Prints p50/p95/p99 latency and
 * requests per second; asserts nothing. SQLite (a file in a temp directory) by default;
 * KEEL_BENCH_DATABASE_URL=postgres://… runs it on PostgreSQL in a throwaway schema.
 *
 * The load generator runs in the same process as the server (autocannon's response events give
 * per-request times for exact percentiles), so figures include its overhead.
 */

import os from 'node:os';
import autocannon from 'autocannon';
import { buildApp } from '../apps/server/src/app.js';
import { authenticate } from '../apps/server/src/modules/accounts/auth.service.js';
import {
  acceptInvitation,
  createInvitation,
  createOrganization,
  createSession,
  ensureUser,
} from '../apps/server/src/modules/accounts/index.js';
import { createSite } from '../apps/server/src/modules/people/index.js';
import { indexDocument } from '../apps/server/src/modules/search/index.js';
import type { SearchDocument } from '../apps/server/src/platform/registry.js';
import { benchRuntime } from './support.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('documents', 100_000);
const SECONDS = arg('seconds', 5);

const runtime = await benchRuntime('search', { sqlite: 'file' });
const { deps } = runtime;
const database = runtime;

const now = new Date().toISOString();
const owner = await ensureUser(deps.db, {
  email: 'owner@bench.example',
  name: 'Owner',
  password: 'bench-password',
  now,
});
const org = await deps.db.transaction().execute((trx) =>
  createOrganization(trx, {
    name: 'Bench Co',
    currency: 'USD',
    timeZone: 'UTC',
    locale: 'en-US',
    ownerUserId: owner.id,
    ownerName: 'Owner',
    now,
  }),
);
const sessionOf = async (userId: string) => {
  const s = await createSession(deps, deps.db, { userId, orgId: org.id, ip: null, userAgent: 'b' });
  return {
    secret: s.secret,
    actor: (await authenticate(deps, { sessionSecret: s.secret }))!.actor,
  };
};
const ownerActor = (await sessionOf(owner.id)).actor;
const sites: string[] = [];
for (let i = 0; i < 4; i++)
  sites.push(
    (await createSite(deps, ownerActor, { name: `Site ${i}`, code: `S${i}`, timeZone: 'UTC' })).id,
  );

// A coordinator with access to two of the four sites, through the invitation services.
await createInvitation(deps, ownerActor, {
  email: 'coordinator@bench.example',
  role: 'coordinator',
  siteIds: [sites[0]!, sites[1]!],
});
const mail = await deps.db
  .selectFrom('mail_messages')
  .select('text_body')
  .where('to_address', '=', 'coordinator@bench.example')
  .executeTakeFirstOrThrow();
const inviteToken = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail.text_body)![1]!;
await acceptInvitation(deps, {
  token: inviteToken,
  name: 'Coordinator',
  password: 'bench-password',
  ip: null,
  userAgent: 'bench',
});
const coordinatorId = (
  await deps.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'coordinator@bench.example')
    .executeTakeFirstOrThrow()
).id;
const coordinator = await sessionOf(coordinatorId);

// ── Realistic-looking documents ─────────────────────────────────────────────────────────────
let seed = 42;
const rand = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
const FIRST =
  'Ava Ben Cleo Dev Eli Fay Gus Hana Ivo Jade Kai Lia Mara Nico Omar Priya Quinn Rosa Sven Tara Uma Viktor Wen Xavi Yara Zoe José Zoë Björn Ångela'.split(
    ' ',
  );
const LAST =
  'Stone Reed Hart Vale Cross Frost Lake Moss Pike Ward Okafor Nguyen Müller García Kowalski Haddad Tanaka Silva Novak Larsen Byrne Costa Dubois Ivanova Rossi Khan Fischer Jensen Murphy Ortiz'.split(
    ' ',
  );
const NOUNS =
  'forklift pallet dock trailer conveyor scanner label carton shelf aisle bay rack loader crane hoist battery charger generator compressor pump valve filter belt motor sensor camera door gate ramp scale printer terminal vehicle van truck tyre brake light alarm sprinkler extinguisher ladder harness helmet glove boot vest freezer chiller boiler heater vent duct pipe cable switch panel fuse socket lock key badge radio tablet laptop router roof floor wall window stair lift elevator toilet kitchen canteen office warehouse yard fence bin skip container drum tank hose nozzle jack trolley cart tote crate wrap film tape strap'.split(
    ' ',
  );
const VERBS =
  'inspect repair replace clean check service calibrate install remove order deliver count audit test charge move label restock rotate paint secure'.split(
    ' ',
  );
const ADJ =
  'broken leaking noisy overdue urgent weekly monthly annual damaged missing loose worn new spare faulty cold hot wet blocked'.split(
    ' ',
  );
const sentence = (words: number) =>
  Array.from({ length: words }, () =>
    pick([pick(NOUNS), pick(VERBS), pick(ADJ), pick(NOUNS)]),
  ).join(' ');
const siteOf = () => (rand() < 0.1 ? null : pick(sites));

function makeDoc(i: number): SearchDocument {
  const r = rand();
  if (r < 0.3) {
    const name = `${pick(FIRST)} ${pick(LAST)}`;
    return {
      orgId: org.id,
      entityType: 'employee',
      entityId: `e${i}`,
      siteId: siteOf(),
      title: name,
      subtitle: `${pick(['Picker', 'Driver', 'Supervisor', 'Technician', 'Clerk'])} · Site ${i % 4}`,
      body: `${name.toLowerCase().replace(' ', '.')}${i}@bench.example E${i} ${pick(NOUNS)} ${pick(NOUNS)}`,
      href: `/people/e${i}`,
      permission: 'people.read',
    };
  }
  if (r < 0.75) {
    return {
      orgId: org.id,
      entityType: 'task',
      entityId: `t${i}`,
      siteId: siteOf(),
      title: `${pick(VERBS)} ${pick(ADJ)} ${pick(NOUNS)} ${i % 50}`,
      subtitle: `Due ${pick(['today', 'tomorrow', 'next week'])}`,
      body: sentence(8 + Math.floor(rand() * 25)),
      href: `/work/tasks/t${i}`,
      permission: 'tasks.read',
      userIds: rand() < 0.05 ? [coordinatorId] : null,
    };
  }
  if (r < 0.9) {
    return {
      orgId: org.id,
      entityType: 'resource',
      entityId: `r${i}`,
      siteId: siteOf(),
      title: `${pick(NOUNS)} ${i}`,
      subtitle: pick(['Room', 'Vehicle', 'Equipment', 'Tool']),
      body: sentence(6),
      href: `/resources/r${i}`,
      permission: 'resources.read',
    };
  }
  return {
    orgId: org.id,
    entityType: 'work_order',
    entityId: `w${i}`,
    siteId: siteOf(),
    title: `WO-${100000 + i} ${pick(VERBS)} ${pick(NOUNS)}`,
    subtitle: pick(['Open', 'In progress', 'Waiting for parts']),
    body: sentence(20 + Math.floor(rand() * 40)),
    href: `/maintenance/w${i}`,
    permission: 'people.pay.read',
  };
}

const t0 = performance.now();
const BATCH = 1000;
for (let i = 0; i < N; i += BATCH) {
  await deps.db.transaction().execute(async (trx) => {
    for (let j = i; j < Math.min(N, i + BATCH); j++) await indexDocument(trx, deps, makeDoc(j));
  });
}
const indexSeconds = (performance.now() - t0) / 1000;
if (deps.dialect === 'sqlite') {
  const { sql } = await import('kysely');
  await sql`insert into search_fts(search_fts) values ('optimize')`.execute(deps.db);
}
console.log(`indexed ${N} documents in ${indexSeconds.toFixed(1)} s`);
// KEEL_BENCH_KEEP_SQLITE=/path/file.db keeps a copy of the indexed database for query analysis.
if (deps.dialect === 'sqlite' && process.env.KEEL_BENCH_KEEP_SQLITE) {
  const { sql } = await import('kysely');
  await sql`vacuum into ${process.env.KEEL_BENCH_KEEP_SQLITE}`.execute(deps.db);
}

// ── Load ────────────────────────────────────────────────────────────────────────────────────
const app = await buildApp({ deps, logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;

const QUERIES: Record<string, string[]> = {
  'common word (inspect, forklift, pallet…)': ['inspect', 'forklift', 'pallet', 'repair', 'dock'],
  'rare term (a name, a number)': ['Okafor', 'WO-100777', 'E4242', 'Ångela', 'Zoë'],
  'prefix while typing (fo, fork, pal, insp)': ['fo', 'fork', 'pal', 'insp', 'tech'],
  'two words (broken forklift, priya okafor)': [
    'broken forklift',
    'priya okafor',
    'leaking pump',
    'weekly check',
    'van tyre',
  ],
};

async function load(queries: string[], connections: number) {
  const samples: number[] = [];
  const instance = autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: SECONDS,
    headers: { cookie: `keel_session=${coordinator.secret}` },
    requests: queries.map((q) => ({
      method: 'GET' as const,
      path: `/api/search?q=${encodeURIComponent(q)}&limit=5`,
    })),
  });
  let errors = 0;
  instance.on('response', (_client, status, _bytes, time) => {
    if (status !== 200) errors++;
    samples.push(time);
  });
  const result = await instance;
  samples.sort((a, b) => a - b);
  const p = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return {
    p50: p(0.5),
    p95: p(0.95),
    p99: p(0.99),
    rps: result.requests.average,
    total: samples.length,
    errors: errors + result.non2xx + result.errors,
  };
}

// Warm the caches once.
for (const qs of Object.values(QUERIES))
  for (const q of qs)
    await app.inject({
      method: 'GET',
      url: `/api/search?q=${encodeURIComponent(q)}`,
      headers: { cookie: `keel_session=${coordinator.secret}` },
    });

const rows: string[][] = [];
for (const [label, qs] of Object.entries(QUERIES)) {
  const r = await load(qs, 1);
  rows.push([
    label,
    '1',
    r.p50.toFixed(1),
    r.p95.toFixed(1),
    r.p99.toFixed(1),
    r.rps.toFixed(0),
    String(r.errors),
  ]);
}
const mixed = await load(Object.values(QUERIES).flat(), 4);
rows.push([
  'mixed, 4 connections',
  '4',
  mixed.p50.toFixed(1),
  mixed.p95.toFixed(1),
  mixed.p99.toFixed(1),
  mixed.rps.toFixed(0),
  String(mixed.errors),
]);

const counts = await deps.db
  .selectFrom('search_documents')
  .select(['entity_type', (eb) => eb.fn.countAll<number>().as('n')])
  .groupBy('entity_type')
  .execute();
console.log(
  `\nbench:search — ${database.dialect}, ${N} documents (${counts.map((c) => `${c.entity_type} ${c.n}`).join(', ')}), coordinator limited to 2 of 4 sites, ${SECONDS} s per row`,
);
console.log(`machine: ${os.cpus()[0]?.model} × ${os.cpus().length}, Node ${process.versions.node}`);
console.log(
  `indexing: ${indexSeconds.toFixed(1)} s (${((indexSeconds * 1000) / N).toFixed(2)} ms per document)\n`,
);
console.log('| queries | connections | p50 ms | p95 ms | p99 ms | req/s | non-2xx |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);

await app.close();
await runtime.close();
