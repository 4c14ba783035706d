/**
 * The structured log events of the lifecycle routes. Each names its `event` and carries ids,
 * codes and timings only: never a token, a secret or a `clientState`.
 *
 * @module
 */
import type {
  LifecycleOutcome,
  LifecycleWarning,
  Logger,
  ValidationTokenFailure,
} from '@lifeline/core';

/** The names of every event the routes log. */
export type LifelineLogEvent =
  | 'lifeline.handshake'
  | 'lifeline.request.rejected'
  | 'lifeline.items.rejected'
  | 'lifeline.lifecycle.outcome'
  | 'lifeline.lifecycle.enqueued'
  | 'lifeline.lifecycle.warning'
  | 'lifeline.tokens.rejected'
  | 'lifeline.changes.unhandled'
  | 'lifeline.task.failed'
  | 'lifeline.work.invalid';

/** Why a request was refused before its notifications were looked at. */
export type RequestRejectionReason =
  | 'validation_token_too_long'
  | 'unsupported_media_type'
  | 'body_too_large'
  | 'empty_body'
  | 'malformed_json'
  | 'not_a_notification_collection'
  | 'screening_failed'
  | 'enqueue_failed';

/** Logs one refused request with its reason; `detail` must hold no value from the request. */
export function logRejectedRequest(
  logger: Logger,
  reason: RequestRejectionReason,
  status: number,
  detail?: string,
): void {
  logger.warn({ event: 'lifeline.request.rejected', reason, status, detail });
}

/**
 * Logs one event per outcome: `info` when it was done or ignored, `warn` when it was rejected,
 * `error` when it failed. `latencyMs` is measured from when the batch was received.
 */
export function logOutcomes(
  logger: Logger,
  outcomes: readonly LifecycleOutcome[],
  timing: { readonly receivedAt: string; readonly now: Date },
): void {
  const latencyMs = timing.now.getTime() - Date.parse(timing.receivedAt);
  for (const outcome of outcomes) {
    const level =
      outcome.result === 'failed' ? 'error' : outcome.result === 'rejected' ? 'warn' : 'info';
    logger[level]({
      event: 'lifeline.lifecycle.outcome',
      subscriptionId: outcome.subscriptionId,
      tenantId: outcome.tenantId,
      lifecycleEvent: outcome.lifecycleEvent,
      action: outcome.action?.type,
      result: outcome.result,
      retryable: outcome.retryable,
      retryAfterMs: outcome.retryAfterMs,
      errorCode: outcome.error?.code,
      errorMessage: outcome.error?.message,
      status: outcome.error?.status,
      requestId: outcome.error?.requestId,
      durationMs: outcome.durationMs,
      latencyMs: Number.isFinite(latencyMs) ? latencyMs : undefined,
    });
    for (const warning of outcome.warnings ?? []) logWarning(logger, warning);
  }
}

/** Logs core's warnings, one event each. */
export function logWarnings(logger: Logger, warnings: readonly LifecycleWarning[]): void {
  for (const warning of warnings) logWarning(logger, warning);
}

/** Logs why validation tokens failed: positions and reasons, never the tokens. */
export function logTokenFailures(
  logger: Logger,
  failures: readonly ValidationTokenFailure[] | undefined,
): void {
  if (!failures || failures.length === 0) return;
  const reasons = failures.map((failure) => ({ index: failure.index, reason: failure.reason }));
  logger.warn({ event: 'lifeline.tokens.rejected', failures: reasons });
}

/** Logs a background task or hook that threw, by its name and the error's name only. */
export function logTaskFailure(logger: Logger, task: string, error: unknown): void {
  const name = error instanceof Error ? error.name : typeof error;
  const code = readCode(error);
  logger.error({ event: 'lifeline.task.failed', task, errorName: name, errorCode: code });
}

function logWarning(logger: Logger, warning: LifecycleWarning): void {
  logger.warn({
    event: 'lifeline.lifecycle.warning',
    code: warning.code,
    message: warning.message,
    subscriptionId: warning.subscriptionId,
  });
}

function readCode(error: unknown): string | undefined {
  try {
    const code = (error as { code?: unknown } | null)?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}
