import { clouds } from '@lifeline/core';
import { describe, expect, it } from 'vitest';
import {
  clientCertificateTokenSource,
  clientSecretTokenSource,
  deviceCodeTokenSource,
  managedIdentityTokenSource,
  tokenSourceFromApplication,
} from '../src/index.js';
import { makeTestCertificate } from './support/certificate.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

const registration = {
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  clientId: '4bd7c1e0-8f3a-4d6e-9c1b-2a3f4e5d6c7b',
  cloud: clouds.usGovL4,
  scopes: ['https://graph.microsoft.us/.default'],
  authorityOverrides: { knownAuthorities: ['login.microsoftonline.us'] },
  system: { loggerOptions: { piiLoggingEnabled: false } },
};

describe('option normalisation', () => {
  it('never writes to the caller objects (all frozen here)', () => {
    const certificate = makeTestCertificate();

    expect(() =>
      clientSecretTokenSource(deepFreeze({ ...registration, clientSecret: 'not-a-real-secret' })),
    ).not.toThrow();
    expect(() =>
      clientCertificateTokenSource(
        deepFreeze({
          ...registration,
          privateKeyPem: certificate.privateKeyPem,
          x5c: certificate.certificatePem,
        }),
      ),
    ).not.toThrow();
    expect(() =>
      deviceCodeTokenSource(
        deepFreeze({ ...registration, cachePath: '/nonexistent/cache.json', onDeviceCode() {} }),
      ),
    ).not.toThrow();
    expect(() =>
      managedIdentityTokenSource(deepFreeze({ clientId: registration.clientId, scopes: [] })),
    ).not.toThrow();
  });

  it('refuses an object that is not an msal application', () => {
    expect(() => tokenSourceFromApplication({} as never)).toThrow(/msal confidential/);
  });

  it('refuses an empty client id or secret without echoing it', () => {
    expect(() => clientSecretTokenSource({ ...registration, clientSecret: ' ' })).toThrow(
      /clientSecret: expected a non-empty string/,
    );
    expect(() =>
      clientSecretTokenSource({ ...registration, clientId: '', clientSecret: 'x' }),
    ).toThrow(/clientId/);
  });
});
