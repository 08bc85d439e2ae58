import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts', 'tests/**/*.test-d.ts'] },
    globalSetup: ['tests/support/global-setup.ts'],
    // Each file starts real servers and databases; generous limits keep a loaded CI machine green.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
