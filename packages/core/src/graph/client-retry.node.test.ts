import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGraph, startFakeGraph } from '../../test/fake-graph.js';
import { clientFor } from '../../test/fake-graph-client.js';
import { GraphNetworkError, GraphResponseError, GraphTimeoutError } from '../errors.js';
import type { RetryInfo } from './send.js';

const id = '7f105c7d-2dc5-4530-97cd-4e7ae6534c07';

// The throttling sample from https://learn.microsoft.com/graph/throttling
const throttled = (retryAfter: string, requestId = '94fb3b52-452a-4535-a601-69e0a90e3aa2') => ({
  status: 429,
  headers: { 'retry-after': retryAfter, 'request-id': requestId },
  body: {
    error: {
      code: 'TooManyRequests',
      innerError: {
        code: '429',
        date: '2020-08-18T12:51:51',
        message: 'Please retry after',
        'request-id': requestId,
        status: '429',
      },
      message: 'Please retry again later.',
    },
  },
});

let graph: FakeGraph;
beforeEach(async () => {
  graph = await startFakeGraph();
});
afterEach(async () => {
  await graph.close();
});

describe('createGraphClient: retries', () => {
  it('waits the Retry-After seconds on the injected clock before retrying a 429', async () => {
    graph.respond(throttled('2'), { status: 204 });
    const retries: RetryInfo[] = [];
    const { client, time } = clientFor(graph, { onRetry: (info) => retries.push(info) });

    await client.reauthorize(id);

    expect(time.sleeps).toEqual([2000]);
    expect(time.elapsed()).toBeGreaterThanOrEqual(2000);
    expect(graph.requests).toHaveLength(2);
    expect(retries).toMatchObject([
      { attempt: 1, delayMs: 2000, reason: 'throttled', status: 429 },
    ]);
  });

  it('reads a Retry-After HTTP date relative to the injected clock', async () => {
    // The fake clock starts at 2026-12-03T10:00:00Z.
    graph.respond(
      { status: 503, headers: { 'retry-after': 'Thu, 03 Dec 2026 10:00:07 GMT' } },
      { status: 204 },
    );
    const { client, time } = clientFor(graph);

    await client.reauthorize(id);

    expect(time.sleeps).toEqual([7000]);
  });

  it('backs off with capped, jittered exponential waits for 503 and 504', async () => {
    graph.respond({ status: 503 }, { status: 504 }, { status: 503 }, { status: 204 });
    const { client, time } = clientFor(graph, {
      random: () => 0.5,
      retry: { baseDelayMs: 1000, maxDelayMs: 3000 },
    });

    await client.reauthorize(id);

    expect(time.sleeps).toEqual([500, 1000, 1500]);
    expect(graph.requests).toHaveLength(4);
  });

  it('retries after the server drops the connection', async () => {
    graph.respond({ drop: true }, { status: 204 });
    const reasons: string[] = [];
    const { client } = clientFor(graph, { onRetry: (info) => reasons.push(info.reason) });

    await client.reauthorize(id);

    expect(reasons).toEqual(['network']);
    expect(graph.requests).toHaveLength(2);
  });

  it('gives GraphNetworkError with its cause when every attempt is dropped', async () => {
    graph.respond({ drop: true }, { drop: true });
    const { client } = clientFor(graph, { retry: { maxAttempts: 2 } });

    const error = await client.reauthorize(id).catch((reason: unknown) => reason);

    expect(error).toBeInstanceOf(GraphNetworkError);
    expect((error as GraphNetworkError).cause).toBeDefined();
  });

  it('times out a stalled attempt and retries it', async () => {
    graph.respond({ hang: true }, { status: 204 });
    const reasons: string[] = [];
    const { client } = clientFor(graph, {
      timeoutMs: 100,
      onRetry: (info) => reasons.push(info.reason),
    });

    await client.reauthorize(id);

    expect(reasons).toEqual(['timeout']);
  });

  it('times out a body that stalls after the headers', async () => {
    graph.respond({ status: 200, stallBody: true, body: '{"id":"x"}' });
    const { client } = clientFor(graph, { timeoutMs: 100, retry: { maxAttempts: 1 } });

    const error = await client.get(id).catch((reason: unknown) => reason);

    expect(error).toBeInstanceOf(GraphTimeoutError);
    expect(error).toMatchObject({ method: 'GET', timeoutMs: 100 });
  });

  it('throws the last 429 with its Retry-After and request-id when attempts run out', async () => {
    graph.respond(throttled('1', 'first'), throttled('1', 'second'), throttled('3', 'third'));
    const { client, time } = clientFor(graph, { retry: { maxAttempts: 3 } });

    const error = await client.reauthorize(id).catch((reason: unknown) => reason);

    expect(error).toBeInstanceOf(GraphResponseError);
    expect(error).toMatchObject({
      status: 429,
      retryAfterMs: 3000,
      requestId: 'third',
      graphCode: 'TooManyRequests',
      isRetryable: true,
    });
    expect(time.sleeps).toEqual([1000, 1000]);
  });

  it('stops at once when Retry-After would outlast the budget', async () => {
    graph.respond(throttled('5'), throttled('50'), { status: 204 });
    const { client, time } = clientFor(graph, { retry: { budgetMs: 30_000 } });

    const error = await client.reauthorize(id).catch((reason: unknown) => reason);

    expect(error).toMatchObject({ status: 429, retryAfterMs: 50_000 });
    expect(time.sleeps).toEqual([5000]);
    expect(graph.requests).toHaveLength(2);
  });

  it('does not resend a create after a dropped connection, but does after a 429', async () => {
    const input = {
      changeType: 'updated',
      notificationUrl: 'https://example.com/notify',
      resource: 'users',
      expirationDateTime: '2026-12-04T00:00:00Z',
    };
    graph.respond(throttled('1'), { drop: true });
    const { client } = clientFor(graph);

    const error = await client.create(input).catch((reason: unknown) => reason);

    expect(error).toBeInstanceOf(GraphNetworkError);
    expect(graph.requests).toHaveLength(2);
    expect(graph.requests[1]?.body).toBe(graph.requests[0]?.body);
  });

  it('does not retry a 403', async () => {
    graph.respond({ status: 403, body: { error: { code: 'ExtensionError' } } }, { status: 204 });
    const { client } = clientFor(graph);

    await expect(client.reauthorize(id)).rejects.toMatchObject({ status: 403, isRetryable: false });
    expect(graph.requests).toHaveLength(1);
  });

  it('ignores an onRetry hook that throws', async () => {
    graph.respond({ status: 503 }, { status: 204 });
    const { client } = clientFor(graph, {
      onRetry: () => {
        throw new Error('logger down');
      },
    });

    await expect(client.reauthorize(id)).resolves.toBeUndefined();
  });
});
