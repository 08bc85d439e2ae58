import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { AccessLog } from '../env.ts';
import { lazyChild, requestLogging } from './request-log.ts';

function capture(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { log: pino({ level }, destination), lines };
}

/** Serves one request through requestLogging, answering with `answer`, and returns the log lines once it closed. */
async function logOf(
  answer: 'ok' | 'failure' | 'unavailable' | 'never',
  { abort, accessLog }: { abort: boolean; accessLog?: AccessLog },
): Promise<Record<string, unknown>[]> {
  const { log, lines } = capture('debug');
  const logging = requestLogging(log, { ignore: () => false, ...(accessLog ? { accessLog } : {}) });
  const closed = new Promise<void>((resolve) => {
    const server = createServer((req, res) => {
      res.once('close', () => setImmediate(() => server.close(() => resolve())));
      logging(req as never, res as never, () => {
        if (answer === 'ok') res.end('fine');
        else if (answer === 'failure') res.writeHead(500).end();
        else if (answer === 'unavailable') res.writeHead(503).end();
        else res.writeHead(200).write('streaming');
      });
    });
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const call = request({ host: '127.0.0.1', port, path: '/' }, (response) => {
        if (abort) call.destroy();
        else response.resume();
      });
      call.on('error', () => undefined);
      call.end();
    });
  });
  await closed;
  return lines.filter((line) => String(line.msg).startsWith('request '));
}

describe('requestLogging', () => {
  it('logs a completed request at info', async () => {
    expect(await logOf('ok', { abort: false })).toMatchObject([{ level: 30, msg: 'request completed' }]);
  });

  it('logs a 5xx at error', async () => {
    expect(await logOf('failure', { abort: false })).toMatchObject([{ level: 50, msg: 'request completed' }]);
  });

  it('logs a 503 (a dependency out of reach, not a bug) at warn', async () => {
    expect(await logOf('unavailable', { abort: false })).toMatchObject([
      { level: 40, msg: 'request completed' },
    ]);
  });

  it('logs a caller leaving a live stream at debug, not as an error', async () => {
    expect(await logOf('never', { abort: true })).toMatchObject([{ level: 20, msg: 'request aborted' }]);
  });

  it('with ACCESS_LOG=errors, logs a 5xx and a 503 but not a success or a caller leaving', async () => {
    const errors = { abort: false, accessLog: 'errors' } as const;
    expect(await logOf('ok', errors)).toEqual([]);
    expect(await logOf('never', { ...errors, abort: true })).toEqual([]);
    expect(await logOf('failure', errors)).toMatchObject([{ level: 50, msg: 'request completed' }]);
    expect(await logOf('unavailable', errors)).toMatchObject([{ level: 40, msg: 'request completed' }]);
  });

  it('with ACCESS_LOG=off, logs no request, not even a 5xx', async () => {
    expect(await logOf('ok', { abort: false, accessLog: 'off' })).toEqual([]);
    expect(await logOf('failure', { abort: false, accessLog: 'off' })).toEqual([]);
  });
});

describe('lazyChild', () => {
  it('builds the child logger only when something logs through it', () => {
    const { log } = capture();
    let built = 0;
    const child = log.child.bind(log);
    log.child = ((...args: Parameters<typeof log.child>) => {
      built += 1;
      return child(...args);
    }) as typeof log.child;
    const lazy = lazyChild(log, { reqId: 'r1' });
    expect(built).toBe(0);
    lazy.info('one');
    lazy.info('two');
    expect(built).toBe(1);
  });

  it('writes lines carrying its bindings, at the parent level', async () => {
    const { log, lines } = capture();
    const lazy = lazyChild(log, { reqId: 'r2' });
    lazy.debug('not at info');
    lazy.warn({ detail: 1 }, 'careful');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ reqId: 'r2', detail: 1, msg: 'careful', level: 40 });
    expect(lazy.isLevelEnabled('debug')).toBe(false);
  });
});
