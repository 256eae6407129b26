import path from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  KEEL_DATA_DIR: z.string().default('./data'),
  KEEL_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  KEEL_PUBLIC_URL: z.url().optional(),
  KEEL_SMTP_URL: z.string().optional(),
  KEEL_MAIL_FROM: z.string().default('Keel <keel@localhost>'),
  KEEL_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  KEEL_SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  KEEL_TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  KEEL_SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  publicUrl: string;
  smtpUrl: string | null;
  mailFrom: string;
  logLevel: string;
  sessionDays: number;
  trustProxy: boolean;
  seedDemo: boolean;
}

/** Reads the environment once; a bad value stops start-up with the variable named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.KEEL_DATA_DIR),
    databaseUrl: e.KEEL_DATABASE_URL ?? null,
    publicUrl: (e.KEEL_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    smtpUrl: e.KEEL_SMTP_URL || null,
    mailFrom: e.KEEL_MAIL_FROM,
    logLevel: e.KEEL_LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    sessionDays: e.KEEL_SESSION_DAYS,
    trustProxy: e.KEEL_TRUST_PROXY,
    seedDemo: e.NODE_ENV !== 'production' && e.KEEL_SEED_DEMO === 'auto',
  };
}
