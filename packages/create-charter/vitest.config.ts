import { defineConfig } from 'vitest/config';

// The end-to-end test (pack, npm create, the generated project's own checks) is in tooling/package-tests.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'] },
});
