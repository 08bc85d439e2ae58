import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { publishBuild, stagingDir } from '../../scripts/publish-build.mjs';

/** Where `pnpm dev` (the Charter server) listens; the dev server forwards the API there. */
const api = 'http://127.0.0.1:3000';
const apiPaths = ['/trpc', '/api', '/docs', '/oauth', '/.well-known'];
const dist = fileURLToPath(new URL('./dist', import.meta.url));

/**
 * Builds beside dist/ and moves the result in file by file, index.html last: a server serving dist/
 * never finds it empty, nor an asset gone that a page it served still asks for
 * (scripts/publish-build.mjs).
 */
function publishedAtomically(staging: string): Plugin {
  let written = false;
  return {
    name: 'charter:publish-atomically',
    apply: 'build',
    writeBundle: () => {
      written = true;
    },
    closeBundle: () => {
      if (!written) return;
      // npm start passes the fingerprint of what it built from, so the next one can skip an unchanged tree.
      const inputs = process.env.CHARTER_BUILD_FINGERPRINT || null;
      publishBuild({ staging, target: dist, entries: ['index.html'], inputs });
    },
  };
}

export default defineConfig(({ command }) => {
  const staging = command === 'build' ? stagingDir(dist) : 'dist';
  return {
    plugins: [react(), publishedAtomically(staging)],
    build: { outDir: staging, emptyOutDir: true },
    server: {
      host: '127.0.0.1',
      port: 5173,
      strictPort: true,
      proxy: Object.fromEntries(apiPaths.map((path) => [path, { target: api, changeOrigin: false }])),
    },
  };
});
