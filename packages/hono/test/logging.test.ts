// Log hygiene: across every path, no logged event contains a token, a secret or a clientState.
import { clouds } from '@lifeline/core';
import { describe, expect, it } from 'vitest';
import { type LifecycleWork, lifecycleRoutes } from '../src/index.js';
import {
  appId,
  changeItem,
  clientState,
  createSigningKey,
  lifecycleItem,
  memoryGraph,
  memoryLogger,
  post,
  signValidationToken,
} from './helpers.js';

const now = new Date('2026-11-20T10:00:00.000Z');

describe('logged events', () => {
  it('never contain a validation token, a handshake token or a clientState', async () => {
    const logger = memoryLogger();
    const key = await createSigningKey('hygiene-key');
    const impostor = await createSigningKey('hygiene-key');
    const queue: LifecycleWork[] = [];
    const common = {
      graph: memoryGraph(),
      clientState,
      logger,
      now: () => now,
      appIds: [appId],
      cloud: clouds.global,
      keys: { keys: [key.publicJwk] },
      statusRoute: true,
    };
    const inProcess = lifecycleRoutes(common);
    const queued = lifecycleRoutes({ ...common, enqueue: async (work) => void queue.push(work) });

    const validToken = await signValidationToken(key, now);
    const forgedToken = await signValidationToken(impostor, now);
    const guessed = 'guessed-client-state-91c2';
    const handshakeToken = 'Validation: reachability check 5d1e';
    const secrets = [clientState, guessed, validToken, forgedToken, handshakeToken];
    const tokenParts = [validToken, forgedToken].flatMap((token) => token.split('.'));

    const requests = [
      new Request(`http://lifeline.test/?validationToken=${encodeURIComponent(handshakeToken)}`, {
        method: 'POST',
      }),
      post({ value: [lifecycleItem(1)], validationTokens: [validToken] }),
      post({ value: [lifecycleItem(2)], validationTokens: [forgedToken] }),
      post({ value: [lifecycleItem(3, 'missed', { clientState: guessed })] }),
      post({ value: [lifecycleItem(4, 'subscriptionRemoved'), changeItem(5), { x: guessed }] }),
      post(`{"value": [${JSON.stringify(guessed)}`),
      post(JSON.stringify({ value: [lifecycleItem(6)] }), { 'content-type': 'text/plain' }),
      new Request(`http://lifeline.test/?validationToken=${'y'.repeat(5000)}${guessed}`, {
        method: 'POST',
      }),
    ];
    for (const routes of [inProcess, queued]) {
      for (const request of requests) await routes.request(request.clone());
      await routes.drain();
      await routes.request('/status');
    }
    for (const work of queue) await queued.process(work);

    expect(logger.events.length).toBeGreaterThan(20);
    const logged = JSON.stringify(logger.events);
    for (const secret of [...secrets, ...tokenParts]) expect(logged).not.toContain(secret);
    expect(new Set(logger.events.map((event) => event.event))).toEqual(
      new Set([
        'lifeline.handshake',
        'lifeline.request.rejected',
        'lifeline.items.rejected',
        'lifeline.lifecycle.outcome',
        'lifeline.lifecycle.enqueued',
        'lifeline.lifecycle.warning',
        'lifeline.tokens.rejected',
        'lifeline.changes.unhandled',
      ]),
    );
  });

  it('log one outcome per notification with its ids, action, result and timings', async () => {
    const logger = memoryLogger();
    const routes = lifecycleRoutes({ graph: memoryGraph(), clientState, logger, now: () => now });
    await routes.request(post({ value: [lifecycleItem(1)] }));
    await routes.drain();
    expect(logger.named('lifeline.lifecycle.outcome')).toEqual([
      {
        event: 'lifeline.lifecycle.outcome',
        level: 'info',
        subscriptionId: lifecycleItem(1).subscriptionId,
        tenantId: lifecycleItem(1).tenantId,
        lifecycleEvent: 'reauthorizationRequired',
        action: 'reauthorize',
        result: 'done',
        retryable: undefined,
        retryAfterMs: undefined,
        errorCode: undefined,
        errorMessage: undefined,
        status: undefined,
        requestId: undefined,
        durationMs: 0,
        latencyMs: 0,
      },
    ]);
  });
});
