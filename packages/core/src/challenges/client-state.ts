/**
 * Comparison of a notification's `clientState` with the secret set on the subscription. Graph
 * echoes `clientState` on every notification so that the app can tell forged posts apart.
 * See https://learn.microsoft.com/graph/change-notifications-delivery-webhooks
 *
 * @module
 */

const encoder = new TextEncoder();

// An endpoint compares every notification with the same secret: its bytes are kept between calls.
let lastSecret: { readonly text: string; readonly bytes: Uint8Array } | undefined;

function encodedSecret(expected: string): Uint8Array {
  if (lastSecret?.text !== expected)
    lastSecret = { text: expected, bytes: encoder.encode(expected) };
  return lastSecret.bytes;
}

/**
 * True when `actual` (from a notification) equals `expected` (the subscription's secret).
 *
 * The time taken depends only on the length of `actual`, which the sender already knows: every
 * byte is compared without an early exit, and a length difference is folded into the same result.
 * A missing, `null` or empty value on either side never matches.
 */
export function clientStateMatches(
  expected: string | null | undefined,
  actual: string | null | undefined,
): boolean {
  if (typeof expected !== 'string' || typeof actual !== 'string') return false;
  if (expected.length === 0 || actual.length === 0) return false;

  const secret = encodedSecret(expected);
  const candidate = encoder.encode(actual);
  let difference = secret.length ^ candidate.length;
  for (let index = 0; index < candidate.length; index += 1) {
    // Reading the secret modulo its length keeps every iteration the same shape.
    difference |= (candidate[index] as number) ^ (secret[index % secret.length] as number);
  }
  return difference === 0;
}
