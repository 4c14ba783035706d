// docs/reliability.md from the stored results of bench/run-all.mjs.
import { command, machineNote, missing, n, table, verdict } from './markdown.mjs';

function soakSection(run) {
  if (!run?.result) return missing('The soak', run);
  const r = run.result;
  const row = (name, p) => [
    name,
    `${n(p.acknowledged)}/${n(p.challenges)}`,
    n(p.actedOn),
    n(p.lost),
    n(p.deadLettered),
    n(p.retriedActions),
    n(p.outboxRetries),
    n(p.actedOnTwice),
    `${p.seconds} s`,
  ];
  const faults = Object.entries(r.faulted.faultsInjected)
    .map(([kind, count]) => `${kind} ${n(count)}`)
    .join(', ');
  const rate = r.faulted.graphRequests
    ? Object.values(r.faulted.faultsInjected).reduce((a, b) => a + b, 0) / r.faulted.graphRequests
    : 0;
  return [
    `${command(run)}: \`lifeline serve\` receives ${n(r.faulted.challenges)} \`reauthorizationRequired\` challenges (one per subscription, ${r.perSecond} per second) while the emulator faults ${r.faultRate * 100}% of Graph subscription requests in equal parts: 2 s of added latency, 429 with \`Retry-After: 2\`, 503 with \`Retry-After: 1\`, 504, and dropped connections. The baseline is the same stream without faults.`,
    '',
    table(
      [
        'run',
        'acknowledged',
        'acted on',
        'lost',
        'dead-lettered',
        'retried actions',
        'outbox retries',
        'acted on twice',
        'time',
      ],
      [row('no faults', r.baseline), row('30% faults', r.faulted)],
    ),
    '',
    `Faults injected: ${faults} in ${n(r.faulted.graphRequests)} Graph requests (${n(rate * 100, 1)}%). _Acknowledged_ is a 2xx to the emulator’s delivery; _acted on_ a successful reauthorize (or renew) recorded by the emulator; _lost_ is acknowledged but neither acted on nor in \`failed_work\`; _retried actions_ are reauthorize requests beyond the first per subscription.`,
    '',
    `Retry-After: the emulator’s log of arrivals was checked for every answer that carried one: ${n(r.faulted.retryAfter.checked)} checked, ${n(r.faulted.retryAfter.early)} early (smallest margin ${n(r.faulted.retryAfter.smallestMarginMs)} ms). Invariants (nothing acknowledged lost, all acknowledged, no early retry): ${verdict(r.invariantsHold)}.`,
  ].join('\n');
}

function twiceNote(result) {
  if (!result.twice?.length) return '';
  const pairs = result.twice
    .map((times) => times.map((t) => `${n(t)} ms`).join(' and '))
    .join('; ');
  return ` Acted on twice, with the times of the actions: ${pairs}.`;
}

function passNote(p) {
  const kills = p.killed.map((k) => `${n(k.atMs)} ms`).join(', ');
  const recovered = (p.recoveredPendingCalls ?? []).reduce((a, b) => a + b, 0);
  return `- seed ${p.seed}: kills at ${kills}; calls found under way at restart: ${recovered}.${twiceNote(p)}`;
}

function crashSection(run) {
  if (!run?.result) return missing('The crash test', run);
  const r = run.result;
  const row = (name, p) => [
    name,
    `${n(p.acknowledged)}/${n(p.challenges)}`,
    n(p.actedOn),
    n(p.acknowledgedNotActedOn),
    n(p.actedOnTwice),
    n(p.deliveriesFailedFirst),
    n(p.deadLettered),
    `${n(p.seconds, 1)} s`,
  ];
  const passes = r.crashed.passes ?? [];
  return [
    `${command(run)}: \`lifeline serve\` is killed with SIGKILL ${r.kills} times at seeded random moments while ${n(r.baseline.challenges)} challenges arrive at ${r.perSecond} per second, and restarted each time on the same port and state directory; the emulator retries deliveries that got no 2xx. ${passes.length} pass(es), seeds from ${r.seed}. The baseline is the same stream with no kill.`,
    '',
    table(
      [
        'run',
        'acknowledged',
        'acted on',
        'acknowledged, not acted on',
        'acted on twice',
        'deliveries retried',
        'dead-lettered',
        'time',
      ],
      [
        row('no kill', r.baseline),
        ...passes.map((p) => row(`${r.kills} × SIGKILL, seed ${p.seed}`, p)),
        ...(passes.length > 1 ? [row('all passes', r.crashed)] : []),
      ],
    ),
    '',
    ...passes.map(passNote),
    '',
    `A call found under way at restart is one the killed process had started: the ledger marks it failed and the work runs again, since whether Graph received it is unknown, so a kill between Graph's answer and the ledger's record repeats a reauthorize. That is a choice between two failures, since a reauthorize leaves nothing to read back that would tell whether it arrived: a second reauthorize changes nothing, while one that never reached Graph leaves the subscription's notifications paused, and changes made meanwhile lost, until a later challenge is answered. Acknowledged equals acted on, and none acted on twice: ${verdict(r.invariantsHold)}.`,
  ].join('\n');
}

