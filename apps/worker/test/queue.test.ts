// The queue consumer against the emulator: retries that honour Retry-After, permanent failures and
// exhausted retries that end in the dead-letter queue (recorded by its consumer), re-creation of
// removed subscriptions, and the per-subscription lease.

import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  getQueueResult,
} from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { createGraphClient, customCloud, type Subscription } from '@lifeline/core';
import type { AppCredentials, CallRecord } from '@lifeline/emulator';
import type { LifecycleWork } from '@lifeline/hono';
import { describe, expect, it } from 'vitest';
import type { WorkerEnv } from '../src/env.js';
import worker from '../src/index.js';
import { createClientCredentialsTokenSource } from '../src/token-source.js';
import { retryDelaySeconds } from '../src/verdict.js';
import {
  addFault,
  admin,
  calls,
  createSubscription,
  emulator,
  eventually,
  graphFor,
  lifecycleBodyFor,
  objectOf,
  postLifecycle,
  sendLifecycle,
} from './worker/harness.js';

const maxRetries = Number(env.QUEUE_MAX_RETRIES);

function workFor(subscription: Subscription, lifecycleEvent = 'reauthorizationRequired') {
  return {
    version: 1,
    receivedAt: new Date().toISOString(),
    value: [
      {
        subscriptionId: subscription.id,
        tenantId: emulator().tenantId,
        subscriptionExpirationDateTime: subscription.expirationDateTime,
        lifecycleEvent,
      },
    ],
  } satisfies LifecycleWork;
}

// One delivery of one message, straight to the consumer, with the platform's attempt count.
async function deliver(body: unknown, attempts: number, workerEnv: WorkerEnv = env) {
  const id = `message-${crypto.randomUUID()}`;
  const batch = createMessageBatch('lifeline-lifecycle', [
    { id, timestamp: new Date(), attempts, body },
  ]);
  const delays = new Map<string, number | undefined>();
  const context = createExecutionContext();
  await worker.queue(keepingRetryDelays(batch, delays), workerEnv, context);
  const result = await getQueueResult(batch, context);
  return { id, result, delaySeconds: delays.get(id) };
}

// The messages createMessageBatch() makes take retry() without its options, and getQueueResult()
// reports no delay, so the delay asked for is noted here on its way to the real call. Messages
// the real queue delivers keep it: see the redelivery test below.
function keepingRetryDelays(
  batch: MessageBatch<unknown>,
  delays: Map<string, number | undefined>,
): MessageBatch<unknown> {
  const messages = batch.messages.map((message) =>
    forwarding(message, {
      retry: (options?: QueueRetryOptions) => {
        delays.set(message.id, options?.delaySeconds);
        message.retry();
      },
    }),
  );
  return forwarding(batch, { messages });
}

