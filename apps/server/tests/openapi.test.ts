import { execFile as execFileCallback } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { contract } from '@charter/contract';
import { restOperations } from '@charter/rpc/server';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { startTestServer, type TestServer } from './support/test-server.ts';

const execFile = promisify(execFileCallback);
const serverRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const documentId = 'https://charter.invalid/openapi.json';

/** Every value under `key` anywhere in `value`, with the JSON pointer of the object holding it. */
function everyValueOf(
  value: unknown,
  key: string,
  at = '',
): { at: string; holder: Record<string, unknown> }[] {
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  return [
    ...(Object.hasOwn(record, key) ? [{ at, holder: record }] : []),
    ...Object.entries(record).flatMap(([name, child]) =>
      everyValueOf(child, key, `${at}/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`),
    ),
  ];
}

// Strings where regex engines are known to part ways: controls, Unicode spaces, letters beyond ASCII, astral characters.
const probes = [
  '',
  ' ',
  '   ',
  'a',
  'Launch plan',
  ' padded ',
  'é',
  'Ωmega',
  '界',
  '😀',
  'a😀b',
  '\t',
  '\n',
  'one\ntwo',
  '\r\n',
  '\u0000',
  'a\u0000b',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u009f',
  '\u00a0',
  '\u00a0x',
  '\u1680',
  '\u2028',
  '\u3000',
  '\ufeff',
  'x\ufeffy',
  'ada@example.com',
  'Ada.Lovelace+tasks@mail.example.org',
  'not an email',
  '3f6c2a1e-8b4d-4e2f-9a7c-5d1b0e6f4a21',
  '3F6C2A1E-8B4D-4E2F-9A7C-5D1B0E6F4A21',
  'cha_0123456789abcdef00c0ffee',
  'eyJzIjoiZHVlRGF0ZSJ9',
  'a b',
  'x'.repeat(300),
];

