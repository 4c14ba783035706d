/**
 * The subscription service's documented throttling limits: per application across tenants and
 * per application per tenant, each counted per request type over a sliding 20-second window.
 * See https://learn.microsoft.com/graph/throttling-limits#subscription-service-limits
 *
 * @module
 */
import type { EmulatorSettings } from '../settings.js';

/** The request types the limits count separately. */
export type RequestKind = 'write' | 'reauthorize' | 'get' | 'list';

/** Who is counted: the cloud, the app and the tenant of the caller. */
export interface ThrottleSubject {
  cloud: string;
  appId: string;
  tenantId: string;
}

/** The verdict for one request. */
export type ThrottleVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

/** The sliding windows of every app, app and tenant, and request type. */
export interface ThrottleWindows {
  /** Counts the request when allowed; a throttled request is not counted. */
  admit(subject: ThrottleSubject, kind: RequestKind, now: Date): ThrottleVerdict;
  clear(): void;
}

/** Creates empty windows that read their limits from the current settings. */
export function createThrottleWindows(settings: () => EmulatorSettings): ThrottleWindows {
  const windows = new Map<string, number[]>();

  const recent = (key: string, since: number): number[] => {
    const kept = (windows.get(key) ?? []).filter((time) => time > since);
    windows.set(key, kept);
    return kept;
  };

  return {
    admit(subject, kind, now) {
      const { enabled, windowMs, limits } = settings().throttling;
      if (!enabled) return { ok: true };
      const time = now.getTime();
      const appKey = `${subject.cloud}|${subject.appId}|${kind}`;
      const tenantKey = `${appKey}|${subject.tenantId}`;
      const buckets = [
        { times: recent(appKey, time - windowMs), limit: limits[kind].perApp },
        { times: recent(tenantKey, time - windowMs), limit: limits[kind].perAppTenant },
      ];
      const full = buckets.filter(({ times, limit }) => times.length >= limit);
      if (full.length > 0)
        return { ok: false, retryAfterSeconds: retryAfter(full, time, windowMs) };
      for (const { times } of buckets) times.push(time);
      return { ok: true };
    },
    clear: () => windows.clear(),
  };
}

// The wait until enough requests leave every full window, in whole seconds, at least one.
function retryAfter(full: { times: number[]; limit: number }[], time: number, windowMs: number) {
  const waits = full.map(({ times, limit }) => {
    const freeing = times[times.length - limit] ?? time;
    return freeing + windowMs - time;
  });
  return Math.max(1, Math.ceil(Math.max(...waits) / 1000));
}
