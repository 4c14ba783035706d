#!/usr/bin/env node
// How many bytes an app ships to reauthorize one Graph subscription: Lifeline's Graph client
// against the Microsoft Graph JavaScript SDK (the baseline), both bundled here in the same run
// with esbuild (minified ESM for the browser platform, as edge runtimes take it, nothing
// external). Each bundle is then loaded and made to reauthorize against a local HTTP server, so
// that a size is only reported for code that works.
//
// Run after building core (`pnpm --filter @lifeline/core build`):
//   node bench/core-size.mjs [--json]
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, version as esbuildVersion } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const subscriptionId = '7f105c7d-2dc5-4530-97cd-4e7ae6534c07';

const candidates = [
  { key: 'lifeline', label: '@lifeline/core createGraphClient', entry: 'lifeline-entry.mjs' },
  {
    key: 'sdk',
    label: '@microsoft/msgraph-sdk + -subscriptions + -core',
    entry: 'sdk-entry.mjs',
  },
];

async function bundle(candidate) {
  const result = await build({
    absWorkingDir: here,
    entryPoints: [join(here, 'core-size', candidate.entry)],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    legalComments: 'none',
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  return {
    code,
    minifiedBytes: code.byteLength,
    gzippedBytes: gzipSync(code, { level: 9 }).byteLength,
    largestPackages: largestPackages(result.metafile, 5),
  };
}

// Which packages the bytes come from, read from esbuild's metafile.
function largestPackages(metafile, count) {
  const totals = new Map();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = packageOf(path);
      totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, bytes]) => ({ name, bytes }));
}

function packageOf(path) {
  const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
  if (match) return match[1];
  return path.includes('packages/core/') ? '@lifeline/core' : '(entry)';
}

// Loads a bundle and reauthorizes once against a local server that answers 204, checking that
// the request arrived with the token.
async function reauthorizesForReal(candidate, code) {
  const seen = [];
  const server = createServer((request, response) => {
    seen.push(`${request.method} ${request.url} ${request.headers.authorization}`);
    response.writeHead(204).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${server.address().port}`;
  const folder = await mkdtemp(join(tmpdir(), 'core-size-'));
  try {
    const file = join(folder, `${candidate.key}.mjs`);
    await writeFile(file, code);
    const { makeReauthorize } = await import(pathToFileURL(file).href);
    const reauthorize = makeReauthorize(targetFor(origin));
    await reauthorize(subscriptionId);
  } finally {
    server.close();
    await rm(folder, { recursive: true, force: true });
  }
  const expected = `POST /v1.0/subscriptions/${subscriptionId}/reauthorize Bearer bench-token`;
  if (seen.length !== 1 || seen[0] !== expected) {
    throw new Error(`${candidate.label} sent ${JSON.stringify(seen)}, expected ${expected}`);
  }
}

function targetFor(origin) {
  return {
    getToken: async () => 'bench-token',
    cloud: { name: 'custom', graphUrl: origin, loginUrl: origin },
    baseUrl: `${origin}/v1.0`,
    allowedHost: '127.0.0.1',
  };
}

function kib(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`.padStart(10);
}

function printText(report) {
  console.log(`Reauthorize one subscription, bundled by esbuild ${report.esbuild}`);
  console.log('(minified ESM, platform browser, nothing external; each bundle ran once)\n');
  console.log(`${'bundle'.padEnd(50)}${'minified'.padStart(10)}${'gzip'.padStart(10)}`);
  for (const candidate of candidates) {
    const result = report[candidate.key];
    const row = `${candidate.label.padEnd(50)}${kib(result.minifiedBytes)}${kib(result.gzippedBytes)}`;
    console.log(row);
  }
  const { minified, gzipped } = report.ratio;
  console.log(`\nratio (SDK baseline / Lifeline): ${minified}x minified, ${gzipped}x gzip`);
  const top = report.sdk.largestPackages.map(({ name, bytes }) => `${name} ${kib(bytes).trim()}`);
  console.log(`largest in the SDK bundle: ${top.join(', ')}`);
}

async function main() {
  const report = { esbuild: esbuildVersion };
  for (const candidate of candidates) {
    const { code, ...sizes } = await bundle(candidate);
    await reauthorizesForReal(candidate, code);
    report[candidate.key] = sizes;
  }
  const ratio = (field) => Number((report.sdk[field] / report.lifeline[field]).toFixed(1));
  report.ratio = { minified: ratio('minifiedBytes'), gzipped: ratio('gzippedBytes') };

  if (process.argv.includes('--json')) console.log(JSON.stringify(report, null, 2));
  else printText(report);
}

main().catch((error) => {
  const hint = /@lifeline\/core/.test(String(error?.message))
    ? '\nBuild core first: pnpm --filter @lifeline/core build'
    : '';
  console.error(`core-size failed: ${error?.message ?? error}${hint}`);
  process.exitCode = 1;
});
