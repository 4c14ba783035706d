/**
 * The validation handshake: when a subscription is created, Graph posts
 * `?validationToken=…` to each notification URL and expects the decoded token back as plain text
 * within 10 seconds.
 * See https://learn.microsoft.com/graph/change-notifications-delivery-webhooks
 *
 * @module
 */

/** The longest validation token {@link readValidationToken} accepts, in characters. */
export const maxHandshakeTokenLength = 4096;

/** The result of {@link readValidationToken} when the request carries a token. */
export type ReadValidationTokenResult =
  | { readonly ok: true; readonly value: string }
  | {
      readonly ok: false;
      readonly error: { readonly reason: 'too_long'; readonly message: string };
    };

/**
 * Reads the URL-decoded `validationToken` query parameter of a request; the body is not read.
 *
 * Returns `undefined` when the query has no `validationToken` (the request is a notification, not
 * a handshake), and a failure when the token is longer than {@link maxHandshakeTokenLength}.
 * Graph's token is opaque and may contain spaces and colons; treat it as text, never as markup.
 * Never throws.
 */
export function readValidationToken(request: Request): ReadValidationTokenResult | undefined {
  // URLSearchParams decodes `%xx` escapes and `+` as a space, as Graph's encoding requires. The
  // runtime bounds the URL's length, so parsing the whole query is cheap.
  const token = new URL(request.url).searchParams.get('validationToken');
  if (token === null) return undefined;
  if (token.length > maxHandshakeTokenLength) {
    const message = `the validation token is longer than ${maxHandshakeTokenLength} characters`;
    return { ok: false, error: { reason: 'too_long', message } };
  }
  return { ok: true, value: token };
}

/**
 * The answer to a validation handshake: `200 OK`, `text/plain`, the decoded token as the body,
 * and `X-Content-Type-Options: nosniff` so that no browser renders it as markup.
 */
export function validationResponse(token: string): Response {
  return new Response(token, {
    status: 200,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
