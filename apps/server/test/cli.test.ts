import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres } from './harness.js';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../bin/keel.mjs');
const pgUrl = process.env.KEEL_TEST_DATABASE_URL ?? 'postgres://keel:keel@127.0.0.1:5432/keel_test';

let env: NodeJS.ProcessEnv;
let dataDir: string;
let schema: string | null = null;

/** Runs `keel …` as a person would, returning its exit code and output. */
async function keel(args: string[], extra: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      env: { ...env, ...extra },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-cli-'));
  env = {
    PATH: process.env.PATH,
    KEEL_DATA_DIR: dataDir,
    NODE_ENV: 'development',
    KEEL_LOG_LEVEL: 'silent',
  };
  if (onPostgres) {
    // A schema of its own, selected through the connection string's options.
    schema = `cli_${randomBytes(5).toString('hex')}`;
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    await client.query(`create schema ${schema}`);
    await client.end();
    env.KEEL_DATABASE_URL = `${pgUrl}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  }
});
afterAll(async () => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (schema) {
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    await client.query(`drop schema ${schema} cascade`);
    await client.end();
  }
});

describe('the keel CLI', () => {
  it('lists its commands', async () => {
    const res = await keel(['--help']);
    expect(res.code).toBe(0);
    for (const cmd of ['migrate', 'seed-demo', 'create-admin', 'doctor'])
      expect(res.stdout).toContain(cmd);
  });

  it('migrates once, then finds nothing to do', async () => {
    const first = await keel(['migrate']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/[1-9]\d* migration\(s\) applied/);
    const again = await keel(['migrate']);
    expect(again.stdout).toContain('already up to date');
  });

  it('refuses a short admin password, then creates the owner and their organization', async () => {
    const bad = await keel([
      'create-admin',
      '--email',
      'ada@example.com',
      '--organization',
      'Ada Works',
      '--password',
      'short',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('at least 10 characters');
    const ok = await keel(
      ['create-admin', '--email', 'Ada@Example.com', '--organization', 'Ada Works'],
      {
        KEEL_ADMIN_PASSWORD: 'a-long-enough-password',
      },
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('Created organization "Ada Works" owned by ada@example.com');
  });

  it('seeds the demo once, never in production', async () => {
    const prod = await keel(['seed-demo'], { NODE_ENV: 'production' });
    expect(prod.code).toBe(1);
    expect(prod.stderr).toContain('Refusing');
    const seeded = await keel(['seed-demo']);
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(seeded.stdout).toContain('owner@demo.keel.test');
    const again = await keel(['seed-demo']);
    expect(again.stdout).toContain('exists already');
  });

  it('reports a healthy, migrated database from doctor', async () => {
    const res = await keel(['doctor']);
    expect(res.code, res.stdout).toBe(0);
    expect(res.stdout).toContain('✓ database schema — migrated');
    expect(res.stdout).toContain(`database connection — ${onPostgres ? 'postgres' : 'sqlite'}`);
  });

  it('names a bad setting instead of starting', async () => {
    const res = await keel(['doctor'], { PORT: 'eighty' });
    expect(res.code).toBe(1);
    expect(res.stdout + res.stderr).toContain('PORT');
  });
});
