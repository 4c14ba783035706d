import { describe, expect, it } from 'vitest';
import { maxSubscriptionLifetime, subscriptionLifetimes } from './lifetime.js';
import { permissionRules } from './operations.js';
import { subscriptionOperations } from './types.js';

describe('maxSubscriptionLifetime', () => {
  it('caps Outlook at what the service enforces unless asked for the documented figure', () => {
    expect(maxSubscriptionLifetime('me/messages')).toBe(10_070);
    expect(maxSubscriptionLifetime("me/mailFolders('Inbox')/messages", { limit: 'enforced' })).toBe(
      10_070,
    );
    expect(maxSubscriptionLifetime('me/events', { limit: 'documented' })).toBe(10_080);
    expect(maxSubscriptionLifetime('me/contacts', { includeResourceData: true })).toBe(1440);
  });

  it('gives each resource its documented maximum', () => {
    const cases: Array<[string, number]> = [
      ['communications/presences/{id}', 60],
      ['teams/{id}/schedule/shifts', 360],
      ['chats/getAllMessages', 4320],
      ['teams/{id}/channels/{id}/messages', 4320],
      ['communications/callRecords', 4230],
      ['groups/{id}/conversations', 4230],
      ['me/todo/lists/{id}/tasks', 4230],
      ['users', 41_760],
      ['groups/{id}/members', 41_760],
      ['me/drive/root', 42_300],
      ['sites/{id}/lists/{id}', 42_300],
      ['security/alerts', 43_200],
      ['copilot/interactionHistory/getAllEnterpriseInteractions', 4320],
      ['solutions/virtualEvents/webinars/{id}', 1440],
    ];
    for (const [resource, minutes] of cases) {
      expect([resource, maxSubscriptionLifetime(resource)]).toEqual([resource, minutes]);
    }
  });

  it('ignores includeResourceData where no separate maximum is documented', () => {
    expect(maxSubscriptionLifetime('chats/{id}/messages', { includeResourceData: true })).toBe(
      4320,
    );
  });

  it('accepts a rule and returns undefined for an unknown resource', () => {
    const rule = permissionRules().find(({ id }) => id === 'presence');
    expect(rule && maxSubscriptionLifetime(rule)).toBe(60);
    expect(maxSubscriptionLifetime('me/mesages')).toBeUndefined();
    expect(maxSubscriptionLifetime('')).toBeUndefined();
  });

  it('knows the lifetime of every rule of every operation table', () => {
    for (const operation of subscriptionOperations) {
      for (const rule of permissionRules(operation)) {
        expect([rule.id, subscriptionLifetimes[rule.resourceType] !== undefined]).toEqual([
          rule.id,
          true,
        ]);
      }
    }
  });
});
