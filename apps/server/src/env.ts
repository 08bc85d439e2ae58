import { isIP } from 'node:net';
import * as z from 'zod';
import { defaultBudgets, parseBudgets } from './rate-limit/budgets-config.ts';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Which requests get an access-log line: every one, only those answered 5xx, or none. */
export const accessLogModes = ['all', 'errors', 'off'] as const;
export type AccessLog = (typeof accessLogModes)[number];

const port = z.coerce
  .number({ error: 'must be a whole number from 0 to 65535' })
  .int({ error: 'must be a whole number from 0 to 65535' })
  .min(0, { error: 'must be a whole number from 0 to 65535' })
  .max(65535, { error: 'must be a whole number from 0 to 65535' });

const hostname = z
  .string()
  .refine((value) => isIP(value) !== 0 || /^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?$/.test(value), {
    error: 'must be an IP address or a host name, such as 127.0.0.1 or 0.0.0.0',
  });

const postgresUrl = z
  .string()
  .refine((value) => URL.canParse(value) && /^postgres(ql)?:$/.test(new URL(value).protocol), {
    error:
      'must be a postgres:// or postgresql:// URL, such as postgres://user:password@127.0.0.1:5432/charter',
  });

const origins = z.string().transform((value, ctx) => {
  if (value.trim() === '*') return '*' as const;
  const list = value
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of list) {
    if (!URL.canParse(origin) || new URL(origin).origin !== origin) {
      ctx.addIssue({
        code: 'custom',
        message: `"${origin}" is not an origin such as https://app.example.com`,
      });
    }
  }
  return list;
});

/** A whole number of `unit` from `min` to `max`; with `off`, its message says 0 turns it off. */
const wholeNumber = (unit: string, min: number, max: number, off = false) => {
  const error = `must be a whole number of ${unit} from ${min} to ${max}${off ? ' (0 turns it off)' : ''}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

const seconds = (min: number, max: number) =>
  z.coerce
    .number({ error: `must be a whole number of seconds from ${min} to ${max}` })
    .int({ error: `must be a whole number of seconds from ${min} to ${max}` })
    .min(min, { error: `must be a whole number of seconds from ${min} to ${max}` })
    .max(max, { error: `must be a whole number of seconds from ${min} to ${max}` });

const EnvSchema = z.object({
  PORT: port.default(3000),
  HOST: hostname.default('127.0.0.1'),
  /** Where the embedded PostgreSQL (PGlite) keeps its files; unused when DATABASE_URL is set. */
  DATA_DIR: z.string().min(1).default('./.data'),
  /** Switches from the embedded database to this PostgreSQL server. */
  DATABASE_URL: postgresUrl.optional(),
  /** Shares rate-limit budgets between every server process through this Redis. */
  REDIS_URL: z
    .string()
    .refine((value) => URL.canParse(value) && /^rediss?:$/.test(new URL(value).protocol), {
      error: 'must be a redis:// or rediss:// URL, such as redis://127.0.0.1:6379',
    })
    .optional(),
  /** Resizes rate-limit budgets, e.g. `default=1200/60s,auth=10/1m`; see rate-limit/budgets-config.ts. */
  RATE_LIMITS: z
    .string()
    .transform((value, ctx) => {
      const sizes = parseBudgets(value);
      if (!Array.isArray(sizes)) return sizes;
      for (const problem of sizes) ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    })
    .default(defaultBudgets),
  LOG_LEVEL: z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` }).default('info'),
  /** Unset: `all`, or `errors` when NODE_ENV=production (one line per request is heavy there). */
  ACCESS_LOG: z.enum(accessLogModes, { error: `must be one of ${accessLogModes.join(', ')}` }).optional(),
  /** Read only to pick ACCESS_LOG's default. */
  NODE_ENV: z.string().optional(),
  /** The origin clients reach this server at, when it differs from http://HOST:PORT (a proxy, TLS). */
  PUBLIC_URL: z
    .string()
    .refine((value) => URL.canParse(value) && new URL(value).origin === value.replace(/\/$/, ''), {
      error: 'must be an origin such as https://api.example.com (no path)',
    })
    .transform((value) => value.replace(/\/$/, ''))
    .optional(),
  /** `*` or a comma-separated list of origins allowed to call the API from a browser. */
  CORS_ORIGINS: origins.default('*'),
  /** Behind a reverse proxy, the number of proxies whose X-Forwarded-For to trust. */
  TRUST_PROXY_HOPS: z.coerce
    .number({ error: 'must be a whole number of proxy hops, 0 or more' })
    .int({ error: 'must be a whole number of proxy hops, 0 or more' })
    .min(0, { error: 'must be a whole number of proxy hops, 0 or more' })
    .default(0),
  ACCESS_TOKEN_TTL_SECONDS: seconds(60, 86_400).default(900),
  /** How long a log-in lasts, however often it is refreshed. */
  SESSION_TTL_SECONDS: seconds(300, 31_536_000).default(30 * 86_400),
  /** How long an Idempotency-Key is kept after its first use: a retry within it replays the answer. */
  IDEMPOTENCY_KEY_TTL_SECONDS: seconds(60, 7 * 86_400).default(86_400),
  /** Live streams (task changes) one account may hold open at once, per server process. */
  STREAMS_PER_CALLER: z.coerce
    .number({ error: 'must be a whole number of streams, 1 or more' })
    .int({ error: 'must be a whole number of streams, 1 or more' })
    .min(1, { error: 'must be a whole number of streams, 1 or more' })
    .default(20),
  /** Live streams one client address may hold open at once, per server process. */
  STREAMS_PER_ADDRESS: z.coerce
    .number({ error: 'must be a whole number of streams, 1 or more' })
    .int({ error: 'must be a whole number of streams, 1 or more' })
    .min(1, { error: 'must be a whole number of streams, 1 or more' })
    .default(100),
  /** How long a stopping server waits for requests in flight before closing their connections. */
  SHUTDOWN_GRACE_SECONDS: seconds(0, 300).default(10),
  /** Compress answers a client accepts compressed (brotli, gzip), from COMPRESSION_THRESHOLD_BYTES. */
  COMPRESSION: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
  COMPRESSION_THRESHOLD_BYTES: wholeNumber('bytes', 0, 1_048_576).default(1024),
  /** Calls served at once past which new ones are refused 503 (docs/operating.md, Overload). */
  OVERLOAD_MAX_CALLS_IN_FLIGHT: wholeNumber('calls', 0, 1_000_000, true).default(256),
  /** Mean event-loop delay over the last half second past which new calls are refused 503. */
  OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: wholeNumber('milliseconds', 0, 60_000, true).default(500),
  /** Calls waiting for a PostgreSQL connection past which new ones are refused 503. */
  OVERLOAD_MAX_POOL_WAITERS: wholeNumber('waiting calls', 0, 100_000, true).default(50),
  /** How long a call may take before it is answered 503 (its work is abandoned). */
  OVERLOAD_CALL_DEADLINE_MS: wholeNumber('milliseconds', 100, 600_000).default(10_000),
  /** How long one PostgreSQL statement may run before PostgreSQL cancels it (answered 503). */
  DATABASE_STATEMENT_TIMEOUT_MS: wholeNumber('milliseconds', 0, 600_000, true).default(5_000),
  /** Serves Prometheus metrics at /metrics on this port, a listener of its own; unset, no metrics. */
  METRICS_PORT: port.optional(),
  /** Where the metrics listener binds: keep it private (the default) or set METRICS_TOKEN. */
  METRICS_HOST: hostname.default('127.0.0.1'),
  /** When set, a scrape must send `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9._~+/-]{16,}=*$/, {
      error: 'must be at least 16 characters of A-Z a-z 0-9 . _ ~ + / - (a bearer token)',
    })
    .optional(),
  // Webhook receivers (src/webhooks/policy.ts): https to public addresses unless these say otherwise.
  /** Lets webhooks use http:// URLs too: for local testing only. */
  WEBHOOK_ALLOW_HTTP: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .transform((value) => value === 'true'),
  /** Comma-separated host names or IP addresses webhooks may reach though private (127.0.0.1, say). */
  WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .transform((value, ctx) => {
      const hosts = value
        .split(',')
        .map((host) =>
          host
            .trim()
            .toLowerCase()
            .replace(/^\[(.*)\]$/, '$1'),
        )
        .filter(Boolean);
      for (const host of hosts)
        if (isIP(host) === 0 && !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(host))
          ctx.addIssue({ code: 'custom', message: `"${host}" is not a host name or an IP address` });
      return hosts;
    })
    .default([]),
});

