/**
 * The app's part of the lifecycle, for `lifeline serve`: Lifeline cannot know how to create a
 * removed subscription again or what to resync after `missed`, so the operator names a shell
 * command for each, and the server runs it with the notification in its environment.
 * See https://learn.microsoft.com/graph/change-notifications-lifecycle-events
 *
 * @module
 */
import { spawn } from 'node:child_process';
import type { LifecycleHookContext, LifecycleHooks, LifecycleNotification } from '@lifeline/core';

/** The shell commands to run, by hook. */
export interface HookCommands {
  /** Run for `subscriptionRemoved`, and when Graph answers 404 to a reauthorize or renew. */
  readonly onRemoved?: string | undefined;
  /** Run for `missed`. */
  readonly onMissed?: string | undefined;
}

// A hook that hangs must not hold a piece of work forever.
const hookTimeoutMs = 5 * 60_000;

/** Hooks that run the given commands; absent commands leave the hook unset. */
export function commandHooks(commands: HookCommands): LifecycleHooks {
  return {
    onSubscriptionRemoved: commands.onRemoved ? runner(commands.onRemoved) : undefined,
    onMissed: commands.onMissed ? runner(commands.onMissed) : undefined,
  };
}

function runner(command: string) {
  return (notification: LifecycleNotification, context: LifecycleHookContext) =>
    runHook(command, hookEnvironment(notification, context));
}

/** What a hook command learns, as environment variables. Never the clientState. */
export function hookEnvironment(
  notification: LifecycleNotification,
  context: LifecycleHookContext,
): Record<string, string> {
  const optional = {
    LIFELINE_TENANT_ID: notification.tenantId,
    LIFELINE_RESOURCE: context.entry?.resource,
    LIFELINE_EXPIRATION_DATE_TIME:
      notification.subscriptionExpirationDateTime ?? context.entry?.expirationDateTime,
  };
  return {
    LIFELINE_SUBSCRIPTION_ID: notification.subscriptionId,
    LIFELINE_LIFECYCLE_EVENT: notification.rawLifecycleEvent,
    LIFELINE_HOOK_CAUSE: context.cause,
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
  } as Record<string, string>;
}

/**
 * Runs `command` with `sh -c`, its output passed through to the server's stderr.
 *
 * @throws {Error} (as a rejected promise) when it exits non-zero, is killed, or times out; the
 *   outcome is then `failed` with code `ERR_HOOK`.
 */
export function runHook(command: string, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', command], {
      env: { ...process.env, ...env },
      // The server's stdout carries its JSON log lines; a hook's output goes to stderr.
      stdio: ['ignore', 2, 2],
      timeout: hookTimeoutMs,
    });
    child.once('error', (error) =>
      reject(new Error(`the hook command could not start: ${error.message}`)),
    );
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `the hook command ${signal ? `was killed by ${signal}` : `exited with ${code}`}`,
          ),
        );
    });
  });
}
