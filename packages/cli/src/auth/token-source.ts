/**
 * Turns the sign-in settings into a token source from `@lifeline/msal`: client secret,
 * certificate, or a user's device code sign-in with a file token cache.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { graphDefaultScope, LifelineError, type TokenSource } from '@lifeline/core';
import {
  clientCertificateTokenSource,
  clientSecretTokenSource,
  deviceCodeTokenSource,
} from '@lifeline/msal';
import { UsageError } from '../args.js';
import type { OutputStream } from '../io.js';
import type { AuthSettings, Credential } from './options.js';

const pemBlock = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]+?-----END \1-----/g;

/**
 * Builds the token source for the settings. Device code prompts go to `prompts` (stderr).
 *
 * @throws {UsageError} for an unreadable certificate file, a key that is not RSA, a malformed
 *   thumbprint, or any other credential msal cannot use.
 */
export function createTokenSource(settings: AuthSettings, prompts: OutputStream): TokenSource {
  const registration = {
    tenantId: settings.tenantId,
    clientId: settings.clientId,
    cloud: settings.cloud,
  };
  try {
    return buildSource(registration, settings.credential, prompts);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (LifelineError.isInstance(error)) throw new UsageError(error.message);
    throw error;
  }
}

function buildSource(
  registration: Pick<AuthSettings, 'tenantId' | 'clientId' | 'cloud'>,
  credential: Credential,
  prompts: OutputStream,
): TokenSource {
  switch (credential.kind) {
    case 'secret':
      return clientSecretTokenSource({ ...registration, clientSecret: credential.secret });
    case 'certificate':
      return clientCertificateTokenSource({ ...registration, ...readCertificate(credential) });
    case 'deviceCode':
      return deviceCodeTokenSource({
        ...registration,
        scopes: [graphDefaultScope(registration.cloud)],
        cachePath: credential.cachePath,
        onDeviceCode: (prompt) => {
          prompts.write(`${prompt.message}\n`);
        },
      });
  }
}

function readCertificate(credential: Extract<Credential, { kind: 'certificate' }>) {
  let text: string;
  try {
    text = readFileSync(credential.path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new UsageError(`cannot read --certificate ${credential.path}: ${String(code ?? error)}`);
  }
  const blocks = [...text.matchAll(pemBlock)];
  const key = blocks.find(([, label]) => label?.endsWith('PRIVATE KEY'))?.[0];
  const certificates = blocks.filter(([, label]) => label === 'CERTIFICATE').map(([pem]) => pem);
  if (!key) throw new UsageError(`--certificate ${credential.path} holds no PEM private key`);
  if (!credential.thumbprint && certificates.length === 0) {
    throw new UsageError('--certificate needs --thumbprint when the PEM file holds no certificate');
  }
  return {
    privateKeyPem: key,
    ...(credential.passphrase !== undefined && { privateKeyPassphrase: credential.passphrase }),
    ...thumbprintOption(credential.thumbprint),
    ...(certificates.length > 0 && { x5c: certificates.join('\n') }),
  };
}

// The Entra admin center shows SHA-1 thumbprints; SHA-256 ones are 64 hex digits.
function thumbprintOption(thumbprint: string | undefined) {
  if (thumbprint === undefined) return {};
  const hex = thumbprint.replace(/[\s:]/g, '');
  if (hex.length === 64) return { thumbprintSha256: hex };
  if (hex.length === 40) return { thumbprint: hex };
  throw new UsageError('--thumbprint must be a SHA-1 (40 hex digits) or SHA-256 (64) thumbprint');
}
