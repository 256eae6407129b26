/**
 * `npm run bench:work [-- --tasks 5000 --seconds 10 --connections 10]`: My work, the calendar and
 * live updates against a started server.
 *
 * Builds an organization with 30 members and N tasks through the services (SQLite file in a
 * temporary directory, like `npm start`; KEEL_BENCH_DATABASE_URL=postgres://… for PostgreSQL),
 * starts the HTTP server, then:
 * - loads GET /api/my-work and GET /api/calendar with autocannon (p50/p95/p99 from every
 *   response's latency, requests per second);
 * - measures live-update latency: a browser-like SSE client is connected while another member
 *   changes a task over HTTP; the time from the commit (the API's answer) to the event arriving,
 *   and from the request leaving to the event arriving.
 * Prints figures; asserts nothing.
 */

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import autocannon from 'autocannon';
import { buildApp } from '../apps/server/src/app.js';
import {
  acceptInvitation,
  actorForUser,
  createInvitation,
  createOrganization,
  createSession,
  ensureUser,
} from '../apps/server/src/modules/accounts/index.js';
import { createSite } from '../apps/server/src/modules/people/index.js';
import { createTask } from '../apps/server/src/modules/work/index.js';
import { benchRuntime } from './support.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const TASKS = arg('tasks', 5000);
const SECONDS = arg('seconds', 10);
const CONNECTIONS = arg('connections', 10);
const LIVE_RUNS = arg('live', 100);
const MEMBERS = 30;

const runtime = await benchRuntime('work', { sqlite: 'file' });
const { deps } = runtime;
const database = runtime;

// ── Organization, members and tasks, through the services ────────────────────────────────────
const now = new Date().toISOString();
const ownerUser = await ensureUser(deps.db, {
  email: 'owner@bench.example',
  name: 'Owner',
  password: 'bench-password',
  now,
});
const org = await deps.db.transaction().execute((trx) =>
  createOrganization(trx, {
    name: 'Bench Works',
    currency: 'USD',
    timeZone: 'America/New_York',
    locale: 'en-US',
    ownerUserId: ownerUser.id,
    ownerName: 'Owner',
    now,
  }),
);
const owner = await actorForUser(deps, ownerUser.id, org.id);
const sites = [
  await createSite(deps, owner, { name: 'Plant', code: 'PL', timeZone: 'America/New_York' }),
  await createSite(deps, owner, { name: 'Depot', code: 'DP', timeZone: 'America/Los_Angeles' }),
];

async function join(email: string, name: string, role: 'coordinator' | 'staff') {
  await createInvitation(deps, owner, { email, role });
  const mail = await deps.db
    .selectFrom('mail_messages')
    .select('text_body')
    .where('to_address', '=', email)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail.text_body)![1]!;
  const joined = await acceptInvitation(deps, {
    token,
    name,
    password: 'bench-password',
    ip: null,
    userAgent: 'bench',
  });
  return joined.user.id;
}
const coordinatorId = await join('coordinator@bench.example', 'Coordinator', 'coordinator');
const staffIds: string[] = [];
for (let i = 0; i < MEMBERS - 2; i++) {
  staffIds.push(await join(`staff${i}@bench.example`, `Staff ${i}`, 'staff'));
}
const coordinator = await actorForUser(deps, coordinatorId, org.id);

const WORDS = ['Inspect', 'Replace', 'Count', 'Clean', 'Check', 'Order', 'Calibrate', 'Audit'];
const THINGS = ['forklift', 'dock door', 'line 2', 'compressor', 'racking', 'eyewash', 'scale'];
const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const t0 = performance.now();
const taskIds: string[] = [];
for (let i = 0; i < TASKS; i++) {
  const a = staffIds[i % staffIds.length]!;
  const b = staffIds[(i * 7 + 3) % staffIds.length]!;
  const task = await createTask(deps, coordinator, {
    title: `${WORDS[i % WORDS.length]} ${THINGS[i % THINGS.length]} #${i}`,
    assigneeIds: i % 5 === 0 ? [a, b] : [a],
    siteId: sites[i % 2]!.id,
    dueDate: i % 10 === 0 ? null : day((i % 90) - 30),
    dueTime: i % 3 === 0 && i % 10 !== 0 ? '14:30' : null,
    priority: (['low', 'normal', 'high', 'urgent'] as const)[i % 4]!,
    estimateHours: (i % 4) + 0.5,
    labels: [`area-${i % 6}`],
    requiresSignoff: false,
  });
  taskIds.push(task.id);
}
const seedSeconds = (performance.now() - t0) / 1000;
await deps.events.flush();

