// The parser against every notification body the Microsoft Graph documentation shows. Paths are
// in the microsoftgraph/microsoft-graph-docs-contrib repository.
import { describe, expect, it } from 'vitest';
import * as documented from '../../test/fixtures/notifications/documented.js';
import * as communications from '../../test/fixtures/notifications/documented-communications.js';
import * as meetings from '../../test/fixtures/notifications/documented-meetings.js';
import * as outlookDrive from '../../test/fixtures/notifications/documented-outlook-drive.js';
import * as teams from '../../test/fixtures/notifications/documented-teams.js';
import type { NotificationCollection } from './notification.js';
import { parseNotificationCollection } from './parse.js';

const { fillPlaceholders, ...conceptBodies } = documented;
const modules = [conceptBodies, teams, meetings, communications, outlookDrive];
const bodies: Record<string, string> = Object.assign({}, ...modules);

function parsed(body: string): NotificationCollection {
  const result = parseNotificationCollection(JSON.parse(body));
  if (!result.ok) throw new Error(`expected a collection, got ${result.error.reason}`);
  return result.value;
}

// Each item's outcome in posted order: `lifecycle:<event>`, `change:<type>[+encrypted]` or
// `rejected:<reason>`.
function outcomes(collection: NotificationCollection): string[] {
  const byIndex = [
    ...collection.lifecycle.map((item) => [item.index, `lifecycle:${item.lifecycleEvent}`]),
    ...collection.changes.map((item) => {
      const encrypted = item.encryptedContent === undefined ? '' : '+encrypted';
      return [item.index, `change:${item.changeType}${encrypted}`];
    }),
    ...collection.rejected.map((item) => [item.index, `rejected:${item.reason}`]),
  ] as [number, string][];
  return byIndex.sort(([a], [b]) => a - b).map(([, outcome]) => outcome);
}

type Item = Record<string, unknown>;

// What was kept must be what was posted: ids, tenant, state, time, event or change members, and
// the validation tokens.
function expectKeptAsPosted(body: string): void {
  const raw = JSON.parse(body) as { value: Item[]; validationTokens?: string[] };
  const collection = parsed(body);
  for (const notification of [...collection.lifecycle, ...collection.changes]) {
    const item = raw.value[notification.index] as Item;
    const tenantId = item.tenantId as string | undefined;
    expect(notification).toMatchObject({
      subscriptionId: (item.subscriptionId as string).toLowerCase(),
      tenantId: tenantId?.toLowerCase(),
      clientState: item.clientState,
      subscriptionExpirationDateTime: item.subscriptionExpirationDateTime,
    });
    if (notification.kind === 'lifecycle') {
      expect(notification.rawLifecycleEvent).toBe(item.lifecycleEvent);
    } else {
      const { changeType, id, resource, resourceData, encryptedContent } = notification;
      expect({ changeType, id, resource, resourceData, encryptedContent }).toEqual({
        changeType: item.changeType,
        id: item.id,
        resource: item.resource,
        resourceData: item.resourceData,
        encryptedContent: item.encryptedContent ?? item.EncryptedContent,
      });
    }
  }
  expect(collection.validationTokens).toEqual(raw.validationTokens ?? []);
}

const lifecycleEvents = 'concepts/change-notifications-lifecycle-events.md';
const outlookAuthz = 'concepts/webhooks-outlook-authz.md';
const withResourceData = 'concepts/change-notifications-with-resource-data.md';
const chatMessages = 'concepts/teams-changenotifications-chatmessage.md';
const teamAndChannel = 'concepts/teams-changenotifications-team-and-channel.md';
const teamMembers = 'concepts/teams-changenotifications-teammembership.md';
const chatMembers = 'concepts/teams-changenotifications-chatmembership.md';
const chats = 'concepts/teams-changenotifications-chat.md';
const transcripts = 'concepts/teams-changenotifications-callrecording-and-calltranscript.md';
const copilot = 'concepts/aiinteraction-changenotifications-overview.md';
const presence = 'concepts/changenotifications-for-presence.md';
const virtualEvents = 'concepts/changenotifications-for-virtualevent.md';
const outlook = 'concepts/outlook-change-notifications-overview.md';
const subscriptionPage = 'api-reference/v1.0/api/subscription_post_subscriptions.md';

const badSubscription = ['rejected:subscription_id'];
const badTenant = ['rejected:tenant_id'];

