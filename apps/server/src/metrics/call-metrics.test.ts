import type { CallInfo } from '@charter/rpc/server';
import { builtInError, ContractError } from '@charter/rpc/server';
import { TRPCError } from '@trpc/server';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { callMetrics, outcomeOf } from './call-metrics.ts';

const callTo = (path: string, surface = 'trpc'): CallInfo => ({
  path,
  type: 'query',
  meta: undefined,
  surface,
  ctx: {},
});

async function valuesOf(registry: Registry, name: string) {
  const metric = registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  return (await metric.get()).values;
}

async function run(
  onCall: ReturnType<typeof callMetrics>['onCall'],
  call: CallInfo,
  outcome: () => Promise<unknown>,
) {
  if (!onCall) throw new Error('the plugin has no onCall');
  return onCall(call, outcome);
}

describe('callMetrics', () => {
  it('counts every call under its procedure, surface and OK, and hands back its result', async () => {
    const registry = new Registry();
    const { onCall } = callMetrics(registry);
    const results = await Promise.all([
      run(onCall, callTo('system.echo'), async () => 'a'),
      run(onCall, callTo('system.echo'), async () => 'b'),
      run(onCall, callTo('system.echo', 'rest'), async () => 'c'),
    ]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(await valuesOf(registry, 'charter_calls_total')).toEqual([
      { labels: { procedure: 'system.echo', surface: 'trpc', code: 'OK' }, value: 2 },
      { labels: { procedure: 'system.echo', surface: 'rest', code: 'OK' }, value: 1 },
    ]);
  });

  it('counts a refused call under the catalogue code it is answered with, and rethrows the error itself', async () => {
    const registry = new Registry();
    const { onCall } = callMetrics(registry);
    const refusal = builtInError('NOT_FOUND');
    await expect(run(onCall, callTo('projects.get'), () => Promise.reject(refusal))).rejects.toBe(refusal);
    expect(await valuesOf(registry, 'charter_calls_total')).toEqual([
      { labels: { procedure: 'projects.get', surface: 'trpc', code: 'NOT_FOUND' }, value: 1 },
    ]);
  });

  it('times every call, refused ones too, by procedure and surface', async () => {
    const registry = new Registry();
    const { onCall } = callMetrics(registry);
    await run(onCall, callTo('tasks.list'), () => new Promise((resolve) => setTimeout(resolve, 30)));
    await run(onCall, callTo('tasks.list'), () => Promise.reject(builtInError('FORBIDDEN'))).catch(
      () => undefined,
    );
    // A histogram's values name their series: _bucket, _sum, _count.
    const values = (await valuesOf(registry, 'charter_call_duration_seconds')) as {
      metricName?: string;
      labels: Record<string, string | number>;
      value: number;
    }[];
    const labels = { procedure: 'tasks.list', surface: 'trpc' };
    expect(values.find((v) => v.metricName === 'charter_call_duration_seconds_count')).toMatchObject({
      labels,
      value: 2,
    });
    const sum = values.find((v) => v.metricName === 'charter_call_duration_seconds_sum')?.value ?? 0;
    expect(sum).toBeGreaterThanOrEqual(0.025);
    // The 30 ms call falls past the 25 ms bucket: it was timed around the work, not before it.
    expect(values.find((v) => v.labels.le === 0.025)?.value).toBe(1);
  });

  it('tells its observers of failed calls only, with the error', async () => {
    const registry = new Registry();
    const seen: [string, unknown][] = [];
    const { onCall } = callMetrics(registry, [(call, error) => seen.push([call.path, error])]);
    const refusal = builtInError('TOO_MANY_REQUESTS');
    await run(onCall, callTo('system.echo'), async () => 'fine');
    await run(onCall, callTo('projects.create'), () => Promise.reject(refusal)).catch(() => undefined);
    expect(seen).toEqual([['projects.create', refusal]]);
  });

  it('answers a refused call with its own error even when an observer fails', async () => {
    const registry = new Registry();
    const { onCall } = callMetrics(registry, [
      () => {
        throw new Error('a broken observer');
      },
    ]);
    const refusal = builtInError('FORBIDDEN');
    await expect(run(onCall, callTo('projects.get'), () => Promise.reject(refusal))).rejects.toBe(refusal);
  });
});

describe('outcomeOf', () => {
  it('names a catalogue error by its code, a domain one included', () => {
    expect(outcomeOf(builtInError('UNAUTHORIZED'))).toBe('UNAUTHORIZED');
    expect(outcomeOf(new ContractError('EMAIL_TAKEN', { status: 409, message: 'Taken.' }))).toBe(
      'EMAIL_TAKEN',
    );
  });

  it('names invalid input VALIDATION_FAILED, as the caller is told', () => {
    const invalid = z.object({ title: z.string() }).safeParse({}).error;
    expect(outcomeOf(new TRPCError({ code: 'BAD_REQUEST', cause: invalid }))).toBe('VALIDATION_FAILED');
  });

  it('names anything else thrown INTERNAL_SERVER_ERROR', () => {
    expect(outcomeOf(new Error('a bug'))).toBe('INTERNAL_SERVER_ERROR');
  });
});
