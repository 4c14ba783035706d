import { defineConfig } from 'vitest/config';

// The invariants of the proof suite at a small size: no crash, no secret in a log, no work from
// forged input. The timed benchmarks are not tests; `pnpm bench` runs them.
export default defineConfig({
  test: {
    include: ['test/**/*.test.mjs'],
    // Generous on two shared cores; nothing here asserts a duration.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
  },
});
