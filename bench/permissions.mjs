// Benchmark: resolving subscription resources to permission rules, and evaluating tokens against
// them, with @lifeline/core's compiled segment trie versus a linear scan of per-template regular
// expressions, on a weighted mix of real-looking resource strings.
//
//   pnpm --filter @lifeline/core build && node bench/permissions.mjs [--json]
import { strict as assert } from 'node:assert';
import { performance } from 'node:perf_hooks';
import {
  evaluateAccessToken,
  resolveSubscriptionResource,
  resourceTemplateEntries,
} from '@lifeline/core';
import { mix, sample } from './permissions/mix.mjs';
import { compileNaive, evaluateNaive, resolveNaive } from './permissions/naive.mjs';

const json = process.argv.includes('--json');
const draws = sample(20_000, 7);
const naive = compileNaive(resourceTemplateEntries());

function lifelineRules(resource) {
  const result = resolveSubscriptionResource(resource);
  return result.ok ? result.value.rules : undefined;
}

function lifelineVerdict(claims, resource) {
  const result = evaluateAccessToken(claims, resource);
  return result.ok ? { accepted: result.value.accepted, matched: result.value.matched } : undefined;
}

// Both sides must give the same answers on every distinct entry before any timing.
for (const [, resource, claims] of mix) {
  const ids = (rules) => rules?.map(({ id }) => id);
  assert.ok(lifelineRules(resource), `Lifeline does not resolve ${resource}`);
  assert.deepEqual(ids(resolveNaive(naive, resource)), ids(lifelineRules(resource)), resource);
  assert.deepEqual(
    evaluateNaive(naive, claims, resource),
    lifelineVerdict(claims, resource),
    resource,
  );
}

// Runs `work` over every draw, repeatedly, for at least `minimumMs`; returns operations per second.
function measure(work, minimumMs = 1500) {
  let sink = 0;
  for (let i = 0; i < 2; i += 1) for (const draw of draws) sink += work(draw) ? 1 : 0;

  let operations = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minimumMs) {
    for (const draw of draws) sink += work(draw) ? 1 : 0;
    operations += draws.length;
    elapsed = performance.now() - start;
  }
  if (sink < 0) console.log(sink);
  return (operations / elapsed) * 1000;
}

const results = [
  {
    name: 'resolve',
    lifeline: measure(([, resource]) => lifelineRules(resource)),
    baseline: measure(([, resource]) => resolveNaive(naive, resource)),
  },
  {
    name: 'resolve + evaluate token',
    lifeline: measure(([, resource, claims]) => lifelineVerdict(claims, resource)),
    baseline: measure(([, resource, claims]) => evaluateNaive(naive, claims, resource)),
  },
].map((row) => ({ ...row, ratio: row.lifeline / row.baseline }));

const summary = {
  benchmark: 'permissions',
  distinctResources: mix.length,
  templates: naive.length,
  draws: draws.length,
  results,
};

if (json) {
  console.log(JSON.stringify(summary, null, 2));
} else {
  console.log(
    `permissions: ${mix.length} distinct resources, ${naive.length} templates, ${draws.length} weighted draws`,
  );
  for (const { name, lifeline, baseline, ratio } of results) {
    const rate = (value) => `${Math.round(value).toLocaleString('en-US')} ops/s`;
    console.log(
      `${name.padEnd(26)} lifeline ${rate(lifeline).padStart(16)}   regex scan ${rate(baseline).padStart(16)}   ratio ${ratio.toFixed(2)}x`,
    );
  }
}
