/**
 * The validation handshake Graph performs before creating a subscription: a POST to the URL with
 * a `validationToken` query parameter, to be answered within 10 seconds by `200` and the decoded
 * token as the body.
 * See https://learn.microsoft.com/graph/change-notifications-delivery-webhooks#notificationurl-validation
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { HandshakeRecord } from '../records.js';
import type { EmulatorState } from '../state.js';

/** Which URL of the subscription is being validated. */
export type HandshakePurpose = HandshakeRecord['purpose'];

/** The result of one handshake. */
export type HandshakeResult =
  | { ok: true }
  | { ok: false; outcome: Exclude<HandshakeRecord['outcome'], 'validated'>; status: number | null };

/** Sends the validation request to `url` and records the outcome. */
export async function validateEndpoint(
  state: EmulatorState,
  url: string,
  purpose: HandshakePurpose,
): Promise<HandshakeResult> {
  const result = await sendValidation(state, url);
  state.records.addHandshake({
    at: state.clock.now().toISOString(),
    url,
    purpose,
    outcome: result.ok ? 'validated' : result.outcome,
    status: result.ok ? 200 : result.status,
  });
  return result;
}

/** The message of the `400` that a failed handshake turns into, as observed. */
export function handshakeFailureMessage(result: Exclude<HandshakeResult, { ok: true }>): string {
  const prefix = 'Subscription validation request failed.';
  if (result.outcome === 'status' && result.status === 404) return `${prefix} HTTP 'NotFound'`;
  return `${prefix} Notification endpoint must respond with 200 OK to validation request.`;
}

async function sendValidation(state: EmulatorState, url: string): Promise<HandshakeResult> {
  // The token is opaque text with spaces and colons, so receivers must URL-decode it.
  const reachability = 'Validation: Testing client application reachability for subscription';
  const token = `${reachability} Request-Id: ${randomUUID()}`;
  const separator = url.includes('?') ? '&' : '?';
  const target = `${url}${separator}validationToken=${formEncode(token)}`;
  try {
    const response = await state.fetch(target, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      redirect: 'manual',
      signal: AbortSignal.timeout(state.settings.handshakeTimeoutMs),
    });
    const body = await response.text();
    if (response.status !== 200) return { ok: false, outcome: 'status', status: response.status };
    return body === token ? { ok: true } : { ok: false, outcome: 'body', status: 200 };
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    return { ok: false, outcome: timedOut ? 'timeout' : 'network', status: null };
  }
}

/**
 * Encodes text as Graph encodes the validation token, like .NET's `HttpUtility.UrlEncode`: `+`
 * for spaces and lower-case escapes (`Validation%3a+Testing+…`), as seen in real request logs.
 * A receiver must decode `+` as a space.
 */
export function formEncode(text: string): string {
  let encoded = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.!*()]/.test(char)) encoded += char;
    else if (char === ' ') encoded += '+';
    else encoded += `%${byte.toString(16).padStart(2, '0')}`;
  }
  return encoded;
}
