/**
 * Fault rules: per route and method, a rate of throttling, service errors, added latency or
 * dropped connections. Rates draw from a seeded generator, so a run repeats exactly.
 *
 * @module
 */
import { type RandomSource, seededRandom } from '../random.js';

/** What a fault does to a request. */
export type FaultAction =
  /** Answer with this status (429 carries `Retry-After`; 503 does when given). */
  | { kind: 'status'; status: 429 | 500 | 502 | 503 | 504; retryAfterSeconds?: number }
  /** Wait this long (wall clock) before handling the request. */
  | { kind: 'latency'; ms: number }
  /** Destroy the connection without answering. */
  | { kind: 'drop' };

/** A fault rule as stored. */
export interface FaultRule {
  id: number;
  /** An HTTP method, or null for any. */
  method: string | null;
  /**
   * A path below the cloud's base URL; `*` matches one segment and `**` any number, e.g.
   * `/v1.0/subscriptions/*\/reauthorize` or `/*\/oauth2/v2.0/token`.
   */
  path: string;
  /** A cloud name, or null for every cloud. */
  cloud: string | null;
  /** The probability that a matching request is hit, 0 to 1. */
  rate: number;
  /** How many more requests may be hit, or null for no limit. */
  remaining: number | null;
  /** How many requests were hit so far. */
  hits: number;
  action: FaultAction;
}

/** A rule as given to the admin API. */
export type FaultInput = {
  method?: string;
  path: string;
  cloud?: string;
  rate?: number;
  times?: number;
} & FaultAction;

/** What to do to one request. */
export interface FaultDecision {
  latencyMs: number;
  action: Exclude<FaultAction, { kind: 'latency' }> | null;
}

/** The active rules and the seeded generator they draw from. */
export interface FaultEngine {
  add(input: FaultInput): FaultRule;
  list(): FaultRule[];
  remove(id: number): boolean;
  /** Removes every rule and restarts the generator from its seed. */
  clear(): void;
  decide(request: { method: string; path: string; cloud: string }): FaultDecision;
}

/** Creates an engine with no rules. */
export function createFaultEngine(seed: number): FaultEngine {
  return new SeededFaultEngine(seed);
}

class SeededFaultEngine implements FaultEngine {
  #rules: FaultRule[] = [];
  #nextId = 1;
  #random: RandomSource;

  constructor(readonly seed: number) {
    this.#random = seededRandom(seed);
  }

  add(input: FaultInput): FaultRule {
    const { method, path, cloud, rate, times, ...action } = input;
    const rule: FaultRule = {
      id: this.#nextId++,
      method: method?.toUpperCase() ?? null,
      path,
      cloud: cloud ?? null,
      rate: rate ?? 1,
      remaining: times ?? null,
      hits: 0,
      action: action as FaultAction,
    };
    this.#rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    return this.#rules;
  }

  remove(id: number): boolean {
    const before = this.#rules.length;
    this.#rules = this.#rules.filter((rule) => rule.id !== id);
    return this.#rules.length < before;
  }

  clear(): void {
    this.#rules = [];
    this.#random = seededRandom(this.seed);
  }

  // Latency rules add up; the first status or drop rule that hits decides.
  decide(request: { method: string; path: string; cloud: string }): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, action: null };
    for (const rule of this.#rules.filter((candidate) => applies(candidate, request))) {
      if (rule.action.kind !== 'latency' && decision.action) continue;
      if (!this.#hit(rule)) continue;
      if (rule.action.kind === 'latency') decision.latencyMs += rule.action.ms;
      else decision.action = rule.action;
    }
    return decision;
  }

  // A rule with a rate draws from the seeded generator, so the same requests are hit each run.
  #hit(rule: FaultRule): boolean {
    if (rule.remaining === 0) return false;
    if (rule.rate < 1 && this.#random() >= rule.rate) return false;
    if (rule.remaining !== null) rule.remaining -= 1;
    rule.hits += 1;
    return true;
  }
}

function applies(rule: FaultRule, request: { method: string; path: string; cloud: string }) {
  if (rule.method !== null && rule.method !== request.method.toUpperCase()) return false;
  if (rule.cloud !== null && rule.cloud !== request.cloud) return false;
  return matchPath(segmentsOf(rule.path), segmentsOf(request.path));
}

function segmentsOf(path: string): string[] {
  return path.toLowerCase().split('/').filter(Boolean);
}

function matchPath(pattern: string[], path: string[]): boolean {
  const [head, ...rest] = pattern;
  if (head === undefined) return path.length === 0;
  if (head === '**')
    return path.some((_, i) => matchPath(rest, path.slice(i))) || matchPath(rest, []);
  if (path.length === 0) return false;
  return (head === '*' || head === path[0]) && matchPath(rest, path.slice(1));
}
