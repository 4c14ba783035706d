/**
 * `lifeline list`: the app's subscriptions with their expiry, whether a lifecycle URL is set, and
 * the least-privileged permission each one's resource needs.
 * See https://learn.microsoft.com/graph/api/subscription-list
 *
 * @module
 */
import { type PermissionType, requiredPermissions, type Subscription } from '@lifeline/core';
import { commonOptions, expectPositionals, parseCommandArgs } from '../args.js';
import { authHelp, authOptions } from '../auth/options.js';
import { type GraphSession, openGraphSession } from '../auth/session.js';
import type { Command } from '../command.js';
import { formatRelative, parseDuration } from '../duration.js';
import { exitCodes } from '../io.js';
import { createOutput, type Output } from '../output.js';

const options = {
  ...commonOptions,
  ...authOptions,
  'expiring-within': { type: 'string' },
} as const;

const help = `List the app's Microsoft Graph subscriptions (GET /subscriptions).

For each: id, resource, change type, expiry (relative and absolute), whether a
lifecycleNotificationUrl is set (without one, reauthorizationRequired challenges never arrive),
and the least-privileged permission its resource needs to be reauthorized, for the permission
type of the signed-in token (application for a secret or certificate, delegated for a user).

Usage
  lifeline list [--expiring-within <duration>] [options]

Options
      --expiring-within <d>  only subscriptions that expire within d: 90m, 12h, 2d
      --json                 print a JSON array
  -h, --help                 show this help

${authHelp}

Graph allows 25 list requests per 20 seconds per app per tenant; one list reads every page.

Examples
  lifeline list
  lifeline list --expiring-within 12h
  lifeline list --json | jq -r '.[] | select(.lifecycleNotificationUrl == null) | .id'

Exit codes
  0  listed (also when there are none)
  2  bad input: a bad option or duration, or missing credentials
  3  sign-in failed (e.g. invalid_client) or Graph could not be reached`;

/** The `list` command. */
export const listCommand: Command = {
  name: 'list',
  summary: 'list subscriptions with expiry, lifecycle URL and least-privileged permission',
  help,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, options);
    const out = createOutput(io.stdout, io.env);
    expectPositionals(positionals, []);
    const within = values['expiring-within'];
    const windowMs = within === undefined ? undefined : parseDuration(within, 'expiring-within');

    const session = await openGraphSession(values, io);
    const now = new Date();
    const rows = (await session.graph.list())
      .filter((s) => windowMs === undefined || expiryOf(s) - now.getTime() <= windowMs)
      .sort((a, b) => expiryOf(a) - expiryOf(b))
      .map((subscription) => listRow(subscription, permissionTypeOf(session)));
    if (values.json) out.json(rows);
    else printTable(out, rows, now);
    return exitCodes.ok;
  },
};

interface ListRow {
  id: string;
  resource: string;
  changeType: string;
  expirationDateTime: string;
  lifecycleNotificationUrl: string | null;
  permissionType: PermissionType;
  /** The least-privileged permission, `null` when the type is not supported or unknown. */
  leastPrivileged: string | null;
  /** Why `leastPrivileged` is null: `not supported`, `unknown resource`. */
  permissionNote: string | null;
}

function listRow(subscription: Subscription, permissionType: PermissionType): ListRow {
  const required = requiredPermissions(subscription.resource, permissionType, 'reauthorize');
  const leastPrivileged = required.ok ? (required.value.leastPrivileged ?? null) : null;
  const note = required.ok ? (leastPrivileged ? null : 'not supported') : 'unknown resource';
  return {
    id: subscription.id,
    resource: subscription.resource,
    changeType: subscription.changeType,
    expirationDateTime: subscription.expirationDateTime,
    lifecycleNotificationUrl: subscription.lifecycleNotificationUrl ?? null,
    permissionType,
    leastPrivileged,
    permissionNote: note,
  };
}

// Without claims to read (an opaque token), the credential tells: a user signs in with a device
// code, the app with a secret or certificate.
function permissionTypeOf(session: GraphSession): PermissionType {
  if (session.permissionType) return session.permissionType;
  return session.settings.credential.kind === 'deviceCode' ? 'delegatedWork' : 'application';
}

function expiryOf(subscription: Subscription): number {
  const time = Date.parse(subscription.expirationDateTime);
  return Number.isNaN(time) ? Number.POSITIVE_INFINITY : time;
}

function printTable(out: Output, rows: readonly ListRow[], now: Date): void {
  if (rows.length === 0) {
    out.line('No subscriptions.');
    return;
  }
  const { style } = out;
  out.table(
    ['ID', 'RESOURCE', 'CHANGE TYPE', 'EXPIRES', 'EXPIRES AT', 'LIFECYCLE URL', 'PERMISSION'],
    rows.map((row) => {
      const expiry = new Date(row.expirationDateTime);
      const relative = formatRelative(expiry, now);
      return [
        row.id,
        row.resource,
        row.changeType,
        expiry.getTime() <= now.getTime() ? style.red(relative) : relative,
        row.expirationDateTime,
        row.lifecycleNotificationUrl ? 'set' : style.yellow('not set'),
        row.leastPrivileged ?? style.dim(row.permissionNote ?? ''),
      ];
    }),
  );
  const type = rows[0]?.permissionType ?? 'application';
  out.line(style.dim(`Permissions are the least privileged for ${type} access.`));
}
