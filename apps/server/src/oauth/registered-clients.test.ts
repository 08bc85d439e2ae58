import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../db/database.ts';
import { createLogger } from '../logger.ts';
import { databaseAdapter } from './adapter.ts';
import { deleteUnusedClients, findRegisteredClient, unusedClientDays } from './registered-clients.ts';

const day = 86_400_000;

describe('apps that registered themselves', () => {
  let dir: string;
  let database: DatabaseHandle;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'charter-registered-'));
    database = await openDatabase({ dataDir: dir, log: createLogger({ level: 'silent' }) });
  });
  afterAll(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('are kept as the authorization server stored them, and found again', async () => {
    const clients = databaseAdapter(database.db)('Client');
    await clients.upsert(
      'cha_self',
      { client_id: 'cha_self', client_name: 'Agent', redirect_uris: ['http://127.0.0.1/cb'] },
      0,
    );
    expect(await clients.find('cha_self')).toMatchObject({ client_name: 'Agent' });
    await clients.destroy('cha_self');
    expect(await clients.find('cha_self')).toBeUndefined();
  });

  it(`are dropped once unused for ${unusedClientDays} days, use noted at most daily`, async () => {
    const clients = databaseAdapter(database.db)('Client');
    await clients.upsert('cha_used', { client_id: 'cha_used' }, 0);
    await clients.upsert('cha_idle', { client_id: 'cha_idle' }, 0);
    const later = new Date(Date.now() + (unusedClientDays - 1) * day);
    // One is used on the 29th day: its clock starts again.
    expect(await findRegisteredClient(database.db, 'cha_used', later)).toBeDefined();
    const past = new Date(later.getTime() + 2 * day);
    expect(await deleteUnusedClients(database.db, past)).toBe(1);
    expect(await clients.find('cha_used')).toBeDefined();
    expect(await clients.find('cha_idle')).toBeUndefined();
  });
});
