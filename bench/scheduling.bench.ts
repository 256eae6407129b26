/**
 * `npm run bench:scheduling [-- --people 200 --runs 20]`: the server side of the roster.
 *
 * Builds, through the services, an organization with 200 employees (each a signed-in member, so
 * publishing notifies real recipients) at one site, 3 shift types (E/L/N), coverage for every day,
 * and four weeks of shifts: every person on one shift type, 6 days on and 1 off with staggered
 * offsets (≈4,800 assigned shifts), plus open shifts to ≈5,000 — inserted with the core
 * `insertDraftShifts` service (one call per week; overlaps are checked, nothing bypasses it).
 * SQLite file in a temporary directory, like `npm start`; KEEL_BENCH_DATABASE_URL=postgres://…
 * for PostgreSQL. Then measures (in-process, no HTTP server):
 * - the full rule check of the 4 weeks: buildRosterInput + checkRoster, and checkRoster alone;
 * - GET /api/scheduling/roster for the 4 weeks (app.inject, owner: with labor), median and p95;
 * - publishing one week (200 people, each notified once in-app and by e-mail) — each run publishes
 *   a different week of drafts, so nothing has to be reset between runs.
 * Prints figures and writes bench/results/scheduling.md; asserts nothing.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scheduling as contract, people } from '@keel/contracts';
import { checkRoster } from '@keel/scheduling-rules';
import { buildApp } from '../apps/server/src/app.js';
import {
  acceptInvitation,
  actorForUser,
  createInvitation,
  createOrganization,
  createSession,
  ensureUser,
} from '../apps/server/src/modules/accounts/index.js';
import {
  createEmployee,
  createPosition,
  createSite,
} from '../apps/server/src/modules/people/index.js';
import { addDays, setCoverage } from '../apps/server/src/modules/scheduling/coverage.service.js';
import { publishRoster } from '../apps/server/src/modules/scheduling/publish.service.js';
import { buildRosterInput } from '../apps/server/src/modules/scheduling/roster-input.js';
import {
  type DraftShift,
  insertDraftShifts,
} from '../apps/server/src/modules/scheduling/shift.write.js';
import { createShiftType } from '../apps/server/src/modules/scheduling/shift-type.service.js';
import { afterCommit } from '../apps/server/src/platform/events/event-bus.js';
import { benchRuntime } from './support.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const PEOPLE = arg('people', 200);
const RUNS = arg('runs', 20);
const WEEKS = 4;
const FROM = '2027-01-04'; // a Monday
const TO = addDays(FROM, WEEKS * 7 - 1);

const runtime = await benchRuntime('scheduling', { sqlite: 'file' });
const { deps } = runtime;
const t0 = performance.now();

// ── Organization, site, people (each a member linked to their employee record) ──────────────
const now = new Date().toISOString();
const ownerUser = await ensureUser(deps.db, {
  email: 'owner@bench.example',
  name: 'Owner',
  password: 'bench-password',
  now,
});
const org = await deps.db.transaction().execute((trx) =>
  createOrganization(trx, {
    name: 'Bench Plant',
    currency: 'USD',
    timeZone: 'America/New_York',
    locale: 'en-US',
    ownerUserId: ownerUser.id,
    ownerName: 'Owner',
    now,
  }),
);
const owner = await actorForUser(deps, ownerUser.id, org.id);
const site = await createSite(deps, owner, {
  name: 'Plant',
  code: 'PL',
  timeZone: 'America/New_York',
});
const position = await createPosition(deps, owner, { title: 'Operator' });

async function join(
  email: string,
  name: string,
  role: 'coordinator' | 'staff',
  employeeId?: string,
) {
  await createInvitation(deps, owner, { email, role, employeeId: employeeId ?? null });
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
const coordinator = await actorForUser(
  deps,
  await join('coordinator@bench.example', 'Coordinator', 'coordinator'),
  org.id,
);
const employees: string[] = [];
for (let i = 0; i < PEOPLE; i++) {
  const e = await createEmployee(
    deps,
    owner,
    people.createEmployeeBody.parse({
      firstName: `Person${i}`,
      lastName: `Bench${String(i).padStart(3, '0')}`,
      siteId: site.id,
      positionId: position.id,
      contractHoursPerWeek: 40,
      pay: { type: 'hourly', amountMinor: 2200 + (i % 10) * 50 },
    }),
  );
  employees.push(e.id);
  await join(`p${i}@bench.example`, `Person ${i}`, 'staff', e.id);
}

// ── Shift types, coverage, four weeks of shifts ─────────────────────────────────────────────
const types = [] as { id: string; start: string; end: string }[];
for (const [code, name, start, end] of [
  ['E', 'Early', '06:00', '14:00'],
  ['L', 'Late', '14:00', '22:00'],
  ['N', 'Night', '22:00', '06:00'],
] as const) {
  const t = await createShiftType(
    deps,
    coordinator,
    contract.createShiftTypeBody.parse({
      siteId: site.id,
      code,
      name,
      startTime: start,
      endTime: end,
    }),
  );
  types.push({ id: t.id, start, end });
}
await setCoverage(deps, coordinator, {
  siteId: site.id,
  needs: types.flatMap((t) =>
    [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      shiftTypeId: t.id,
      positionId: position.id,
      weekday,
      date: null,
      min: Math.round(PEOPLE / 3.5) - 2,
      ideal: Math.round(PEOPLE / 3.5),
    })),
  ),
});

const weekDrafts = (week: number): DraftShift[] => {
  const out: DraftShift[] = [];
  for (let d = 0; d < 7; d++) {
    const day = week * 7 + d;
    const date = addDays(FROM, day);
    employees.forEach((employeeId, i) => {
      // 6 on, 1 off, each person's day off staggered; one shift type per person.
      if ((day + i) % 7 === 6) return;
      const t = types[i % 3]!;
      out.push({
        date,
        shiftTypeId: t.id,
        startTime: t.start,
        endTime: t.end,
        breakMinutes: 0,
        positionId: position.id,
        employeeId,
      });
    });
    // A few open shifts a day (unassigned), to ≈5,000 shifts in all.
    for (let k = 0; k < Math.round(PEOPLE / 28); k++) {
      const t = types[k % 3]!;
      out.push({
        date,
        shiftTypeId: t.id,
        startTime: t.start,
        endTime: t.end,
        breakMinutes: 0,
        positionId: position.id,
        employeeId: null,
      });
    }
  }
  return out;
};
let shiftCount = 0;
const insertStarted = performance.now();
for (let w = 0; w < WEEKS; w++) {
  const r = await deps.db
    .transaction()
    .execute((trx) =>
      insertDraftShifts(trx, deps, coordinator, site.id, weekDrafts(w), { skipOverlaps: false }),
    );
  afterCommit(deps);
  shiftCount += r.createdIds.length;
}
const insertMs = performance.now() - insertStarted;
const seedSeconds = (performance.now() - t0) / 1000;
await deps.events.flush();

// ── Measurements ─────────────────────────────────────────────────────────────────────────────
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
  return { median: q(0.5), p95: q(0.95), min: s[0]!, max: s[s.length - 1]! };
};
const fmt = (x: number) => x.toFixed(1);

const query = {
  orgId: org.id,
  siteId: site.id,
  from: FROM,
  to: TO,
  includeDrafts: true,
  includePay: true,
};
const input = await buildRosterInput(deps.db, query);
let findings = checkRoster(input);
const buildAndCheck: number[] = [];
const checkOnly: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const a = performance.now();
  const inp = await buildRosterInput(deps.db, query);
  const b = performance.now();
  findings = checkRoster(inp);
  const c = performance.now();
  buildAndCheck.push(c - a);
  checkOnly.push(c - b);
}

const app = await buildApp({ deps, logger: false });
await app.ready();
const session = await createSession(deps, deps.db, {
  userId: ownerUser.id,
  orgId: org.id,
  ip: null,
  userAgent: 'bench',
});
const rosterMs: number[] = [];
let rosterBytes = 0;
for (let i = 0; i < RUNS; i++) {
  const a = performance.now();
  const res = await app.inject({
    method: 'GET',
    url: `/api/scheduling/roster?siteId=${site.id}&from=${FROM}&to=${TO}`,
    headers: { cookie: `keel_session=${session.secret}` },
  });
  rosterMs.push(performance.now() - a);
  if (res.statusCode !== 200)
    throw new Error(`roster: ${res.statusCode} ${res.body.slice(0, 300)}`);
  rosterBytes = res.rawPayload.length;
}

const publishMs: number[] = [];
let notified = 0;
for (let w = 0; w < WEEKS; w++) {
  const from = addDays(FROM, w * 7);
  const a = performance.now();
  const pub = await publishRoster(deps, coordinator, {
    siteId: site.id,
    from,
    to: addDays(from, 6),
  });
  publishMs.push(performance.now() - a);
  notified = pub.notifiedCount;
}
const mails = await deps.db
  .selectFrom('mail_messages')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .where('subject', 'like', 'Your shifts for%')
  .executeTakeFirst();

await app.close();
const dialect = runtime.dialect === 'postgres' ? 'PostgreSQL' : 'SQLite (file, WAL)';
const cpu = `${os.cpus().length} × ${os.cpus()[0]?.model.split(' ').slice(0, 2).join(' ')}`;
const check = stats(checkOnly);
const full = stats(buildAndCheck);
const roster = stats(rosterMs);
const publish = stats(publishMs);
const errors = findings.length;
const lines = [
  `Keel scheduling benchmark — ${dialect}, ${PEOPLE} people, ${shiftCount} shifts over ${WEEKS} weeks, ${cpu}, Node ${process.versions.node}`,
  `setup through the services: ${seedSeconds.toFixed(1)} s (insertDraftShifts, ${WEEKS} calls: ${(insertMs / 1000).toFixed(2)} s)`,
  `engine input: ${input.employees.length} people, ${input.shifts.length} shifts, ${input.coverage.length} coverage needs; ${errors} findings`,
  `runs: ${RUNS} for the check and the roster, ${WEEKS} publishes (one per week of drafts)`,
  '',
  '| measured | median ms | p95 ms | min ms | max ms |',
  '|---|---:|---:|---:|---:|',
  `| full rule check, 4 weeks: buildRosterInput + checkRoster | ${fmt(full.median)} | ${fmt(full.p95)} | ${fmt(full.min)} | ${fmt(full.max)} |`,
  `| checkRoster alone, 4 weeks | ${fmt(check.median)} | ${fmt(check.p95)} | ${fmt(check.min)} | ${fmt(check.max)} |`,
  `| GET /api/scheduling/roster, 4 weeks (in-process inject, ${(rosterBytes / 1e6).toFixed(1)} MB) | ${fmt(roster.median)} | ${fmt(roster.p95)} | ${fmt(roster.min)} | ${fmt(roster.max)} |`,
  `| publish one week, ${notified} people notified in-app + e-mail | ${fmt(publish.median)} | ${fmt(publish.p95)} | ${fmt(publish.min)} | ${fmt(publish.max)} |`,
  '',
  `publish e-mails queued: ${Number(mails?.n ?? 0)}`,
];
console.log(lines.join('\n'));

const out = path.join(import.meta.dirname, 'results', 'scheduling.md');
const date = new Date().toISOString().slice(0, 10);
if (!process.env.KEEL_BENCH_DATABASE_URL) {
  fs.writeFileSync(
    out,
    `# bench:scheduling — ${date}\n\n` +
      '`npm run bench:scheduling`: an organization with 200 employees (each a member linked to their record) at one site, 3 shift types, coverage every day, and 4 weeks of shifts (6 on / 1 off per person, one shift type each, plus open shifts) inserted with the core `insertDraftShifts` service; measured in-process (no HTTP server; the roster through `app.inject`). Publishing runs once per week of drafts, so every run publishes 200 people afresh. Machine: 2 vCPU shared with other jobs.\n\n' +
      `\`\`\`\n${lines.join('\n')}\n\`\`\`\n\n` +
      `Targets: full rule check < 100 ms (server: input from the database + engine), publish a week for 200 people < 2 s — see the figures above.\n`,
  );
  console.log(`wrote ${out}`);
}
await runtime.close();