function runtimeNote(r) {
  if (!r.runtimeErrors?.length) return '';
  const messages = r.runtimeErrors.map((message) => `“${message.trim()}”`).join('; ');
  return ` The runtime logged ${n(r.runtimeErrorLines)} error line(s): ${messages} (under \`wrangler dev\`, its local proxy reports a request whose client went away, such as the abandoned ones above, this way).`;
}

function hostileSection(run, name) {
  if (!run?.result) return missing(`The hostile input run against ${name}`, run);
  const r = run.result;
  const statuses = Object.entries(r.byStatus)
    .map(([status, count]) => `${status}: ${n(count)}`)
    .join(', ');
  const families = Object.entries(r.byFamily).map(([family, counts]) => [
    family,
    Object.entries(counts)
      .map(([status, count]) => `${status}: ${n(count)}`)
      .join(', '),
  ]);
  return [
    `${command(run)}: ${n(r.requests)} requests from the seeded corpus (seed ${r.seed}) against ${r.target}, in ${n(r.seconds, 1)} s.`,
    '',
    table(
      ['check', 'count'],
      [
        ['crashes (the server stopped)', r.crashes],
        ['5xx answers', r.serverErrors],
        [
          'log lines holding a secret, a token-shaped string or a submitted clientState',
          r.secretsInLogs.total,
        ],
        ['Graph subscription requests caused by the corpus (forged work)', r.forgedWork],
        [
          'a genuine challenge acted on before / after the corpus',
          `${r.genuineChallengeActedOn.before} / ${r.genuineChallengeActedOn.after}`,
        ],
        ['log lines scanned', n(r.logLines)],
        ['lines the runtime logged as errors', n(r.runtimeErrorLines ?? 0)],
      ],
    ),
    '',
    `Responses by status: ${statuses}. \`timeout\` is a request the client abandoned (a Content-Length larger than the body, or a slow body cut after its budget); \`reset\` a connection the server closed before answering (a body over the limit). Invariants (crashes 0, secrets 0, forged work 0): ${verdict(r.invariantsHold)}.${runtimeNote(r)}`,
    '',
    table(['family', 'responses'], families),
  ].join('\n');
}

/** The whole document. */
export function renderReliability(document) {
  const runs = document.runs;
  return `${[
    '# Reliability and security',
    '',
    machineNote(document),
    '',
    '## Soak under injected faults',
    '',
    soakSection(runs.soak),
    '',
    '## Crashes',
    '',
    crashSection(runs.crash),
    '',
    '## Hostile input',
    '',
    'The corpus (`bench/hostile/corpus.mjs`, `hostileCorpus({ seed, count, … })`) is generated from a seed, so every run and every runtime sends the same requests; it uses only standard JavaScript, so a test in workerd can import it. Its families: malformed JSON, wrong types, Graph’s shape with a wrong clientState (random values and near misses of the real one), forged validation tokens (bad signature, `alg: none`, HS256, expired, wrong audience or issuer, not a JWT, huge), real tokens replayed (expired, for another app, or current with the wrong clientState), deep nesting, bodies over the limit (with Content-Length and chunked), markup and odd encodings in `validationToken`, non-ASCII and invalid UTF-8, wrong media types, methods, encodings and lengths, byte-level mutations (flips, drops, repeats, duplicate keys, `__proto__`), oversized batches, and slow bodies. Requests are written byte for byte over raw TCP.',
    '',
    '### `lifeline serve`',
    '',
    hostileSection(runs['hostile-serve'], 'lifeline serve'),
    '',
    '### The Cloudflare Worker in workerd',
    '',
    hostileSection(runs['hostile-worker'], 'the worker'),
    '',
    '## Checked on every test run',
    '',
    '`bench/test/invariants.test.mjs` (run by `pnpm --filter @lifeline/bench test`, part of `npm test`) sends a small slice of the same corpus to `@lifeline/hono`’s routes and to the built `lifeline serve`, and asserts that nothing crashes, no log line holds a secret, and no forged request causes a Graph call; it asserts no timings.',
  ].join('\n')}\n`;
}
