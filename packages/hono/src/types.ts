/**
 * The options of the lifecycle routes and the shapes they hand to the app: queued work and change
 * notifications.
 *
 * @module
 */
import type {
  ChangeNotification,
  ClientStateLookup,
  Clock,
  Cloud,
  FetchFunction,
  GraphClientOptions,
  Ledger,
  LifecycleGraph,
  LifecycleHooks,
  LifecyclePolicy,
  Logger,
  MaybePromise,
  ValidationKeys,
} from '@lifeline/core';

/**
 * One lifecycle notification in {@link LifecycleWork}: Graph's own shape, minus `clientState`
 * (already checked, and a secret that has no place in a queue).
 * See https://learn.microsoft.com/graph/change-notifications-lifecycle-events
 */
export interface LifecycleWorkItem {
  readonly subscriptionId: string;
  readonly tenantId?: string;
  readonly subscriptionExpirationDateTime?: string;
  /** As Graph spelled it, also for events this version does not know. */
  readonly lifecycleEvent: string;
}

/**
 * Lifecycle notifications that passed screening (clientState and validation tokens), handed to
 * `enqueue`. Plain JSON, so it crosses a queue or a database unchanged; a consumer passes it to
 * {@link processLifecycleWork}, which checks its shape again.
 */
export interface LifecycleWork {
  readonly version: 1;
  /** When the endpoint received the notifications, ISO 8601. */
  readonly receivedAt: string;
  /** At most {@link maxWorkItems} notifications, in posted order. */
  readonly value: readonly LifecycleWorkItem[];
}

/** What {@link LifecycleRoutesOptions.onChangeNotifications} learns besides the notifications. */
export interface ChangeNotificationsContext {
  /** The batch's validation tokens, not verified: verify them if the app relies on them. */
  readonly validationTokens: readonly string[];
  /** True when Graph sent `null` validation tokens. */
  readonly validationTokensNull: boolean;
  /** When the endpoint received the batch, ISO 8601. */
  readonly receivedAt: string;
}

/**
 * The Graph calls the routes make: a client (such as one from `createGraphClient`, or any object
 * with `reauthorize` and `renew`), or the options to build one.
 */
export type LifecycleGraphOption = LifecycleGraph | GraphClientOptions;

/** Options of `lifecycleRoutes`. Only `graph` and `clientState` (or tokens) are required. */
export interface LifecycleRoutesOptions {
  /** Performs reauthorize and renew: a Graph client, or `{ tokenSource, fetch?, cloud?, … }`. */
  readonly graph: LifecycleGraphOption;
  /**
   * The `clientState` the subscriptions were created with: one value, or a lookup by
   * subscription id (it may be async). Required unless `requireValidationTokens` is true.
   */
  readonly clientState?: string | ClientStateLookup | undefined;
  /** The app (client) ids validation tokens may name; enables token verification. */
  readonly appIds?: readonly string[] | undefined;
  /** When given, the only tenants whose validation tokens are accepted. */
  readonly tenantIds?: readonly string[] | undefined;
  /** The national cloud (for Entra ID's keys, and for `graph` when it is built). Default global. */
  readonly cloud?: Cloud | undefined;
  /** The keys validation tokens are checked against. Default: the cloud's, fetched and cached. */
  readonly keys?: ValidationKeys | undefined;
  /** Fetches Entra ID's keys. Default: the global `fetch`. */
  readonly fetch?: FetchFunction | undefined;
  /** Reject every batch that carries no validation tokens. Needs `appIds`. Default false. */
  readonly requireValidationTokens?: boolean | undefined;
  /** How challenges are answered; see core's `LifecyclePolicy`. */
  readonly policy?: LifecyclePolicy | undefined;
  /** Where actions are remembered. Default: in memory, for this routes object. */
  readonly ledger?: Ledger | undefined;
  /** `subscriptionRemoved`, or Graph answered 404: create a new subscription, then resync. */
  readonly onSubscriptionRemoved?: LifecycleHooks['onSubscriptionRemoved'];
  /** `missed`: resync the resource, e.g. with a delta query. */
  readonly onMissed?: LifecycleHooks['onMissed'];
  /**
   * Change notifications posted to the same URL, handed over after the response. They are not
   * checked: compare `clientState` with core's `clientStateMatches` before trusting one.
   */
  readonly onChangeNotifications?:
    | ((changes: ChangeNotification[], context: ChangeNotificationsContext) => MaybePromise<void>)
    | undefined;
  /**
   * Hands screened work to a durable queue. When given, the endpoint awaits it before answering
   * `202`, and answers `503` (so that Graph retries) when it fails.
   */
  readonly enqueue?: ((work: LifecycleWork) => Promise<void>) | undefined;
  /**
   * With `enqueue`: settle, before queueing, each screened challenge that the ledger shows was
   * answered already (a reauthorize or renewal for its subscription succeeded within the policy's
   * dedupe window), and log its `ignored` outcome instead of queueing it. Graph repeats a
   * challenge until it is answered; this keeps the repeats out of the queue. It reads the ledger
   * once per notification before the `202`, so use it where reading the ledger is cheap (in
   * memory, or a local database). Default false.
   */
  readonly settleRepeats?: boolean | undefined;
  /** Receives structured log events. Default: none. */
  readonly logger?: Logger | undefined;
  /** The largest body accepted, in bytes. Default 1 MiB. */
  readonly bodyLimit?: number | undefined;
  /** The clock. Default: the system's. */
  readonly now?: Clock | undefined;
  /** Serve `GET {mount}/status` from the ledger's `list()`. Default false. */
  readonly statusRoute?: boolean | undefined;
  /** How many subscriptions are worked on at once. Default 4. */
  readonly concurrency?: number | undefined;
}

/** The most notifications one {@link LifecycleWork} holds (about 25 KB of JSON). */
export const maxWorkItems = 100;
