// `npm run test:e2e`: build the web app, start Keel on a fresh data directory (demo seeded),
// run the browser suites against it in Chromium, stop the server.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const build = spawnSync(npm, ['run', 'build', '-w', '@keel/web'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const port = await new Promise((resolve) => {
  const srv = net.createServer().listen(0, '127.0.0.1', () => {
    const p = srv.address().port;
    srv.close(() => resolve(p));
  });
});
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-e2e-'));
const url = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
  cwd: root,
  env: {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    KEEL_DATA_DIR: dataDir,
    KEEL_PUBLIC_URL: url,
    KEEL_LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});

let ready = false;
for (let i = 0; i < 120 && !ready; i++) {
  await new Promise((r) => setTimeout(r, 500));
  try {
    ready = (await fetch(`${url}/api/health`)).ok;
  } catch {
    // not up yet
  }
}
let code = 1;
if (!ready) {
  console.error('Keel did not start within 60 s');
} else {
  const args = ['vitest', 'run', '--config', 'e2e/vitest.config.ts', ...process.argv.slice(2)];
  const run = spawnSync('npx', args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, KEEL_E2E_URL: url },
  });
  code = run.status ?? 1;
}
server.kill('SIGTERM');
fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(code);
