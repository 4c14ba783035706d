/**
 * Comparison of a notification's `clientState` with the secret set on the subscription. Graph
 * echoes `clientState` on every notification so that the app can tell forged posts apart.
 * See https://learn.microsoft.com/graph/change-notifications-delivery-webhooks
 *
 * @module
 */

/**
 * True when `actual` (from a notification) equals `expected` (the subscription's secret).
 *
 * The time taken depends only on the length of `actual`, which the sender already knows: every
 * UTF-16 code unit is compared without an early exit, and a length difference is folded into the
 * same result. A missing, `null` or empty value on either side never matches.
 */
export function clientStateMatches(
  expected: string | null | undefined,
  actual: string | null | undefined,
): boolean {
  if (typeof expected !== 'string' || typeof actual !== 'string') return false;
  if (expected.length === 0 || actual.length === 0) return false;

  // UTF-16 code units: two strings are equal exactly when their code units are.
  let difference = expected.length ^ actual.length;
  for (let index = 0; index < actual.length; index += 1) {
    // Reading the secret modulo its length keeps every iteration the same shape.
    difference |= actual.charCodeAt(index) ^ expected.charCodeAt(index % expected.length);
  }
  return difference === 0;
}
