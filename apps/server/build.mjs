// `pnpm build`: the server as plain JavaScript in dist/, so it starts without compiling TypeScript
// on the fly (tsx costs startup time and memory). The workspace packages (@charter/*) and most npm
// packages are bundled in: Node resolving, reading and compiling some 400 files one by one took
// over half of the cold start (decision 013, step 11). The packages in `staysExternal` remain
// imports, resolved from this package's node_modules.
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { publishBuild, stagingDir } from '../../scripts/publish-build.mjs';

/** What a package may import: its dependencies and peers (optional ones included), by its manifest. */
const declaredBy = (manifestUrl) => {
  const manifest = JSON.parse(readFileSync(manifestUrl, 'utf8'));
  return new Set(Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }));
};
const dependencies = declaredBy(new URL('./package.json', import.meta.url));
// The workspace's packages are bundled in too: their files import what their own manifests declare.
const workspacePackage = /\/packages\/([^/]+)\//;
const workspaceDependencies = new Map();
const declaredFor = (importer) => {
  const name = workspacePackage.exec(importer)?.[1];
  if (name === undefined) return dependencies;
  if (!workspaceDependencies.has(name))
    workspaceDependencies.set(
      name,
      declaredBy(new URL(`../../packages/${name}/package.json`, import.meta.url)),
    );
  return workspaceDependencies.get(name);
};

/** npm packages that stay imports, and why. */
const staysExternal = new Map([
  ['@electric-sql/pglite', 'finds its WASM and data files next to its own module'],
  ['@node-rs/argon2', 'a native add-on'],
  ['swagger-ui-dist', 'its files are served from its own directory'],
  ['pino', 'starts its transport workers from files of its own'],
  ['oidc-provider', 'loaded on the first OAuth request only'],
  ['pg', 'loaded only on PostgreSQL'],
  ['ioredis', 'loaded only with Redis'],
  // Imported on first use; esbuild's chunk for a CommonJS package imported dynamically exports only
  // `default`, which would lose `stringify`.
  ['yaml', 'loaded on the first OpenAPI YAML request only'],
  ['@modelcontextprotocol/sdk', 'loaded on the first MCP request only'],
]);

const packageName = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * Our code may import only packages its own package depends on (a missing one would fail at run
 * time, so it fails here); what those packages import in turn is theirs to resolve. A package that
 * stays external must be a dependency of apps/server itself, which resolves it at run time.
 */
const ownDependenciesOnly = {
  name: 'own-dependencies-only',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, ({ path, importer }) => {
      if (path.startsWith('node:') || path.startsWith('@charter/')) return undefined;
      if (importer.includes('/node_modules/')) return undefined;
      const name = packageName(path);
      if (!declaredFor(importer).has(name)) {
        return { errors: [{ text: `${importer} imports ${name}, which its package does not depend on` }] };
      }
      if (!staysExternal.has(name)) return undefined;
      if (!dependencies.has(name)) {
        return {
          errors: [{ text: `${name} stays external, so apps/server must depend on it to resolve it` }],
        };
      }
      return { path, external: true };
    });
  },
};

// Built beside dist/ and moved in file by file: a server running from dist/ keeps every file it may
// still load (scripts/publish-build.mjs).
const dist = fileURLToPath(new URL('./dist', import.meta.url));
const staging = stagingDir(dist);
const entries = ['main.js', 'main.js.map', 'set-plan.js', 'set-plan.js.map'];
await build({
  entryPoints: { main: 'src/main.ts', 'set-plan': 'src/cli/set-plan.ts' },
  outdir: staging,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  splitting: true,
  plugins: [ownDependenciesOnly],
  // Bundled CommonJS packages call require() for Node's own modules; an ES module has none of its own.
  banner: {
    js: "import { createRequire as createRequireForBundledPackages } from 'node:module'; const require = createRequireForBundledPackages(import.meta.url);",
  },
  logLevel: 'warning',
}).catch((error) => {
  rmSync(staging, { recursive: true, force: true });
  throw error;
});
// npm start passes the fingerprint of what it built from, so the next one can skip an unchanged tree.
publishBuild({ staging, target: dist, entries, inputs: process.env.CHARTER_BUILD_FINGERPRINT || null });
