import { ServerError } from '@azure/msal-node';
import { LifelineError, TokenSourceError } from '@lifeline/core';
import { describe, expect, it } from 'vitest';
import { wrapMsalError } from '../src/errors.js';
import { MsalTokenSourceError } from '../src/index.js';

const secret = 'Zx8Q~kT3.fakeSecretValue_9sd';
const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';

describe('wrapMsalError', () => {
  it('keeps the errorCode and details, chains the cause, and is a TokenSourceError', () => {
    const failure = new ServerError(
      'invalid_client',
      'corr-1',
      'AADSTS7000215',
      '',
      '7000215',
      401,
    );

    const wrapped = wrapMsalError('client credentials token request', failure);

    expect(wrapped).toBeInstanceOf(TokenSourceError);
    expect(LifelineError.isInstance(wrapped)).toBe(true);
    expect(wrapped.code).toBe('ERR_TOKEN_SOURCE');
    expect(wrapped.errorCode).toBe('invalid_client');
    expect(wrapped.correlationId).toBe('corr-1');
    expect(wrapped.status).toBe(401);
    expect(wrapped.interactionRequired).toBe(false);
    expect(wrapped.cause).toBe(failure);
    expect(wrapped.message).toMatch(/^client credentials token request failed with invalid_client/);
  });

  it('removes the given secrets and anything shaped like a token from the message', () => {
    const failure = new ServerError('invalid_request', 'c', `echo ${secret} and Bearer ${jwt}`);

    const wrapped = wrapMsalError('token request', failure, [secret]);

    expect(wrapped.message).not.toContain(secret);
    expect(wrapped.message).not.toContain(jwt);
    expect(wrapped.message).toContain('[redacted]');
  });

  it('marks the codes that only a new sign-in resolves', () => {
    const expired = new ServerError('invalid_grant', 'c', 'AADSTS70043', 'bad_token');

    expect(wrapMsalError('refresh', expired).interactionRequired).toBe(true);
    expect(wrapMsalError('refresh', expired).subError).toBe('bad_token');
  });

  it('wraps something that is not an msal error, and passes its own errors through', () => {
    const mine = new MsalTokenSourceError('x', { errorCode: 'a', interactionRequired: false });

    expect(wrapMsalError('call', 'boom').errorCode).toBe('unknown_error');
    expect(wrapMsalError('call', new TypeError('fetch failed')).message).toMatch(/fetch failed/);
    expect(wrapMsalError('call', mine)).toBe(mine);
  });
});
