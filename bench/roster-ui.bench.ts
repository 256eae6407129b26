/**
 * `npm run bench:roster-ui [-- --people 200 --moves 10 --loads 3 --skip-build]`: the roster page in
 * Chromium.
 *
 * Builds the web app (unless --skip-build), starts Keel on a fresh temporary data directory (the
 * demo is seeded), and through the API adds a site with 200 people (hourly pay, 40 h contracts),
 * shift types E/L/N, coverage for every day, and four weeks of shifts: three rotations of 6 days
 * on / 1 off applied with staggered offsets (≈4,800 assigned shifts) plus open shifts. Then, signed
 * in as the owner (labor shown), opens /scheduling for those four weeks in Chromium (playwright-core)
 * and measures, from the page's own performance marks:
 * - the roster's JSON size, by part (a GET through the API);
 * - first render: data arrived (`roster:data`) → grid committed and laid out (`roster:rendered`;
 *   people rows are virtualized, so this is the complete first screen), and navigation start →
 *   `roster:rendered`;
 * - a scroll to the bottom of the grid: scroll → the last person's row rendered;
 * - a drag-move: the drop (`roster:drop`) → the change applied on screen with the browser's rule
 *   re-check (`roster:applied`), and → the chip observed in its new cell (MutationObserver).
 * Prints figures and writes bench/results/roster-ui.md; asserts nothing.
 */

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const PEOPLE = arg('people', 200);
const MOVES = arg('moves', 10);
const LOADS = arg('loads', 3);
const OPEN_SHIFTS = arg('open', 150);
const FROM = '2027-03-01'; // a Monday
const WEEKS = 4;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

