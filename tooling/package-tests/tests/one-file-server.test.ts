import { cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { run, runOk } from './support/commands.ts';
import { type ScriptServer, startScriptServer } from './support/script-server.ts';
import { catalogVersion, workspaceRoot } from './support/workspace.ts';

const fixture = new URL('../server-consumer/', import.meta.url);
const serverFile = 'src/one-file-server.ts';

/** What server-consumer/src/call-server.ts prints: each surface's answers. */
interface Seen {
  trpc: unknown;
  restJson: unknown;
  restXml: unknown;
  restGet: unknown;
  anonymous: unknown;
  budget: unknown;
  openApi: { status: number; contentType: string; document: { paths: Record<string, unknown> } };
}

interface OpenApiValidator {
  Validator: new () => { validate(document: object): Promise<{ valid: boolean; errors?: unknown }> };
}

describe('a server in one file, from the packed @charter/rpc alone, installed with npm outside the workspace', () => {
  let project: string;
  let server: ScriptServer | undefined;
  const installed = (...path: string[]) => join(project, 'node_modules', ...path);
  // One tsc run for the project (it emits build/src/*.js): its errors, one per line.
  let program: Promise<{ code: number | null; errors: string[]; output: string }> | undefined;
  const typeCheck = () => {
    program ??= run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], {
      cwd: project,
    }).then(({ code, output }) => ({
      code,
      errors: output.split('\n').filter((line) => line.includes('error TS')),
      output,
    }));
    return program;
  };

  beforeAll(async () => {
    const tarball = inject('tarballs')['@charter/rpc'];
    if (!tarball) throw new Error('global setup packed no @charter/rpc');
    project = mkdtempSync(join(tmpdir(), 'charter-server-consumer-'));
    cpSync(fixture, project, { recursive: true });
    // What a team installs to serve (its peers @trpc/server and zod come with it) and to call it.
    await runOk(
      'npm',
      [
        'install',
        tarball,
        `zod@${catalogVersion('zod')}`,
        `@trpc/client@${catalogVersion('@trpc/client')}`,
        `typescript@${catalogVersion('typescript')}`,
        `@types/node@${catalogVersion('@types/node')}`,
        `@seriousme/openapi-schema-validator@${catalogVersion('@seriousme/openapi-schema-validator')}`,
      ],
      { cwd: project },
    );
  });
  afterAll(async () => {
    await server?.stop();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('lives outside the workspace, with the toolkit as a real package folder and no other of ours', () => {
    expect(relative(workspaceRoot, project).startsWith('..'), `${project} is inside the workspace`).toBe(
      true,
    );
    expect(lstatSync(installed('@charter/rpc')).isSymbolicLink(), '@charter/rpc is a link').toBe(false);
    expect(readdirSync(installed('@charter'))).toEqual(['rpc']);
  });

  it('got the ./node entry, built: dist/node.js with its declaration', () => {
    const manifest = JSON.parse(readFileSync(installed('@charter/rpc', 'package.json'), 'utf8'));
    expect(manifest.exports['./node']).toEqual({ types: './dist/node.d.ts', default: './dist/node.js' });
    for (const file of ['dist/node.js', 'dist/node.d.ts']) {
      expect(existsSync(installed('@charter/rpc', file)), `${file} is not in the package`).toBe(true);
    }
    expect(existsSync(installed('@trpc/server')) && existsSync(installed('zod')), 'peers not installed').toBe(
      true,
    );
  });

  it("is the toolkit README's example, word for word", () => {
    const readme = readFileSync(installed('@charter/rpc', 'README.md'), 'utf8');
    const block = /<!-- example:one-file-server[^\n]*-->\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(readFileSync(join(project, serverFile), 'utf8'));
  });

  it('type-checks the server and a @trpc/client typed by its contract against the packed declarations', async () => {
    const { errors } = await typeCheck();
    expect(errors.filter((line) => !line.startsWith('src/wrong-handler.ts'))).toEqual([]);
  });

  it('refuses, at type-check, a handler returning the wrong shape and a missing one, on their lines only', async () => {
    const { code, errors, output } = await typeCheck();
    const lines = readFileSync(join(project, 'src/wrong-handler.ts'), 'utf8').split('\n');
    const wrongOutput = lines.findIndex((line) => line.includes('// wrong output')) + 1;
    const missing = lines.findIndex((line) => line.includes('// missing procedure')) + 2;
    expect(code, 'wrong handlers type-checked: handlers are not typed by the contract').not.toBe(0);
    expect(errors.filter((line) => line.startsWith('src/wrong-handler.ts'))).toEqual([
      `src/wrong-handler.ts(${wrongOutput},59): error TS2322: Type 'string' is not assignable to type 'Date'.`,
      expect.stringMatching(new RegExp(`^src/wrong-handler\\.ts\\(${missing},5\\): error TS2322: `)),
    ]);
    expect(output).toMatch(/^ {2}Property 'create' is missing in type /m);
  });

  // The server runs once; the client script calls it once and prints what it saw, read by each test.
  let calls: Promise<Seen> | undefined;
  const seen = () => {
    calls ??= (async () => {
      await typeCheck();
      server = await startScriptServer('build/src/one-file-server.js', project);
      return JSON.parse(
        await runOk(process.execPath, ['build/src/call-server.js', server.url], { cwd: project }),
      );
    })();
    return calls;
  };
  const note = (id: string, text: string, remindAt: string | null) => ({ id, text, remindAt });

  it('answers @trpc/client with Dates revived, batched calls and typed errors', async () => {
    expect((await seen()).trpc).toEqual({
      created: note('1', 'Call Ada', '2030-06-01T09:00:00.000Z'),
      remindAtIsDate: true,
      fetched: note('1', 'Call Ada', '2030-06-01T09:00:00.000Z'),
      missing: { code: 'NOT_FOUND', httpStatus: 404 },
    });
  });

  it('answers REST in JSON and in XML, charging each call its cost', async () => {
    const { restJson, restXml, restGet } = await seen();
    expect(restJson).toEqual({ status: 201, body: note('2', 'From JSON', '2030-06-01T09:00:00.000Z') });
    expect(restXml).toEqual({
      status: 201,
      contentType: 'application/xml; charset=utf-8',
      body: '<?xml version="1.0" encoding="UTF-8"?><output><id>3</id><text>From XML</text><remindAt nil="true"/></output>',
    });
    // key-ada has spent 5 (create) + 1 + 1 (the batch's two queries) + 5 + 5 + 1 of its 20.
    expect(restGet).toEqual({
      status: 200,
      rateLimit: expect.stringMatching(/^"default";r=2;t=\d+$/),
      body: note('1', 'Call Ada', '2030-06-01T09:00:00.000Z'),
    });
  });

  it('refuses a request without an API key with 401 and the policy challenge', async () => {
    expect((await seen()).anonymous).toEqual({
      status: 401,
      challenge: 'ApiKey realm="notes"',
      body: expect.objectContaining({ status: 401, code: 'UNAUTHORIZED', detail: 'Send a valid X-Api-Key.' }),
    });
  });

  it('refuses with 429 and Retry-After once a key has spent its budget, and not before', async () => {
    expect((await seen()).budget).toEqual({
      okBeforeRefusal: 20,
      statuses: [200, 429],
      retryAfter: expect.stringMatching(/^([1-9]|[1-5]\d|60)$/),
      rateLimit: expect.stringMatching(/^"default";r=0;t=\d+$/),
      body: expect.objectContaining({ status: 429, code: 'TOO_MANY_REQUESTS' }),
    });
  });

  it('publishes the OpenAPI 3.1 document of both procedures, valid by the official schema', async () => {
    const { openApi } = await seen();
    expect(openApi).toMatchObject({ status: 200, contentType: 'application/json; charset=utf-8' });
    const { document } = openApi;
    expect(Object.keys(document.paths)).toEqual(['/notes/get', '/notes/create']);
    const checker = installed('@seriousme', 'openapi-schema-validator', 'index.js');
    const { Validator } = (await import(pathToFileURL(checker).href)) as OpenApiValidator;
    const result = await new Validator().validate(document);
    expect(result.errors, 'the OpenAPI document is not valid').toBeUndefined();
    expect(result.valid).toBe(true);
  });
});