describe('the OpenAPI description', () => {
  let server: TestServer;
  let document: Record<string, unknown> & { paths: Record<string, Record<string, { operationId: string }>> };

  beforeAll(async () => {
    server = await startTestServer('pglite');
    document = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as typeof document;
  });
  afterAll(() => server.close());

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(structuredClone(document) as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
  });

  it('passes the Redocly linter recommended rules without an error', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({
      source: JSON.stringify(document),
      absoluteRef: 'openapi.json',
      config,
    });
    // An example its own schema refuses misleads even as a warning.
    const errors = problems.filter(
      (problem) => problem.severity === 'error' || /example/.test(problem.ruleId),
    );
    expect(
      errors.map((problem) => `${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer}`),
    ).toEqual([]);
  });

  it('declares no jsonSchemaDialect (the 3.1 default needs none; a validating proxy skips bodies on one it does not know)', () => {
    expect(document).not.toHaveProperty('jsonSchemaDialect');
  });

  it('types every path and query parameter as what a URL carries: text, never JSON null', () => {
    type Parameter = { name: string; in: string; schema: unknown };
    const { components } = document as unknown as { components: { parameters?: Record<string, Parameter> } };
    const shared = components.parameters ?? {};
    const parameters = Object.values(document.paths)
      .flatMap((item) =>
        Object.values(item).flatMap(
          (operation) => (operation as { parameters?: (Parameter | { $ref: string })[] }).parameters ?? [],
        ),
      )
      .map((parameter) =>
        '$ref' in parameter ? (shared[parameter.$ref.split('/').pop() as string] as Parameter) : parameter,
      )
      .filter((parameter) => parameter.in === 'path' || parameter.in === 'query');
    expect(parameters.length).toBeGreaterThan(10);
    const admitsNull = parameters.filter(
      ({ schema }) =>
        JSON.stringify(schema).includes('"null"]') || JSON.stringify(schema).includes('"type":"null"'),
    );
    expect(admitsNull.map(({ name }) => name)).toEqual([]);
    const assignee = parameters.find(({ name }) => name === 'assigneeId');
    expect(assignee?.schema).toMatchObject({
      anyOf: [{ format: 'uuid' }, { type: 'string', const: 'null' }],
    });
  });

  it('puts no format beside a pattern that refuses what the pattern takes (ajv-formats, full and fast)', () => {
    const paired = new Map(
      everyValueOf(document, 'pattern')
        .filter(({ holder }) => typeof holder.format === 'string')
        .map(({ holder }) => [
          `${holder.format} ${holder.pattern}`,
          holder as { format: string; pattern: string },
        ]),
    );
    expect([...paired.values()].map(({ format }) => format).sort()).toEqual(['email', 'uuid']);
    for (const mode of ['full', 'fast'] as const) {
      const ajv = new Ajv2020({ strict: false, unicodeRegExp: false });
      addFormats.default(ajv, { mode });
      for (const { format, pattern } of paired.values()) {
        const validate = ajv.compile({ type: 'string', format });
        fc.assert(
          fc.property(fc.stringMatching(new RegExp(pattern)), (value) => validate(value)),
          { seed: 14, numRuns: 300 },
        );
      }
    }
  });

  it('holds every example to its schema under ajv (JSON Schema 2020-12, patterns read without the u flag)', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
    // ajv-formats is CommonJS: its plugin is the module's `default`.
    addFormats.default(ajv);
    ajv.addSchema({ $id: documentId, components: document.components }, documentId);
    const withRefs = (schema: unknown) =>
      JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"${documentId}#/components/`));
    const failures: string[] = [];
    let checked = 0;
    for (const { at, holder } of everyValueOf(document.paths, 'examples')) {
      if (!holder.schema || typeof holder.examples !== 'object') continue;
      const isEventStream = at.endsWith('/text~1event-stream');
      const validate = ajv.compile(withRefs(isEventStream ? holder['x-event-schema'] : holder.schema));
      for (const [name, example] of Object.entries(holder.examples as Record<string, { value: unknown }>)) {
        const value = isEventStream
          ? JSON.parse(String(example.value).replace(/^data: /, ''))
          : example.value;
        checked += 1;
        if (!validate(value)) failures.push(`${at} ${name}: ${ajv.errorsText(validate.errors)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });

  // One difference is the engines', not the patterns': Python's and PCRE's `$` also match before a final
  // newline, where ECMA-262's (and RE2's) do not; a lookahead instead would not compile in RE2 at all.
  it("writes patterns that JavaScript (with and without the u flag) and Python's re read alike", async () => {
    const patterns = [
      ...new Set(
        everyValueOf(document, 'pattern')
          .map(({ holder }) => holder.pattern)
          .filter((pattern) => typeof pattern === 'string'),
      ),
    ] as string[];
    expect(patterns.length).toBeGreaterThan(3);
    const script = [
      'import json, re, sys',
      'task = json.load(sys.stdin)',
      'print(json.dumps([[re.search(p, s) is not None for s in task["probes"]] for p in task["patterns"]]))',
    ].join('\n');
    const python = execFile('python3', ['-c', script]);
    python.child.stdin?.end(JSON.stringify({ patterns, probes }));
    const inPython = JSON.parse((await python).stdout) as boolean[][];
    patterns.forEach((pattern, index) => {
      const plain = probes.map((probe) => new RegExp(pattern).test(probe));
      const unicode = probes.map((probe) => new RegExp(pattern, 'u').test(probe));
      expect(unicode, `${pattern} with the u flag`).toEqual(plain);
      const pythonOnly = probes.filter((_probe, at) => inPython[index]?.[at] !== plain[at]);
      for (const probe of pythonOnly) {
        expect(
          probe.endsWith('\n') && new RegExp(pattern).test(probe.slice(0, -1)),
          `${pattern} in Python: ${JSON.stringify(probe)}`,
        ).toBe(true);
      }
    });
  });

  it('is served as YAML too, saying the same', async () => {
    const response = await fetch(`${server.url}/api/v1/openapi.yaml`);
    expect(response.headers.get('content-type')).toContain('application/yaml');
    expect(parseYaml(await response.text())).toEqual(document);
  });

  it('describes every operation of the contract, with its examples in three languages', () => {
    for (const operation of restOperations(contract)) {
      const described = document.paths[operation.path]?.[operation.method.toLowerCase()] as
        | { operationId: string; description: string; 'x-codeSamples': { label: string }[] }
        | undefined;
      expect(described?.operationId, `${operation.method} ${operation.path}`).toBe(operation.operationId);
      expect(described?.['x-codeSamples'].map((sample) => sample.label)).toEqual([
        'curl',
        '@charter/client',
        'Python (standard library)',
      ]);
      expect(described?.description).toContain('```python');
    }
    expect(document.servers).toEqual([{ url: `${server.url}/api/v1` }]);
  });

  it('drives a client generated by an independent generator (openapi-typescript + openapi-fetch) against the server', async () => {
    const types = astToString(await openapiTS(structuredClone(document) as never));
    const work = join(serverRoot, '.generated-client');
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    try {
      writeFileSync(join(work, 'api.d.ts'), types);
      writeFileSync(
        join(work, 'script.ts'),
        `import createFetchClient from 'openapi-fetch';
import type { paths } from './api.d.ts';

const api = createFetchClient<paths>({ baseUrl: process.env.CHARTER_URL + '/api/v1' });
const signedUp = await api.POST('/auth/sign-up', {
  body: { email: 'generated-' + Date.now() + '@example.com', password: 'correct horse battery', name: 'Generated' },
});
if (!signedUp.data) throw new Error('sign-up failed: ' + JSON.stringify(signedUp.error));
const headers = { Authorization: 'Bearer ' + signedUp.data.accessToken };
const project = await api.POST('/projects', { headers, body: { name: 'From a generated client' } });
if (!project.data) throw new Error('create failed: ' + JSON.stringify(project.error));
const task = await api.POST('/projects/{projectId}/tasks', {
  headers,
  params: { path: { projectId: project.data.id } },
  body: { title: 'Typed by openapi-typescript', dueDate: '2030-06-01T09:00:00.000Z', labels: ['generated'] },
});
const listed = await api.GET('/projects/{projectId}/tasks', {
  headers,
  params: { path: { projectId: project.data.id }, query: { label: 'generated' } },
});
// Unassigned tasks: null travels as the text the document types it as.
const unassigned = await api.GET('/projects/{projectId}/tasks', {
  headers,
  params: { path: { projectId: project.data.id }, query: { assigneeId: 'null' } },
});
const refused = await api.POST('/projects', { headers, body: { name: '' } });
console.log(JSON.stringify({
  created: task.response.status,
  titles: listed.data?.items.map((item) => item.title),
  unassigned: unassigned.data?.items.map((item) => item.title),
  refused: refused.error?.code,
}));
`,
      );
      writeFileSync(
        join(work, 'tsconfig.json'),
        JSON.stringify({ extends: '../tsconfig.json', compilerOptions: { noEmit: true }, include: ['*.ts'] }),
      );
      // The generated types hold: the script type-checks against them...
      await execFile(process.execPath, [join(serverRoot, 'node_modules/typescript/bin/tsc'), '-p', work]);
      // ...and it runs against the real server.
      const { stdout } = await execFile(process.execPath, ['--import', 'tsx', join(work, 'script.ts')], {
        cwd: serverRoot,
        env: { ...process.env, CHARTER_URL: server.url },
      });
      expect(JSON.parse(stdout)).toEqual({
        created: 201,
        titles: ['Typed by openapi-typescript'],
        unassigned: ['Typed by openapi-typescript'],
        refused: 'VALIDATION_FAILED',
      });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
