/**
 * Normalising the routes' options into a new, frozen object with every default filled in. The
 * caller's object is never changed.
 *
 * @module
 */
import {
  type Clock,
  type Cloud,
  clouds,
  createEntraKeySet,
  createGraphClient,
  createMemoryLedger,
  type HandleLifecycleOptions,
  InvalidInputError,
  type LifecycleGraph,
  type LifecycleVerifyOptions,
  type Logger,
  normaliseLifecyclePolicy,
} from '@lifeline/core';
import type { LifecycleGraphOption, LifecycleRoutesOptions } from './types.js';

/** The routes' settings after normalisation. */
export interface RoutesSettings {
  /** For batches as they arrive: every check, then act. */
  readonly handle: HandleLifecycleOptions;
  /** For screened work: act without checking again. */
  readonly act: HandleLifecycleOptions;
  readonly enqueue: LifecycleRoutesOptions['enqueue'];
  readonly settleRepeats: boolean;
  readonly onChangeNotifications: LifecycleRoutesOptions['onChangeNotifications'];
  readonly logger: Logger;
  readonly now: Clock;
  readonly bodyLimit: number;
  readonly statusRoute: boolean;
}

/** The default body limit: 1 MiB, room for a full batch of change notifications. */
export const defaultBodyLimit = 1024 * 1024;

/** A logger that drops every event: the default. */
export const silentLogger: Logger = Object.freeze({ info() {}, warn() {}, error() {} });

/**
 * Checks the options and fills in defaults.
 *
 * @throws {InvalidInputError} for a missing `graph`, no `clientState` without required validation
 *   tokens, required tokens without `appIds`, or an option out of range.
 */
export function normaliseRoutesOptions(options: LifecycleRoutesOptions): RoutesSettings {
  if (options?.clientState === undefined && !options?.requireValidationTokens) {
    throw new InvalidInputError(
      'clientState',
      'is required unless requireValidationTokens is true',
    );
  }
  const now = checkFunction(options.now, 'now') ?? (() => new Date());
  const act = actOptions(options, now);
  const handle: HandleLifecycleOptions = Object.freeze({
    ...act,
    clientState: options.clientState,
    requireValidationTokens: options.requireValidationTokens === true,
    verify: verifyOptions(options),
  });
  return Object.freeze({
    handle,
    act,
    enqueue: checkFunction(options.enqueue, 'enqueue'),
    settleRepeats: checkSettleRepeats(options),
    onChangeNotifications: checkFunction(options.onChangeNotifications, 'onChangeNotifications'),
    logger: options.logger ?? silentLogger,
    now,
    bodyLimit: checkBodyLimit(options.bodyLimit),
    statusRoute: options.statusRoute === true,
  });
}

/**
 * The options to act on already screened work: no `clientState` and no validation tokens.
 *
 * @throws {InvalidInputError} for a missing `graph`, an invalid policy or concurrency.
 */
export function actOptions(
  options: Pick<
    LifecycleRoutesOptions,
    'graph' | 'cloud' | 'ledger' | 'policy' | 'onSubscriptionRemoved' | 'onMissed' | 'concurrency'
  >,
  now: Clock,
): HandleLifecycleOptions {
  normaliseLifecyclePolicy(options.policy);
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new InvalidInputError('concurrency', 'must be a positive integer');
  }
  return Object.freeze({
    graph: graphOf(options.graph, options.cloud),
    ledger: options.ledger ?? createMemoryLedger({ now }),
    policy: options.policy,
    now,
    hooks: Object.freeze({
      onSubscriptionRemoved: checkFunction(options.onSubscriptionRemoved, 'onSubscriptionRemoved'),
      onMissed: checkFunction(options.onMissed, 'onMissed'),
    }),
    concurrency,
  });
}

function graphOf(graph: LifecycleGraphOption, cloud: Cloud | undefined): LifecycleGraph {
  if (typeof graph !== 'object' || graph === null) {
    throw new InvalidInputError('graph', 'must be a Graph client or the options to build one');
  }
  if ('tokenSource' in graph) return createGraphClient({ ...graph, cloud: graph.cloud ?? cloud });
  if (typeof graph.reauthorize !== 'function' || typeof graph.renew !== 'function') {
    throw new InvalidInputError('graph', 'must have reauthorize and renew, or a tokenSource');
  }
  return graph;
}

function verifyOptions(options: LifecycleRoutesOptions): LifecycleVerifyOptions | undefined {
  const appIds = options.appIds ?? [];
  if (appIds.length === 0) {
    if (options.requireValidationTokens) {
      throw new InvalidInputError('appIds', 'are required when requireValidationTokens is true');
    }
    return undefined;
  }
  const cloud = options.cloud ?? clouds.global;
  // One key set per routes object, so that Entra ID's keys are fetched once and cached.
  const keys = options.keys ?? createEntraKeySet({ cloud, fetch: options.fetch });
  return Object.freeze({
    appIds: [...appIds],
    tenantIds: options.tenantIds ? [...options.tenantIds] : undefined,
    cloud,
    keys,
    fetch: options.fetch,
  });
}

function checkSettleRepeats(options: LifecycleRoutesOptions): boolean {
  if (options.settleRepeats === true && options.enqueue === undefined) {
    throw new InvalidInputError('settleRepeats', 'needs enqueue');
  }
  return options.settleRepeats === true;
}

function checkBodyLimit(value: number | undefined): number {
  if (value === undefined) return defaultBodyLimit;
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidInputError('bodyLimit', 'must be a positive integer number of bytes');
  }
  return value;
}

function checkFunction<T>(value: T | undefined, field: string): T | undefined {
  if (value === undefined || typeof value === 'function') return value;
  throw new InvalidInputError(field, 'must be a function');
}
