import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The example imports this package by name; the tests run it from source, with no build.
  resolve: {
    alias: { '@lifeline/msal': fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default', 'json'],
    // CI runs every package's tests at once on two shared cores: time limits are for hangs only.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    outputFile: { json: 'reports/vitest.json' },
  },
});
