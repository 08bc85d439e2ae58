import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errors } from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../db/database.ts';
import { createLogger } from '../logger.ts';
import { databaseAdapter, isStorable } from './adapter.ts';

describe('the OAuth storage adapter', () => {
  let dir: string;
  let database: DatabaseHandle;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'charter-adapter-'));
    database = await openDatabase({ dataDir: dir, log: createLogger({ level: 'silent' }) });
  });
  afterAll(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('revokes the whole grant when a refresh token is used twice, and refuses tokens saved for it later', async () => {
    const adapter = (model: string) => databaseAdapter(database.db)(model);
    await adapter('Grant').upsert('grant-1', { accountId: 'a', clientId: 'c' }, 3600);
    await adapter('RefreshToken').upsert('refresh-1', { grantId: 'grant-1', clientId: 'c' }, 3600);
    await adapter('AccessToken').upsert('access-1', { grantId: 'grant-1', clientId: 'c' }, 600);

    await adapter('RefreshToken').consume('refresh-1');
    await expect(adapter('RefreshToken').consume('refresh-1')).rejects.toBeInstanceOf(errors.InvalidGrant);

    expect(await adapter('Grant').find('grant-1')).toBeUndefined();
    expect(await adapter('AccessToken').find('access-1')).toBeUndefined();
    // What the winning use was still saving when the reuse revoked the grant is refused, not kept.
    await expect(
      adapter('AccessToken').upsert('access-2', { grantId: 'grant-1', clientId: 'c' }, 600),
    ).rejects.toBeInstanceOf(errors.InvalidGrant);
    expect(await adapter('AccessToken').find('access-2')).toBeUndefined();
  });

  it('refuses to save a record holding a NUL or an unpaired surrogate, as an OAuth invalid_request', async () => {
    const adapter = databaseAdapter(database.db)('Interaction');
    for (const hostile of ['st\0ate', 'st\ud800ate']) {
      await expect(
        adapter.upsert('interaction-1', { params: { state: hostile }, uid: 'u1' }, 600),
      ).rejects.toBeInstanceOf(errors.InvalidRequest);
    }
    expect(await adapter.find('interaction-1')).toBeUndefined();
  });

  it('finds nothing, rather than failing, for a uid or client id PostgreSQL cannot hold', async () => {
    const adapter = (model: string) => databaseAdapter(database.db)(model);
    expect(await adapter('Session').findByUid('u\0id')).toBeUndefined();
    expect(await adapter('Client').find('cha_\0')).toBeUndefined();
    await adapter('AccessToken').revokeByGrantId('grant\0');
  });
});

describe('isStorable', () => {
  it('accepts text PostgreSQL holds: any language, emoji (a surrogate pair), nested values', () => {
    expect(isStorable({ a: ['héllo', '日本', '😀'], b: 1, c: null, d: { e: true } })).toBe(true);
  });

  it('refuses a NUL or an unpaired surrogate, in a value or a key, at any depth', () => {
    for (const value of ['\0', 'a\ud800', '\udc00b', { 'k\0': 1 }, [['\0']], { a: { b: 'x\0' } }])
      expect(isStorable(value)).toBe(false);
  });
});
