/**
 * `lifeline reauthorize`: `POST /subscriptions/{id}/reauthorize` for many subscriptions, within
 * Graph's throttling limit for that request.
 * See https://learn.microsoft.com/graph/api/subscription-reauthorize
 *
 * @module
 */
import { commonOptions, parseCommandArgs } from '../args.js';
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
import { createOutput } from '../output.js';

const options = { ...commonOptions, ...authOptions, ...batchOptions } as const;

// Graph allows 1000 reauthorize requests per 20 seconds per app per tenant.
// See https://learn.microsoft.com/graph/throttling-limits#subscription-service-limits
const reauthorizeLimit = 1000;

const help = `Reauthorize Microsoft Graph subscriptions (POST /subscriptions/{id}/reauthorize).

Reauthorizing answers a reauthorizationRequired challenge; it does not extend the expiry (use
lifeline renew for that). Never reauthorize and renew one subscription within 10 minutes.

Usage
  lifeline reauthorize <id…> [options]
  lifeline reauthorize --stdin [options]      ids one per line (# comments allowed)
  lifeline reauthorize --all [options]        every subscription the app can list

Options
      --rate <n>             at most n requests per 20 seconds (default and maximum 1000,
                             Graph's limit per app per tenant)
      --concurrency <n>      requests in flight at once (default 10)
      --json                 one JSON line per id: {"id","result",…}
  -h, --help                 show this help

${authHelp}

Results per id: done, gone (404: the subscription no longer exists), invalid (not a
subscription id), failed (with Graph's status and error code). Throttled requests (429, 503)
are retried after Graph's Retry-After. Each id that does not succeed is also named on stderr,
as it happens; a progress bar is drawn there when it is a terminal.

Examples
  export LIFELINE_TENANT_ID=… LIFELINE_CLIENT_ID=… LIFELINE_CLIENT_SECRET=…
  lifeline reauthorize 7f105c7d-2dc5-4530-97cd-4e7ae6534c07
  lifeline list --json | jq -r '.[].id' | lifeline reauthorize --stdin --rate 200
  lifeline reauthorize --all --json > results.jsonl

Exit codes
  0  every id done
  1  some ids gone or failed
  2  bad input: an invalid id, a bad option, or missing credentials
  3  sign-in failed (e.g. invalid_client) or Graph could not be reached`;

/** The `reauthorize` command. */
export const reauthorizeCommand: Command = {
  name: 'reauthorize',
  summary: 'reauthorize subscriptions, within Graph’s throttling limit',
  help,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, options);
    const out = createOutput(io.stdout, io.env);
    checkIdSources(positionals, values);
    const limiter = readRate(values, reauthorizeLimit);
    const concurrency = readConcurrency(values);

    const session = await openGraphSession(values, io);
    const ids = await readIds(positionals, values, io, session.graph);
    const items = await runBatch(ids, {
      label: 'reauthorize',
      concurrency,
      stderr: io.stderr,
      act: async (id) => {
        await limiter.acquire();
        await session.graph.reauthorize(id);
        return undefined;
      },
      onResult: values.json ? (item) => printJsonLine(out, item) : undefined,
    });
    if (!values.json) printBatchReport(out, items);
    return batchExitCode(items);
  },
};
