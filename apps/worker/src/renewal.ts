/**
 * The renewal cron: lists the app's subscriptions, records each one's template, and renews those
 * that expire within the configured window to their resource's longest lifetime, under each
 * subscription's lease and never within 10 minutes of a reauthorize.
 * See https://learn.microsoft.com/graph/api/subscription-update
 *
 * @module
 */
import {
  defaultLifecyclePolicy,
  type GraphClient,
  type LedgerEntry,
  type LedgerResult,
  type Logger,
  maxSubscriptionLifetime,
  reauthorizeRenewGapMs,
  type Subscription,
} from '@lifeline/core';
import {
  createDurableLedger,
  type LedgerNamespace,
  subscriptionObject,
  withLeases,
} from './durable-ledger.js';
import { templateOf } from './template.js';

/** Options of {@link renewExpiringSubscriptions}. */
export interface RenewalOptions {
  readonly graph: Pick<GraphClient, 'list' | 'renew'>;
  readonly namespace: LedgerNamespace;
  /** The run's time: the cron's scheduled time. */
  readonly now: Date;
  /** Renew subscriptions that expire within this many milliseconds. */
  readonly renewWithinMs: number;
  readonly logger: Logger;
}

/** Why a subscription was not renewed in a run. */
export type RenewalSkip =
  | 'not_due'
  | 'busy'
  | 'ten_minute_rule'
  | 'in_flight'
  | 'already_longest'
  | 'expired';

/** What one run did, per subscription id. */
export interface RenewalReport {
  readonly listed: number;
  readonly renewed: string[];
  readonly failed: string[];
  readonly skipped: Record<string, RenewalSkip>;
}

const concurrentRenewals = 4;

/**
 * Lists the subscriptions and renews the ones due.
 *
 * @throws {LifelineError} when the list itself fails; a failed renewal is reported, not thrown.
 */
export async function renewExpiringSubscriptions(options: RenewalOptions): Promise<RenewalReport> {
  const subscriptions = await options.graph.list();
  const report: RenewalReport = {
    listed: subscriptions.length,
    renewed: [],
    failed: [],
    skipped: {},
  };
  for (let start = 0; start < subscriptions.length; start += concurrentRenewals) {
    const slice = subscriptions.slice(start, start + concurrentRenewals);
    await Promise.all(slice.map((subscription) => visit(subscription, options, report)));
  }
  options.logger.info({ event: 'lifeline.renewal.run', ...summaryOf(report) });
  return report;
}

// One subscription's failure (its object unreachable, say) is reported and does not stop the run.
async function visit(
  subscription: Subscription,
  options: RenewalOptions,
  report: RenewalReport,
): Promise<void> {
  try {
    await visitOne(subscription, options, report);
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'unknown';
    options.logger.error({
      event: 'lifeline.renewal.failed',
      subscriptionId: subscription.id,
      detail,
    });
    report.failed.push(subscription.id);
  }
}

async function visitOne(
  subscription: Subscription,
  options: RenewalOptions,
  report: RenewalReport,
): Promise<void> {
  const id = subscription.id;
  // Recorded for every subscription, so that one Graph removes later can be re-created.
  const object = subscriptionObject(options.namespace, id);
  await object.putTemplate(templateOf(subscription, options.now));
  const expiresAt = Date.parse(subscription.expirationDateTime);
  const left = expiresAt - options.now.getTime();
  if (!(left <= options.renewWithinMs)) {
    report.skipped[id] = 'not_due';
    return;
  }
  if (left <= 0) {
    report.skipped[id] = 'expired';
    return;
  }
  const leased = await withLeases(options.namespace, [id], () => renew(subscription, options));
  const outcome = leased.ran ? leased.value : 'busy';
  if (outcome === 'done') report.renewed.push(id);
  else if (outcome === 'failed') report.failed.push(id);
  else report.skipped[id] = outcome;
}

async function renew(
  subscription: Subscription,
  options: RenewalOptions,
): Promise<'done' | 'failed' | RenewalSkip> {
  const ledger = createDurableLedger(options.namespace);
  const entry = await ledger.get(subscription.id);
  const held = heldBack(entry, options.now);
  if (held) return held;

  const target = renewalTarget(subscription, options.now);
  if (target.getTime() <= Date.parse(subscription.expirationDateTime)) return 'already_longest';

  const at = options.now.toISOString();
  const record = (result: LedgerResult, expirationDateTime: string) =>
    ledger.put(
      subscription.id,
      entryAfter(entry, subscription, { at, result, expirationDateTime }),
    );
  await record('pending', subscription.expirationDateTime);
  try {
    const renewed = await options.graph.renew(subscription.id, target);
    await record('done', renewed.expirationDateTime);
    return 'done';
  } catch (error) {
    await record('failed', subscription.expirationDateTime);
    const detail = error instanceof Error ? error.message : 'unknown';
    const fields = { subscriptionId: subscription.id, detail };
    options.logger.error({ event: 'lifeline.renewal.failed', ...fields });
    return 'failed';
  }
}

// Graph forbids a reauthorize and a renew for one subscription within 10 minutes; a renew still
// recorded as under way is left to finish. The next run, 15 minutes on, tries again.
function heldBack(entry: LedgerEntry | undefined, now: Date): RenewalSkip | undefined {
  const call = entry?.lastCall;
  if (!call) return undefined;
  const age = now.getTime() - Date.parse(call.at);
  if (call.action === 'reauthorize' && age < reauthorizeRenewGapMs) return 'ten_minute_rule';
  if (call.result === 'pending' && age < defaultLifecyclePolicy.inFlightTimeoutMs) {
    return 'in_flight';
  }
  return undefined;
}

function renewalTarget(subscription: Subscription, now: Date): Date {
  const minutes =
    maxSubscriptionLifetime(subscription.resource, {
      includeResourceData: subscription.includeResourceData === true,
    }) ?? defaultLifecyclePolicy.defaultLifetimeMinutes;
  return new Date(now.getTime() + minutes * 60_000 - defaultLifecyclePolicy.lifetimeMarginMs);
}

function entryAfter(
  entry: LedgerEntry | undefined,
  subscription: Subscription,
  call: { at: string; result: LedgerResult; expirationDateTime: string },
): LedgerEntry {
  return {
    ...entry,
    subscriptionId: subscription.id,
    resource: subscription.resource,
    includeResourceData: subscription.includeResourceData ?? undefined,
    expirationDateTime: call.expirationDateTime,
    lastAction: 'renew',
    lastActionAt: call.at,
    lastResult: call.result,
    lastCall: { action: 'renew', at: call.at, result: call.result },
    updatedAt: call.at,
  };
}

function summaryOf(report: RenewalReport) {
  return {
    listed: report.listed,
    renewed: report.renewed.length,
    failed: report.failed.length,
    skipped: Object.keys(report.skipped).length,
  };
}
