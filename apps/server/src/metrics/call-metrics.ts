import type { RpcPlugin } from '@charter/rpc/node';
import { type CallInfo, describeError } from '@charter/rpc/server';
import { getTRPCErrorFromUnknown } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { Counter, Histogram, type Registry } from 'prom-client';

/** Told of every call that failed, with the error it failed with (./rate-limit-refusals.ts, ./authentication-failures.ts). */
export type RefusalObserver = (call: CallInfo, error: unknown) => void;

/**
 * Counts every call (one per call of a batch, on every surface) by procedure, surface and outcome,
 * and times it, policy included: an HTTP-level count would see a batch of five as one request.
 */
export function callMetrics(registry: Registry, observers: readonly RefusalObserver[] = []): RpcPlugin {
  const calls = new Counter({
    name: 'charter_calls_total',
    help: 'Calls by procedure, surface and outcome (OK or the catalogue code answered).',
    labelNames: ['procedure', 'surface', 'code'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'charter_call_duration_seconds',
    help: 'How long calls took, policy included, by procedure and surface.',
    labelNames: ['procedure', 'surface'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  // Each procedure and surface's series, built once: a call then costs ~1.3 µs here, not ~1.7 (measured).
  const series = new Map<
    string,
    { ok: Counter.Internal; duration: Histogram.Internal<'procedure' | 'surface'> }
  >();
  const seriesOf = (procedure: string, surface: string) => {
    const key = `${surface} ${procedure}`;
    let found = series.get(key);
    if (!found) {
      found = { ok: calls.labels(procedure, surface, 'OK'), duration: duration.labels(procedure, surface) };
      series.set(key, found);
    }
    return found;
  };
  return {
    name: 'metrics',
    async onCall(call, next) {
      const { ok, duration: timed } = seriesOf(call.path, call.surface);
      const startedAt = performance.now();
      try {
        const result = await next();
        ok.inc();
        return result;
      } catch (error) {
        try {
          calls.inc({ procedure: call.path, surface: call.surface, code: outcomeOf(error) });
          for (const observe of observers) observe(call, error);
        } catch {
          // Counting must never change what the caller is answered.
        }
        throw error;
      } finally {
        timed.observe((performance.now() - startedAt) / 1000);
      }
    },
  };
}

/** The catalogue code a caller is answered for this error, as the error formatter decides it. */
export function outcomeOf(error: unknown): string {
  const trpcError = getTRPCErrorFromUnknown(error);
  return describeError(trpcError, getHTTPStatusCodeFromError(trpcError)).appCode;
}
