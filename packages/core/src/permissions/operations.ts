/**
 * The permission tables of the other subscription operations, derived from the reauthorize table
 * and the documented differences of each operation's page (v1.0):
 * `api-reference/v1.0/api/subscription-post-subscriptions.md` (create),
 * `subscription-update.md`, `subscription-delete.md` and `subscription-list.md` in
 * microsoftgraph/microsoft-graph-docs-contrib.
 *
 * @module
 */
import { cellOrThrow, reauthorizePermissionRules, ruleId } from './rules.js';
import type {
  PermissionCell,
  PermissionRule,
  PermissionType,
  SubscriptionOperation,
} from './types.js';

type CellTexts = Partial<Record<PermissionType, string>>;

/** How one operation's table differs from the reauthorize table for one row. */
interface RowDifference {
  readonly id: string;
  /** The row is not in this operation's table. */
  readonly absent?: true;
  readonly cells?: CellTexts;
  /** The operation's page writes a scenario path where the reauthorize page has none. */
  readonly path?: string;
}

const absent = true;
const teamsRowsNotOffered: RowDifference[] = [
  { id: 'baseTask', absent },
  { id: 'conversationMember /teams/getAllMembers', absent },
  { id: 'conversationMember /teams/getAllChannels/getAllMembers', absent },
  { id: 'online meeting', absent },
];
const channelMessages = 'chatMessage /teams/{id}/channels/{id}/messages';
const chatMessages = 'chatMessage /chats/{id}/messages';
const personalDrive = "driveItem (user's personal OneDrive)";
const businessDrive = 'driveItem (OneDrive for Business)';

// Create asks for read permissions only ("Microsoft Graph subscriptions don't support write
// access permissions when only read access permissions are needed").
// See https://learn.microsoft.com/graph/api/subscription-post-subscriptions#permissions
const createDifferences: RowDifference[] = [
  ...teamsRowsNotOffered,
  { id: 'callRecord', path: '/communications/callRecords' },
  { id: channelMessages, cells: { delegatedWork: 'ChannelMessage.Read.All' } },
  { id: personalDrive, cells: { delegatedPersonal: 'Files.Read' } },
  { id: businessDrive, cells: { delegatedWork: 'Files.Read.All', application: 'Files.Read.All' } },
  { id: 'list', cells: { delegatedWork: 'Sites.Read.All', application: 'Sites.Read.All' } },
  { id: 'todoTask', cells: { application: 'Tasks.ReadWrite.All' } },
];

// See https://learn.microsoft.com/graph/api/subscription-update#permissions
const updateDifferences: RowDifference[] = [
  ...teamsRowsNotOffered,
  { id: channelMessages, cells: { delegatedWork: 'ChannelMessage.Read.All' } },
  { id: chatMessages, cells: { delegatedWork: 'Not supported.' } },
  { id: 'todoTask', cells: { application: 'Not supported' } },
];

// See https://learn.microsoft.com/graph/api/subscription-delete#permissions
const deleteDifferences: RowDifference[] = [
  ...teamsRowsNotOffered,
  { id: channelMessages, cells: { delegatedWork: 'ChannelMessage.Read.All' } },
  { id: chatMessages, cells: { delegatedWork: 'Not supported.' } },
  { id: 'presence', absent },
  { id: 'todoTask', cells: { application: 'Not supported.' } },
];

// List also accepts Subscription.Read.All, which widens what the caller sees (subscriptions of
// any app). The page appends it to the delegated work cells and, for Outlook and personal
// OneDrive, to the personal-account cells; every other cell equals the reauthorize table's.
// See https://learn.microsoft.com/graph/api/subscription-list#permissions
const listDifferences: RowDifference[] = [
  ...teamsRowsNotOffered,
  { id: 'callRecord', path: '/communications/callRecords' },
  { id: 'todoTask', cells: { application: 'Not supported' } },
];
const listPersonalWithSubscriptionRead = new Set(['contact', 'event', 'message', personalDrive]);

