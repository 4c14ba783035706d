/**
 * `lifeline check-token`: decodes an access token (without verifying it) and says whether its
 * permissions let it perform a subscription operation on a resource.
 *
 * The token is the thing being inspected, so it may come on argv (or on stdin with `-`), but it
 * is never printed back, not even in an error.
 *
 * @module
 */
import {
  type AccessTokenEvaluation,
  decodeJwtPayload,
  evaluateAccessToken,
  redactSecrets,
  type SubscriptionOperation,
  subscriptionOperations,
} from '@lifeline/core';
import { commonOptions, expectPositionals, oneOf, parseCommandArgs, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { type CliIo, exitCodes, readAll } from '../io.js';
import { createOutput, type Output } from '../output.js';
import { markedName, ruleSummaryJson } from './rule-json.js';

const options = {
  ...commonOptions,
  resource: { type: 'string', short: 'r' },
  operation: { type: 'string', short: 'o' },
} as const;

const help = `Check whether an access token's permissions allow a subscription operation.

The token is decoded, not verified: this tells you what the token claims, not whether Microsoft
Graph will trust it. The token is never printed.

Usage
  lifeline check-token <token> --resource <resource> [--operation <operation>] [--json]
  lifeline check-token - --resource <resource>      read the token from stdin

Options
  -r, --resource     the subscription's resource, e.g. me/messages (required)
  -o, --operation    reauthorize | create | update | delete | list (default: reauthorize)
      --json         print the verdict as one JSON object
  -h, --help         show this help

The permission type comes from the token: scp means delegated (personal account when tid is
9188040d-6c67-4c5b-b112-36a304b66dad), roles means application. Only the permissions that
Graph's table lists are accepted; a broader one that it does not list is not assumed to work.

Examples
  lifeline check-token "$TOKEN" --resource me/messages
  printf %s "$TOKEN" | lifeline check-token - --resource "chats/{id}/messages" --json
  lifeline check-token "$TOKEN" --resource me/drive/root --operation create

Exit codes
  0  accepted    1  not accepted    2  bad input (malformed token, unknown resource)`;

/** The `check-token` command. */
export const checkTokenCommand: Command = {
  name: 'check-token',
  summary: "check whether a token's permissions allow a subscription operation",
  help,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, options);
    const out = createOutput(io.stdout, io.env);
    const [tokenArgument = ''] = expectPositionals(positionals, ['token']);
    if (values.resource === undefined) throw new UsageError('missing --resource <resource>');
    const operation = oneOf(values.operation ?? 'reauthorize', subscriptionOperations, 'operation');

    const verdict = await judgeToken(tokenArgument, values.resource, operation, io);
    if (values.json) out.json(verdictJson(values.resource, operation, verdict));
    else printVerdict(out, values.resource, operation, verdict);
    return verdict.accepted ? exitCodes.ok : exitCodes.rejected;
  },
};

async function judgeToken(
  tokenArgument: string,
  resource: string,
  operation: SubscriptionOperation,
  io: CliIo,
): Promise<AccessTokenEvaluation> {
  const token = tokenArgument === '-' ? await readAll(io.stdin) : tokenArgument;
  const claims = decodeJwtPayload(token);
  if (!claims.ok) throw new UsageError(redactSecrets(claims.error.message));

  const result = evaluateAccessToken(claims.value, resource, operation, { now: new Date() });
  if (!result.ok) throw new UsageError(result.error.message);
  return result.value;
}

function verdictJson(
  resource: string,
  operation: SubscriptionOperation,
  verdict: AccessTokenEvaluation,
) {
  return {
    resource,
    rule: verdict.required ? ruleSummaryJson(verdict.required.rule) : null,
    operation,
    permissionType: verdict.permissionType ?? null,
    accepted: verdict.accepted,
    matched: verdict.matched ?? null,
    leastPrivileged: verdict.leastPrivileged ?? null,
    excess: [...verdict.excess],
    unrelated: [...verdict.unrelated],
    resourceSpecificConsent: [...verdict.resourceSpecificConsent],
    reason: verdict.reason ?? null,
    warnings: verdict.warnings.map(({ code, message }) => ({ code, message })),
  };
}

function printVerdict(
  out: Output,
  resource: string,
  operation: SubscriptionOperation,
  verdict: AccessTokenEvaluation,
): void {
  const { style } = out;
  const none = style.dim('none');
  const list = (names: readonly string[]) => (names.length > 0 ? names.join(', ') : none);
  const rule = verdict.required?.rule;
  const rows: [string, string][] = [
    ['Verdict', verdict.accepted ? style.green('accepted') : style.red('not accepted')],
    [
      'Resource',
      rule ? `${resource} (${rule.resourceType}${rule.path ? ` ${rule.path}` : ''})` : resource,
    ],
    ['Operation', operation],
    ['Permission type', verdict.permissionType ?? none],
    ['Matched', verdict.matched ?? none],
    ['Least privileged', verdict.leastPrivileged ?? none],
    ['Excess', list(verdict.excess)],
    ['Unrelated', list(verdict.unrelated)],
    ['RSC alternatives', list(verdict.resourceSpecificConsent.map((n) => markedName(n, [n])))],
  ];
  if (verdict.reason) rows.push(['Reason', verdict.reason]);
  for (const warning of verdict.warnings) rows.push(['Warning', style.yellow(warning.message)]);

  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) out.line(`${style.bold(label.padEnd(width))}  ${value}`);
}
