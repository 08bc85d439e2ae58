import { createClient, type RouterOutputs } from '@charter/client';
import { limits } from '@charter/contract';
import { expect, it } from 'vitest';
import { expectApiError } from './support/api-error.ts';
import { describeOnEachDatabase } from './support/each-database.ts';
import { budgets } from './support/test-server.ts';

type Entry = RouterOutputs['usage']['get']['entries'][number];
const byProcedure = (a: Entry, b: Entry) =>
  `${a.caller.kind}${a.procedure}`.localeCompare(`${b.caller.kind}${b.procedure}`);

describeOnEachDatabase(
  'usage',
  (server) => {
    it('counts calls and refusals per hour, procedure and caller: the user and each API key', async () => {
      const me = await server().signUp('Metered');
      const { db } = server().running.services;
      await db.updateTable('users').set({ plan: 'elevated' }).where('id', '=', me.user.id).execute();
      const { key, apiKey } = await me.client.apiKeys.create.mutate({
        name: 'small',
        scopes: ['account:read'],
        plan: 'default',
      });
      const viaKey = createClient({ url: server().url, auth: { apiKey: key }, retry: false });
      const outcomes = await Promise.allSettled(Array.from({ length: 7 }, () => viaKey.auth.me.query()));
      expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toHaveLength(2);
      await me.client.auth.me.query();
      await me.client.auth.me.query();

      const usage = await me.client.usage.get.query();
      const hour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
      expect(usage.entries.sort(byProcedure)).toEqual([
        { hour, caller: { kind: 'apiKey', apiKeyId: apiKey.id }, procedure: 'auth.me', calls: 7, refused: 2 },
        { hour, caller: { kind: 'user' }, procedure: 'apiKeys.create', calls: 1, refused: 0 },
        { hour, caller: { kind: 'user' }, procedure: 'auth.me', calls: 2, refused: 0 },
        // The call that asks is counted too.
        { hour, caller: { kind: 'user' }, procedure: 'usage.get', calls: 1, refused: 0 },
      ]);
      expect(usage.to.getTime() - usage.from.getTime()).toBe(86_400_000);
    });

    it('shows each account only its own calls', async () => {
      const busy = await server().signUp('Busy');
      await busy.client.auth.me.query();
      const other = await server().signUp('Other');
      const { entries } = await other.client.usage.get.query();
      expect(entries.map((entry) => entry.procedure)).toEqual(['usage.get']);
    });

    it('reads a past range, and nothing outside it', async () => {
      const me = await server().signUp('Historian');
      await me.client.auth.me.query();
      const lastWeek = await me.client.usage.get.query({
        from: new Date(Date.now() - 8 * 86_400_000),
        to: new Date(Date.now() - 7 * 86_400_000),
      });
      expect(lastWeek.entries).toEqual([]);
    });

    it('refuses a range that is backwards or longer than the limit, and says which end is wrong', async () => {
      const me = await server().signUp('Ranger');
      const now = Date.now();
      await expectApiError(me.client.usage.get.query({ from: new Date(now), to: new Date(now - 1) }), {
        appCode: 'VALIDATION_FAILED',
        issues: [expect.objectContaining({ path: ['to'], message: '`from` must be before `to`.' })],
      });
      const tooLong = new Date(now - (limits.usageRangeMaxDays + 1) * 86_400_000);
      await expectApiError(me.client.usage.get.query({ from: tooLong }), {
        appCode: 'VALIDATION_FAILED',
        issues: [expect.objectContaining({ path: ['from'] })],
      });
    });
  },
  { env: { RATE_LIMITS: budgets({ default: '5/60s' }) } },
);