/**
 * Rows that only the create, update and delete tables have: virtual events. The update and
 * delete pages list webinars only.
 * See https://learn.microsoft.com/graph/api/resources/virtualeventwebinar
 */
const virtualEventRows: Record<'webinar' | 'townhall', PermissionRule> = {
  webinar: extraRule('virtualEventWebinar'),
  townhall: extraRule('virtualEventTownhall'),
};

function extraRule(resourceType: string): PermissionRule {
  return {
    id: ruleId(resourceType, undefined),
    row: 0,
    resourceType,
    path: undefined,
    description: undefined,
    deprecated: false,
    permissions: {
      delegatedWork: cellOrThrow('VirtualEvent.Read'),
      delegatedPersonal: cellOrThrow('Not supported.'),
      application: cellOrThrow('VirtualEvent.Read.All'),
    },
  };
}

/** Rules that appear in some operation's table but not in the reauthorize table. */
export const operationOnlyRules: readonly PermissionRule[] = [
  virtualEventRows.webinar,
  virtualEventRows.townhall,
];

function applyDifferences(
  differences: readonly RowDifference[],
  extra: readonly PermissionRule[],
  adjust: (rule: PermissionRule) => PermissionRule = (rule) => rule,
): readonly PermissionRule[] {
  const byId = new Map(differences.map((difference) => [difference.id, difference]));
  const kept = reauthorizePermissionRules
    .filter((rule) => !byId.get(rule.id)?.absent)
    .map((rule) => withDifference(adjust(rule), byId.get(rule.id)));
  return Object.freeze([...kept, ...extra].map((rule, index) => ({ ...rule, row: index + 1 })));
}

function withDifference(rule: PermissionRule, difference: RowDifference | undefined) {
  if (!difference) return rule;
  const permissions = { ...rule.permissions };
  for (const [type, text] of Object.entries(difference.cells ?? {})) {
    permissions[type as PermissionType] = cellOrThrow(text);
  }
  const path = difference.path ?? rule.path;
  return { ...rule, path, permissions };
}

function withSubscriptionRead(rule: PermissionRule): PermissionRule {
  const personal = listPersonalWithSubscriptionRead.has(rule.id);
  return {
    ...rule,
    permissions: {
      ...rule.permissions,
      delegatedWork: appendSubscriptionRead(rule.permissions.delegatedWork),
      delegatedPersonal: personal
        ? appendSubscriptionRead(rule.permissions.delegatedPersonal)
        : rule.permissions.delegatedPersonal,
    },
  };
}

function appendSubscriptionRead(cell: PermissionCell): PermissionCell {
  return cell.supported ? cellOrThrow(`${cell.written}, Subscription.Read.All`) : cell;
}

const tables: Readonly<Record<SubscriptionOperation, readonly PermissionRule[]>> = {
  reauthorize: reauthorizePermissionRules,
  create: applyDifferences(createDifferences, operationOnlyRules),
  update: applyDifferences(updateDifferences, [virtualEventRows.webinar]),
  delete: applyDifferences(deleteDifferences, [virtualEventRows.webinar]),
  list: applyDifferences(listDifferences, [], withSubscriptionRead),
};

const tablesById = new Map(
  Object.entries(tables).map(([operation, rules]) => [
    operation,
    new Map(rules.map((rule) => [rule.id, rule])),
  ]),
);

/**
 * The permission table of one subscription operation, in documented order. `reauthorize` is the
 * table of the "subscription: reauthorize" page exactly; the others are derived from it and the
 * differences their own pages document.
 * See https://learn.microsoft.com/graph/api/resources/subscription#methods
 */
export function permissionRules(
  operation: SubscriptionOperation = 'reauthorize',
): readonly PermissionRule[] {
  return tables[operation];
}

/** The row of one operation's table with this {@link PermissionRule.id}, if the table has it. */
export function operationRule(
  operation: SubscriptionOperation,
  id: string,
): PermissionRule | undefined {
  return tablesById.get(operation)?.get(id);
}