// ── A started server ──────────────────────────────────────────────────────────────────────────
const app = await buildApp({ deps, logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

async function sessionFor(userId: string) {
  const s = await createSession(deps, deps.db, { userId, orgId: org.id, ip: null, userAgent: 'b' });
  return `keel_session=${s.secret}`;
}
const staffCookie = await sessionFor(staffIds[0]!);
const coordinatorCookie = await sessionFor(coordinatorId);
const myTasks = await deps.db
  .selectFrom('task_people')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .where('user_id', '=', staffIds[0]!)
  .where('role', '=', 'assignee')
  .executeTakeFirst();

interface Row {
  label: string;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  requests: number;
  errors: number;
}
const rows: Row[] = [];
const pct = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

async function load(label: string, url: string, cookie: string, connections = CONNECTIONS) {
  // Warm up (statement caches, JIT) before measuring.
  for (let i = 0; i < 20; i++) await fetch(base + url, { headers: { cookie } });
  const latencies: number[] = [];
  let errors = 0;
  const instance = autocannon({
    url: base + url,
    connections,
    duration: SECONDS,
    headers: { cookie },
  });
  instance.on('response', (_client, status, _bytes, responseTime) => {
    if (status !== 200) errors++;
    latencies.push(responseTime);
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  rows.push({
    label: `${label}, ${connections} conn.`,
    p50: pct(latencies, 0.5),
    p95: pct(latencies, 0.95),
    p99: pct(latencies, 0.99),
    rps: result.requests.average,
    requests: latencies.length,
    errors: errors + result.errors + result.non2xx,
  });
}

const from = `${day(-3)}T00:00:00.000Z`;
const to = `${day(32)}T00:00:00.000Z`;
const sizes = {
  myWork: Object.values(
    (await (
      await fetch(`${base}/api/my-work`, { headers: { cookie: staffCookie } })
    ).json()) as Record<string, unknown[]>,
  ).reduce((n, list) => n + list.length, 0),
  calendar: (
    (await (
      await fetch(`${base}/api/calendar?from=${from}&to=${to}`, {
        headers: { cookie: coordinatorCookie },
      })
    ).json()) as { items: unknown[] }
  ).items.length,
};
for (const connections of [1, CONNECTIONS]) {
  await load('GET /api/my-work (staff)', '/api/my-work', staffCookie, connections);
  await load('GET /api/my-work (coordinator)', '/api/my-work', coordinatorCookie, connections);
  await load(
    'GET /api/calendar, 5 weeks, only mine (staff)',
    `/api/calendar?from=${from}&to=${to}&mine=true`,
    staffCookie,
    connections,
  );
  await load(
    'GET /api/calendar, 5 weeks, everything visible (coordinator)',
    `/api/calendar?from=${from}&to=${to}`,
    coordinatorCookie,
    connections,
  );
}

// ── Live-update latency ───────────────────────────────────────────────────────────────────────
function openStream(cookie: string, onChange: (at: number) => void): Promise<() => void> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}/api/events`, { headers: { cookie } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream ${res.statusCode}`));
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let at = buffer.indexOf('\n\n');
        while (at >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          if (block.includes('event: ready')) resolve(() => req.destroy());
          if (block.includes('event: change')) onChange(performance.now());
          at = buffer.indexOf('\n\n');
        }
      });
    });
    req.on('error', () => undefined);
  });
}
const csrf = async (cookie: string) =>
  ((await (await fetch(`${base}/api/me`, { headers: { cookie } })).json()) as { csrfToken: string })
    .csrfToken;
const coordinatorCsrf = await csrf(coordinatorCookie);
let waiting: ((at: number) => void) | null = null;
const close = await openStream(staffCookie, (at) => waiting?.(at));
const fromCommit: number[] = [];
const fromRequest: number[] = [];
const mine = await deps.db
  .selectFrom('task_people')
  .select('task_id')
  .where('user_id', '=', staffIds[0]!)
  .where('role', '=', 'assignee')
  .limit(LIVE_RUNS)
  .execute();
for (let i = 0; i < Math.min(LIVE_RUNS, mine.length); i++) {
  const arrived = new Promise<number>((resolve) => {
    waiting = resolve;
  });
  const sent = performance.now();
  const res = await fetch(`${base}/api/tasks/${mine[i]!.task_id}`, {
    method: 'PATCH',
    headers: {
      cookie: coordinatorCookie,
      'x-csrf-token': coordinatorCsrf,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ priority: i % 2 ? 'high' : 'low' }),
  });
  const answered = performance.now();
  if (res.status !== 200) throw new Error(`PATCH ${res.status} ${await res.text()}`);
  const at = await arrived;
  fromCommit.push(Math.max(0, at - answered));
  fromRequest.push(at - sent);
}
close();
fromCommit.sort((a, b) => a - b);
fromRequest.sort((a, b) => a - b);

// ── Report ────────────────────────────────────────────────────────────────────────────────────
const cpu = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`;
console.log(
  `\nKeel work benchmark — ${database.dialect}, ${TASKS} tasks, ${MEMBERS} members, ${cpu}, Node ${process.versions.node}`,
);
console.log(
  `seeding through the services: ${seedSeconds.toFixed(1)} s; the measured staff member has ${myTasks?.n} tasks`,
);
console.log(
  `response sizes: staff My work ${sizes.myWork} tasks; coordinator calendar ${sizes.calendar} items`,
);
console.log(
  `autocannon: 1 and ${CONNECTIONS} connections × ${SECONDS} s per row, latency from every response\n`,
);
console.log('| request | p50 ms | p95 ms | p99 ms | req/s | requests | errors |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.label} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.rps.toFixed(0)} | ${r.requests} | ${r.errors} |`,
  );
}
const f = (v: number) => v.toFixed(1);
console.log(`\nLive update to a connected browser (SSE), ${fromCommit.length} task changes:`);
console.log('| measured | p50 ms | p95 ms | max ms |');
console.log('|---|---:|---:|---:|');
console.log(
  `| commit (API answered) → event received | ${f(pct(fromCommit, 0.5))} | ${f(pct(fromCommit, 0.95))} | ${f(fromCommit.at(-1) ?? Number.NaN)} |`,
);
console.log(
  `| request sent → event received | ${f(pct(fromRequest, 0.5))} | ${f(pct(fromRequest, 0.95))} | ${f(fromRequest.at(-1) ?? Number.NaN)} |`,
);

await app.close();
await runtime.close();
