// The validation handshake as Graph performs it.
// See https://learn.microsoft.com/graph/change-notifications-delivery-webhooks
import { describe, expect, it } from 'vitest';
import { maxHandshakeTokenLength, readValidationToken, validationResponse } from './handshake.js';

const observedToken =
  'Validation: Testing client application reachability for subscription Request-Id: ' +
  '7ea9f71d-2d14-4c8a-9c3a-0a3f36e0b8c5';

function post(query: string): Request {
  return new Request(`https://example.com/lifecycle${query}`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}

describe('readValidationToken', () => {
  it('URL-decodes the token Graph sends, with %20 or + for spaces', () => {
    for (const encoded of [
      encodeURIComponent(observedToken),
      encodeURIComponent(observedToken).replaceAll('%20', '+'),
    ]) {
      expect(readValidationToken(post(`?validationToken=${encoded}`))).toEqual({
        ok: true,
        value: observedToken,
      });
    }
  });

  it('keeps query parameters of the notification URL beside the token', () => {
    const result = readValidationToken(post(`?tenant=a&validationToken=abc%3Adef&x=1`));
    expect(result).toEqual({ ok: true, value: 'abc:def' });
  });

  it('returns undefined when there is no token', () => {
    expect(readValidationToken(post(''))).toBeUndefined();
    expect(readValidationToken(post('?validation=abc'))).toBeUndefined();
  });

  it('accepts an empty token as the empty string', () => {
    expect(readValidationToken(post('?validationToken='))).toEqual({ ok: true, value: '' });
  });

  it('refuses a token longer than the bound', () => {
    const result = readValidationToken(
      post(`?validationToken=${'a'.repeat(maxHandshakeTokenLength + 1)}`),
    );
    expect(result).toEqual({
      ok: false,
      error: { reason: 'too_long', message: expect.any(String) },
    });
    expect(
      readValidationToken(post(`?validationToken=${'a'.repeat(maxHandshakeTokenLength)}`))?.ok,
    ).toBe(true);
  });

  it('does not read the body', async () => {
    const request = new Request('https://example.com/?validationToken=abc', {
      method: 'POST',
      body: 'x',
    });
    readValidationToken(request);
    expect(request.bodyUsed).toBe(false);
  });
});

describe('validationResponse', () => {
  it('answers 200 with the decoded token as plain text', async () => {
    const response = validationResponse(observedToken);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toBe(observedToken);
  });

  it('forbids content sniffing, so markup in a token is never rendered', async () => {
    const response = validationResponse('<script>alert(1)</script>');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('<script>alert(1)</script>');
  });
});
