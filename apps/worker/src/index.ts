/**
 * Lifeline on Cloudflare Workers. `fetch` answers Graph's lifecycle notifications and queues the
 * screened work; `queue` acts on it (and records what the dead-letter queue receives);
 * `scheduled` renews subscriptions before they expire. Each subscription's state lives in a
 * `LedgerObject` Durable Object.
 *
 * @module
 */
import { handleFetch } from './app.js';
import { consumeLifecycleBatch } from './consumer.js';
import { recordDeadLetters } from './dead-letters.js';
import type { WorkerEnv } from './env.js';
import { graphClientFor } from './graph.js';
import { consoleLogger as logger } from './logger.js';
import { renewExpiringSubscriptions } from './renewal.js';
import { readSettings } from './settings.js';

export { LedgerObject } from './ledger-object.js';

export default {
  fetch: handleFetch,

  async queue(batch, env, _context) {
    const settings = readSettings(env);
    if (!settings.ok) {
      logger.error({ event: 'lifeline.config.invalid', problems: settings.problems });
      batch.retryAll({ delaySeconds: 300 });
    } else if (batch.queue === settings.value.deadLetterQueue) {
      await recordDeadLetters(batch, env.LEDGER, logger);
    } else {
      await consumeLifecycleBatch(batch, { env, settings: settings.value, logger });
    }
  },

  async scheduled(controller, env, _context) {
    const settings = readSettings(env);
    if (!settings.ok) {
      logger.error({ event: 'lifeline.config.invalid', problems: settings.problems });
      return;
    }
    await renewExpiringSubscriptions({
      graph: graphClientFor(settings.value),
      namespace: env.LEDGER,
      now: new Date(controller.scheduledTime),
      renewWithinMs: settings.value.renewWithinMs,
      logger,
    });
  },
} satisfies ExportedHandler<WorkerEnv>;
