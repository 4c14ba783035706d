import { describe, expect, it } from 'vitest';
import * as realWorld from '../../test/fixtures/notifications/real-world.js';
import type { NotificationCollection, ParseNotificationCollectionResult } from './notification.js';
import { maxNotificationItems, parseNotificationCollection } from './parse.js';

function parsed(body: unknown): NotificationCollection {
  const result = parseNotificationCollection(typeof body === 'string' ? JSON.parse(body) : body);
  if (!result.ok) throw new Error(`expected a collection, got ${result.error.reason}`);
  return result.value;
}

function refusal(body: unknown): string {
  const result: ParseNotificationCollectionResult = parseNotificationCollection(body);
  return result.ok ? 'accepted' : result.error.reason;
}

function rejectedReasons(item: Record<string, unknown>): string[] {
  return parsed({ value: [item] }).rejected.map((rejected) => rejected.reason);
}

const lifecycleItem = {
  subscriptionId: 'e3898f08-5cd0-4a6a-80fc-6addbfb73b7b',
  subscriptionExpirationDateTime: '2019-09-18T00:52:45.9696658+00:00',
  tenantId: '84bd8158-6d4d-4958-8b9f-9d6445542f95',
  clientState: 'secret',
  lifecycleEvent: 'reauthorizationRequired',
};

describe('real-world variants', () => {
  it('accepts 7 fractional digits and a null clientState', () => {
    const [notification] = parsed(realWorld.sevenDigitsNullClientState).lifecycle;
    expect(notification?.clientState).toBeUndefined();
    expect(notification?.subscriptionExpirationDateTime).toBe('2026-11-21T09:30:00.1234567Z');
  });

  it('accepts an absent clientState and a +00:00 offset', () => {
    const [notification] = parsed(realWorld.absentClientStateOffset).lifecycle;
    expect(notification).toMatchObject({ lifecycleEvent: 'missed', clientState: undefined });
  });

  it('keeps every item of a batch mixing events, subscriptions, tenants and kinds', () => {
    const collection = parsed(realWorld.mixedBatch);
    expect(
      collection.lifecycle.map((item) => [item.index, item.lifecycleEvent, item.tenantId]),
    ).toEqual([
      [0, 'reauthorizationRequired', realWorld.tenantA],
      [1, 'subscriptionRemoved', realWorld.tenantB],
      [2, 'missed', realWorld.tenantA],
      [4, 'reauthorizationRequired', realWorld.tenantA],
    ]);
    expect(collection.changes.map((item) => item.index)).toEqual([3]);
    expect(collection.lifecycle[1]).not.toHaveProperty('sequenceNumber');
  });

  it('keeps an unknown future event as unknown, with its raw text', () => {
    const [notification] = parsed(realWorld.unknownFutureEvent).lifecycle;
    expect(notification).toMatchObject({
      lifecycleEvent: 'unknown',
      rawLifecycleEvent: 'unknownFutureValue',
    });
  });

  it('reports null validation tokens, in the list or as the list', () => {
    expect(parsed(realWorld.nullValidationTokens)).toMatchObject({
      validationTokens: [],
      validationTokensNull: true,
    });
    expect(parsed(realWorld.nullValidationTokenList).validationTokensNull).toBe(true);
  });

  it('lower-cases GUIDs', () => {
    const [notification] = parsed(realWorld.upperCaseGuids).lifecycle;
    expect(notification?.subscriptionId).toBe('0f9c1e62-8f5f-4c39-9d3c-3a7f1b2c4d5e');
    expect(notification?.tenantId).toBe('84bd8158-6d4d-4958-8b9f-9d6445542f95');
  });
});

describe('bodies refused whole', () => {
  it.each([
    ['null', null, 'not_an_object'],
    ['an array', [lifecycleItem], 'not_an_object'],
    ['a string', '{"value":[]}', 'not_an_object'],
    ['no value', { validationTokens: [] }, 'value_missing'],
    ['value as an object', { value: lifecycleItem }, 'value_not_array'],
    ['value as null', { value: null }, 'value_not_array'],
    [
      'too many items',
      { value: new Array(maxNotificationItems + 1).fill(lifecycleItem) },
      'too_many_items',
    ],
    ['validationTokens as a string', { value: [], validationTokens: 'eyJ' }, 'validation_tokens'],
    ['a numeric validation token', { value: [], validationTokens: [42] }, 'validation_tokens'],
    [
      'an oversized validation token',
      { value: [], validationTokens: ['x'.repeat(20_000)] },
      'validation_tokens',
    ],
  ])('refuses %s', (_name, body, reason) => {
    expect(refusal(body)).toBe(reason);
  });

  it('accepts an empty batch', () => {
    expect(parsed({ value: [] }).lifecycle).toEqual([]);
  });
});

