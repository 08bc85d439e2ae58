// `pnpm build`: the server as plain JavaScript in dist/, so it starts without compiling TypeScript
// on the fly (tsx costs startup time and memory). The workspace packages it uses (@charter/*,
// TypeScript sources in this repository) are bundled in; everything from npm stays an import,
// resolved from this package's node_modules, so each must be one of this package's dependencies.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const manifest = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const dependencies = new Set(Object.keys(manifest.dependencies));
const packageName = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** npm packages stay imports; a package this one does not depend on would fail at run time, so it fails here. */
const npmPackagesExternal = {
  name: 'npm-packages-external',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, ({ path, importer }) => {
      if (path.startsWith('node:') || path.startsWith('@charter/')) return undefined;
      const name = packageName(path);
      if (!dependencies.has(name)) {
        return { errors: [{ text: `${importer} imports ${name}, which apps/server does not depend on` }] };
      }
      return { path, external: true };
    });
  },
};

// A fresh dist/: chunks are named by their content, so an old build's would pile up.
rmSync(new URL('./dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { main: 'src/main.ts', 'set-plan': 'src/cli/set-plan.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  splitting: true,
  plugins: [npmPackagesExternal],
  logLevel: 'warning',
});
