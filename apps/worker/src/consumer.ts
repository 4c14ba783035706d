/**
 * The lifecycle queue's consumer: each message (one subscription's screened work) is acted on
 * under that subscription's lease through `@lifeline/hono`'s `processLifecycleWork`, then
 * acknowledged, retried after Graph's `Retry-After`, or dead-lettered.
 * See https://developers.cloudflare.com/queues/configuration/batching-retries/
 *
 * @module
 */
import type { Logger } from '@lifeline/core';
import { type ProcessLifecycleWorkOptions, processLifecycleWork } from '@lifeline/hono';
import { createDurableLedger, withLeases } from './durable-ledger.js';
import type { WorkerEnv } from './env.js';
import { graphClientFor } from './graph.js';
import { recreateFromTemplate } from './recreate.js';
import type { WorkerSettings } from './settings.js';
import { judgeWork, retryOrGiveUp, type Verdict } from './verdict.js';
import { type DeadLetterMessage, queuedItemsOf } from './work-queue.js';

/** What the consumer needs besides the batch. */
export interface ConsumerContext {
  readonly env: WorkerEnv;
  readonly settings: WorkerSettings;
  readonly logger: Logger;
}

// Different subscriptions are worked on together; one subscription's messages one by one.
const concurrentSubscriptions = 4;

/** Acts on a batch from the lifecycle queue and settles every message. Never rejects. */
export async function consumeLifecycleBatch(
  batch: MessageBatch<unknown>,
  context: ConsumerContext,
): Promise<void> {
  const options = processOptions(context);
  const groups = groupBySubscription(batch.messages);
  const runGroup = async (group: readonly Message<unknown>[]) => {
    for (const message of group) await consumeMessage(message, options, context);
  };
  for (let start = 0; start < groups.length; start += concurrentSubscriptions) {
    await Promise.all(groups.slice(start, start + concurrentSubscriptions).map(runGroup));
  }
}

function processOptions(context: ConsumerContext): ProcessLifecycleWorkOptions {
  const { env, settings, logger } = context;
  const graph = graphClientFor(settings, { maxAttempts: 1 });
  const now = () => new Date();
  return {
    graph,
    cloud: settings.cloud,
    ledger: createDurableLedger(env.LEDGER),
    policy: { renewWithinMs: settings.renewWithinMs },
    onSubscriptionRemoved: recreateFromTemplate({
      graph,
      namespace: env.LEDGER,
      clientState: settings.clientState,
      now,
      logger,
    }),
    logger,
    now,
  };
}

async function consumeMessage(
  message: Message<unknown>,
  options: ProcessLifecycleWorkOptions,
  context: ConsumerContext,
): Promise<void> {
  const items = queuedItemsOf(message.body);
  const delivery = { attempts: message.attempts, maxRetries: context.settings.maxRetries };
  let verdict: Verdict;
  try {
    const result = await withLeases(
      context.env.LEDGER,
      items.map((item) => item.subscriptionId),
      () => processLifecycleWork(message.body, options),
    );
    verdict = judgeWork(result, delivery);
  } catch (error) {
    // The subscription's object could not be reached for its lease, or the work could not
    // start; both may pass, so the message is tried again until its retries run out.
    const reason = `the work could not run: ${error instanceof Error ? error.message : 'unknown'}`;
    verdict = retryOrGiveUp(delivery, undefined, reason);
  }
  await settle(message, verdict, context);
}

async function settle(message: Message<unknown>, verdict: Verdict, context: ConsumerContext) {
  const fields = { messageId: message.id, attempts: message.attempts };
  const subscriptionIds = queuedItemsOf(message.body).map((item) => item.subscriptionId);
  if (verdict.kind === 'ack') {
    message.ack();
    return;
  }
  if (verdict.kind === 'retry') {
    context.logger.warn({ event: 'lifeline.queue.retry', ...fields, subscriptionIds, ...verdict });
    message.retry({ delaySeconds: verdict.delaySeconds });
    return;
  }
  const letter: DeadLetterMessage = {
    kind: 'lifeline.deadLetter',
    work: message.body,
    reason: verdict.reason,
    attempts: message.attempts,
    at: new Date().toISOString(),
  };
  context.logger.error({
    event: 'lifeline.queue.deadLetter',
    ...fields,
    subscriptionIds,
    ...verdict,
  });
  try {
    await context.env.LIFECYCLE_DLQ.send(letter, { contentType: 'json' });
    message.ack();
  } catch {
    // Not acknowledged: the platform retries it, and moves it to the dead-letter queue itself
    // once the retries run out.
    message.retry();
  }
}

function groupBySubscription(messages: readonly Message<unknown>[]): Message<unknown>[][] {
  const groups = new Map<string, Message<unknown>[]>();
  for (const message of messages) {
    const key = queuedItemsOf(message.body)
      .map((item) => item.subscriptionId)
      .sort()
      .join(',');
    groups.set(key, [...(groups.get(key) ?? []), message]);
  }
  return [...groups.values()];
}
