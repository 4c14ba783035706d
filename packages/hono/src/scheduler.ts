/**
 * Work done after the response: handed to the runtime's `waitUntil` where there is one (Cloudflare
 * Workers, other edge runtimes), and always tracked, so that a Node process can drain it before
 * it exits.
 *
 * @module
 */
import type { Logger } from '@lifeline/core';
import type { Context } from 'hono';
import { logTaskFailure } from './log.js';

/** Runs tasks after the response and waits for them on demand. */
export interface Scheduler {
  /** Starts a task that must not hold up the response; what it throws is logged. */
  run(c: Context, name: string, task: () => Promise<void>): void;
  /** Resolves once every task started so far, and every task those started, has settled. */
  drain(): Promise<void>;
}

/** A scheduler that logs failed tasks through `logger`. */
export function createScheduler(logger: Logger): Scheduler {
  const pending = new Set<Promise<void>>();

  const run = (c: Context, name: string, task: () => Promise<void>): void => {
    const promise = Promise.resolve()
      .then(task)
      .catch((error: unknown) => logTaskFailure(logger, name, error))
      .finally(() => pending.delete(promise));
    pending.add(promise);
    waitUntilOf(c)?.(promise);
  };

  const drain = async (): Promise<void> => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  };

  return { run, drain };
}

// Hono's `executionCtx` getter throws where the runtime passed no context (Node, Bun, tests), so
// the runtime is read from what it gave, never guessed from globals.
function waitUntilOf(c: Context): ((promise: Promise<unknown>) => void) | undefined {
  const context = readExecutionContext(c);
  const waitUntil = (context as { waitUntil?: unknown } | undefined)?.waitUntil;
  if (typeof waitUntil !== 'function') return undefined;
  return (promise) => waitUntil.call(context, promise);
}

// On Node every request asks, and capturing the stack trace of the error thrown is most of what
// asking costs, so none is captured meanwhile (where the engine has the V8 setting).
function readExecutionContext(c: Context): unknown {
  const errors = Error as { stackTraceLimit?: unknown };
  const limit = errors.stackTraceLimit;
  const lowered = typeof limit === 'number' && setStackTraceLimit(errors, 0);
  try {
    return c.executionCtx;
  } catch {
    return undefined;
  } finally {
    if (lowered) setStackTraceLimit(errors, limit);
  }
}

function setStackTraceLimit(errors: { stackTraceLimit?: unknown }, value: number): boolean {
  try {
    errors.stackTraceLimit = value;
    return true;
  } catch {
    return false;
  }
}
