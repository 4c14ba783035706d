// Runs every benchmark and reliability check with `--json`, one after another, keeps their
// results in reports/results.json, and writes docs/benchmarks.md and docs/reliability.md from
// them, each figure next to the command that produced it. `pnpm bench` runs this.
//
//   pnpm turbo run build && node bench/run-all.mjs [--full] [--only=name,name]
//
// With --only, the named runs are repeated and the documents are written from their new results
// and the stored results of the others; --render-only writes them from the stored results alone.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { flag } from './lib/args.mjs';
import { renderBenchmarks } from './report/benchmarks-md.mjs';
import { renderReliability } from './report/reliability-md.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const full = flag('full');
const only = flag('render-only')
  ? []
  : process.argv
      .find((arg) => arg.startsWith('--only='))
      ?.slice(7)
      .split(',');
const stored = join(here, 'reports', 'results.json');

const sized = full ? ['--full'] : [];
const runs = [
  { name: 'cli-startup', script: 'cli-startup.mjs', args: sized },
  { name: 'permissions', script: 'permissions.mjs', args: [] },
  { name: 'core-size', script: 'core-size.mjs', args: [] },
  { name: 'worker-size', script: 'worker-size.mjs', args: [] },
  { name: 'bulk-reauthorize', script: 'bulk-reauthorize.mjs', args: sized },
  {
    name: 'bulk-reauthorize-real-time',
    script: 'bulk-reauthorize.mjs',
    args: ['--subscriptions=2000', '--scale=1'],
  },
  { name: 'challenge-latency', script: 'challenge-latency.mjs', args: sized },
  { name: 'endpoint', script: 'endpoint.mjs', args: sized },
  { name: 'soak', script: 'soak.mjs', args: sized },
  { name: 'crash', script: 'crash.mjs', args: sized },
  { name: 'hostile-serve', script: 'hostile.mjs', args: [] },
  {
    name: 'hostile-worker',
    script: 'hostile.mjs',
    args: ['--target=worker', full ? '--count=10000' : '--count=2000'],
  },
];

async function runOne({ name, script, args }) {
  const command = `node bench/${script} --json${args.length ? ` ${args.join(' ')}` : ''}`;
  if (!existsSync(join(here, script))) return { name, command, error: `${script} is missing` };
  process.stderr.write(`▶ ${command}\n`);
  const started = Date.now();
  const child = spawn(process.execPath, [join(here, script), '--json', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const [code] = await once(child, 'exit');
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  process.stderr.write(`  ${code === 0 ? 'done' : `failed (exit ${code})`} in ${seconds} s\n`);
  try {
    if (code !== 0) throw new Error(`exit ${code}`);
    return { name, command, seconds, result: JSON.parse(stdout) };
  } catch (error) {
    return {
      name,
      command,
      seconds,
      error: `${error.message}: ${stderr.trim().split('\n').slice(-5).join(' | ')}`,
    };
  }
}

function commit() {
  return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: root,
    encoding: 'utf8',
  }).trim();
}

function machine(startLoad) {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    kernel: release(),
    loadAverageAtStart: startLoad.map((n) => Math.round(n * 100) / 100),
    loadAverageAtEnd: loadavg().map((n) => Math.round(n * 100) / 100),
    commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
    }).trim(),
    date: new Date().toISOString().slice(0, 10),
  };
}

const previous = existsSync(stored) ? JSON.parse(readFileSync(stored, 'utf8')) : { runs: {} };
const startLoad = loadavg();
const results = only ? { ...previous.runs } : {};
for (const run of runs.filter(({ name }) => !only || only.includes(name))) {
  results[run.name] = { ...(await runOne(run)), at: new Date().toISOString(), commit: commit() };
}
const fresh = Object.keys(results).length > 0 && (!only || only.length > 0);
const document = {
  size: full ? 'full' : (previous.size ?? 'quick'),
  machine: fresh || !previous.machine ? machine(startLoad) : previous.machine,
  runs: results,
};
mkdirSync(dirname(stored), { recursive: true });
writeFileSync(stored, `${JSON.stringify(document, null, 2)}\n`);
mkdirSync(join(root, 'docs'), { recursive: true });
writeFileSync(join(root, 'docs', 'benchmarks.md'), renderBenchmarks(document));
writeFileSync(join(root, 'docs', 'reliability.md'), renderReliability(document));
const failed = Object.values(results).filter((run) => run.error);
for (const run of failed) process.stderr.write(`✗ ${run.name}: ${run.error}\n`);
process.stderr.write('wrote docs/benchmarks.md and docs/reliability.md\n');
process.exitCode = failed.length > 0 ? 1 : 0;
