import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['src/**/*.test.ts'], environment: 'node' },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          // Builds dist once; each file then starts a real server (which serves dist) and Chromium.
          globalSetup: ['e2e/support/build-app.ts'],
          // One browser and one server at a time: parallel files only fight over a small machine's CPUs.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
