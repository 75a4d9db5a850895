// The only reader of process.env: one zod schema over an injected env, every problem reported at once.
import { z } from 'zod';
import { ROLES, type Role } from './core/access/roles.ts';

/** Variables whose values must never reach a log line, a reply or an error message. */
export const SECRET_VARIABLES = ['TRUNKOPS_SECRET_KEY', 'DATABASE_URL'] as const;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const principalPattern = /^(slack|slack-group|discord|discord-role|console):[A-Za-z0-9_.-]{1,64}$/;

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const envSchema = z.object({
  NODE_ENV: z.preprocess(blankToUndefined, z.enum(['development', 'production', 'test']).default('development')),
  LOG_LEVEL: z.preprocess(blankToUndefined, z.enum(LOG_LEVELS).default('info')),
  PORT: z.preprocess(
    blankToUndefined,
    z.coerce.number().int().min(0).max(65535).default(3000),
  ),
  DATA_DIR: z.preprocess(blankToUndefined, z.string().default('./data')),
  DATABASE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'use a postgres:// or postgresql:// connection URL')
      .optional(),
  ),
  TRUNKOPS_SECRET_KEY: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine((v) => decodeKey(v) !== undefined, 'use 32 random bytes as 64 hex characters or base64 (openssl rand -base64 32)')
      .optional(),
  ),
  TRUNKOPS_ADMINS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .refine(
        (list) => list.every((p) => principalPattern.test(p)),
        'use a comma-separated list of platform:user-id, e.g. slack:U0123ABCD,discord:80351110224678912',
      ),
  ),
  TRUNKOPS_DEFAULT_ROLE: z.preprocess(blankToUndefined, z.enum([...ROLES, 'none']).default('none')),
  TRUNKOPS_CONSOLE_USER: z.preprocess(blankToUndefined, z.string().min(1).max(64).optional()),
});

export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  logLevel: (typeof LOG_LEVELS)[number];
  port: number;
  dataDir: string;
  /** Postgres server URL; undefined means the embedded PGlite database in dataDir. */
  databaseUrl?: string;
  /** 32-byte AES key, or undefined to use (or create) the key file in dataDir (embedded database only). */
  secretKey?: Buffer;
  admins: string[];
  defaultRole: Role | 'none';
  consoleUser: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`trunkops cannot start: ${problems.length} configuration problem(s)\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment (process.env unless another is given); throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? 'environment');
      const secret = (SECRET_VARIABLES as readonly string[]).includes(name);
      // zod messages never include the value, so secrets stay out of the report.
      problems.push(`${name}: ${issue.message}${secret ? ' (value hidden)' : ''}`);
    }
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  if (e.DATABASE_URL && !e.TRUNKOPS_SECRET_KEY) {
    problems.push(
      'TRUNKOPS_SECRET_KEY: required when DATABASE_URL is set, so every replica can read the encrypted SIP passwords (openssl rand -base64 32)',
    );
  }
  if (problems.length) throw new ConfigError(problems);
  return {
    nodeEnv: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    port: e.PORT,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    secretKey: e.TRUNKOPS_SECRET_KEY ? decodeKey(e.TRUNKOPS_SECRET_KEY) : undefined,
    admins: e.TRUNKOPS_ADMINS,
    defaultRole: e.TRUNKOPS_DEFAULT_ROLE,
    consoleUser: e.TRUNKOPS_CONSOLE_USER ?? 'local',
  };
}

/** A copy of the config that is safe to log: secrets replaced by a marker. */
export function redactConfig(config: Config): Record<string, unknown> {
  return {
    ...config,
    databaseUrl: config.databaseUrl ? redactUrl(config.databaseUrl) : undefined,
    secretKey: config.secretKey ? '[redacted]' : undefined,
  };
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = 'redacted';
    return u.toString();
  } catch {
    return '[redacted]';
  }
}

function decodeKey(raw: string): Buffer | undefined {
  const v = raw.trim();
  if (/^[0-9a-fA-F]{64}$/.test(v)) return Buffer.from(v, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(v)) {
    const b = Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (b.length === 32) return b;
  }
  return undefined;
}
