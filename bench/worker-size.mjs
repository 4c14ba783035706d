#!/usr/bin/env node
// How many bytes the Cloudflare Worker uploads: Lifeline's worker as `wrangler deploy --dry-run
// --outdir dist --minify` built it, against the same lifecycle handler written on the Microsoft
// Graph JavaScript SDK (the baseline), bundled here in the same run with esbuild for workerd
// (minified ESM, the browser platform with workerd's export conditions, nothing external). The
// baseline is run once against a local HTTP server, so that its size is that of code that works.
// Lifeline's worker does more than the baseline (queue consumer, Durable Object ledger, renewal
// cron, validation-token verification); it is tested in workerd by its own package.
//
// Run after building the worker (`pnpm --filter @lifeline/worker build`):
//   node bench/worker-size.mjs [--json]
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, version as esbuildVersion } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const workerBundle = join(here, '..', 'apps', 'worker', 'dist', 'index.js');
const subscriptionId = '7f105c7d-2dc5-4530-97cd-4e7ae6534c07';
const clientState = 'bench-client-state';

function sizes(code) {
  return { minifiedBytes: code.byteLength, gzippedBytes: gzipSync(code, { level: 9 }).byteLength };
}

async function lifelineWorker() {
  const code = await readFile(workerBundle).catch(() => {
    throw new Error(`no ${workerBundle}`);
  });
  return sizes(code);
}

async function sdkWorker() {
  const result = await build({
    absWorkingDir: here,
    entryPoints: [join(here, 'worker-size', 'sdk-worker.mjs')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    legalComments: 'none',
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  return { code, ...sizes(code), largestPackages: largestPackages(result.metafile, 5) };
}

// Which packages the baseline's bytes come from, read from esbuild's metafile.
function largestPackages(metafile, count) {
  const totals = new Map();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1] ?? '(entry)';
      totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, bytes]) => ({ name, bytes }));
}

// Loads the baseline bundle and posts one challenge to its fetch handler, with a local server as
// Entra ID and Graph; it must fetch a token and then reauthorize with it.
async function reauthorizesForReal(code) {
  const seen = [];
  const server = createServer((request, response) => {
    seen.push(`${request.method} ${request.url} ${request.headers.authorization ?? '-'}`);
    if (request.url.endsWith('/oauth2/v2.0/token')) {
      const token = { token_type: 'Bearer', expires_in: 3599, access_token: 'bench-token' };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(token));
    } else {
      response.writeHead(204).end();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${server.address().port}`;
  const folder = await mkdtemp(join(tmpdir(), 'worker-size-'));
  try {
    const file = join(folder, 'sdk-worker.mjs');
    await writeFile(file, code);
    const { default: handler } = await import(pathToFileURL(file).href);
    await postChallenge(handler, origin);
  } finally {
    server.close();
    await rm(folder, { recursive: true, force: true });
  }
  const expected = [
    'POST /tenant/oauth2/v2.0/token -',
    `POST /v1.0/subscriptions/${subscriptionId}/reauthorize Bearer bench-token`,
  ];
  if (JSON.stringify(seen) !== JSON.stringify(expected)) {
    throw new Error(
      `the baseline sent ${JSON.stringify(seen)}, expected ${JSON.stringify(expected)}`,
    );
  }
}

async function postChallenge(handler, origin) {
  const env = {
    TENANT_ID: 'tenant',
    CLIENT_ID: 'client',
    CLIENT_SECRET: 'secret',
    CLIENT_STATE: clientState,
    GRAPH_URL: origin,
    LOGIN_URL: origin,
  };
  const pending = [];
  const context = { waitUntil: (promise) => pending.push(promise) };
  const body = JSON.stringify({
    value: [{ subscriptionId, clientState, lifecycleEvent: 'reauthorizationRequired' }],
  });
  const request = new Request('https://worker.example/graph/lifecycle', { method: 'POST', body });
  const response = await handler.fetch(request, env, context);
  if (response.status !== 202) throw new Error(`the baseline answered ${response.status}`);
  for (const result of await Promise.all(pending).then((all) => all.flat())) {
    if (result.status === 'rejected') throw result.reason;
  }
}

function kib(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`.padStart(11);
}

function printText(report) {
  console.log(`Cloudflare Worker upload size; baseline bundled by esbuild ${report.esbuild}`);
  console.log('(minified ESM for workerd; gzip level 9 for both; the baseline ran once)\n');
  console.log(`${'worker'.padEnd(56)}${'minified'.padStart(11)}${'gzip'.padStart(11)}`);
  const rows = [
    ['Lifeline worker (wrangler deploy --dry-run --minify)', report.lifeline],
    ['lifecycle handler on @microsoft/msgraph-sdk (baseline)', report.sdk],
  ];
  for (const [label, result] of rows) {
    console.log(`${label.padEnd(56)}${kib(result.minifiedBytes)}${kib(result.gzippedBytes)}`);
  }
  const { minified, gzipped } = report.ratio;
  console.log(`\nratio (SDK baseline / Lifeline worker): ${minified}x minified, ${gzipped}x gzip`);
  const top = report.sdk.largestPackages.map(({ name, bytes }) => `${name} ${kib(bytes).trim()}`);
  console.log(`largest in the baseline: ${top.join(', ')}`);
}

async function main() {
  const lifeline = await lifelineWorker();
  const { code, ...sdk } = await sdkWorker();
  await reauthorizesForReal(code);
  const ratio = (field) => Number((sdk[field] / lifeline[field]).toFixed(2));
  const report = {
    esbuild: esbuildVersion,
    lifeline,
    sdk,
    ratio: { minified: ratio('minifiedBytes'), gzipped: ratio('gzippedBytes') },
  };
  if (process.argv.includes('--json')) console.log(JSON.stringify(report, null, 2));
  else printText(report);
}

main().catch((error) => {
  const hint = /apps\/worker\/dist/.test(String(error?.message))
    ? '\nBuild the worker first: pnpm --filter @lifeline/worker build'
    : '';
  console.error(`worker-size failed: ${error?.message ?? error}${hint}`);
  process.exitCode = 1;
});
