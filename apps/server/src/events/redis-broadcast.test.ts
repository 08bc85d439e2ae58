import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findRedisServer, type RedisServer, startRedis } from '../../tests/support/redis.ts';
import { type Broadcast, redisBroadcast } from './redis-broadcast.ts';

const redisProgram = findRedisServer();
if (!redisProgram && process.env.CI) {
  throw new Error(
    'redis-server is not installed (Debian: apt-get install redis-server); CI must run these tests.',
  );
}

const channel = 'test:broadcast';

describe.skipIf(!redisProgram)('a broadcast over one Redis channel', () => {
  let server: RedisServer;
  const connections: Redis[] = [];
  const broadcasts: Broadcast<{ n: number }>[] = [];

  beforeAll(async () => {
    server = await startRedis(redisProgram as string);
  });
  afterAll(async () => {
    for (const broadcast of broadcasts) broadcast.close();
    for (const connection of connections) connection.disconnect();
    await server?.stop();
  });

  /** One server process's end of the channel: what it heard, and the warnings it logged. */
  async function processOnChannel() {
    const probe = new Redis(server.url);
    connections.push(probe);
    const listeners = async () => ((await probe.pubsub('NUMSUB', channel)) as [string, number])[1];
    const before = await listeners();
    const redis = new Redis(server.url);
    connections.push(redis);
    const heard: number[] = [];
    const warnings: string[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line).msg) });
    const broadcast = redisBroadcast<{ n: number }>(redis, log, {
      channel,
      what: 'test',
      encode: (message) => JSON.stringify(message),
      decode: (text) => {
        const message = JSON.parse(text) as { n: unknown };
        if (typeof message.n !== 'number') throw new Error('n is not a number');
        return { n: message.n };
      },
      deliver: (message) => heard.push(message.n),
    });
    broadcasts.push(broadcast);
    await vi.waitFor(async () => expect(await listeners()).toBe(before + 1));
    return { broadcast, heard, warnings, publishRaw: (text: string) => probe.publish(channel, text) };
  }

  it('delivers a message once to the process that sent it, at once, and once to every other', async () => {
    const [first, second] = [await processOnChannel(), await processOnChannel()];
    first.broadcast.send({ n: 1 });
    expect(first.heard).toEqual([1]); // before Redis answers
    await vi.waitFor(() => expect(second.heard).toEqual([1]));
    second.broadcast.send({ n: 2 });
    await vi.waitFor(() => expect(first.heard).toEqual([1, 2]));
    expect(second.heard).toEqual([1, 2]);
  });

  it('logs and drops what it cannot read, and keeps listening', async () => {
    const listening = await processOnChannel();
    await listening.publishRaw('not json');
    await listening.publishRaw(JSON.stringify({ from: 'elsewhere', message: '{"n":"one"}' }));
    await listening.publishRaw(JSON.stringify({ from: 'elsewhere', message: '{"n":3}' }));
    await vi.waitFor(() => expect(listening.heard).toEqual([3]));
    expect(listening.warnings).toEqual([
      'ignored a malformed test message',
      'ignored a malformed test message',
    ]);
  });
});
