// Checks, from the emulator's request log, that no client came back to a URL sooner than the
// `Retry-After` the emulator gave it there.

/**
 * For every request the emulator answered with a `Retry-After` (an injected 429 or 503), finds the
 * next request for the same method and path and measures how long after the answer it came.
 * Returns how many were checked, how many came early, and the smallest margin in milliseconds.
 */
export function retryAfterViolations(requests) {
  const byTarget = new Map();
  for (const request of requests) {
    const key = `${request.method} ${request.path}`;
    byTarget.set(key, [...(byTarget.get(key) ?? []), request]);
  }
  let checked = 0;
  let early = 0;
  let smallestMarginMs = Number.POSITIVE_INFINITY;
  for (const list of byTarget.values()) {
    for (let i = 0; i < list.length - 1; i += 1) {
      const seconds = list[i].action?.retryAfterSeconds;
      if (list[i].action?.kind !== 'status' || seconds === undefined) continue;
      const answeredAt = list[i].t + list[i].latencyMs;
      const margin = list[i + 1].t - answeredAt - seconds * 1000;
      checked += 1;
      if (margin < 0) early += 1;
      smallestMarginMs = Math.min(smallestMarginMs, margin);
    }
  }
  return { checked, early, smallestMarginMs: checked > 0 ? smallestMarginMs : null };
}
