import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

// The routes must run unchanged in Node and in workerd, so the unit tests run in both. Tests that
// need a real HTTP server (@hono/node-server, the emulator) are named *.node.test.ts and run in
// Node only; *.workerd.test.ts use workerd's own execution context.
export default defineConfig({
  test: {
    reporters: ['default', 'json'],
    // CI runs every package's tests at once on two shared cores: time limits are for hangs only.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    outputFile: { json: 'reports/vitest.json' },
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['**/*.workerd.test.ts'],
        },
      },
      {
        plugins: [
          cloudflareTest({
            miniflare: { compatibilityDate: '2026-10-01', compatibilityFlags: ['nodejs_compat'] },
          }),
        ],
        test: {
          name: 'workerd',
          include: ['test/**/*.test.ts'],
          exclude: ['**/*.node.test.ts'],
        },
      },
    ],
  },
});
