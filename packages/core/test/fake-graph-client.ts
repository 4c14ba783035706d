/**
 * Wires a Graph client to a {@link FakeGraph} with a fake clock and a recording token source, so
 * that tests can assert on waits and token requests without waiting in real time.
 */
import {
  createGraphClient,
  type GraphClient,
  type GraphClientOptions,
} from '../src/graph/index.js';
import type { TokenRequest } from '../src/types.js';
import type { FakeGraph } from './fake-graph.js';

/** A token that looks like nothing the generic redaction knows, to prove the client hides it. */
export const testToken = 'tok_5f1b0c7e9a2d48c6b3e1f0a9d8c7b6a5';

/** A clock that moves only when the client sleeps. */
export interface FakeTime {
  now(): Date;
  sleep(ms: number): Promise<void>;
  /** Every wait the client asked for, in order. */
  readonly sleeps: number[];
  /** Milliseconds the clock moved since it started. */
  elapsed(): number;
}

/** Starts a fake clock at a fixed instant. */
export function fakeTime(start = Date.parse('2026-12-03T10:00:00Z')): FakeTime {
  let current = start;
  const sleeps: number[] = [];
  return {
    now: () => new Date(current),
    sleep: async (ms) => {
      sleeps.push(ms);
      current += ms;
    },
    sleeps,
    elapsed: () => current - start,
  };
}

/** A client talking to `graph` through the real global `fetch`, and what it asked for. */
export interface TestClient {
  client: GraphClient;
  time: FakeTime;
  tokenRequests: TokenRequest[];
}

/** Creates a client for `graph`; `options` override the defaults chosen here. */
export function clientFor(graph: FakeGraph, options: Partial<GraphClientOptions> = {}): TestClient {
  const time = fakeTime();
  const tokenRequests: TokenRequest[] = [];
  const client = createGraphClient({
    cloud: graph.cloud,
    tokenSource: async (request) => {
      tokenRequests.push(request);
      return { token: request.claims ? `${testToken}_claims` : testToken };
    },
    now: time.now,
    sleep: time.sleep,
    random: () => 0.5,
    ...options,
  });
  return { client, time, tokenRequests };
}
