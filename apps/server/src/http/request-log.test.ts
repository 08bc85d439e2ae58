import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { lazyChild } from './request-log.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { log: pino({ level: 'info' }, destination), lines };
}

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
