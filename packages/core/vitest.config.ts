import { fileURLToPath } from 'node:url';
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

// Core runs unchanged in Node and in workerd, so its tests run in both. Tests that need a real
// HTTP server (node:http) are named *.node.test.ts and run in Node only.
export default defineConfig({
  test: {
    reporters: ['default', 'json'],
    // CI runs every package's tests at once on two shared cores: time limits are for hangs only.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    outputFile: { json: 'reports/vitest.json' },
    projects: [
      {
        // The README's example imports the package by name, as users do.
        resolve: {
          alias: { '@lifeline/core': fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
        },
        test: {
          name: 'node',
          provide: { runtime: 'node' },
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
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
          provide: { runtime: 'workerd' },
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/*.node.test.ts'],
        },
      },
    ],
  },
});
