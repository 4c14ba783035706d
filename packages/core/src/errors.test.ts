import { describe, expect, it } from 'vitest';
import { cloudByName, clouds, customCloud, graphDefaultScope } from './clouds.js';
import {
  GraphResponseError,
  InvalidInputError,
  LifelineError,
  SubscriptionGoneError,
} from './errors.js';

describe('LifelineError', () => {
  it('is recognised across copies of the package through its brand', () => {
    const copy = { code: 'ERR_INVALID_INPUT' };
    Object.defineProperty(copy, Symbol.for('@lifeline/core/LifelineError'), { value: true });
    expect(LifelineError.isInstance(copy)).toBe(true);
    expect(LifelineError.isInstance(new Error('x'))).toBe(false);
    expect(LifelineError.isInstance(new InvalidInputError('id', 'bad'))).toBe(true);
  });

  it('never keeps a bearer token or a JWT in its message', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
    const error = new InvalidInputError('header', `Authorization: Bearer abc.def and ${jwt}`);
    expect(error.message).not.toContain('abc.def');
    expect(error.message).not.toContain(jwt);
  });

  it('maps a 404 to the subscription-gone code and 429/503/504 to retryable', () => {
    const base = { method: 'POST', url: 'https://graph.microsoft.com/v1.0/subscriptions/x' };
    expect(new SubscriptionGoneError({ ...base, status: 404 }).code).toBe('ERR_SUBSCRIPTION_GONE');
    // A 404 from list or create is not a vanished subscription: only the gone class says so.
    expect(new GraphResponseError({ ...base, status: 404 }).code).toBe('ERR_GRAPH_RESPONSE');
    expect(new GraphResponseError({ ...base, status: 429 }).isRetryable).toBe(true);
    expect(new GraphResponseError({ ...base, status: 403 }).isRetryable).toBe(false);
  });
});

describe('clouds', () => {
  it('has the documented hosts and default scope', () => {
    expect(clouds.usGovL5.graphUrl).toBe('https://dod-graph.microsoft.us');
    expect(graphDefaultScope(clouds.china)).toBe(
      'https://microsoftgraph.chinacloudapi.cn/.default',
    );
    expect(cloudByName('usGovL4').loginUrl).toBe('https://login.microsoftonline.us');
  });

  it('normalises a custom cloud and rejects junk', () => {
    const cloud = customCloud({ graphUrl: 'http://127.0.0.1:8080/', loginUrl: 'http://x/' });
    expect(cloud.graphUrl).toBe('http://127.0.0.1:8080');
    expect(() => customCloud({ graphUrl: 'ftp://x', loginUrl: 'http://x' })).toThrow(
      InvalidInputError,
    );
    expect(() => cloudByName('mars')).toThrow(/unknown cloud/);
  });
});
