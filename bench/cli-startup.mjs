// Benchmark: how long the built `lifeline` command takes to start and answer, against starting
// Node itself (`node -e 0`) in the same run: the median wall time of many runs of each, taken in
// turn so that drift on a shared machine falls on all of them.
//
//   pnpm turbo run build && node bench/cli-startup.mjs [--json] [--full] [--runs=n]
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { numberOption, report, sizeOf } from './lib/args.mjs';
import { lifelineBin } from './lib/serve.mjs';
import { median, percentile, round } from './lib/stats.mjs';

const run = sizeOf({ quick: { runs: 15 }, full: { runs: 50 } });
run.runs = numberOption('runs', run.runs);

const commands = [
  { key: 'node', label: 'node -e 0 (baseline)', args: ['-e', '0'] },
  { key: 'version', label: 'lifeline --version', args: [lifelineBin, '--version'] },
  {
    key: 'permissions',
    label: 'lifeline permissions me/messages --json',
    args: [lifelineBin, 'permissions', 'me/messages', '--json'],
  },
];

function timeOnce({ args }) {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 30_000 });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`);
  return elapsed;
}

const samples = Object.fromEntries(commands.map(({ key }) => [key, []]));
for (const command of commands) timeOnce(command); // warm the file cache
for (let i = 0; i < run.runs; i += 1) {
  for (const command of commands) samples[command.key].push(timeOnce(command));
}

const baseline = median(samples.node);
const summary = {
  benchmark: 'cli-startup',
  size: run.size,
  runs: run.runs,
  rows: commands.map(({ key, label }) => ({
    key,
    label,
    medianMs: round(median(samples[key]), 1),
    p90Ms: round(percentile(samples[key], 90), 1),
    ratioToNode: round(median(samples[key]) / baseline),
  })),
};
report(summary, (s) => {
  console.log(`CLI start-up: median of ${s.runs} runs each (${s.size})`);
  for (const row of s.rows) {
    console.log(
      `${row.label.padEnd(42)} ${String(row.medianMs).padStart(7)} ms   p90 ${row.p90Ms} ms   ×${row.ratioToNode} of node -e 0`,
    );
  }
});