// A token guards the metrics listener: without METRICS_PORT there is none, which is surely a mistake.
const CheckedEnvSchema = EnvSchema.refine(
  (env) => env.METRICS_TOKEN === undefined || env.METRICS_PORT !== undefined,
  { error: 'is set but METRICS_PORT is not: metrics are off without METRICS_PORT', path: ['METRICS_TOKEN'] },
).refine((env) => env.METRICS_PORT === undefined || env.METRICS_PORT === 0 || env.METRICS_PORT !== env.PORT, {
  error: 'must differ from PORT: metrics have a listener of their own',
  path: ['METRICS_PORT'],
});

export type Env = Omit<z.output<typeof EnvSchema>, 'ACCESS_LOG' | 'NODE_ENV'> & { ACCESS_LOG: AccessLog };

export class InvalidEnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'InvalidEnvError';
  }
}

/**
 * Reads the server's configuration from environment variables, once, at boot. An empty variable
 * counts as unset. Every bad value is reported, each with what it must be.
 */
export function parseEnv(source: Readonly<Record<string, string | undefined>>): Env {
  const known = Object.keys(EnvSchema.shape);
  const given = Object.fromEntries(
    known
      .map((name) => [name, source[name]?.trim() === '' ? undefined : source[name]])
      .filter(([, v]) => v !== undefined),
  );
  const result = CheckedEnvSchema.safeParse(given);
  if (result.success) {
    const { NODE_ENV, ...env } = result.data;
    return { ...env, ACCESS_LOG: env.ACCESS_LOG ?? (NODE_ENV === 'production' ? 'errors' : 'all') };
  }
  throw new InvalidEnvError(
    result.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      // A metrics token is a secret: its value is never printed, even when refused.
      const shown = name === 'METRICS_TOKEN' ? '***' : withoutPassword(given[name]);
      return `${name}=${JSON.stringify(shown)}: ${issue.message}`;
    }),
  );
}

/** A value as it may be printed: a URL's password (say, in a mistyped DATABASE_URL) is masked. */
function withoutPassword(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/i, '$1***@');
}
