// The hostile corpus for a lifecycle endpoint: `count` requests drawn from a seeded generator, so
// that the same seed gives the same requests in Node, in workerd, today and later. Each request is
// plain data (method, query, headers, body as text or bytes, framing hints); a runner sends it.
// Nothing in it carries the subscriptions' real clientState or a validation token for this app
// that is both current and valid for the items it comes with, so no request may cause work.
//
//   import { hostileCorpus } from './hostile/corpus.mjs';
//   const requests = hostileCorpus({ seed: 1, count: 10_000, tenantId, subscriptionIds });
import {
  forgedTokens,
  malformedJson,
  replayedTokens,
  wrongClientStateBody,
  wrongTypes,
} from './bodies.mjs';
import {
  deepNesting,
  handshake,
  headersAndMethods,
  hugeBody,
  manyItems,
  mutated,
  nonAscii,
  slowBody,
} from './more-bodies.mjs';
import { drawer, seededRandom } from './random.mjs';

/** The families and their weights, per 1000 requests. */
export const families = [
  [120, malformedJson],
  [120, wrongTypes],
  [140, wrongClientStateBody],
  [110, forgedTokens],
  [40, replayedTokens],
  [30, deepNesting],
  [3, hugeBody],
  [90, handshake],
  [90, nonAscii],
  [80, headersAndMethods],
  [140, mutated],
  [10, manyItems],
  [2, slowBody],
];

/**
 * Builds the corpus. Options: `seed` (default 1), `count` (default 10 000), `tenantId`,
 * `subscriptionIds` (real ones make the forgeries more convincing), `appId`, `nowMs` (the time
 * tokens are forged around; default a fixed date so the corpus never depends on the clock),
 * `knownClientState` (near misses of it are generated, never the value itself) and
 * `replayTokens` (`{ kind, token }` captured from a real sender: expired, or for another app).
 */
export function hostileCorpus(options = {}) {
  const draw = drawer(seededRandom(options.seed ?? 1));
  const context = {
    tenantId: options.tenantId ?? '00000000-0000-4000-8000-000000000001',
    subscriptionIds: options.subscriptionIds?.length ? options.subscriptionIds : [draw.guid()],
    appId: options.appId,
    nowMs: options.nowMs ?? Date.UTC(2026, 0, 1),
    knownClientState: options.knownClientState,
    replayTokens: options.replayTokens,
  };
  const count = options.count ?? 10_000;
  const requests = [];
  for (let index = 0; index < count; index += 1) {
    const generate = draw.weighted(families);
    requests.push({ index, ...generate(draw, context) });
  }
  return requests;
}

/** The text of everything in `request` that a log must never repeat: its clientState values. */
export function submittedClientStates(request) {
  const text = typeof request.body === 'string' ? request.body : '';
  return [...text.matchAll(/"clientState":"(forged-[A-Za-z0-9]{16,})/g)].map(([, value]) => value);
}
