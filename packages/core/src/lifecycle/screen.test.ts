// Screening a batch before it is queued: the handler's checks, without acting.
// See https://learn.microsoft.com/graph/change-notifications-with-resource-data
import { beforeAll, describe, expect, it } from 'vitest';
import {
  appId,
  createSigningKey,
  keySetOf,
  now,
  otherTenantId,
  type SigningKey,
  signToken,
  tenantId,
  v2Claims,
} from '../../test/jwks.js';
import type { LifecycleNotification } from '../challenges/notification.js';
import { clouds } from '../clouds.js';
import { InvalidInputError } from '../errors.js';
import { type ScreenLifecycleOptions, screenLifecycleBatch } from './screen.js';

function id(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

function notification(n: number, fields: Partial<LifecycleNotification> = {}) {
  return {
    kind: 'lifecycle',
    index: n,
    subscriptionId: id(n),
    tenantId,
    clientState: 'secret',
    subscriptionExpirationDateTime: undefined,
    lifecycleEvent: 'reauthorizationRequired',
    rawLifecycleEvent: 'reauthorizationRequired',
    ...fields,
  } satisfies LifecycleNotification;
}

function batch(lifecycle: LifecycleNotification[], validationTokens: string[] = []) {
  return { lifecycle, validationTokens };
}

const base: ScreenLifecycleOptions = { now: () => now, clientState: 'secret' };

let key: SigningKey;
beforeAll(async () => {
  key = await createSigningKey('screen-key');
});

function verifying(): ScreenLifecycleOptions {
  return { ...base, verify: { appIds: [appId], cloud: clouds.global, keys: keySetOf(key) } };
}

describe('screenLifecycleBatch', () => {
  it('accepts matching notifications and rejects a clientState mismatch, in posted order', async () => {
    const forged = notification(1, { clientState: 'guess' });
    const result = await screenLifecycleBatch(
      batch([notification(0), forged, notification(2)]),
      base,
    );
    expect(result.accepted.map((item) => item.index)).toEqual([0, 2]);
    expect(result.rejected).toEqual([
      expect.objectContaining({
        index: 1,
        subscriptionId: id(1),
        result: 'rejected',
        action: undefined,
        error: expect.objectContaining({ code: 'client_state_mismatch' }),
      }),
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('looks clientState up per subscription, and rejects subscriptions it does not know', async () => {
    const known = new Map([[id(0), 'zero']]);
    const result = await screenLifecycleBatch(
      batch([notification(0, { clientState: 'zero' }), notification(1)]),
      { ...base, clientState: async (subscriptionId) => known.get(subscriptionId) },
    );
    expect(result.accepted.map((item) => item.subscriptionId)).toEqual([id(0)]);
    expect(result.rejected[0]?.error?.code).toBe('client_state_unknown');
  });

  it('marks a notification whose lookup threw as a retryable failure', async () => {
    const result = await screenLifecycleBatch(batch([notification(0)]), {
      ...base,
      clientState: () => {
        throw new Error('database down');
      },
    });
    expect(result.accepted).toEqual([]);
    expect(result.rejected[0]).toMatchObject({
      result: 'failed',
      retryable: true,
      error: { code: 'ERR_CLIENT_STATE_LOOKUP' },
    });
  });

  it('rejects the whole batch when a validation token is forged', async () => {
    const stranger = await createSigningKey('screen-key');
    const token = await signToken(stranger, v2Claims());
    const result = await screenLifecycleBatch(
      batch([notification(0), notification(1)], [token]),
      verifying(),
    );
    expect(result.accepted).toEqual([]);
    expect(result.rejected.map((outcome) => outcome.error?.code)).toEqual([
      'validation_tokens_invalid',
      'validation_tokens_invalid',
    ]);
    expect(result.tokenFailures?.[0]?.reason).toBe('signature');
  });

  it('accepts tenants a valid token vouches for and rejects the others', async () => {
    const token = await signToken(key, v2Claims());
    const result = await screenLifecycleBatch(
      batch([notification(0), notification(1, { tenantId: otherTenantId })], [token]),
      verifying(),
    );
    expect(result.accepted.map((item) => item.index)).toEqual([0]);
    expect(result.rejected[0]?.error?.code).toBe('tenant_not_attested');
  });

  it('rejects a batch without tokens when tokens are required', async () => {
    const result = await screenLifecycleBatch(batch([notification(0)]), {
      ...verifying(),
      requireValidationTokens: true,
    });
    expect(result.accepted).toEqual([]);
    expect(result.rejected[0]?.error?.code).toBe('validation_tokens_missing');
  });

  it('warns when nothing is checked and when items were set aside', async () => {
    const result = await screenLifecycleBatch(
      { ...batch([notification(0)]), rejected: [{ index: 1 }] },
      { now: () => now },
    );
    expect(result.accepted).toHaveLength(1);
    expect(result.warnings.map((warning) => warning.code)).toEqual([
      'client_state_unchecked',
      'items_rejected',
    ]);
  });

  it('checks many notifications with a bounded number of lookups at once', async () => {
    let running = 0;
    let most = 0;
    const lookup = async () => {
      running += 1;
      most = Math.max(most, running);
      await Promise.resolve();
      running -= 1;
      return 'secret';
    };
    const items = Array.from({ length: 20 }, (_, n) => notification(n));
    const result = await screenLifecycleBatch(batch(items), {
      ...base,
      clientState: lookup,
      concurrency: 3,
    });
    expect(result.accepted).toHaveLength(20);
    expect(most).toBe(3);
  });

  it('rejects invalid options and never changes them', async () => {
    const options = Object.freeze({ ...base, requireValidationTokens: true });
    await expect(screenLifecycleBatch(batch([]), options)).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    await expect(screenLifecycleBatch(batch([]), { ...base, concurrency: 0 })).rejects.toThrow(
      /concurrency/,
    );
  });
});
