import { describe, expect, it } from 'vitest';
import { InvalidEnvError, parseEnv } from './env.ts';
import { defaultBudgets } from './rate-limit/budgets-config.ts';

function problemsOf(source: Record<string, string>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof InvalidEnvError) return error.problems;
    throw error;
  }
  return [];
}

/** Compression and overload protection, as they are with nothing set (see their own block below). */
const compressionAndOverloadDefaults = {
  COMPRESSION: 'on',
  COMPRESSION_THRESHOLD_BYTES: 1024,
  OVERLOAD_MAX_CALLS_IN_FLIGHT: 256,
  OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: 500,
  OVERLOAD_MAX_POOL_WAITERS: 50,
  OVERLOAD_CALL_DEADLINE_MS: 10_000,
  DATABASE_STATEMENT_TIMEOUT_MS: 5_000,
};

describe('parseEnv', () => {
  it('runs on embedded defaults with nothing set', () => {
    expect(parseEnv({})).toEqual({
      PORT: 3000,
      HOST: '127.0.0.1',
      DATA_DIR: './.data',
      LOG_LEVEL: 'info',
      ACCESS_LOG: 'all',
      CORS_ORIGINS: '*',
      TRUST_PROXY_HOPS: 0,
      ACCESS_TOKEN_TTL_SECONDS: 900,
      SESSION_TTL_SECONDS: 2_592_000,
      IDEMPOTENCY_KEY_TTL_SECONDS: 86_400,
      SHUTDOWN_GRACE_SECONDS: 10,
      STREAMS_PER_CALLER: 20,
      STREAMS_PER_ADDRESS: 100,
      RATE_LIMITS: defaultBudgets,
      METRICS_HOST: '127.0.0.1',
      WEBHOOK_ALLOW_HTTP: false,
      WEBHOOK_ALLOWED_HOSTS: [],
      ...compressionAndOverloadDefaults,
    });
  });

  it('logs every request by default, and only 5xx ones when NODE_ENV=production', () => {
    expect(parseEnv({}).ACCESS_LOG).toBe('all');
    expect(parseEnv({ NODE_ENV: 'development' }).ACCESS_LOG).toBe('all');
    expect(parseEnv({ NODE_ENV: 'production' }).ACCESS_LOG).toBe('errors');
    expect(parseEnv({ NODE_ENV: 'production', ACCESS_LOG: 'all' }).ACCESS_LOG).toBe('all');
    expect(parseEnv({ NODE_ENV: 'production' })).not.toHaveProperty('NODE_ENV');
  });

  it('treats an empty variable as unset', () => {
    expect(parseEnv({ PORT: '', DATABASE_URL: ' ' })).toMatchObject({ PORT: 3000 });
    expect(parseEnv({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('reads every variable it knows', () => {
    expect(
      parseEnv({
        PORT: '0',
        HOST: '0.0.0.0',
        DATA_DIR: '/var/lib/charter',
        DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
        LOG_LEVEL: 'debug',
        ACCESS_LOG: 'off',
        CORS_ORIGINS: 'https://a.example, http://localhost:5173',
        TRUST_PROXY_HOPS: '1',
        ACCESS_TOKEN_TTL_SECONDS: '60',
        SESSION_TTL_SECONDS: '3600',
        IDEMPOTENCY_KEY_TTL_SECONDS: '600',
        SHUTDOWN_GRACE_SECONDS: '0',
        STREAMS_PER_CALLER: '5',
        STREAMS_PER_ADDRESS: '50',
        REDIS_URL: 'redis://127.0.0.1:6379',
        RATE_LIMITS: 'anonymous=5/1s',
        METRICS_PORT: '9464',
        METRICS_HOST: '0.0.0.0',
        METRICS_TOKEN: 'a-scrape-token-of-32-characters',
        WEBHOOK_ALLOW_HTTP: 'true',
        WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      }),
    ).toEqual({
      PORT: 0,
      HOST: '0.0.0.0',
      DATA_DIR: '/var/lib/charter',
      DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
      LOG_LEVEL: 'debug',
      ACCESS_LOG: 'off',
      CORS_ORIGINS: ['https://a.example', 'http://localhost:5173'],
      TRUST_PROXY_HOPS: 1,
      ACCESS_TOKEN_TTL_SECONDS: 60,
      SESSION_TTL_SECONDS: 3600,
      IDEMPOTENCY_KEY_TTL_SECONDS: 600,
      SHUTDOWN_GRACE_SECONDS: 0,
      STREAMS_PER_CALLER: 5,
      STREAMS_PER_ADDRESS: 50,
      REDIS_URL: 'redis://127.0.0.1:6379',
      RATE_LIMITS: { ...defaultBudgets, anonymous: { points: 5, windowSeconds: 1 } },
      METRICS_PORT: 9464,
      METRICS_HOST: '0.0.0.0',
      METRICS_TOKEN: 'a-scrape-token-of-32-characters',
      WEBHOOK_ALLOW_HTTP: true,
      WEBHOOK_ALLOWED_HOSTS: ['127.0.0.1'],
      ...compressionAndOverloadDefaults,
    });
  });

  it.each([
    ['PORT', 'abc', 'PORT="abc": must be a whole number from 0 to 65535'],
    ['PORT', '70000', 'PORT="70000": must be a whole number from 0 to 65535'],
    ['PORT', '80.5', 'PORT="80.5": must be a whole number from 0 to 65535'],
    ['HOST', 'not a host', 'HOST="not a host": must be an IP address or a host name'],
    ['DATABASE_URL', 'mysql://x/y', 'DATABASE_URL="mysql://x/y": must be a postgres:// or postgresql:// URL'],
    ['DATABASE_URL', 'nonsense', 'DATABASE_URL="nonsense": must be a postgres:// or postgresql:// URL'],
    ['STREAMS_PER_CALLER', '0', 'STREAMS_PER_CALLER="0": must be a whole number of streams, 1 or more'],
    [
      'STREAMS_PER_ADDRESS',
      'many',
      'STREAMS_PER_ADDRESS="many": must be a whole number of streams, 1 or more',
    ],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL="loud": must be one of fatal, error, warn, info, debug, trace, silent'],
    ['ACCESS_LOG', 'some', 'ACCESS_LOG="some": must be one of all, errors, off'],
    [
      'CORS_ORIGINS',
      'https://a.example/path',
      'CORS_ORIGINS="https://a.example/path": "https://a.example/path" is not an origin',
    ],
    ['TRUST_PROXY_HOPS', '-1', 'TRUST_PROXY_HOPS="-1": must be a whole number of proxy hops, 0 or more'],
    [
      'ACCESS_TOKEN_TTL_SECONDS',
      '5',
      'ACCESS_TOKEN_TTL_SECONDS="5": must be a whole number of seconds from 60 to 86400',
    ],
  ])('explains a bad %s (%s)', (name, value, message) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  it('takes PUBLIC_URL as an origin, without a trailing slash', () => {
    expect(parseEnv({ PUBLIC_URL: 'https://api.example.com/' }).PUBLIC_URL).toBe('https://api.example.com');
    expect(problemsOf({ PUBLIC_URL: 'https://api.example.com/v1' })[0]).toContain('must be an origin');
    expect(problemsOf({ PUBLIC_URL: 'api.example.com' })[0]).toContain('must be an origin');
  });

  it('resizes the rate-limit budgets named in RATE_LIMITS, and keeps the others', () => {
    expect(parseEnv({ RATE_LIMITS: 'default=1200/60s, auth=5/1m' }).RATE_LIMITS).toEqual({
      ...defaultBudgets,
      default: { points: 1200, windowSeconds: 60 },
      auth: { points: 5, windowSeconds: 60 },
    });
    expect(parseEnv({ RATE_LIMITS: 'elevated=100000/1h' }).RATE_LIMITS.elevated).toEqual({
      points: 100_000,
      windowSeconds: 3600,
    });
  });

  it.each([
    ['default=600', 'is not name=points/window'],
    ['vip=10/60s', '"vip" is not a budget; the budgets are anonymous, default, elevated, auth'],
    ['default=0/60s', 'needs at least 1 point'],
    ['default=10/2d', 'is not name=points/window'],
    ['default=10/25h', 'a window from 1s to 24h'],
  ])('explains a bad RATE_LIMITS (%s)', (value, message) => {
    expect(problemsOf({ RATE_LIMITS: value })[0]).toContain(message);
  });

  it('takes only redis:// URLs for REDIS_URL', () => {
    expect(parseEnv({ REDIS_URL: 'redis://127.0.0.1:6379' }).REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(problemsOf({ REDIS_URL: 'http://127.0.0.1:6379' })[0]).toContain(
      'must be a redis:// or rediss:// URL',
    );
  });

  it('never prints the password of a URL it refuses', () => {
    const [problem] = problemsOf({ DATABASE_URL: 'mysql://charter:s3cr3t-pw@db.internal:3306/charter' });
    expect(problem).toContain('DATABASE_URL="mysql://charter:***@db.internal:3306/charter"');
    expect(problem).not.toContain('s3cr3t');
  });

  it('serves no metrics unless METRICS_PORT is set, and binds them to 127.0.0.1 by default', () => {
    expect(parseEnv({})).not.toHaveProperty('METRICS_PORT');
    expect(parseEnv({ METRICS_PORT: '9464' })).toMatchObject({
      METRICS_PORT: 9464,
      METRICS_HOST: '127.0.0.1',
    });
    expect(
      parseEnv({
        METRICS_PORT: '9464',
        METRICS_HOST: '0.0.0.0',
        METRICS_TOKEN: 'a-scrape-token-of-32-characters',
      }),
    ).toMatchObject({ METRICS_HOST: '0.0.0.0', METRICS_TOKEN: 'a-scrape-token-of-32-characters' });
  });

  it.each([
    ['METRICS_PORT', 'nine', 'METRICS_PORT="nine": must be a whole number from 0 to 65535'],
    ['METRICS_HOST', 'not a host', 'METRICS_HOST="not a host": must be an IP address or a host name'],
  ])('explains a bad %s (%s)', (name, value, message) => {
    expect(problemsOf({ METRICS_PORT: '9464', [name]: value })).toEqual([expect.stringContaining(message)]);
  });

  it('refuses a METRICS_TOKEN without METRICS_PORT, since it would guard nothing', () => {
    expect(problemsOf({ METRICS_TOKEN: 'a-scrape-token-of-32-characters' })).toEqual([
      'METRICS_TOKEN="***": is set but METRICS_PORT is not: metrics are off without METRICS_PORT',
    ]);
  });

  it('refuses METRICS_PORT on the API’s own port', () => {
    expect(problemsOf({ PORT: '8080', METRICS_PORT: '8080' })).toEqual([
      'METRICS_PORT="8080": must differ from PORT: metrics have a listener of their own',
    ]);
    expect(parseEnv({ PORT: '0', METRICS_PORT: '0' })).toMatchObject({ PORT: 0, METRICS_PORT: 0 });
  });

  it('refuses a short METRICS_TOKEN, and never prints it', () => {
    const problems = problemsOf({ METRICS_PORT: '9464', METRICS_TOKEN: 'short secret' });
    expect(problems).toEqual([
      'METRICS_TOKEN="***": must be at least 16 characters of A-Z a-z 0-9 . _ ~ + / - (a bearer token)',
    ]);
  });

  it('sends webhooks over https to public addresses only, unless WEBHOOK_* settings allow more', () => {
    expect(parseEnv({})).toMatchObject({ WEBHOOK_ALLOW_HTTP: false, WEBHOOK_ALLOWED_HOSTS: [] });
    expect(
      parseEnv({ WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOWED_HOSTS: ' 127.0.0.1, Hooks.Local ,[::1]' }),
    ).toMatchObject({ WEBHOOK_ALLOW_HTTP: true, WEBHOOK_ALLOWED_HOSTS: ['127.0.0.1', 'hooks.local', '::1'] });
  });

  it('refuses a WEBHOOK_ALLOW_HTTP other than true or false, and a WEBHOOK_ALLOWED_HOSTS entry that is no host', () => {
    expect(problemsOf({ WEBHOOK_ALLOW_HTTP: 'yes' })).toEqual([
      'WEBHOOK_ALLOW_HTTP="yes": must be true or false',
    ]);
    expect(problemsOf({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1,http://x/' })).toEqual([
      'WEBHOOK_ALLOWED_HOSTS="127.0.0.1,http://x/": "http://x/" is not a host name or an IP address',
    ]);
  });

  it('reports every bad value at once', () => {
    expect(problemsOf({ PORT: 'x', LOG_LEVEL: 'y' })).toHaveLength(2);
    expect(() => parseEnv({ PORT: 'x' })).toThrow(/^Invalid configuration:\n {2}- PORT="x"/);
  });
});

describe('parseEnv: compression and overload protection', () => {
  it('reads each setting', () => {
    expect(
      parseEnv({
        COMPRESSION: 'off',
        COMPRESSION_THRESHOLD_BYTES: '0',
        OVERLOAD_MAX_CALLS_IN_FLIGHT: '8',
        OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '250',
        OVERLOAD_MAX_POOL_WAITERS: '3',
        OVERLOAD_CALL_DEADLINE_MS: '2000',
        DATABASE_STATEMENT_TIMEOUT_MS: '1500',
      }),
    ).toMatchObject({
      COMPRESSION: 'off',
      COMPRESSION_THRESHOLD_BYTES: 0,
      OVERLOAD_MAX_CALLS_IN_FLIGHT: 8,
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: 250,
      OVERLOAD_MAX_POOL_WAITERS: 3,
      OVERLOAD_CALL_DEADLINE_MS: 2000,
      DATABASE_STATEMENT_TIMEOUT_MS: 1500,
    });
  });

  it('takes 0 to turn a load signal or the statement timeout off', () => {
    expect(
      parseEnv({
        OVERLOAD_MAX_CALLS_IN_FLIGHT: '0',
        OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
        OVERLOAD_MAX_POOL_WAITERS: '0',
        DATABASE_STATEMENT_TIMEOUT_MS: '0',
      }),
    ).toMatchObject({
      OVERLOAD_MAX_CALLS_IN_FLIGHT: 0,
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: 0,
      OVERLOAD_MAX_POOL_WAITERS: 0,
      DATABASE_STATEMENT_TIMEOUT_MS: 0,
    });
  });

  it.each([
    ['COMPRESSION', 'gzip', 'COMPRESSION="gzip": must be on or off'],
    [
      'COMPRESSION_THRESHOLD_BYTES',
      '1k',
      'COMPRESSION_THRESHOLD_BYTES="1k": must be a whole number of bytes from 0 to 1048576',
    ],
    [
      'OVERLOAD_MAX_CALLS_IN_FLIGHT',
      '-1',
      'OVERLOAD_MAX_CALLS_IN_FLIGHT="-1": must be a whole number of calls from 0 to 1000000 (0 turns it off)',
    ],
    [
      'OVERLOAD_MAX_EVENT_LOOP_DELAY_MS',
      '0.5',
      'OVERLOAD_MAX_EVENT_LOOP_DELAY_MS="0.5": must be a whole number of milliseconds from 0 to 60000 (0 turns it off)',
    ],
    [
      'OVERLOAD_MAX_POOL_WAITERS',
      'many',
      'OVERLOAD_MAX_POOL_WAITERS="many": must be a whole number of waiting calls from 0 to 100000 (0 turns it off)',
    ],
    [
      'OVERLOAD_CALL_DEADLINE_MS',
      '0',
      'OVERLOAD_CALL_DEADLINE_MS="0": must be a whole number of milliseconds from 100 to 600000',
    ],
    [
      'DATABASE_STATEMENT_TIMEOUT_MS',
      '600001',
      'DATABASE_STATEMENT_TIMEOUT_MS="600001": must be a whole number of milliseconds from 0 to 600000 (0 turns it off)',
    ],
  ])('explains a bad %s (%s)', (name, value, message) => {
    expect(problemsOf({ [name]: value })).toEqual([message]);
  });
});
