import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webApp } from './web-app.ts';

describe('the web app at /', () => {
  let root: string;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'charter-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(root, 'assets', 'main-abc123.js'), 'console.log(1)');
    const app = express();
    app.use(webApp(root));
    app.use((_req, res) => res.status(404).type('application/problem+json').send('{"status":404}'));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
    rmSync(root, { recursive: true, force: true });
  });

  const browse = (path: string) =>
    fetch(url + path, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });

  it("serves the app's page for any of its routes a browser opens, never cached", async () => {
    for (const path of ['/', '/projects/123/tasks', '/settings/api-keys']) {
      const response = await browse(path);
      expect(response.status, path).toBe(200);
      expect(await response.text()).toContain('<title>app</title>');
      expect(response.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it("serves the app's page at / to curl, to a caller without Accept and to one asking for text", async () => {
    for (const accept of ['*/*', '', 'text/plain']) {
      const response = await fetch(`${url}/`, { headers: accept ? { accept } : {} });
      expect(response.status, accept).toBe(200);
      expect(await response.text()).toContain('<title>app</title>');
    }
  });

  it('answers / with the problem details to a caller asking for JSON or XML', async () => {
    for (const accept of ['application/json', 'application/xml', 'application/problem+json', 'text/xml']) {
      expect((await fetch(`${url}/`, { headers: { accept } })).status, accept).toBe(404);
    }
  });

  it('serves hashed assets cached for a year', async () => {
    const response = await fetch(`${url}/assets/main-abc123.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('immutable');
  });

  it('leaves scripts, API paths and missing assets to the problem details', async () => {
    expect((await fetch(`${url}/projects/123`)).status).toBe(404); // a script asks for */*
    for (const path of [
      '/api/v1/nothing',
      '/trpc/nothing',
      '/docs/nothing',
      '/assets/missing.js',
      '/.well-known/x',
    ]) {
      expect((await browse(path)).status, path).toBe(404);
    }
  });
});
