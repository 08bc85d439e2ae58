import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    // Each case makes a git repository and imports two contract versions in a child process.
    testTimeout: 60_000,
  },
});