// Per fixture: its page, the outcomes as written, and the outcomes once placeholders are filled
// (when they differ from those as written).
const cases: Record<string, [source: string, asWritten: string[], filled?: string[]]> = {
  lifecyclePayloadShape: [lifecycleEvents, badSubscription, ['lifecycle:reauthorizationRequired']],
  reauthorizationRequiredExample: [
    'concepts/webhooks-lifecycle.md',
    ['lifecycle:reauthorizationRequired'],
  ],
  outlookSubscriptionRemovedExample: [
    outlookAuthz,
    badSubscription,
    ['lifecycle:subscriptionRemoved'],
  ],
  outlookMissedExample: [outlookAuthz, badSubscription, ['lifecycle:missed']],
  resourceDataReauthorizationExample: [
    'concepts/webhooks-with-resource-data.md',
    badSubscription,
    ['lifecycle:reauthorizationRequired'],
  ],
  basicChangeNotification: [
    'concepts/change-notifications-delivery-webhooks.md',
    badSubscription,
    ['change:created'],
  ],
  overviewChangeNotification: ['concepts/webhooks.md', badSubscription, ['change:created']],
  validationTokensEnvelope: [withResourceData, ['change:created', 'change:created']],
  encryptedChannelReply: [withResourceData, ['change:created+encrypted']],
  eventHubsValidationMessage: [
    'concepts/change-notifications-delivery-event-hubs.md',
    badSubscription,
  ],
  chatMessageWithResourceData: [chatMessages, badTenant, ['change:created+encrypted']],
  channelMessageWithoutResourceData: [chatMessages, badTenant, ['change:created']],
  teamWithResourceData: [teamAndChannel, badTenant, ['change:created+encrypted']],
  channelWithResourceData: [teamAndChannel, badTenant, ['change:created+encrypted']],
  teamWithoutResourceData: [teamAndChannel, badTenant, ['change:created']],
  teamMemberWithResourceData: [teamMembers, badTenant, ['change:created+encrypted']],
  teamMemberWithoutResourceData: [teamMembers, badTenant, ['change:created']],
  chatMemberWithResourceData: [chatMembers, badTenant, ['change:Created+encrypted']],
  chatMemberWithoutResourceData: [chatMembers, badTenant, ['change:Created']],
  chatWithResourceData: [chats, badTenant, ['change:Created+encrypted']],
  chatWithoutResourceData: [chats, badTenant, ['change:Created']],
  transcriptWithResourceData: [transcripts, badTenant, ['change:created+encrypted']],
  recordingWithResourceData: [transcripts, badTenant, ['change:created+encrypted']],
  transcriptWithoutResourceData: [transcripts, badTenant, ['change:created']],
  recordingWithoutResourceData: [transcripts, badTenant, ['change:created']],
  onlineMeetingWithResourceData: [
    'concepts/changenotifications-for-onlinemeeting.md',
    badSubscription,
    ['change:updated+encrypted'],
  ],
  aiInteractionWithResourceData: [copilot, badTenant, ['change:created+encrypted']],
  aiInteractionWithoutResourceData: [copilot, ['change:created']],
  presenceBasic: [presence, badSubscription, ['change:updated']],
  presenceWithResourceData: [presence, badSubscription, ['change:updated+encrypted']],
  emergencyCallWithResourceData: [
    'concepts/changenotifications-for-emergencycalls.md',
    badSubscription,
    ['change:updated+encrypted'],
  ],
  callRecordCreated: [
    'concepts/changenotifications-for-callrecords.md',
    badSubscription,
    ['change:created'],
  ],
  virtualEventCreated: [virtualEvents, ['change:created']],
  virtualEventUpdated: [virtualEvents, ['change:updated']],
  virtualEventSessionCreated: [virtualEvents, ['change:created']],
  virtualEventSessionUpdated: [virtualEvents, ['change:updated']],
  virtualEventRegistrationCreated: [virtualEvents, ['change:created']],
  virtualEventRegistrationUpdated: [virtualEvents, ['change:updated']],
  outlookMessageWithResourceData: [outlook, badTenant, ['change:created+encrypted']],
  outlookMessageWithoutResourceData: [outlook, badTenant, ['change:created']],
  subscriptionPageMailNotification: [subscriptionPage, ['change:Created']],
  subscriptionPageDriveNotification: [subscriptionPage, ['change:updated']],
};

