/**
 * The dead-letter queue's consumer: every message that could not be acted on is logged as an
 * error and recorded in its subscription's Durable Object, where the operator finds the reason
 * and the work next to the subscription's ledger entry.
 *
 * @module
 */
import type { Logger } from '@lifeline/core';
import { type LedgerNamespace, subscriptionObject } from './durable-ledger.js';
import { deadLetterOf, queuedItemsOf } from './work-queue.js';

/** Records and acknowledges every dead letter of a batch. Never rejects. */
export async function recordDeadLetters(
  batch: MessageBatch<unknown>,
  namespace: LedgerNamespace,
  logger: Logger,
): Promise<void> {
  for (const message of batch.messages) {
    const letter = deadLetterOf(message.body, message.attempts, new Date());
    const items = queuedItemsOf(letter.work);
    try {
      for (const item of items) {
        await subscriptionObject(namespace, item.subscriptionId).recordDeadLetter({
          ...item,
          reason: letter.reason,
          attempts: letter.attempts,
          at: letter.at,
        });
      }
      logger.error({
        event: 'lifeline.deadLetter.recorded',
        messageId: message.id,
        subscriptionIds: items.map((item) => item.subscriptionId),
        reason: letter.reason,
        attempts: letter.attempts,
      });
      message.ack();
    } catch (error) {
      const detail = error instanceof Error ? error.message : 'unknown';
      logger.error({ event: 'lifeline.deadLetter.unrecorded', messageId: message.id, detail });
      message.retry();
    }
  }
}
