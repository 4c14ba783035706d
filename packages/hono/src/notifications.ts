/**
 * A notification POST after its body limit: read with core, answered `202`, and the work done
 * after the response, or screened and queued before it.
 * See https://learn.microsoft.com/graph/change-notifications-lifecycle-events
 *
 * @module
 */
import {
  handleLifecycleNotifications,
  type LifecycleBatch,
  type LifecycleNotification,
  type NotificationCollection,
  screenLifecycleBatch,
  settleRepeats,
} from '@lifeline/core';
import type { Context } from 'hono';
import { readNotificationBody } from './body.js';
import {
  logOutcomes,
  logRejectedRequest,
  logTaskFailure,
  logTokenFailures,
  logWarnings,
} from './log.js';
import type { RoutesSettings } from './options.js';
import type { Scheduler } from './scheduler.js';
import { toLifecycleWork } from './work.js';

/**
 * Answers a notification POST. `202` for every collection, including items that are rejected
 * (forged, mismatched): Graph must not retry them, and the sender learns nothing. `400` for a
 * body that is not a collection; `503` when queueing failed, so that Graph retries.
 */
export async function acceptNotifications(
  c: Context,
  settings: RoutesSettings,
  scheduler: Scheduler,
): Promise<Response> {
  const read = await readNotificationBody(c.req.raw);
  if (!read.ok) {
    logRejectedRequest(settings.logger, read.reason, read.status, read.message);
    return c.text(read.message, read.status);
  }
  const { collection } = read;
  const receivedAt = settings.now().toISOString();
  logSetAside(settings, collection);
  handOverChanges(c, collection, receivedAt, settings, scheduler);
  if (collection.lifecycle.length === 0) return c.body(null, 202);

  if (settings.enqueue) return enqueueScreened(c, collection, receivedAt, settings);
  scheduler.run(c, 'lifecycle', () => handleAfterResponse(collection, receivedAt, settings));
  return c.body(null, 202);
}

async function handleAfterResponse(
  collection: NotificationCollection,
  receivedAt: string,
  settings: RoutesSettings,
): Promise<void> {
  const result = await handleLifecycleNotifications(batchOf(collection), settings.handle);
  logWarnings(settings.logger, result.warnings);
  logTokenFailures(settings.logger, result.tokenFailures);
  logOutcomes(settings.logger, result.outcomes, { receivedAt, now: settings.now() });
}

// Queueing is about durability: the work is screened and written before Graph hears `202`, and
// forged or mismatched notifications never reach the queue.
async function enqueueScreened(
  c: Context,
  collection: NotificationCollection,
  receivedAt: string,
  settings: RoutesSettings,
): Promise<Response> {
  const { logger } = settings;
  const screened = await screenLifecycleBatch(batchOf(collection), settings.handle);
  logWarnings(logger, screened.warnings);
  logTokenFailures(logger, screened.tokenFailures);
  logOutcomes(logger, screened.rejected, { receivedAt, now: settings.now() });
  if (screened.rejected.some((outcome) => outcome.result === 'failed')) {
    logRejectedRequest(logger, 'screening_failed', 503, 'a clientState lookup failed');
    return c.text('Service Unavailable', 503);
  }

  const open = await settleAnswered(screened.accepted, receivedAt, settings);
  try {
    for (const work of toLifecycleWork(open, receivedAt)) {
      await settings.enqueue?.(work);
    }
  } catch (error) {
    logTaskFailure(logger, 'enqueue', error);
    logRejectedRequest(logger, 'enqueue_failed', 503, 'the work could not be queued');
    return c.text('Service Unavailable', 503);
  }
  if (open.length > 0) {
    logger.info({ event: 'lifeline.lifecycle.enqueued', count: open.length });
  }
  return c.body(null, 202);
}

// Challenges answered already are logged as ignored here and never queued; the rest go on.
async function settleAnswered(
  accepted: LifecycleNotification[],
  receivedAt: string,
  settings: RoutesSettings,
): Promise<LifecycleNotification[]> {
  if (!settings.settleRepeats || accepted.length === 0) return accepted;
  const { ledger, policy, now } = settings.act;
  const { open, settled } = await settleRepeats(accepted, { ledger, policy, now });
  logOutcomes(settings.logger, settled, { receivedAt, now: now() });
  return open;
}

function handOverChanges(
  c: Context,
  collection: NotificationCollection,
  receivedAt: string,
  settings: RoutesSettings,
  scheduler: Scheduler,
): void {
  const { changes } = collection;
  if (changes.length === 0) return;
  const hook = settings.onChangeNotifications;
  if (!hook) {
    settings.logger.warn({ event: 'lifeline.changes.unhandled', count: changes.length });
    return;
  }
  const context = {
    validationTokens: collection.validationTokens,
    validationTokensNull: collection.validationTokensNull,
    receivedAt,
  };
  scheduler.run(c, 'onChangeNotifications', async () => hook(changes, context));
}

function logSetAside(settings: RoutesSettings, collection: NotificationCollection): void {
  const { rejected } = collection;
  if (rejected.length === 0) return;
  const reasons = [...new Set(rejected.map((item) => item.reason))];
  settings.logger.warn({ event: 'lifeline.items.rejected', count: rejected.length, reasons });
}

function batchOf(collection: NotificationCollection): LifecycleBatch {
  return {
    lifecycle: collection.lifecycle,
    validationTokens: collection.validationTokens,
    validationTokensNull: collection.validationTokensNull,
  };
}
