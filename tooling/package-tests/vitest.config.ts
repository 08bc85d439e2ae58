import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    // The files mostly wait on child processes (npm, tsc, Vite, a server): two at a time.
    maxWorkers: 2,
    // npm installs, tsc, Vite and a server: generous limits keep a loaded CI machine green.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
