import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', 'json'],
    // CI runs every package's tests at once on two shared cores: time limits are for hangs only.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    outputFile: { json: 'reports/vitest.json' },
  },
});
