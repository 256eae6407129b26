/**
 * `npm run bench:people [-- --employees 20000]`: builds an organization with N employees through
 * the services, then times the people endpoints in-process (app.inject, no network) and prints
 * p50/p95 per request. SQLite in memory by default; KEEL_BENCH_DATABASE_URL=postgres://… runs
 * it on PostgreSQL (in a throwaway schema). Prints figures; asserts nothing.
 */

import os from 'node:os';
import { buildApp } from '../apps/server/src/app.js';
import { authenticate } from '../apps/server/src/modules/accounts/auth.service.js';
import {
  createOrganization,
  createSession,
  ensureUser,
} from '../apps/server/src/modules/accounts/index.js';
import {
  createDepartment,
  createEmployee,
  createPosition,
  createSite,
} from '../apps/server/src/modules/people/index.js';
import { benchRuntime } from './support.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('employees', 20_000);
const RUNS = arg('runs', 40);

const runtime = await benchRuntime('people', { sqlite: 'memory' });
const { deps } = runtime;
const database = runtime;

const now = new Date().toISOString();
const user = await ensureUser(deps.db, {
  email: 'bench@example.com',
  name: 'Bench',
  password: 'bench-password',
  now,
});
const org = await deps.db.transaction().execute((trx) =>
  createOrganization(trx, {
    name: 'Bench Co',
    currency: 'USD',
    timeZone: 'UTC',
    locale: 'en-US',
    ownerUserId: user.id,
    ownerName: 'Bench',
    now,
  }),
);
const session = await createSession(deps, deps.db, {
  userId: user.id,
  orgId: org.id,
  ip: null,
  userAgent: 'bench',
});
const actor = (await authenticate(deps, { sessionSecret: session.secret }))!.actor;

const sites: { id: string }[] = [];
for (let i = 0; i < 4; i++)
  sites.push(await createSite(deps, actor, { name: `Site ${i}`, code: `S${i}`, timeZone: 'UTC' }));
const depts: { id: string }[] = [];
for (let i = 0; i < 8; i++)
  depts.push(await createDepartment(deps, actor, { name: `Dept ${i}`, code: `D${i}` }));
const positions: { id: string }[] = [];
for (let i = 0; i < 20; i++)
  positions.push(await createPosition(deps, actor, { title: `Position ${i}` }));

const FIRST = [
  'Ava',
  'Ben',
  'Cleo',
  'Dev',
  'Eli',
  'Fay',
  'Gus',
  'Hana',
  'Ivo',
  'Jade',
  'Kai',
  'Lia',
];
const LAST = ['Stone', 'Reed', 'Hart', 'Vale', 'Cross', 'Frost', 'Lake', 'Moss', 'Pike', 'Ward'];
const t0 = performance.now();
const ids: string[] = [];
for (let i = 0; i < N; i++) {
  const e = await createEmployee(deps, actor, {
    employeeNumber: `B${i}`,
    firstName: FIRST[i % FIRST.length]!,
    lastName: `${LAST[i % LAST.length]}${i}`,
    email: `e${i}@bench.example`,
    siteId: sites[i % sites.length]!.id,
    departmentId: depts[i % depts.length]!.id,
    positionId: positions[i % positions.length]!.id,
    managerId: i > 0 ? ids[Math.floor((i - 1) / 8)] : null,
    employmentType: 'full_time',
    startDate: `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 9}`,
    skills: [`Skill ${i % 30}`],
  });
  ids.push(e.id);
}
const seedSeconds = (performance.now() - t0) / 1000;

const app = await buildApp({ deps, logger: false });
const headers = { cookie: `keel_session=${session.secret}` };
const get = async (url: string) => {
  const res = await app.inject({ method: 'GET', url, headers });
  if (res.statusCode !== 200)
    throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
  return res;
};

async function time(label: string, url: () => Promise<string>, runs = RUNS) {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const u = await url();
    const s = performance.now();
    await get(u);
    samples.push(performance.now() - s);
  }
  samples.sort((a, b) => a - b);
  const p = (q: number) =>
    samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(1);
  rows.push([label, p(0.5), p(0.95), String(runs)]);
}

const rows: string[][] = [];
// A cursor deep into the list: walk there once, then time the page behind it.
let deepCursor = '';
{
  let cursor: string | null = null;
  for (let page = 0; page < Math.floor(N / 200 / 2); page++) {
    const res = await get(`/api/employees?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    cursor = res.json().nextCursor;
  }
  deepCursor = cursor ?? '';
}
await time('list, first page (50, by name)', async () => '/api/employees?limit=50');
await time(
  `list, page at row ~${Math.floor(N / 2)} (keyset)`,
  async () => `/api/employees?limit=50&cursor=${deepCursor}`,
);
await time(
  'list, sorted by start date desc',
  async () => '/api/employees?limit=50&sort=startDate&order=desc',
);
await time(
  'list, filtered by site + department',
  async () => `/api/employees?limit=50&siteId=${sites[1]!.id}&departmentId=${depts[3]!.id}`,
);
await time('search q="hart1234"', async () => '/api/employees?limit=50&q=hart1234');
await time(
  'employee detail',
  async () => `/api/employees/${ids[Math.floor(Math.random() * ids.length)]}`,
);
await time(
  'record history',
  async () => `/api/history/employee/${ids[Math.floor(Math.random() * ids.length)]}`,
);
await time('org chart (all)', async () => '/api/employees/org-chart', 5);
await time(`CSV export (${N} rows)`, async () => '/api/employees/export', 3);
await time('audit log, first page', async () => '/api/audit?limit=50');

console.log(
  `\nKeel people benchmark — ${database.dialect}, ${N} employees, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.versions.node}`,
);
console.log(
  `seeding through the services: ${seedSeconds.toFixed(1)} s (${((seedSeconds * 1000) / N).toFixed(2)} ms per employee, with audit)\n`,
);
console.log('| request | p50 ms | p95 ms | runs |');
console.log('|---|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);

await app.close();
await runtime.close();
