import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildFingerprint } from '../../../scripts/build-fingerprint.mjs';
import { builtFrom, publishBuild, stagingDir } from '../../../scripts/publish-build.mjs';
import { type ServerProcess, startServerProcess } from './support/server-process.ts';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const serverDist = join(repositoryRoot, 'apps', 'server', 'dist');
const webDist = join(repositoryRoot, 'apps', 'web', 'dist');

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});
function freshDir() {
  const dir = mkdtempSync(join(tmpdir(), 'charter-build-'));
  temporary.push(dir);
  return dir;
}

describe('publishBuild', () => {
  /** Writes a build of `files` (name → content) into a staging directory of `target` and publishes it. */
  function publish(target: string, files: Record<string, string>, inputs: string | null = null) {
    const staging = stagingDir(target);
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(dirname(join(staging, name)), { recursive: true });
      writeFileSync(join(staging, name), content);
    }
    publishBuild({ staging, target, entries: ['main.js'], inputs });
  }
  const read = (target: string, name: string) => readFileSync(join(target, name), 'utf8');

  it('replaces what a build replaces and keeps the chunks an earlier build loads lazily', () => {
    const target = freshDir();
    publish(target, { 'main.js': 'import("./chunk-1.js")', 'chunk-1.js': 'one', 'assets/a-1.js': 'a' });
    publish(target, { 'main.js': 'import("./chunk-2.js")', 'chunk-2.js': 'two', 'assets/a-2.js': 'b' });
    expect(read(target, 'main.js')).toBe('import("./chunk-2.js")');
    expect(read(target, 'chunk-1.js')).toBe('one');
    expect(read(target, 'assets/a-1.js')).toBe('a');
    expect(read(target, 'chunk-2.js')).toBe('two');
  });

  it('removes the files no build of the last three needs, and leaves no staging directory', () => {
    const target = freshDir();
    for (const n of [1, 2, 3, 4]) publish(target, { 'main.js': `build ${n}`, [`chunk-${n}.js`]: `${n}` });
    expect(existsSync(join(target, 'chunk-1.js'))).toBe(false);
    expect(['chunk-2.js', 'chunk-3.js', 'chunk-4.js'].map((f) => existsSync(join(target, f)))).toEqual([
      true,
      true,
      true,
    ]);
    expect(read(target, 'main.js')).toBe('build 4');
    expect(readFileSync(join(target, '.build.json'), 'utf8')).not.toContain('.staging-');
  });

  it('records what a build was made from; a build without a fingerprint is never up to date', () => {
    const target = freshDir();
    expect(builtFrom(target)).toBeNull();
    publish(target, { 'main.js': 'x' }, 'fingerprint-1');
    expect(builtFrom(target)).toBe('fingerprint-1');
    publish(target, { 'main.js': 'x' });
    expect(builtFrom(target)).toBeNull();
  });
});

describe('buildFingerprint', () => {
  it('changes with an edit, a new file and a rename, and ignores installed packages and build output', () => {
    const root = freshDir();
    const write = (name: string, content: string) => {
      mkdirSync(dirname(join(root, name)), { recursive: true });
      writeFileSync(join(root, name), content);
    };
    write('app/src/a.ts', 'a');
    write('app/package.json', '{}');
    const fingerprint = () => buildFingerprint(root, ['app/src', 'app/package.json', 'app/absent.ts']);
    const first = fingerprint();
    write('app/node_modules/x/index.js', 'x');
    write('app/src/dist/out.js', 'built');
    expect(fingerprint()).toBe(first);
    write('app/src/a.ts', 'edited');
    const edited = fingerprint();
    expect(edited).not.toBe(first);
    write('app/src/b.ts', '');
    const added = fingerprint();
    expect(added).not.toBe(edited);
    rmSync(join(root, 'app/src/b.ts'));
    write('app/src/c.ts', '');
    expect(fingerprint()).not.toBe(added);
  });
});

describe('npm start in a checkout where a server already runs', () => {
  const running: ServerProcess[] = [];
  afterAll(async () => {
    for (const server of running) await server.stop('SIGTERM');
  });
  const npmStart = async () => {
    const server = await startServerProcess(
      { DATA_DIR: freshDir(), LOG_LEVEL: 'info' },
      { via: 'npm start', startTimeoutMs: 180_000 },
    );
    running.push(server);
    return server;
  };

  it('rebuilds without taking a file from under the running server, which goes on serving its lazily loaded parts', async () => {
    const first = await npmStart();
    const page = await fetch(`${first.url}/`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(await page.text())?.[1];
    expect(asset).toBeDefined();

    // As if built by hand since: the second npm start must rebuild both apps.
    for (const dist of [serverDist, webDist]) {
      const manifest = join(dist, '.build.json');
      writeFileSync(
        manifest,
        JSON.stringify({ ...JSON.parse(readFileSync(manifest, 'utf8')), inputs: null }),
      );
    }
    const failures: string[] = [];
    let polls = 0;
    let rebuilding = true;
    const watch = (async () => {
      while (rebuilding) {
        for (const path of ['/', asset]) {
          const response = await fetch(`${first.url}${path}`, { headers: { accept: 'text/html' } });
          const body = await response.text();
          if (response.status !== 200 || body.includes('not built'))
            failures.push(`${path}: ${response.status}`);
        }
        polls++;
      }
    })();
    const second = await npmStart().finally(() => {
      rebuilding = false;
    });
    await watch;
    expect(second.output()).toContain('build.mjs'); // it did rebuild
    expect(polls).toBeGreaterThan(10);
    expect(failures).toEqual([]);

    // The authorization server's code is a chunk of dist/ loaded on the first OAuth request.
    const metadata = await fetch(`${first.url}/.well-known/oauth-authorization-server`);
    expect(metadata.status).toBe(200);
    expect(await metadata.json()).toMatchObject({ issuer: first.url });
    expect((await fetch(`${second.url}/.well-known/oauth-authorization-server`)).status).toBe(200);
  }, 400_000);

  it('starts without building again when nothing it builds from has changed', async () => {
    await npmStart(); // builds if the tree changed since the last start
    const builtAt = [serverDist, webDist].map((dist) => statSync(join(dist, '.build.json')).mtimeMs);
    const again = await npmStart();
    expect(again.output()).not.toContain('build.mjs');
    expect([serverDist, webDist].map((dist) => statSync(join(dist, '.build.json')).mtimeMs)).toEqual(builtAt);
    expect((await fetch(`${again.url}/healthz`)).status).toBe(200);
  }, 400_000);
});
