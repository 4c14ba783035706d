/**
 * Failures as the CLI reports them: one line, no stack trace, nothing shaped like a token, and a
 * per-item verdict (`gone`, `invalid`, `failed`) for batch commands.
 *
 * @module
 */
import { GraphResponseError, LifelineError, redactSecrets } from '@lifeline/core';
import type { ExitCode } from './io.js';

/**
 * The whole command could not be done (sign-in failed, Graph unreachable). `main` prints its
 * message as one line and exits with `exitCode`.
 */
export class CommandFailure extends Error {
  override readonly name = 'CommandFailure';
  readonly exitCode: ExitCode;

  constructor(message: string, exitCode: ExitCode, options: { cause?: unknown } = {}) {
    super(message, options);
    this.exitCode = exitCode;
  }
}

/** How one item of a batch ended badly. */
export type ItemVerdict = 'gone' | 'invalid' | 'failed';

/** A failure described for a person and for `--json`. */
export interface DescribedFailure {
  readonly verdict: ItemVerdict;
  /** The Lifeline error code, or msal's `errorCode` for a sign-in failure. */
  readonly code: string;
  /** One line, safe to print. */
  readonly message: string;
  readonly status?: number | undefined;
  readonly requestId?: string | undefined;
}

/** The first line of a message, with anything shaped like a token removed. */
export function oneLine(text: string): string {
  return redactSecrets(text).split(/\r?\n/)[0]?.trim() ?? '';
}

/** Describes any error as a per-item verdict with a one-line reason. */
export function describeFailure(error: unknown): DescribedFailure {
  if (error instanceof GraphResponseError || isResponseError(error)) {
    return describeResponse(error);
  }
  if (LifelineError.isInstance(error)) {
    const verdict = error.code === 'ERR_INVALID_INPUT' ? 'invalid' : 'failed';
    return { verdict, code: signInCode(error) ?? error.code, message: oneLine(error.message) };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { verdict: 'failed', code: 'ERR_UNEXPECTED', message: oneLine(message) };
}

function describeResponse(error: GraphResponseError): DescribedFailure {
  const gone = error.code === 'ERR_SUBSCRIPTION_GONE';
  const graph = error.graphCode ? ` ${error.graphCode}` : '';
  const detail = gone
    ? 'the subscription does not exist (expired, deleted or never created)'
    : oneLine(error.graphMessage ?? 'Microsoft Graph refused the request');
  return {
    verdict: gone ? 'gone' : 'failed',
    code: error.code,
    message: `${error.status}${graph}: ${detail}`,
    status: error.status,
    requestId: error.requestId,
  };
}

// A copy of core loaded twice is still recognised by its brand and fields.
function isResponseError(error: unknown): error is GraphResponseError {
  return (
    LifelineError.isInstance(error) &&
    typeof (error as Partial<GraphResponseError>).status === 'number'
  );
}

/** msal's error code (`invalid_client`, `invalid_grant`, …) on a token source failure. */
export function signInCode(error: unknown): string | undefined {
  const code = (error as { errorCode?: unknown } | null)?.errorCode;
  return typeof code === 'string' && code !== '' ? code : undefined;
}
