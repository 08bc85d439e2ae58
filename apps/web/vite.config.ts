import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Where `pnpm dev` (the Charter server) listens; the dev server forwards the API there. */
const api = 'http://127.0.0.1:3000';
const apiPaths = ['/trpc', '/api', '/docs', '/oauth', '/.well-known'];

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: Object.fromEntries(apiPaths.map((path) => [path, { target: api, changeOrigin: false }])),
  },
});
