// Overload: does shedding keep the calls it admits fast? Charter's server as it ships (targets/
// charter.ts, a page of 20 tasks through tRPC), measured unloaded (one connection), at what it can
// serve (closed loop, 16 connections), then offered 4× that rate (open loop). The target:
// the admitted calls' p99 at 4× stays within 3× of the unloaded p99, and the server stays up.
// Run: pnpm --filter @charter/server build && npx tsx bench/overload.ts (OVERLOAD_* pass through).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { rssOf, stop } from './processes.ts';
import type { TargetReady } from './targets/greeting.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const child = spawn(
  process.execPath,
  ['--import', 'tsx', join(import.meta.dirname, 'targets', 'charter.ts')],
  {
    cwd: import.meta.dirname,
    env: { ...process.env, CHARTER_SURFACE: 'trpc-db' },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const ready = await new Promise<TargetReady>((resolve, reject) => {
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const line = buffered.split('\n').find((candidate) => candidate.startsWith('{"url"'));
    if (line) resolve(JSON.parse(line) as TargetReady);
  });
  child.once('exit', (code) => reject(new Error(`the target exited with ${code}`)));
});
const request = { url: ready.url + ready.request.path, headers: ready.request.headers };

/** autocannon's callback form, which emits each response (types/autocannon.d.ts has the promise form only). */
type Running = (
  options: object,
  done: (error: unknown, result: { errors: number }) => void,
) => {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
};
const running = autocannon as unknown as Running;

/** Latencies of 2xx answers and the count of 503s, of one autocannon run. */
async function measure(options: { connections: number; overallRate?: number; duration: number }) {
  const admitted: number[] = [];
  let refused = 0;
  let other = 0;
  const result = await new Promise<{ errors: number }>((resolve, reject) => {
    const instance = running({ ...request, ...options }, (error, done) =>
      error ? reject(error) : resolve(done),
    );
    instance.on('response', (_client, status, _bytes, responseTime) => {
      if (status >= 200 && status < 300) admitted.push(responseTime);
      else if (status === 503) refused++;
      else other++;
    });
  });
  admitted.sort((a, b) => a - b);
  const p99 = admitted[Math.floor(admitted.length * 0.99)] ?? Number.NaN;
  return { rps: admitted.length / options.duration, p99, refused, other, errors: result.errors };
}

try {
  await autocannon({ ...request, connections: 8, duration: 3 }); // warm-up
  const unloaded = await measure({ connections: 1, duration: seconds });
  const capacity = await measure({ connections: 16, duration: seconds });
  const offered = Math.round(capacity.rps * 4);
  const rssBefore = rssOf(ready.pid ?? 0);
  const loaded = await measure({ connections: 1024, overallRate: offered, duration: seconds });
  const healthy = (await fetch(`${ready.url}/healthz`)).ok;
  const ratio = loaded.p99 / unloaded.p99;
  console.log(
    [
      `unloaded: p99 ${unloaded.p99.toFixed(1)} ms`,
      `capacity: ${Math.round(capacity.rps)} calls/s (p99 ${capacity.p99.toFixed(1)} ms)`,
      `offered ${offered}/s: admitted ${Math.round(loaded.rps)}/s, p99 ${loaded.p99.toFixed(1)} ms (${ratio.toFixed(1)}× unloaded), refused 503: ${loaded.refused}, other: ${loaded.other}, errors: ${loaded.errors}`,
      `RSS ${Math.round(rssBefore / 1024)} MB -> ${Math.round(rssOf(ready.pid ?? 0) / 1024)} MB; healthy after: ${healthy}`,
      ratio <= 3 && healthy ? 'target met: p99 within 3×' : 'target NOT met',
    ].join('\n'),
  );
} finally {
  await stop(child);
}
