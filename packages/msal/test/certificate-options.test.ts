import { generateKeyPairSync } from 'node:crypto';
import { InvalidInputError } from '@lifeline/core';
import { describe, expect, it } from 'vitest';
import { clientCertificateTokenSource } from '../src/index.js';
import { makeTestCertificate } from './support/certificate.js';

const registration = {
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  clientId: '4bd7c1e0-8f3a-4d6e-9c1b-2a3f4e5d6c7b',
};
const certificate = makeTestCertificate();
const other = makeTestCertificate('someone-else');

function build(extra: Record<string, unknown>) {
  return () =>
    clientCertificateTokenSource({
      ...registration,
      privateKeyPem: certificate.privateKeyPem,
      ...extra,
    });
}

describe('clientCertificateTokenSource options', () => {
  it('accepts either thumbprint, with colons or capitals, or only the certificate', () => {
    const colons = certificate.thumbprint.toUpperCase().replace(/(..)(?!$)/g, '$1:');

    expect(build({ thumbprint: colons })).not.toThrow();
    expect(build({ thumbprintSha256: certificate.thumbprintSha256 })).not.toThrow();
    expect(build({ x5c: certificate.certificatePem })).not.toThrow();
    expect(
      build({ privateKeyPem: certificate.privateKeyPkcs1Pem, x5c: certificate.certificatePem }),
    ).not.toThrow();
  });

  it('rejects what cannot sign an assertion Entra ID would accept', () => {
    const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const cases: Record<string, unknown>[] = [
      {},
      { thumbprint: 'not-hex' },
      { thumbprint: certificate.thumbprintSha256 },
      { thumbprintSha256: certificate.thumbprint },
      { privateKeyPem: 'garbage', thumbprint: certificate.thumbprint },
      {
        privateKeyPem: ecKey.export({ type: 'pkcs8', format: 'pem' }),
        thumbprint: certificate.thumbprint,
      },
      { x5c: other.certificatePem },
      { x5c: certificate.certificatePem, thumbprint: other.thumbprint },
      { x5c: certificate.certificatePem, thumbprintSha256: other.thumbprintSha256 },
      { x5c: 'not a certificate' },
    ];

    for (const extra of cases) expect(build(extra)).toThrow(InvalidInputError);
  });

  it('never puts the private key in an error message', () => {
    const truncated = certificate.privateKeyPem.slice(0, 200);

    const error = (() => {
      try {
        build({ privateKeyPem: truncated, thumbprint: certificate.thumbprint })();
      } catch (caught) {
        return caught as Error;
      }
    })();

    expect(error?.message).toMatch(/privateKeyPem/);
    expect(error?.message).not.toContain(truncated.split('\n')[1]);
  });

  it('reads an encrypted key with its passphrase and refuses a wrong one', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const encrypted = privateKey
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse' })
      .toString();
    const thumbprint = certificate.thumbprint;

    expect(
      build({ privateKeyPem: encrypted, privateKeyPassphrase: 'correct horse', thumbprint }),
    ).not.toThrow();
    expect(build({ privateKeyPem: encrypted, privateKeyPassphrase: 'wrong', thumbprint })).toThrow(
      InvalidInputError,
    );
  });
});
