// The fetch path end to end: Graph (the emulator) posts to the relay, the test hands that POST to
// the worker, the worker screens and queues it, the real queue delivers it to the consumer, and
// the emulator records the call the consumer made.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker from '../src/index.js';
import {
  calls,
  clientState,
  createSubscription,
  emulator,
  eventually,
  lifecycleBodyFor,
  objectOf,
  postLifecycle,
  sendLifecycle,
} from './worker/harness.js';

describe('the lifecycle route', () => {
  it('runs in workerd', () => {
    expect(navigator.userAgent).toBe('Cloudflare-Workers');
  });

  it('answers the validation handshake with the decoded token as text', async () => {
    const response = await postLifecycle('', '?validationToken=Validation%3A%20Testing%20123');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe('Validation: Testing 123');
  });

  it('serves nothing outside the configured path', async () => {
    const response = await exports.default.fetch('https://lifeline.example/other', {
      method: 'POST',
    });
    expect(response.status).toBe(404);
  });

  it('answers 503 when it is not configured, without echoing a secret', async () => {
    const request = new Request('https://lifeline.example/graph/lifecycle', { method: 'POST' });
    const broken = { ...env, TENANT_ID: '', CLIENT_SECRET: '' };
    const response = await worker.fetch(request, broken, createExecutionContext());
    expect(response.status).toBe(503);
    expect(await response.text()).not.toContain(emulator().secretApp.clientSecret);
  });

  it('queues a reauthorizationRequired and the consumer reauthorizes it', async () => {
    const fixture = emulator();
    const subscription = await createSubscription(fixture);
    await sendLifecycle(fixture, subscription.id, 'reauthorizationRequired');
    const body = await lifecycleBodyFor(subscription.id);
    expect(body).toContain('validationTokens');

    const response = await postLifecycle(body);
    expect(response.status).toBe(202);

    const reauthorized = await eventually(async () => {
      const found = await calls(fixture, {
        operation: 'reauthorize',
        subscriptionId: subscription.id,
      });
      return found.find((call) => call.status === 204);
    }, 'the reauthorize call');
    expect(reauthorized.appId).toBe(fixture.secretApp.clientId);
    const entry = await eventually(async () => {
      const stored = await objectOf(subscription.id).get(subscription.id);
      return stored?.lastResult === 'done' ? stored : undefined;
    }, 'the ledger entry');
    expect(entry.lastCall).toMatchObject({ action: 'reauthorize', result: 'done' });
  });

  it('answers 202 to a forged clientState and queues nothing', async () => {
    const fixture = emulator();
    const subscription = await createSubscription(fixture);
    const forged = JSON.stringify({
      value: [
        {
          subscriptionId: subscription.id,
          subscriptionExpirationDateTime: subscription.expirationDateTime,
          tenantId: fixture.tenantId,
          clientState: `${clientState}-guessed`,
          lifecycleEvent: 'reauthorizationRequired',
        },
      ],
    });
    const queue = recordingQueue();
    expect((await postWith(forged, queue)).status).toBe(202);
    expect(queue.sent).toEqual([]);
  });

  it('answers 202 to validation tokens that fail and queues nothing; genuine ones queue', async () => {
    const fixture = emulator();
    const subscription = await createSubscription(fixture);
    await sendLifecycle(fixture, subscription.id, 'reauthorizationRequired');
    const genuine = await lifecycleBodyFor(subscription.id);
    // The same body with its token's signature broken: the clientState still matches.
    const tampered = genuine.replace(
      /("validationTokens":\["[^"]+)[A-Za-z0-9_-]{8}"/,
      '$1AAAAAAAA"',
    );
    expect(tampered).not.toBe(genuine);

    const queue = recordingQueue();
    expect((await postWith(tampered, queue)).status).toBe(202);
    expect(queue.sent).toEqual([]);
    expect((await postWith(genuine, queue)).status).toBe(202);
    expect(queue.sent).toHaveLength(1);
    expect(queue.sent[0]).toMatchObject({
      version: 1,
      value: [{ subscriptionId: subscription.id, lifecycleEvent: 'reauthorizationRequired' }],
    });
    expect(JSON.stringify(queue.sent)).not.toContain(clientState);
  });
});

// A queue binding that keeps what is sent, so that "nothing was queued" can be checked at once:
// the route awaits the queue before it answers.
function recordingQueue() {
  const sent: unknown[] = [];
  const queue = {
    sent,
    send: async (body: unknown) => void sent.push(body),
    sendBatch: async (messages: Iterable<{ body: unknown }>) => {
      for (const message of messages) sent.push(message.body);
    },
  };
  return queue;
}

async function postWith(body: string, queue: ReturnType<typeof recordingQueue>) {
  const request = new Request('https://lifeline.example/graph/lifecycle', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const context = createExecutionContext();
  const response = await worker.fetch(
    request,
    { ...env, LIFECYCLE_QUEUE: queue as never },
    context,
  );
  await waitOnExecutionContext(context);
  return response;
}
