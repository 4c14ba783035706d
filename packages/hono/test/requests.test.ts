// Every way a POST can be answered before its notifications are acted on: the handshake, and the
// refusals of what Graph never sends.
// See https://learn.microsoft.com/graph/change-notifications-delivery-webhooks
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { lifecycleRoutes } from '../src/index.js';
import { clientState, lifecycleItem, memoryGraph, memoryLogger, post } from './helpers.js';

function setup(bodyLimit?: number) {
  const graph = memoryGraph();
  const logger = memoryLogger();
  const routes = lifecycleRoutes({ graph, clientState, logger, bodyLimit });
  return { graph, logger, routes };
}

function handshake(query: string, method = 'POST'): Request {
  return new Request(`http://lifeline.test/?${query}`, {
    method,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}

describe('the validation handshake', () => {
  it('answers 200 with the decoded token as plain text', async () => {
    const { routes, graph } = setup();
    const token =
      'Validation: Testing client application reachability for subscription Request-Id: ' +
      '9b1d2c3e-4f50-4a6b-8c7d-8e9f0a1b2c3d';
    const response = await routes.request(
      handshake(`validationToken=${encodeURIComponent(token)}`),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe(token);
    expect(graph.calls).toEqual([]);
  });

  it('echoes markup as plain text that browsers must not sniff', async () => {
    const { routes } = setup();
    const markup = '<script>alert(1)</script>';
    const response = await routes.request(
      handshake(`validationToken=${encodeURIComponent(markup)}`),
    );
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe(markup);
  });

  it('decodes percent escapes and plus signs', async () => {
    const { routes } = setup();
    const response = await routes.request(handshake('validationToken=a+b%3Ac%2Fd%25e'));
    expect(await response.text()).toBe('a b:c/d%e');
  });

  it('is answered before the media type, body and clientState are looked at', async () => {
    const { routes } = setup(8);
    const request = new Request('http://lifeline.test/?validationToken=abc', {
      method: 'POST',
      body: 'far more than eight bytes of anything',
    });
    const response = await routes.request(request);
    expect([response.status, await response.text()]).toEqual([200, 'abc']);
  });

  it('refuses an over-long token with 400 and logs the reason, not the token', async () => {
    const { routes, logger } = setup();
    const token = 'x'.repeat(5000);
    const response = await routes.request(handshake(`validationToken=${token}`));
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain(token);
    expect(logger.named('lifeline.request.rejected')).toEqual([
      expect.objectContaining({ reason: 'validation_token_too_long', status: 400 }),
    ]);
  });

  it('answers only POST, as Graph sends it: GET is not found', async () => {
    const { routes } = setup();
    const response = await routes.request(handshake('validationToken=abc', 'GET'));
    expect(response.status).toBe(404);
  });

  it('works at any mount path, next to the app routes', async () => {
    const { routes } = setup();
    const app = new Hono();
    app.get('/health', (c) => c.text('ok'));
    app.route('/graph/lifecycle', routes);
    const response = await app.request('/graph/lifecycle?validationToken=hello', {
      method: 'POST',
    });
    expect([response.status, await response.text()]).toEqual([200, 'hello']);
    expect(await (await app.request('/health')).text()).toBe('ok');
  });
});

describe('refused requests', () => {
  it('refuses a body over the limit by its Content-Length with 413', async () => {
    const { routes, graph, logger } = setup(64);
    const text = JSON.stringify({ value: [lifecycleItem(1)] });
    const response = await routes.request(post(text, { 'content-length': String(text.length) }));
    expect(response.status).toBe(413);
    expect(graph.calls).toEqual([]);
    expect(logger.named('lifeline.request.rejected')[0]).toMatchObject({
      reason: 'body_too_large',
    });
  });

  it('refuses a streamed body over the limit with 413 without reading all of it', async () => {
    const { routes } = setup(1024);
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        if (pulled > 1000) controller.close();
        else controller.enqueue(new Uint8Array(512).fill(32));
      },
    });
    const request = new Request('http://lifeline.test/', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body,
      duplex: 'half',
    } as RequestInit);
    const response = await routes.request(request);
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThan(10);
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['no type', undefined],
  ])('refuses %s with 415', async (_, contentType) => {
    const { routes, logger } = setup();
    const request = new Request('http://lifeline.test/', {
      method: 'POST',
      headers: contentType ? { 'content-type': contentType } : {},
      body: JSON.stringify({ value: [lifecycleItem(1)] }),
    });
    if (!contentType) request.headers.delete('content-type');
    const response = await routes.request(request);
    expect(response.status).toBe(415);
    expect(logger.named('lifeline.request.rejected')[0]).toMatchObject({
      reason: 'unsupported_media_type',
    });
  });

  it('accepts JSON with a charset and in upper case', async () => {
    const { routes } = setup();
    const body = { value: [lifecycleItem(1)] };
    const response = await routes.request(
      post(body, { 'content-type': 'Application/JSON; charset=utf-8' }),
    );
    expect(response.status).toBe(202);
    await routes.drain();
  });

  it.each([
    ['an empty body', '', 'empty_body'],
    ['malformed JSON', '{"value": [', 'malformed_json'],
    ['JSON that is not an object', '[1, 2, 3]', 'not_a_notification_collection'],
    ['a string', '"value"', 'not_a_notification_collection'],
    ['an object without value', '{"values": []}', 'not_a_notification_collection'],
  ])('refuses %s with 400 and logs why', async (_, body, reason) => {
    const { routes, graph, logger } = setup();
    const response = await routes.request(post(body));
    expect(response.status).toBe(400);
    await routes.drain();
    expect(graph.calls).toEqual([]);
    expect(logger.named('lifeline.request.rejected')).toEqual([
      expect.objectContaining({ reason, status: 400 }),
    ]);
  });
});
