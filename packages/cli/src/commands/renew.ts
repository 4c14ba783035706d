/**
 * `lifeline renew`: `PATCH /subscriptions/{id}` with a new `expirationDateTime`, to a given time
 * or to the longest lifetime Graph allows for each subscription's resource.
 * See https://learn.microsoft.com/graph/api/subscription-update
 *
 * @module
 */
import {
  defaultLifecyclePolicy,
  type GraphClient,
  LifelineError,
  maxSubscriptionLifetime,
} from '@lifeline/core';
import { commonOptions, parseCommandArgs, UsageError } from '../args.js';
import { authHelp, authOptions } from '../auth/options.js';
import { openGraphSession } from '../auth/session.js';
import {
  batchOptions,
  checkIdSources,
  readConcurrency,
  readIds,
  readRate,
} from '../batch/input.js';
import { printBatchReport, printJsonLine } from '../batch/report.js';
import { batchExitCode, runBatch } from '../batch/run.js';
import type { Command } from '../command.js';
import { formatRelative } from '../duration.js';
import type { SlidingWindow } from '../limiter.js';
import { createOutput } from '../output.js';

const options = {
  ...commonOptions,
  ...authOptions,
  ...batchOptions,
  until: { type: 'string' },
  max: { type: 'boolean' },
} as const;

// Graph allows 500 PATCH and 500 GET-by-id requests per 20 seconds per app per tenant.
// See https://learn.microsoft.com/graph/throttling-limits#subscription-service-limits
const writeLimit = 500;

const help = `Renew Microsoft Graph subscriptions (PATCH /subscriptions/{id} with a new expiry).

Renewing also reauthorizes. Never renew and reauthorize one subscription within 10 minutes.

Usage
  lifeline renew <id…> --until <time> [options]
  lifeline renew <id…> --max [options]
  lifeline renew --stdin | --all  (--until <time> | --max) [options]

Options
      --until <time>         the new expiry, ISO 8601 with Z or an offset
      --max                  the longest lifetime Graph allows for each subscription's resource
                             (less 5 minutes); reads each subscription first to learn it
      --stdin                read ids from stdin, one per line
      --all                  every subscription the app can list
      --rate <n>             at most n requests of each kind per 20 seconds (default and
                             maximum 500, Graph's limit per app per tenant)
      --concurrency <n>      requests in flight at once (default 10)
      --json                 one JSON line per id, with the new expirationDateTime
  -h, --help                 show this help

${authHelp}

Examples
  lifeline renew 7f105c7d-2dc5-4530-97cd-4e7ae6534c07 --until 2026-12-20T18:00:00Z
  lifeline renew --all --max
  lifeline list --expiring-within 12h --json | jq -r '.[].id' | lifeline renew --stdin --max

Exit codes
  0  every id renewed
  1  some ids gone or failed (e.g. a resource whose maximum lifetime is unknown with --max)
  2  bad input: an invalid id or time, a bad option, or missing credentials
  3  sign-in failed (e.g. invalid_client) or Graph could not be reached`;

/** The `renew` command. */
export const renewCommand: Command = {
  name: 'renew',
  summary: 'renew subscriptions to a time or to their longest lifetime',
  help,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, options);
    const out = createOutput(io.stdout, io.env);
    checkIdSources(positionals, values);
    const until = readTarget(values.until, values.max === true);
    const limits = { patch: readRate(values, writeLimit), get: readRate(values, writeLimit) };
    const concurrency = readConcurrency(values);

    const session = await openGraphSession(values, io);
    const ids = await readIds(positionals, values, io, session.graph);
    const items = await runBatch(ids, {
      label: 'renew',
      concurrency,
      stderr: io.stderr,
      act: (id) => renewOne(session.graph, id, until, limits),
      onResult: values.json ? (item) => printJsonLine(out, item) : undefined,
    });
    if (!values.json) {
      const now = new Date();
      printBatchReport(out, items, (item) => {
        const expiry = new Date(String(item.expirationDateTime));
        return `until ${item.expirationDateTime} (${formatRelative(expiry, now)})`;
      });
    }
    return batchExitCode(items);
  },
};

const isoPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$/i;

// `undefined` means --max: each subscription's own maximum.
function readTarget(until: string | undefined, max: boolean): Date | undefined {
  if ((until === undefined) === !max)
    throw new UsageError('give exactly one of --until <time> or --max');
  if (until === undefined) return undefined;
  const time = Date.parse(until);
  if (!isoPattern.test(until) || Number.isNaN(time)) {
    throw new UsageError(
      '--until must be an ISO 8601 time with Z or an offset, e.g. 2026-12-20T18:00:00Z ' +
        `(got ${JSON.stringify(until)})`,
    );
  }
  if (time <= Date.now()) throw new UsageError(`--until ${until} is not in the future`);
  return new Date(time);
}

async function renewOne(
  graph: GraphClient,
  id: string,
  until: Date | undefined,
  limits: { patch: SlidingWindow; get: SlidingWindow },
): Promise<Record<string, unknown>> {
  const target = until ?? (await longestRenewal(graph, id, limits.get));
  await limits.patch.acquire();
  const renewed = await graph.renew(id, target);
  return { expirationDateTime: renewed.expirationDateTime };
}

async function longestRenewal(graph: GraphClient, id: string, limit: SlidingWindow) {
  await limit.acquire();
  const subscription = await graph.get(id);
  const minutes = maxSubscriptionLifetime(subscription.resource, {
    includeResourceData: subscription.includeResourceData === true,
  });
  if (minutes === undefined) {
    throw new LifelineError(
      'ERR_UNKNOWN_RESOURCE',
      `no documented maximum lifetime for resource ${JSON.stringify(subscription.resource)}; ` +
        'renew it with --until',
    );
  }
  return new Date(Date.now() + minutes * 60_000 - defaultLifecyclePolicy.lifetimeMarginMs);
}