describe('encrypted content', () => {
  const changeItem = {
    subscriptionId: 'c0125ef2-7a87-4e94-aa71-b995510f369b',
    tenantId: '84bd8158-6d4d-4958-8b9f-9d6445542f95',
    changeType: 'created',
  };
  const camel = { data: 'camel', dataKey: 'k1' };
  const pascal = { data: 'pascal', dataKey: 'k2' };

  function encryptedContent(extra: Record<string, unknown>): unknown {
    return parsed({ value: [{ ...changeItem, ...extra }] }).changes[0]?.encryptedContent;
  }

  it('keeps encryptedContent as posted', () => {
    expect(encryptedContent({ encryptedContent: camel })).toEqual(camel);
  });

  it('keeps content spelled EncryptedContent, as the Teams pages document it', () => {
    expect(encryptedContent({ EncryptedContent: pascal })).toEqual(pascal);
  });

  it('prefers encryptedContent when both spellings are present', () => {
    expect(encryptedContent({ EncryptedContent: pascal, encryptedContent: camel })).toEqual(camel);
    expect(encryptedContent({ encryptedContent: null, EncryptedContent: pascal })).toBeNull();
  });

  it('has none when neither spelling is present', () => {
    expect(encryptedContent({})).toBeUndefined();
  });
});

describe('items set aside', () => {
  it.each([
    [
      'neither event nor change type',
      { ...lifecycleItem, lifecycleEvent: undefined },
      'no_event_or_change_type',
    ],
    [
      'both event and change type',
      { ...lifecycleItem, changeType: 'updated' },
      'both_event_and_change_type',
    ],
    [
      'a subscription id that is not a GUID',
      { ...lifecycleItem, subscriptionId: 'abc' },
      'subscription_id',
    ],
    ['no subscription id', { ...lifecycleItem, subscriptionId: undefined }, 'subscription_id'],
    ['a tenant id that is not a GUID', { ...lifecycleItem, tenantId: 'contoso' }, 'tenant_id'],
    [
      'February 30',
      { ...lifecycleItem, subscriptionExpirationDateTime: '2026-02-30T00:00:00Z' },
      'timestamp',
    ],
    [
      'hour 24',
      { ...lifecycleItem, subscriptionExpirationDateTime: '2026-02-03T24:00:00Z' },
      'timestamp',
    ],
    [
      'no offset',
      { ...lifecycleItem, subscriptionExpirationDateTime: '2026-02-03T10:00:00' },
      'timestamp',
    ],
    [
      '8 fractional digits',
      { ...lifecycleItem, subscriptionExpirationDateTime: '2026-02-03T10:00:00.12345678Z' },
      'timestamp',
    ],
    [
      'a numeric timestamp',
      { ...lifecycleItem, subscriptionExpirationDateTime: 1_700_000_000 },
      'timestamp',
    ],
    ['a numeric clientState', { ...lifecycleItem, clientState: 42 }, 'client_state'],
    ['an overlong clientState', { ...lifecycleItem, clientState: 'x'.repeat(256) }, 'client_state'],
    ['a numeric lifecycleEvent', { ...lifecycleItem, lifecycleEvent: 1 }, 'field_type'],
    [
      'an empty changeType',
      { ...lifecycleItem, lifecycleEvent: undefined, changeType: '' },
      'field_type',
    ],
  ])('sets aside an item with %s', (_name, item, reason) => {
    expect(rejectedReasons(JSON.parse(JSON.stringify(item)))).toEqual([reason]);
  });

  it('sets aside items that are not objects, keeping the rest', () => {
    const collection = parsed({ value: [1, 'x', null, [], lifecycleItem] });
    expect(collection.rejected.map((item) => [item.index, item.reason])).toEqual([
      [0, 'not_an_object'],
      [1, 'not_an_object'],
      [2, 'not_an_object'],
      [3, 'not_an_object'],
    ]);
    expect(collection.lifecycle.map((item) => item.index)).toEqual([4]);
  });

  it('never repeats a rejected value in its message', () => {
    const [rejected] = parsed({
      value: [{ ...lifecycleItem, subscriptionId: 'SECRET-VALUE' }],
    }).rejected;
    expect(rejected?.message).not.toContain('SECRET-VALUE');
  });
});

describe('hostile input', () => {
  it('sets aside an item whose getter throws', () => {
    const item = { ...lifecycleItem };
    Object.defineProperty(item, 'clientState', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(rejectedReasons(item)).toEqual(['unreadable']);
  });

  it('refuses a body that is a proxy whose every trap throws', () => {
    const trap = () => {
      throw new Error('trap');
    };
    const body = new Proxy(
      {},
      { get: trap, has: trap, getOwnPropertyDescriptor: trap, ownKeys: trap },
    );
    expect(refusal(body)).toBe('unreadable');
  });

  it('refuses a revoked proxy', () => {
    const { proxy, revoke } = Proxy.revocable({ value: [] }, {});
    revoke();
    expect(refusal(proxy)).toBe('unreadable');
  });

  it('reads cyclic structures without following them', () => {
    const item: Record<string, unknown> = { ...lifecycleItem };
    item.self = item;
    const body: Record<string, unknown> = { value: [item] };
    body.loop = body;
    expect(parsed(body).lifecycle).toHaveLength(1);
  });

  it('ignores members inherited from a prototype', () => {
    const item = Object.create({ lifecycleEvent: 'reauthorizationRequired' });
    Object.assign(item, { ...lifecycleItem, lifecycleEvent: undefined });
    expect(rejectedReasons(item)).toEqual(['no_event_or_change_type']);
  });
});
