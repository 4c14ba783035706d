// The renewal cron against an emulator of its own, whose clock the test moves: subscriptions that
// come within the renewal window are renewed to their resource's longest lifetime, and the
// 10-minute rule holds a renewal back after a reauthorize.

import { createExecutionContext, createScheduledController } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import type { Subscription } from '@lifeline/core';
import { describe, expect, inject, it } from 'vitest';
import worker from '../src/index.js';
import { admin, calls, createSubscription, objectOf } from './worker/harness.js';

const fixture = () => inject('cronEmulator');
const minute = 60_000;
// Outlook messages: the service refuses more than 10,070 minutes; the worker keeps 5 in hand.
const mailLifetimeMinutes = 10_070;

function cronEnv() {
  const emulator = fixture();
  return {
    ...env,
    TENANT_ID: emulator.tenantId,
    CLIENT_ID: emulator.secretApp.clientId,
    CLIENT_SECRET: emulator.secretApp.clientSecret,
    GRAPH_URL: emulator.url,
    LOGIN_URL: emulator.url,
  };
}

async function emulatorNow(): Promise<Date> {
  return new Date((await admin<{ now: string }>(fixture(), 'GET', '/clock')).now);
}

async function advance(minutes: number): Promise<Date> {
  return new Date(
    (await admin<{ now: string }>(fixture(), 'POST', '/clock/advance', { minutes })).now,
  );
}

async function runCron(scheduledTime: Date): Promise<void> {
  const controller = createScheduledController({ scheduledTime, cron: '*/15 * * * *' });
  await worker.scheduled(controller, cronEnv(), createExecutionContext());
}

async function renewals(subscription: Subscription) {
  return calls(fixture(), { operation: 'renew', subscriptionId: subscription.id });
}

describe('the renewal cron', () => {
  it('renews what expires within the window, holds back after a reauthorize, skips the rest', async () => {
    const created = await emulatorNow();
    const expiring = await createSubscription(fixture(), { now: created, expiresInMinutes: 4320 });
    const challenged = await createSubscription(fixture(), {
      now: created,
      expiresInMinutes: 4320,
    });

    // 62 hours on, both have 10 hours left: inside the 12-hour window.
    const now = await advance(62 * 60);
    const later = await createSubscription(fixture(), { now, expiresInMinutes: 4320 });
    await objectOf(challenged.id).put(challenged.id, {
      subscriptionId: challenged.id,
      lastCall: {
        action: 'reauthorize',
        at: new Date(now.getTime() - 2 * minute).toISOString(),
        result: 'done',
      },
      updatedAt: now.toISOString(),
    });
    await runCron(now);

    const [renewal] = await renewals(expiring);
    expect(renewal?.status).toBe(200);
    const renewed = await admin<Subscription>(fixture(), 'GET', `/subscriptions/${expiring.id}`);
    const lifetime = (Date.parse(renewed.expirationDateTime) - now.getTime()) / minute;
    expect(lifetime).toBeGreaterThan(mailLifetimeMinutes - 10);
    expect(lifetime).toBeLessThanOrEqual(mailLifetimeMinutes);
    const entry = await objectOf(expiring.id).get(expiring.id);
    expect(entry?.lastCall).toMatchObject({ action: 'renew', result: 'done' });
    expect(entry?.resource).toBe(expiring.resource);

    expect(await renewals(challenged)).toEqual([]);
    expect(await renewals(later)).toEqual([]);

    // Ten minutes after the reauthorize, the next run renews it.
    const next = await advance(15);
    await runCron(next);
    expect((await renewals(challenged)).map((call) => call.status)).toEqual([200]);
    expect(await renewals(later)).toEqual([]);
    expect(await renewals(expiring)).toHaveLength(1);
  });
});
