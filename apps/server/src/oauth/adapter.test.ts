import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errors } from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../db/database.ts';
import { createLogger } from '../logger.ts';
import { databaseAdapter } from './adapter.ts';

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
});