if (!process.argv.includes('--skip-build')) {
  const build = spawnSync('npm', ['run', 'build', '-w', '@keel/web'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const port = await new Promise<number>((resolve) => {
  const srv = net.createServer().listen(0, '127.0.0.1', () => {
    const p = (srv.address() as net.AddressInfo).port;
    srv.close(() => resolve(p));
  });
});
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-bench-roster-ui-'));
const base = `http://127.0.0.1:${port}`;
const server: ChildProcess = spawn(
  process.execPath,
  ['--import', 'tsx', 'apps/server/src/main.ts'],
  {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      KEEL_DATA_DIR: dataDir,
      KEEL_PUBLIC_URL: base,
      KEEL_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  },
);
const stop = () => {
  server.kill('SIGTERM');
  fs.rmSync(dataDir, { recursive: true, force: true });
};

try {
  let ready = false;
  for (let i = 0; i < 120 && !ready; i++) {
    await new Promise((r) => setTimeout(r, 500));
    try {
      ready = (await fetch(`${base}/api/health`)).ok;
    } catch {
      // not up yet
    }
  }
  if (!ready) throw new Error('Keel did not start within 60 s');

  // ── data, through the API as the demo owner ──────────────────────────────────────────────
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'owner@demo.keel.test', password: 'keel-demo' }),
  });
  if (!login.ok) throw new Error(`login: ${login.status}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  // biome-ignore lint/suspicious/noExplicitAny: untyped JSON answers of the API
  const api = async (method: string, url: string, body?: unknown): Promise<any> => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrfToken,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };

  const t0 = performance.now();
  const site = await api('POST', '/api/sites', {
    name: 'Bench Plant',
    code: 'BEN',
    timeZone: 'America/New_York',
  });
  const position = await api('POST', '/api/positions', { title: 'Bench Operator' });
  const employees: string[] = [];
  for (let i = 0; i < PEOPLE; i++) {
    const e = await api('POST', '/api/employees', {
      firstName: `Person${i}`,
      lastName: `Bench${String(i).padStart(3, '0')}`,
      siteId: site.id,
      positionId: position.id,
      contractHoursPerWeek: 40,
      pay: { type: 'hourly', amountMinor: 2200 + (i % 10) * 50 },
    });
    employees.push(e.id);
  }
  const types: { id: string }[] = [];
  for (const [code, name, startTime, endTime, color] of [
    ['E', 'Early', '06:00', '14:00', '#fab005'],
    ['L', 'Late', '14:00', '22:00', '#228be6'],
    ['N', 'Night', '22:00', '06:00', '#7950f2'],
  ]) {
    types.push(
      await api('POST', '/api/scheduling/shift-types', {
        siteId: site.id,
        code,
        name,
        startTime,
        endTime,
        color,
      }),
    );
  }
  await api('PUT', '/api/scheduling/coverage', {
    siteId: site.id,
    needs: types.flatMap((t) =>
      [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
        shiftTypeId: t.id,
        weekday,
        min: Math.floor(PEOPLE / 4),
        ideal: Math.floor(PEOPLE / 3),
      })),
    ),
  });
  let assigned = 0;
  for (const [k, type] of types.entries()) {
    const rotation = await api('POST', '/api/scheduling/rotations', {
      siteId: site.id,
      name: `Bench ${k}`,
      days: [type.id, type.id, type.id, type.id, type.id, type.id, null],
    });
    const members = employees
      .map((employeeId, i) => ({ employeeId, i }))
      .filter(({ i }) => i % 3 === k)
      .map(({ employeeId, i }) => ({ employeeId, offset: i % 7 }));
    const r = await api('POST', `/api/scheduling/rotations/${rotation.id}/apply`, {
      from: FROM,
      to: addDays(FROM, WEEKS * 7 - 1),
      members,
    });
    assigned += r.created;
  }
  for (let i = 0; i < OPEN_SHIFTS; i++) {
    await api('POST', '/api/scheduling/shifts', {
      siteId: site.id,
      date: addDays(FROM, i % (WEEKS * 7)),
      shiftTypeId: types[i % 3]?.id,
    });
  }
  const setupSeconds = (performance.now() - t0) / 1000;
  const rosterUrl = `/api/scheduling/roster?siteId=${site.id}&from=${FROM}&to=${addDays(FROM, WEEKS * 7 - 1)}`;
  const rosterJson = await api('GET', rosterUrl);
  const size = (x: unknown) => Buffer.byteLength(JSON.stringify(x));
  const payload = {
    total: size(rosterJson),
    shifts: size(rosterJson.shifts),
    input: size(rosterJson.input),
    inputShifts: rosterJson.input.shifts.length,
    findings: size(rosterJson.findings),
    labor: size(rosterJson.labor),
  };
  console.log(
    `data: ${PEOPLE} people, ${assigned} assigned + ${OPEN_SHIFTS} open shifts (${setupSeconds.toFixed(0)} s)`,
  );

  // ── the browser ──────────────────────────────────────────────────────────────────────────
  const browser = await chromium.launch({
    executablePath: process.env.KEEL_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    baseURL: base,
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto('/login');
  await page.getByLabel(/e-?mail/i).fill('owner@demo.keel.test');
  await page
    .getByLabel(/password/i)
    .first()
    .fill('keel-demo');
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));

  const url = `/scheduling?siteId=${site.id}&from=${FROM}&weeks=${WEEKS}&view=grid`;
  const loads: {
    dataToRendered: number;
    dataToComplete: number;
    navToRendered: number;
    fetch: number;
  }[] = [];
  for (let i = 0; i < LOADS; i++) {
    await page.goto(url);
    await page.getByTestId('roster-grid').waitFor({ timeout: 60_000 });
    await page.waitForFunction(
      () => performance.getEntriesByName('roster:complete').length > 0,
      null,
      {
        timeout: 60_000,
      },
    );
    loads.push(
      await page.evaluate(() => {
        const data = performance.getEntriesByName('roster:data')[0]?.startTime ?? 0;
        const rendered = performance.getEntriesByName('roster:rendered')[0]?.startTime ?? 0;
        const complete = performance.getEntriesByName('roster:complete')[0]?.startTime ?? 0;
        const res = performance
          .getEntriesByType('resource')
          .find((r) => r.name.includes('/api/scheduling/roster?'));
        return {
          dataToRendered: rendered - data,
          dataToComplete: complete - data,
          navToRendered: rendered,
          fetch: res ? res.duration : Number.NaN,
        };
      }),
    );
  }
  const chips = await page.locator('[data-testid="roster-chip"]').count();
  const cells = await page.locator('[data-cell]').count();
  console.log(`grid (rendered): ${cells} cells, ${chips} chips`);

  // Scrolling: to the bottom of the grid, from the scroll to the last person's row in the DOM.
  const scrolls: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    scrolls.push(
      await page.evaluate(async (people) => {
        const scroller = document.querySelector<HTMLElement>(
          '[data-testid="roster-grid-scroller"]',
        );
        if (!scroller) return Number.NaN;
        scroller.scrollTop = 0;
        await new Promise((r) => setTimeout(r, 300));
        const last = `[data-navrow][data-rowindex="${people}"]`;
        const t = performance.now();
        scroller.scrollTop = scroller.scrollHeight;
        // the last person's row rendered (rows are measured as they render; a few frames)
        for (let k = 0; k < 600 && !document.querySelector(last); k++) {
          await new Promise((r) => requestAnimationFrame(r));
        }
        return document.querySelector(last) ? performance.now() - t : Number.NaN;
      }, PEOPLE),
    );
  }
  await page.evaluate(() => {
    const scroller = document.querySelector<HTMLElement>('[data-testid="roster-grid-scroller"]');
    if (scroller) scroller.scrollTop = 0;
  });

  // Moves: a draft chip of person i onto the open-shifts row of the same day (an unassign, so
  // the server accepts every one), measured from the drop.
  const moves: { applied: number; observed: number }[] = [];
  for (let m = 0; m < MOVES; m++) {
    const employeeId = employees[(m * 17) % employees.length] ?? '';
    // rows are virtualized: scroll until the person's row is rendered, then put it mid-grid
    // (the whole grid in the window, so the drag needs no scrolling of the page)
    await page.evaluate(async (id) => {
      const scroller = document.querySelector<HTMLElement>('[data-testid="roster-grid-scroller"]');
      const sel = `[data-testid="roster-row-${id}"] [role=rowheader]`;
      if (!scroller) return;
      scroller.scrollIntoView({ block: 'nearest' });
      scroller.scrollTop = 0;
      for (let k = 0; k < 400 && !document.querySelector(sel); k++) {
        scroller.scrollTop += scroller.clientHeight / 2;
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      }
      const label = document.querySelector<HTMLElement>(sel);
      if (label) scroller.scrollTop = label.offsetTop - scroller.clientHeight / 2;
      for (let k = 0; k < 2; k++)
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    }, employeeId);
    const row = page.getByTestId(`roster-row-${employeeId}`);
    const chip = row.locator('[data-testid="roster-chip"]').first();
    const id = await chip.getAttribute('data-shift-id');
    const date = await chip.evaluate(
      (el) => (el.closest('[data-cell]') as HTMLElement).dataset.date ?? '',
    );
    const target = page.getByTestId(`roster-cell-open-${date}`);
    await page.evaluate(
      ({ id, date }) => {
        performance.clearMarks('roster:drop');
        performance.clearMarks('roster:applied');
        const cell = document.querySelector(`[data-testid="roster-cell-open-${date}"]`);
        const w = window as unknown as { __seen?: number };
        w.__seen = undefined;
        const obs = new MutationObserver(() => {
          if (cell?.querySelector(`[data-shift-id="${id}"]`)) {
            w.__seen = performance.now();
            obs.disconnect();
          }
        });
        if (cell) obs.observe(cell, { childList: true, subtree: true });
      },
      { id, date },
    );
    // let the rows' measurement settle (rows rendered at the bottom are measured, then placed)
    await page.waitForTimeout(300);
    // the drag by hand: press on the chip where it is now (the window of rows may have moved
    // while rows were measured), then drop on the open-shifts cell
    for (let attempt = 0; attempt < 10; attempt++) {
      const at = await page.evaluate((id) => {
        const el = document.querySelector<HTMLElement>(`[data-shift-id="${id}"]`);
        const r = el?.getBoundingClientRect();
        if (!r) return null;
        const x = r.left + 8;
        const y = r.top + r.height / 2;
        const hit = document.elementFromPoint(x, y)?.closest<HTMLElement>('[data-shift-id]');
        return hit?.dataset.shiftId === id ? { x, y } : null;
      }, id);
      if (at) {
        await page.mouse.move(at.x, at.y);
        break;
      }
      await page.waitForTimeout(100);
    }
    const box = await target.boundingBox();
    await page.mouse.down();
    await page.mouse.move((box?.x ?? 0) + 20, (box?.y ?? 0) + 20, { steps: 2 });
    await page.mouse.up();
    await page.waitForFunction(() => (window as unknown as { __seen?: number }).__seen);
    moves.push(
      await page.evaluate(() => {
        const drop = performance.getEntriesByName('roster:drop')[0]?.startTime ?? 0;
        const applied = performance.getEntriesByName('roster:applied').at(-1)?.startTime ?? 0;
        const seen = (window as unknown as { __seen: number }).__seen;
        return { applied: applied - drop, observed: seen - drop };
      }),
    );
    // let the server answer and the background refetch land before the next move
    await page.waitForFunction(
      () => document.querySelector('[data-testid="roster-status"]')?.textContent !== 'Saving…',
    );
    await page.waitForTimeout(300);
  }
  await browser.close();

  const lines = [
    '# Roster UI benchmark',
    '',
    `Chromium (headless, ${os.cpus().length} cores: ${os.cpus()[0]?.model ?? ''}), ${new Date().toISOString().slice(0, 10)}.`,
    `Data: ${PEOPLE} people × ${WEEKS * 7} days, ${assigned} assigned + ${OPEN_SHIFTS} open shifts; labor shown (owner). People rows are virtualized: the first screen rendered ${cells} cells and ${chips} chips (visible rows + overscan, the open-shifts row).`,
    `Roster JSON: ${(payload.total / 1e6).toFixed(2)} MB — shifts ${(payload.shifts / 1e6).toFixed(2)} MB, engine input ${(payload.input / 1e6).toFixed(2)} MB (${payload.inputShifts} context shifts), findings ${(payload.findings / 1e6).toFixed(2)} MB, labor ${(payload.labor / 1e6).toFixed(2)} MB.`,
    '',
    '| measure | median | max | runs |',
    '| --- | --- | --- | --- |',
    `| GET /api/scheduling/roster (4 weeks), resource timing | ${ms(median(loads.map((l) => l.fetch)))} | ${ms(Math.max(...loads.map((l) => l.fetch)))} | ${loads.length} |`,
    `| first render: data → grid rendered and laid out (all visible rows) | ${ms(median(loads.map((l) => l.dataToRendered)))} | ${ms(Math.max(...loads.map((l) => l.dataToRendered)))} | ${loads.length} |`,
    `| scroll to the bottom → last person's row rendered | ${ms(median(scrolls))} | ${ms(Math.max(...scrolls))} | ${scrolls.length} |`,
    `| navigation start → grid rendered | ${ms(median(loads.map((l) => l.navToRendered)))} | ${ms(Math.max(...loads.map((l) => l.navToRendered)))} | ${loads.length} |`,
    `| drag-move: drop → applied (engine re-check + commit) | ${ms(median(moves.map((m) => m.applied)))} | ${ms(Math.max(...moves.map((m) => m.applied)))} | ${moves.length} |`,
    `| drag-move: drop → chip in its new cell (DOM observed) | ${ms(median(moves.map((m) => m.observed)))} | ${ms(Math.max(...moves.map((m) => m.observed)))} | ${moves.length} |`,
    '',
    'Targets: first render under 1 s, a move reflected under 100 ms.',
    `Load average while measuring: ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(
        ' / ',
      )} (1/5/15 min) on ${os.cpus().length} cores — a shared machine; figures scale with it.`,
    '',
  ];
  const report = lines.join('\n');
  console.log(report);
  fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench/results/roster-ui.md'), report);
} finally {
  stop();
}