// Titles are built here because vitest shortens long values interpolated with `$name`.
const table = Object.entries(cases).map(
  ([name, [source, asWritten, filled]]) =>
    [
      `${source}: ${name}`,
      { body: bodies[name] as string, asWritten, filled: filled ?? asWritten },
    ] as const,
);

describe('documented payloads, in detail', () => {
  it('concepts/change-notifications-lifecycle-events.md: the placeholders are not GUIDs', () => {
    const collection = parsed(documented.lifecyclePayloadShape);
    expect(collection.lifecycle).toEqual([]);
    expect(collection.rejected).toEqual([
      { index: 0, reason: 'subscription_id', message: '"subscriptionId" is not a GUID' },
    ]);
  });

  it.each(['reauthorizationRequired', 'subscriptionRemoved', 'missed'] as const)(
    'concepts/change-notifications-lifecycle-events.md: the shape parses as %s once filled in',
    (event) => {
      const [notification] = parsed(
        fillPlaceholders(documented.lifecyclePayloadShape, event),
      ).lifecycle;
      expect(notification).toEqual({
        kind: 'lifecycle',
        index: 0,
        subscriptionId: 'a1b2c3d4-0000-4000-8000-000000000001',
        tenantId: '84bd8158-6d4d-4958-8b9f-9d6445542f95',
        clientState: '<secretClientState>',
        subscriptionExpirationDateTime: '2019-03-20T11:00:00.0000000Z',
        lifecycleEvent: event,
        rawLifecycleEvent: event,
      });
    },
  );

  it('concepts/webhooks-lifecycle.md: the reauthorizationRequired example', () => {
    expect(parsed(documented.reauthorizationRequiredExample)).toEqual({
      lifecycle: [
        {
          kind: 'lifecycle',
          index: 0,
          subscriptionId: 'e3898f08-5cd0-4a6a-80fc-6addbfb73b7b',
          subscriptionExpirationDateTime: '2019-09-18T00:52:45.9696658+00:00',
          tenantId: '84bd8158-6d4d-4958-8b9f-9d6445542f95',
          clientState: '{secret client state}',
          lifecycleEvent: 'reauthorizationRequired',
          rawLifecycleEvent: 'reauthorizationRequired',
        },
      ],
      changes: [],
      validationTokens: [],
      validationTokensNull: false,
      rejected: [],
    });
  });

  it('concepts/change-notifications-delivery-webhooks.md: the change notification example', () => {
    expect(parsed(documented.basicChangeNotification).rejected.map((item) => item.reason)).toEqual([
      'subscription_id',
    ]);
    const [change] = parsed(fillPlaceholders(documented.basicChangeNotification)).changes;
    expect(change).toMatchObject({
      kind: 'change',
      id: 'lsgTZMr9KwAAA',
      changeType: 'created',
      subscriptionExpirationDateTime: '2016-03-19T22:11:09.952Z',
      resource: 'users/{user_guid}@{tenant_guid}/messages/{long_id_string}',
      resourceData: { '@odata.type': '#Microsoft.Graph.Message', id: '{long_id_string}' },
    });
  });

  it('change-notifications-with-resource-data.md: the envelope with validation tokens', () => {
    const collection = parsed(documented.validationTokensEnvelope);
    expect(collection.changes.map((change) => change.tenantId)).toEqual([
      'aaaabbbb-0000-cccc-1111-dddd2222eeee',
      'bbbbcccc-1111-dddd-2222-eeee3333ffff',
    ]);
    expect(collection.changes[0]?.subscriptionExpirationDateTime).toBeUndefined();
    expect(collection.validationTokens).toEqual([
      'eyJ0eXAiOiJKV1QiLCJhb...',
      'cGlkYWNyIjoiMiIsImlkc...',
    ]);
  });
});

describe('every documented payload', () => {
  it('has an expected outcome for each fixture, and a fixture for each outcome', () => {
    const exported = modules.flatMap((module) => Object.keys(module));
    expect(new Set(exported).size).toBe(exported.length);
    expect(exported.toSorted()).toEqual(Object.keys(cases).toSorted());
  });

  it.each(table)('%s, as written', (_title, { body, asWritten }) => {
    expect(outcomes(parsed(body))).toEqual(asWritten);
    expectKeptAsPosted(body);
  });

  it.each(table)('%s, placeholders filled', (_title, { body, filled }) => {
    expect(outcomes(parsed(fillPlaceholders(body)))).toEqual(filled);
    expectKeptAsPosted(fillPlaceholders(body));
  });
});
