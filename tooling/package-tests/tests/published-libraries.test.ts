import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ApiServer, startApiServer } from './support/api-server.ts';
import { run, runOk } from './support/commands.ts';
import { catalogVersion, type Library, libraries, workspaceRoot } from './support/workspace.ts';

const consumerFixture = new URL('../consumer/', import.meta.url);
const names = Object.keys(libraries) as Library[];

// Server-only code a browser bundle must never carry: the toolkit's server entries and what servers use.
const serverOnly = [
  /^node_modules\/@charter\/rpc\/(dist|src)\/(server|node|rest|xml|openapi)[/.]/,
  /^node_modules\/@trpc\/server\/dist\/adapters\//,
  /\/(express|pg|pg-\w+|kysely|@electric-sql|@node-rs|argon2|pino|helmet|jose|ioredis|oidc-provider|fast-xml-parser)\//,
  /__vite-browser-external|^node:/,
];

interface Manifest {
  name: string;
  type?: string;
  license?: string;
  repository?: { url?: string; directory?: string };
  engines?: { node?: string };
  sideEffects?: boolean;
  files?: string[];
  exports?: Record<string, string | Record<string, string>>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

describe('the packed packages, installed with npm in a project outside the workspace', () => {
  let project: string;
  let server: ApiServer | undefined;
  const installed = (name: string, ...path: string[]) => join(project, 'node_modules', name, ...path);
  const manifestOf = (name: string): Manifest =>
    JSON.parse(readFileSync(installed(name, 'package.json'), 'utf8'));
  const tsc = (config: string) =>
    run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', config], { cwd: project });
  // One program for the Node side (it also emits build/src/use-api.js): its errors, one per line.
  let nodeProgram: Promise<{ code: number | null; errors: string[] }> | undefined;
  const checkNodeProgram = () => {
    nodeProgram ??= tsc('tsconfig.json').then(({ code, output }) => ({
      code,
      errors: output.split('\n').filter((line) => line.includes('error TS')),
    }));
    return nodeProgram;
  };

  beforeAll(async () => {
    const tarballs = inject('tarballs');
    project = mkdtempSync(join(tmpdir(), 'charter-consumer-'));
    cpSync(consumerFixture, project, { recursive: true });
    // The server starts while npm installs, before tsc keeps every core busy.
    const [install, started] = await Promise.allSettled([
      runOk(
        'npm',
        [
          'install',
          ...names.map((name) => tarballs[name] ?? `(no tarball for ${name})`),
          `typescript@${catalogVersion('typescript')}`,
          `@types/node@${catalogVersion('@types/node')}`,
        ],
        { cwd: project },
      ),
      startApiServer(),
    ]);
    if (started.status === 'fulfilled') server = started.value;
    if (install.status === 'rejected') throw install.reason;
    if (started.status === 'rejected') throw started.reason;
    // The README examples, as a team would paste them, type-checked with the script.
    mkdirSync(join(project, 'readme'));
    for (const name of names) {
      const readme = readFileSync(installed(name, 'README.md'), 'utf8');
      const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
      if (blocks.length === 0) throw new Error(`${name}'s README has no \`\`\`ts example`);
      blocks.forEach((block, index) => {
        writeFileSync(join(project, 'readme', `${libraries[name]}-${index}.ts`), block);
      });
    }
  });
  afterAll(async () => {
    await server?.stop();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('lives outside the workspace and got real package folders, not links', () => {
    expect(relative(workspaceRoot, project).startsWith('..'), `${project} is inside the workspace`).toBe(
      true,
    );
    for (const name of names) {
      expect(lstatSync(installed(name)).isSymbolicLink(), `${name} is a link`).toBe(false);
    }
  });

  it.each(names)(
    '%s: its manifest names npm versions only, and has the fields a registry page shows',
    (name) => {
      const manifest = manifestOf(name);
      const ranges = { ...manifest.dependencies, ...manifest.peerDependencies };
      const unresolved = Object.entries(ranges).filter(([, range]) =>
        /^(workspace|catalog|link|file):/.test(range),
      );
      expect(unresolved, 'dependency versions pnpm pack should have rewritten').toEqual([]);
      expect(manifest).toMatchObject({
        type: 'module',
        license: 'MIT',
        sideEffects: false,
        engines: { node: expect.any(String) },
        repository: { url: expect.stringMatching(/^git\+https:/), directory: `packages/${libraries[name]}` },
        files: expect.arrayContaining(['dist']),
      });
      expect(existsSync(installed(name, 'README.md')), `${name} has no README.md`).toBe(true);
    },
  );

  it.each(names)(
    '%s: every export is built ESM JavaScript with a declaration and its declaration map',
    (name) => {
      const problems: string[] = [];
      for (const [subpath, target] of Object.entries(manifestOf(name).exports ?? {})) {
        if (typeof target === 'string') {
          if (!existsSync(installed(name, target))) problems.push(`${subpath} → ${target} is missing`);
          continue;
        }
        const { types, default: code } = target;
        if (!types?.endsWith('.d.ts') || !code?.endsWith('.js')) {
          problems.push(
            `${subpath} must give "types" (.d.ts) then "default" (.js): ${JSON.stringify(target)}`,
          );
          continue;
        }
        for (const file of [code, types, `${types}.map`]) {
          if (!existsSync(installed(name, file))) problems.push(`${subpath}: ${file} is not in the package`);
        }
        const declarationMap = installed(name, `${types}.map`);
        if (existsSync(declarationMap)) {
          const { sources } = JSON.parse(readFileSync(declarationMap, 'utf8')) as { sources: string[] };
          for (const source of sources) {
            const sourcePath = resolve(dirname(declarationMap), source);
            if (!existsSync(sourcePath))
              problems.push(`${types}.map points at ${source}, which is not shipped`);
          }
        }
      }
      expect(problems).toEqual([]);
    },
  );

  it('ships no tests, test fixtures or build info', () => {
    const shipped = names.flatMap((name) =>
      (readdirSync(installed(name), { recursive: true }) as string[]).map((file) => `${name}/${file}`),
    );
    expect(
      shipped.filter((file) => /\.test(-d)?\.|test-fixtures|test-kit|test-helpers|tsbuildinfo/.test(file)),
    ).toEqual([]);
  });

  it('serves the XML guide a server renders from @charter/rpc/xml-mapping.md', () => {
    const resolved = createRequire(join(project, 'package.json')).resolve('@charter/rpc/xml-mapping.md');
    expect(readFileSync(resolved, 'utf8')).toMatch(/^# XML requests and responses/);
  });

  it('type-checks a script using the typed client, the contract and every toolkit entry, and the README examples', async () => {
    const { errors } = await checkNodeProgram();
    expect(
      errors.filter((line) => !line.startsWith('src/wrong-input.ts')),
      'errors in src/use-api.ts, readme/ (the packages’ README examples) or the packages’ declarations',
    ).toEqual([]);
  });

  it('refuses a wrong input at type-check, on the line that has it and nowhere else', async () => {
    const { code, errors } = await checkNodeProgram();
    const wrongLine = readFileSync(join(project, 'src/wrong-input.ts'), 'utf8')
      .split('\n')
      .findIndex((line) => line.includes('// wrong input'));
    expect(
      code,
      'a number for a string title type-checked: the client is not typed by the contract',
    ).not.toBe(0);
    expect(errors.filter((line) => line.startsWith('src/wrong-input.ts'))).toEqual([
      expect.stringMatching(new RegExp(`^src/wrong-input\\.ts\\(${wrongLine + 1},\\d+\\): error TS2322`)),
    ]);
  });

  it('runs the script against a running server: Dates survive, errors arrive typed', async () => {
    await checkNodeProgram();
    expect(existsSync(join(project, 'build/src/use-api.js')), 'tsc emitted no build/src/use-api.js').toBe(
      true,
    );
    if (!server) throw new Error('the API server did not start');
    const stdout = await runOk(process.execPath, ['build/src/use-api.js', server.url], { cwd: project });
    expect(JSON.parse(stdout)).toEqual({
      dueDateIsDate: true,
      dueDate: '2030-06-01T09:00:00.000Z',
      refusal: { appCode: 'VALIDATION_FAILED', issuePaths: ['title'] },
      budgetNames: ['default'],
      headersRoundTrip: [expect.objectContaining({ name: 'default' })],
      xmlBack: { title: 'Installed from a tarball', labels: '' },
      openApiOperations: expect.any(Number),
      xmlGuideHeading: '# XML requests and responses',
    });
  });

  describe('in a browser bundle built by Vite', () => {
    const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');

    /** Builds the entry as a frontend would and lists every module the bundle carries code of. */
    async function bundledModules(entry: string): Promise<string[]> {
      await runOk(process.execPath, [vite, 'build'], { cwd: project, env: { BROWSER_ENTRY: entry } });
      const outDir = join(project, 'browser-dist', entry.replace(/\W+/g, '-'));
      const maps = (readdirSync(outDir, { recursive: true }) as string[]).filter((file) =>
        file.endsWith('.js.map'),
      );
      expect(maps.length, `Vite wrote no source maps in ${outDir}`).toBeGreaterThan(0);
      return maps.flatMap((map) => {
        const { sources } = JSON.parse(readFileSync(join(outDir, map), 'utf8')) as { sources: string[] };
        return sources.map((source) => relative(project, resolve(dirname(join(outDir, map)), source)));
      });
    }

    it('type-checks the browser entry with bundler resolution and DOM types', async () => {
      const { code, output } = await tsc('tsconfig.browser.json');
      expect(output, 'tsc found errors in browser/main.ts').toBe('');
      expect(code).toBe(0);
    });

    it('carries the client, the contract and the toolkit root, and no server-only code', async () => {
      const modules = await bundledModules('browser/main.ts');
      expect(modules).toEqual(
        expect.arrayContaining([
          'node_modules/@charter/client/dist/create-client.js',
          expect.stringMatching('^node_modules/@charter/contract/dist/schemas/'),
          expect.stringMatching('^node_modules/@charter/rpc/dist/'),
        ]),
      );
      expect(modules.filter((module) => serverOnly.some((pattern) => pattern.test(module)))).toEqual([]);
    });

    it('would show it if a browser entry imported @charter/rpc/server', async () => {
      const modules = await bundledModules('browser/server-leak.ts');
      expect(modules.filter((module) => serverOnly.some((pattern) => pattern.test(module)))).toContain(
        'node_modules/@charter/rpc/dist/server/implement.js',
      );
    });
  });
});
