import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
import type { EmulatorFixture } from './test/vitest-context.js';

// The worker runs in workerd with its real wrangler.jsonc (queues, Durable Object, cron), and its
// settings point at the emulator that test/global-setup.ts starts in Node.
export default defineConfig({
  plugins: [
    cloudflareTest(({ inject }) => {
      const emulator = inject<EmulatorFixture>('emulator');
      return {
        wrangler: { configPath: './wrangler.jsonc' },
        miniflare: {
          bindings: {
            TENANT_ID: emulator.tenantId,
            CLIENT_ID: emulator.secretApp.clientId,
            CLIENT_SECRET: emulator.secretApp.clientSecret,
            GRAPH_URL: emulator.url,
            LOGIN_URL: emulator.url,
            CLIENT_STATE: 'worker-test-client-state',
          },
        },
      };
    }),
  ],
  test: {
    globalSetup: ['./test/global-setup.ts'],
    include: ['test/**/*.test.ts'],
    reporters: ['default', 'json'],
    // CI runs every package's tests at once on two shared cores: time limits are for hangs only.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    silent: 'passed-only',
    outputFile: { json: 'reports/vitest.json' },
  },
});