function forwarding<T extends object>(target: T, overrides: Record<string, unknown>): T {
  return new Proxy(target, {
    get(object, property) {
      if (typeof property === 'string' && property in overrides) return overrides[property];
      const value = Reflect.get(object, property, object);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}

function deadLetters(subscriptionId: string) {
  return eventually(async () => {
    const letters = await objectOf(subscriptionId).listDeadLetters();
    return letters.length > 0 ? letters : undefined;
  }, `a dead letter for ${subscriptionId}`);
}

async function statusesOf(operation: string, subscriptionId: string) {
  return (await calls(emulator(), { operation, subscriptionId })).map((call) => call.status);
}

describe('the queue consumer', () => {
  it('retries a throttled reauthorize after Retry-After, then acknowledges it', async () => {
    const fixture = emulator();
    const subscription = await createSubscription(fixture);
    const path = `/v1.0/subscriptions/${subscription.id}/reauthorize`;
    await addFault(fixture, { path, kind: 'status', status: 429, retryAfterSeconds: 17, times: 1 });

    const first = await deliver(workFor(subscription), 1);
    expect(first.result.explicitAcks).toEqual([]);
    expect(first.result.retryMessages).toEqual([{ msgId: first.id }]);
    expect(first.delaySeconds).toBeGreaterThanOrEqual(17);

    const second = await deliver(workFor(subscription), 2);
    expect(second.result.explicitAcks).toEqual([second.id]);
    expect(second.result.retryMessages).toEqual([]);
    expect(await statusesOf('reauthorize', subscription.id)).toEqual([429, 204]);
  });

  it('is redelivered by the real queue no sooner than it asked, then acts', async () => {
    const fixture = emulator();
    const subscription = await createSubscription(fixture);
    const path = `/v1.0/subscriptions/${subscription.id}/reauthorize`;
    const retryAfterSeconds = 1;
    await addFault(fixture, { path, kind: 'status', status: 429, retryAfterSeconds, times: 1 });

    // Through the producer binding, so that Miniflare's queue delivers the message to the
    // worker's queue() handler and redelivers it after the delaySeconds its retry() asked for.
    await env.LIFECYCLE_QUEUE.send(workFor(subscription), { contentType: 'json' });
    const records = await eventually(
      async () => {
        const found = await calls(fixture, {
          operation: 'reauthorize',
          subscriptionId: subscription.id,
        });
        return found.length >= 2 ? found : undefined;
      },
      `the redelivered reauthorize of ${subscription.id}`,
      400,
    );
    expect(records.map((call) => call.status)).toEqual([429, 204]);

    // The consumer never asks for less than its minimum delay, which exceeds Retry-After here;
    // waiting only for Retry-After would pass even if the queue dropped the delay, since it
    // gathers a batch for max_batch_timeout (1 s) anyway.
    const [throttled, done] = records as [CallRecord, CallRecord];
    const askedMs = retryDelaySeconds(retryAfterSeconds * 1000, 1) * 1000;
    expect(askedMs).toBeGreaterThan(retryAfterSeconds * 1000);
    expect(Date.parse(done.at) - Date.parse(throttled.at)).toBeGreaterThanOrEqual(askedMs);
  });

  it('acts with a certificate credential when the secrets name one', async () => {
    const fixture = emulator();
    const { certificateApp } = fixture;
    const tokenSource = createClientCredentialsTokenSource({
      tenantId: fixture.tenantId,
      clientId: certificateApp.clientId,
      credential: {
        kind: 'certificate',
        privateKeyPem: certificateApp.privateKeyPem,
        thumbprint: certificateApp.thumbprintSha256,
      },
      loginUrl: fixture.url,
    });
    const cloud = customCloud({ graphUrl: fixture.url, loginUrl: fixture.url });
    const graph = createGraphClient({ tokenSource, cloud });
    const subscription = await createSubscription(fixture, { graph });

    const certificateEnv = {
      ...env,
      CLIENT_ID: certificateApp.clientId,
      CLIENT_SECRET: '',
      CLIENT_CERTIFICATE_KEY: certificateApp.privateKeyPem,
      CLIENT_CERTIFICATE_THUMBPRINT: certificateApp.thumbprint,
    };
    const { id, result } = await deliver(workFor(subscription), 1, certificateEnv);
    expect(result.explicitAcks).toEqual([id]);
    const [reauthorized] = await calls(fixture, {
      operation: 'reauthorize',
      subscriptionId: subscription.id,
    });
    expect(reauthorized).toMatchObject({ status: 204, appId: certificateApp.clientId });
  });

  it('backs off by attempt when Graph gives no Retry-After', async () => {
    const fixture = emulator();
    const subscription = await createSubscription(fixture);
    const path = `/v1.0/subscriptions/${subscription.id}/reauthorize`;
    await addFault(fixture, { path, kind: 'status', status: 503, times: 1 });

    const { id, result, delaySeconds } = await deliver(workFor(subscription), 3);
    expect(result.retryMessages).toEqual([{ msgId: id }]);
    expect(delaySeconds).toBe(120);
  });

  it('dead-letters a permanent failure (403) and records it on the subscription', async () => {
    const fixture = emulator();
    const registered = await admin<{ credentials: AppCredentials }>(fixture, 'POST', '/apps', {
      secret: true,
      applicationPermissions: ['Mail.Read'],
    });
    const app = {
      clientId: registered.credentials.clientId,
      clientSecret: registered.credentials.clientSecret ?? '',
    };
    const subscription = await createSubscription(fixture, { graph: graphFor(fixture, app) });
    await admin(fixture, 'POST', `/apps/${app.clientId}/permissions/revoke`, {
      application: ['Mail.Read'],
      notify: false,
    });

    const appEnv = { ...env, CLIENT_ID: app.clientId, CLIENT_SECRET: app.clientSecret };
    const { id, result } = await deliver(workFor(subscription), 1, appEnv);
    expect(result.retryMessages).toEqual([]);
    expect(result.explicitAcks).toEqual([id]);
    expect(await statusesOf('reauthorize', subscription.id)).toEqual([403]);

    const [letter] = await deadLetters(subscription.id);
    expect(letter).toMatchObject({ subscriptionId: subscription.id, attempts: 1 });
    expect(letter?.reason).toContain('HTTP 403');
    expect(letter?.reason).not.toContain(app.clientSecret);
  });

  it('dead-letters a retryable failure on the last attempt', async () => {
    const fixture = emulator();
    const subscription = await createSubscription(fixture);
    const path = `/v1.0/subscriptions/${subscription.id}/reauthorize`;
    await addFault(fixture, { path, kind: 'status', status: 429, retryAfterSeconds: 5, times: 1 });

    const { id, result } = await deliver(workFor(subscription), maxRetries + 1);
    expect(result.retryMessages).toEqual([]);
    expect(result.explicitAcks).toEqual([id]);
    const [letter] = await deadLetters(subscription.id);
    expect(letter?.reason).toMatch(new RegExp(`^gave up after ${maxRetries + 1} attempts`));
  });

  it('dead-letters work it cannot read', async () => {
    const { id, result } = await deliver({ version: 2, value: 'nothing' }, 1);
    expect(result.explicitAcks).toEqual([id]);
    expect(result.retryMessages).toEqual([]);
  });

  it('waits for another holder of the subscription lease instead of acting', async () => {
    const fixture = emulator();
    const subscription = await createSubscription(fixture);
    await objectOf(subscription.id).acquireLease('another-consumer', 60_000);

    const { id, result, delaySeconds } = await deliver(workFor(subscription), 1);
    expect(result.retryMessages).toEqual([{ msgId: id }]);
    expect(delaySeconds).toBeGreaterThanOrEqual(50);
    expect(await statusesOf('reauthorize', subscription.id)).toEqual([]);

    await objectOf(subscription.id).releaseLease('another-consumer');
    const again = await deliver(workFor(subscription), 2);
    expect(again.result.explicitAcks).toEqual([again.id]);
    expect(await statusesOf('reauthorize', subscription.id)).toEqual([204]);
  });
});

describe('subscriptionRemoved', () => {
  it('re-creates the subscription from the template the cron recorded', async () => {
    const fixture = emulator();
    const subscription = await createSubscription(fixture);
    // The cron records every listed subscription's template; this one is not due for renewal.
    await worker.scheduled(
      createScheduledController({ scheduledTime: new Date(), cron: '*/15 * * * *' }),
      env,
      createExecutionContext(),
    );
    expect(await objectOf(subscription.id).getTemplate()).toMatchObject({
      resource: subscription.resource,
    });

    await sendLifecycle(fixture, subscription.id, 'subscriptionRemoved');
    expect((await postLifecycle(await lifecycleBodyFor(subscription.id))).status).toBe(202);

    const template = await eventually(async () => {
      const stored = await objectOf(subscription.id).getTemplate();
      return stored?.replacedBy ? stored : undefined;
    }, 'the re-created subscription');
    const replacement = await admin<Subscription>(
      fixture,
      'GET',
      `/subscriptions/${template.replacedBy}`,
    );
    expect(replacement).toMatchObject({
      resource: subscription.resource,
      changeType: subscription.changeType,
      notificationUrl: subscription.notificationUrl,
      lifecycleNotificationUrl: subscription.lifecycleNotificationUrl,
    });

    // The same event again creates nothing more.
    const repeat = await deliver(workFor(subscription, 'subscriptionRemoved'), 1);
    expect(repeat.result.explicitAcks).toEqual([repeat.id]);
    const creates = await calls(fixture, { operation: 'create', status: '201' });
    const forResource = creates.filter((call) => call.subscriptionId === template.replacedBy);
    expect(forResource).toHaveLength(1);
  });

  it('dead-letters a removal it has no template for', async () => {
    const fixture = emulator();
    const subscription = await createSubscription(fixture);
    const { id, result } = await deliver(workFor(subscription, 'subscriptionRemoved'), 1);
    expect(result.explicitAcks).toEqual([id]);
    const [letter] = await deadLetters(subscription.id);
    expect(letter?.reason).toContain('no template');
  });
});
