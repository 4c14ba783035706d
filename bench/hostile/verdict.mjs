// What a hostile run must show: no crash, no secret in a log line, no Graph work from forged input.
import { countBy } from '../lib/stats.mjs';
import { submittedClientStates } from './corpus.mjs';

const jwtShape = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;

/**
 * Counts log lines that hold a secret: one of `secrets` (the real clientState, the client
 * secret, tokens), text shaped like a JSON Web Token, or a clientState the corpus submitted.
 */
export function secretsInLogs(lines, { secrets, requests }) {
  const submitted = new Set(requests.flatMap(submittedClientStates));
  const hits = { secret: 0, jwtShaped: 0, submittedClientState: 0 };
  for (const line of lines) {
    if (secrets.some((secret) => secret && line.includes(secret))) hits.secret += 1;
    if (line.match(jwtShape)) hits.jwtShaped += 1;
    for (const match of line.matchAll(/forged-[A-Za-z0-9]{16,}/g)) {
      if (submitted.has(match[0])) hits.submittedClientState += 1;
    }
  }
  return { ...hits, total: hits.secret + hits.jwtShaped + hits.submittedClientState };
}

/** Graph subscription requests the emulator received between `from` and `to` (wall ms). */
export function graphWorkBetween(tap, from, to) {
  return tap.requests.filter((r) => r.t >= from && r.t <= to && r.path.includes('/subscriptions'));
}

/** The results by status, overall and per family. */
export function statusCounts(requests, results) {
  const byFamily = {};
  for (const [i, request] of requests.entries()) {
    byFamily[request.family] ??= {};
    const status = String(results[i].status);
    byFamily[request.family][status] = (byFamily[request.family][status] ?? 0) + 1;
  }
  return { byStatus: countBy(results, (result) => result.status), byFamily };
}
