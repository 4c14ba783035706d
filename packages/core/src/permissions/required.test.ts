import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.js';
import { permissionRules } from './operations.js';
import { type RequiredPermissions, requiredPermissions } from './required.js';
import type { PermissionType, SubscriptionOperation } from './types.js';

function required(
  resource: string,
  type: PermissionType,
  operation?: SubscriptionOperation,
): RequiredPermissions {
  const result = requiredPermissions(resource, type, operation);
  if (!result.ok) throw result.error;
  return result.value;
}

// The parts that say what to ask for, to compare in one line.
function summary(value: RequiredPermissions) {
  const { supported, leastPrivileged, accepted, resourceSpecificConsent } = value;
  return { supported, leastPrivileged, accepted, resourceSpecificConsent };
}

describe('requiredPermissions', () => {
  it('gives each permission type its own cell, least privileged first', () => {
    expect(summary(required('me/messages', 'delegatedWork'))).toEqual({
      supported: true,
      leastPrivileged: 'Mail.ReadBasic',
      accepted: ['Mail.ReadBasic', 'Mail.Read'],
      resourceSpecificConsent: [],
    });
    expect(required('me/messages', 'delegatedPersonal').accepted).toEqual([
      'Mail.ReadBasic',
      'Mail.Read',
    ]);
    expect(required('users/{id}/messages', 'application').accepted).toEqual(['Mail.Read']);
  });

  it('reports a not-supported cell as unsupported with nothing accepted', () => {
    const presence = required('communications/presences/{id}', 'application');
    expect(summary(presence)).toEqual({
      supported: false,
      leastPrivileged: undefined,
      accepted: [],
      resourceSpecificConsent: [],
    });
    expect(presence.documented).toBe(true);
    expect(presence.rule.permissions.application.written).toBe('Not supported.');
    const installed = required('appCatalogs/teamsApps/{id}/installedToChats', 'delegatedWork');
    expect(installed.rule.permissions.delegatedWork.written).toBe('Not supported');
    expect(installed.supported).toBe(false);
  });

  it('keeps resource-specific consent permissions in order and lists them apart', () => {
    expect(summary(required('chats/19:x@thread.v2', 'application'))).toEqual({
      supported: true,
      leastPrivileged: 'Chat.ReadBasic.All',
      accepted: [
        'ChatSettings.Read.Chat',
        'ChatSettings.ReadWrite.Chat',
        'Chat.Manage.Chat',
        'Chat.ReadBasic.All',
        'Chat.Read.All',
        'Chat.ReadWrite.All',
      ],
      resourceSpecificConsent: [
        'ChatSettings.Read.Chat',
        'ChatSettings.ReadWrite.Chat',
        'Chat.Manage.Chat',
      ],
    });
    const channel = required('teams/{id}/channels/{id}/messages', 'application');
    expect(channel.resourceSpecificConsent).toEqual(['ChannelMessage.Read.Group']);
    expect(channel.leastPrivileged).toBe('ChannelMessage.Read.All');
  });

  it('lets the permission type choose between personal OneDrive and OneDrive for Business', () => {
    const personal = required('me/drive/root', 'delegatedPersonal');
    expect(personal.rule.resourceType).toBe("driveItem (user's personal OneDrive)");
    expect(personal.accepted).toEqual(['Files.ReadWrite']);
    const work = required('me/drive/root', 'delegatedWork');
    expect(work.rule.resourceType).toBe('driveItem (OneDrive for Business)');
    expect(work.accepted).toEqual(['Files.ReadWrite.All']);
    expect(required('drives/{id}/root', 'delegatedPersonal').supported).toBe(false);
  });

  it('supports personal accounts only where the table does', () => {
    const personal = (resource: string) => required(resource, 'delegatedPersonal').accepted;
    expect(personal('me/contacts')).toEqual(['Contacts.Read']);
    expect(personal('me/events')).toEqual(['Calendars.Read']);
    expect(personal('me/todo/lists/{id}/tasks')).toEqual(['Tasks.ReadWrite']);
    expect(personal('users/{id}')).toEqual(['User.Read.All']);
    expect(personal('me/chats')).toEqual([]);
    expect(personal('groups/{id}')).toEqual([]);
  });

  it('uses each operation table', () => {
    expect(required('me/drive/root', 'delegatedPersonal', 'create').accepted).toEqual([
      'Files.Read',
    ]);
    expect(required('drives/{id}/root', 'application', 'create').accepted).toEqual([
      'Files.Read.All',
    ]);
    expect(required('sites/{id}/lists/{id}', 'delegatedWork', 'update').accepted).toEqual([
      'Sites.ReadWrite.All',
    ]);
    expect(required('me/todo/lists/{id}/tasks', 'application', 'create').accepted).toEqual([
      'Tasks.ReadWrite.All',
    ]);
    expect(required('me/todo/lists/{id}/tasks', 'application', 'delete').supported).toBe(false);
    const chatUpdate = required('chats/{id}/messages', 'delegatedWork', 'update');
    expect([chatUpdate.supported, chatUpdate.documented]).toEqual([false, true]);
    expect(
      required('teams/{id}/channels/{id}/messages', 'delegatedWork', 'create').accepted,
    ).toEqual(['ChannelMessage.Read.All']);
  });

  it('adds Subscription.Read.All to list, on delegated cells only', () => {
    expect(required('communications/presences/{id}', 'delegatedWork', 'list').accepted).toEqual([
      'Presence.Read.All',
      'Subscription.Read.All',
    ]);
    expect(required('me/messages', 'delegatedPersonal', 'list').accepted).toEqual([
      'Mail.ReadBasic',
      'Mail.Read',
      'Subscription.Read.All',
    ]);
    expect(required('users/{id}', 'delegatedPersonal', 'list').accepted).toEqual(['User.Read.All']);
    expect(required('drives/{id}/root', 'application', 'list').accepted).toEqual([
      'Files.ReadWrite.All',
    ]);
  });

  it('reports rows an operation table lacks as undocumented', () => {
    const baseTask = required('me/tasks/lists/{id}/tasks', 'delegatedWork', 'create');
    expect([baseTask.supported, baseTask.documented]).toEqual([false, false]);
    expect(required('me/tasks/lists/{id}/tasks', 'delegatedWork').supported).toBe(true);
    expect(required('communications/presences/{id}', 'delegatedWork', 'delete').documented).toBe(
      false,
    );
    expect(required('teams/getAllMembers', 'application', 'list').documented).toBe(false);
    expect(required('communications/onlineMeetings', 'application', 'update').documented).toBe(
      false,
    );
  });

  it('knows virtual events for create, webinars for update and delete, neither for list', () => {
    const webinar = 'solutions/virtualEvents/webinars/{id}';
    const townhall = 'solutions/virtualEvents/townhalls/{id}';
    expect(required(webinar, 'delegatedWork', 'create').accepted).toEqual(['VirtualEvent.Read']);
    expect(required(townhall, 'application', 'create').accepted).toEqual(['VirtualEvent.Read.All']);
    expect(required(webinar, 'application', 'delete').supported).toBe(true);
    expect(required(townhall, 'application', 'update').documented).toBe(false);
    expect(required(webinar, 'application', 'list').documented).toBe(false);
    expect(required(webinar, 'application').documented).toBe(false);
  });

  it('has one table per operation, each in order', () => {
    const sizes = Object.fromEntries(
      (['reauthorize', 'create', 'update', 'delete', 'list'] as const).map((op) => [
        op,
        permissionRules(op).length,
      ]),
    );
    expect(sizes).toEqual({ reauthorize: 51, create: 49, update: 48, delete: 47, list: 47 });
    expect(permissionRules('create').map(({ row }) => row)).toEqual(
      permissionRules('create').map((_, index) => index + 1),
    );
    const callRecord = permissionRules('create').find(({ id }) => id === 'callRecord');
    expect(callRecord?.path).toBe('/communications/callRecords');
  });

  it('returns the unknown-resource failure and rejects unknown types and operations', () => {
    const result = requiredPermissions('me/mesages', 'delegatedWork');
    expect(result.ok ? [] : result.suggestions).toContain('me/messages');
    expect(() => requiredPermissions('me/messages', 'delegated' as PermissionType)).toThrow(
      InvalidInputError,
    );
    expect(() =>
      requiredPermissions('me/messages', 'application', 'renew' as SubscriptionOperation),
    ).toThrow(InvalidInputError);
  });
});
