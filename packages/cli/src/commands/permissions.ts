/**
 * `lifeline permissions`: which permissions a subscription resource needs, per permission type
 * and operation, from Graph's documented permission tables.
 *
 * @module
 */
import {
  type PermissionRule,
  type PermissionType,
  permissionRules,
  permissionTypes,
  type RequiredPermissions,
  requiredPermissions,
  resolveSubscriptionResource,
  type SubscriptionOperation,
  subscriptionOperations,
} from '@lifeline/core';
import { commonOptions, expectPositionals, oneOf, parseCommandArgs, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { exitCodes } from '../io.js';
import { createOutput, type Output } from '../output.js';
import { markedName, requiredJson, ruleJson } from './rule-json.js';

const options = {
  ...commonOptions,
  type: { type: 'string', short: 't' },
  operation: { type: 'string', short: 'o' },
  all: { type: 'boolean' },
} as const;

const help = `Show the permissions a Microsoft Graph subscription resource needs.

Usage
  lifeline permissions <resource> [--type <type>] [--operation <operation>] [--json]
  lifeline permissions --all [--type <type>] [--operation <operation>] [--json]

Arguments
  <resource>         the subscription's resource, as you would send it: me/messages,
                     /users/{id}/mailFolders('Inbox')/messages, chats/19:abc@thread.v2/messages

Options
  -t, --type         delegatedWork | delegatedPersonal | application (default: all three)
  -o, --operation    reauthorize | create | update | delete | list (default: reauthorize)
      --all          list every rule of the operation's table instead of one resource
      --json         print JSON: one object with --type, else an array (one per type)
  -h, --help         show this help

Permissions marked * are resource-specific consent (granted per chat or team). Any one accepted
permission is enough; the first one listed is the least privileged.

Examples
  lifeline permissions me/messages
  lifeline permissions "teams/{id}/channels/{id}/messages" --type application --json
  lifeline permissions me/drive/root --type delegatedPersonal --operation create
  lifeline permissions --all --operation list

Exit codes
  0  printed    2  bad input or unknown resource (the closest known paths are named)`;

/** The `permissions` command. */
export const permissionsCommand: Command = {
  name: 'permissions',
  summary: 'show the permissions a subscription resource needs',
  help,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, options);
    const out = createOutput(io.stdout, io.env);
    const operation = oneOf(values.operation ?? 'reauthorize', subscriptionOperations, 'operation');
    const types =
      values.type === undefined ? permissionTypes : [oneOf(values.type, permissionTypes, 'type')];
    const json = values.json === true;

    if (values.all) {
      expectPositionals(positionals, []);
      printAll(out, permissionRules(operation), types, json);
      return exitCodes.ok;
    }
    const [resource = ''] = expectPositionals(positionals, ['resource']);
    printResource(out, resource, types, operation, { json, single: values.type !== undefined });
    return exitCodes.ok;
  },
};

function printResource(
  out: Output,
  resource: string,
  types: readonly PermissionType[],
  operation: SubscriptionOperation,
  format: { json: boolean; single: boolean },
): void {
  const results = types.map((type) => {
    const result = requiredPermissions(resource, type, operation);
    if (!result.ok) throw new UsageError(result.error.message);
    return result.value;
  });

  if (format.json)
    out.json(
      format.single ? requiredJson(results[0] as RequiredPermissions) : results.map(requiredJson),
    );
  else printRequiredTable(out, resource, operation, results);
}

function printRequiredTable(
  out: Output,
  resource: string,
  operation: SubscriptionOperation,
  results: readonly RequiredPermissions[],
): void {
  const resolved = resolveSubscriptionResource(resource);
  const template = resolved.ok ? resolved.value.template : '';
  const rules = [...new Set(results.map(({ rule }) => rule))].sort((a, b) => a.row - b.row);

  out.line(`${out.style.bold('Resource')}   ${resource}`);
  out.line(`${out.style.bold('Matches')}    ${template}`);
  for (const rule of rules) out.line(`${out.style.bold('Rule')}       ${describeRule(rule)}`);
  out.line(`${out.style.bold('Operation')}  ${operation}`);
  out.line();

  const withRule = rules.length > 1;
  const headers = [
    'PERMISSION TYPE',
    ...(withRule ? ['RULE'] : []),
    'LEAST PRIVILEGED',
    'ACCEPTED',
  ];
  const rows = results.map((required) => [
    required.permissionType,
    ...(withRule ? [required.rule.resourceType] : []),
    required.leastPrivileged ?? out.style.dim(notSupported(required)),
    required.accepted.map((name) => markedName(name, required.resourceSpecificConsent)).join(', '),
  ]);
  out.table(headers, rows);
  if (results.some(({ resourceSpecificConsent }) => resourceSpecificConsent.length > 0)) {
    out.line(out.style.dim('* resource-specific consent: granted per chat or team'));
  }
}

function describeRule(rule: PermissionRule): string {
  const path = rule.path === undefined ? '' : ` ${rule.path}`;
  const deprecated = rule.deprecated ? ' (deprecated)' : '';
  return `${rule.resourceType}${path}${deprecated}`;
}

function notSupported(required: RequiredPermissions): string {
  return required.documented ? 'not supported' : `not in the ${required.operation} table`;
}

function printAll(
  out: Output,
  rules: readonly PermissionRule[],
  types: readonly PermissionType[],
  json: boolean,
): void {
  if (json) {
    out.json(rules.map((rule) => ruleJson(rule, types)));
    return;
  }
  const headers = ['#', 'RESOURCE', 'PATH', ...types.map((type) => type.toUpperCase())];
  const rows = rules.map((rule) => [
    String(rule.row),
    rule.deprecated ? `${rule.resourceType} (deprecated)` : rule.resourceType,
    rule.path ?? '',
    ...types.map((type) => {
      const cell = rule.permissions[type];
      return cell.supported ? cell.written : out.style.dim(cell.written);
    }),
  ]);
  out.table(headers, rows);
}
