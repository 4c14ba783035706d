/**
 * Hears the server's log events during the demo: each lifecycle outcome is kept and announced as
 * it happens, and the demo can wait (with a bound) until the outcomes it expects have arrived.
 *
 * @module
 */
import type { LogEvent, Logger } from '@lifeline/core';

/** One handled lifecycle notification, from the server's `lifeline.lifecycle.outcome` event. */
export interface DemoOutcome {
  readonly subscriptionId: string;
  readonly lifecycleEvent: string;
  readonly action: string | undefined;
  readonly result: string;
  readonly errorCode: string | undefined;
}

/** The outcomes so far, and a logger that feeds them. */
export interface OutcomeTracker {
  readonly logger: Logger;
  readonly outcomes: readonly DemoOutcome[];
  /** Errors the server logged, for the summary. */
  readonly errors: readonly LogEvent[];
  /**
   * Resolves once `count` outcomes satisfy `matches`.
   *
   * @throws {Error} when they have not all arrived within `timeoutMs`.
   */
  waitFor(
    count: number,
    matches: (outcome: DemoOutcome) => boolean,
    timeoutMs?: number,
  ): Promise<void>;
}

interface Waiter {
  readonly count: number;
  readonly matches: (outcome: DemoOutcome) => boolean;
  readonly resolve: () => void;
}

/** Creates a tracker; `announce` is called for each outcome as it arrives. */
export function createOutcomeTracker(announce: (outcome: DemoOutcome) => void): OutcomeTracker {
  const outcomes: DemoOutcome[] = [];
  const errors: LogEvent[] = [];
  const waiters = new Set<Waiter>();
  const satisfied = (waiter: Waiter) => outcomes.filter(waiter.matches).length >= waiter.count;

  const hear = (event: LogEvent) => {
    if (event.event !== 'lifeline.lifecycle.outcome') return;
    const outcome = toOutcome(event);
    outcomes.push(outcome);
    announce(outcome);
    for (const waiter of waiters) if (satisfied(waiter)) waiter.resolve();
  };
  const logger: Logger = {
    info: hear,
    warn: hear,
    error: (event) => {
      if (event.event !== 'lifeline.lifecycle.outcome') errors.push(event);
      hear(event);
    },
  };

  return {
    logger,
    outcomes,
    errors,
    waitFor(count, matches, timeoutMs = 15_000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const handled = outcomes.filter(matches).length;
          reject(new Error(`the server handled ${handled} of ${count} expected notifications`));
        }, timeoutMs);
        const waiter: Waiter = {
          count,
          matches,
          resolve: () => {
            clearTimeout(timer);
            waiters.delete(waiter);
            resolve();
          },
        };
        waiters.add(waiter);
        if (satisfied(waiter)) waiter.resolve();
      });
    },
  };
}

function toOutcome(event: LogEvent): DemoOutcome {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    subscriptionId: text(event.subscriptionId) ?? '',
    lifecycleEvent: text(event.lifecycleEvent) ?? '',
    action: text(event.action),
    result: text(event.result) ?? '',
    errorCode: text(event.errorCode),
  };
}
