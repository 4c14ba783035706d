import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { ConfidentialClientApplication, type NodeAuthOptions } from '@azure/msal-node';
import { InvalidInputError, type TokenSource } from '@lifeline/core';
import { confidentialTokenSource } from './application.js';
import { type AppRegistrationOptions, normaliseRegistration, requireText } from './options.js';

/** Options of {@link clientCertificateTokenSource}. */
export interface ClientCertificateOptions extends AppRegistrationOptions {
  /** The certificate's RSA private key in PEM (PKCS#8 or PKCS#1, encrypted or not). */
  privateKeyPem: string;
  /** The passphrase of an encrypted private key. */
  privateKeyPassphrase?: string;
  /** The certificate's SHA-1 thumbprint in hex, as the Entra admin center shows it. */
  thumbprint?: string;
  /** The certificate's SHA-256 thumbprint in hex; preferred over `thumbprint` when both are set. */
  thumbprintSha256?: string;
  /**
   * The certificate in PEM, optionally followed by its chain, sent in the assertion's `x5c`
   * header (needed for subject name and issuer authentication). When no thumbprint is given,
   * the SHA-256 thumbprint is computed from its first certificate.
   */
  x5c?: string;
}

const sha1Pattern = /^[0-9a-f]{40}$/;
const sha256Pattern = /^[0-9a-f]{64}$/;

/**
 * A token source for app-only access with a certificate: msal signs a client assertion with the
 * private key on each token request:
 * https://learn.microsoft.com/entra/identity-platform/certificate-credentials
 * A SHA-256 thumbprint makes msal sign with PS256 and an `x5t#S256` header; a SHA-1 thumbprint
 * with RS256 and `x5t`. It declares client capability `CP1` and passes claims challenges through.
 *
 * @throws {InvalidInputError} for a private key that is not an RSA key in PEM, a wrong
 *   passphrase, a malformed thumbprint, no thumbprint and no `x5c`, an `x5c` certificate that
 *   does not match the key or the thumbprints, and the errors of {@link clientSecretTokenSource}.
 * @returns a token source whose calls reject with {@link MsalTokenSourceError}.
 */
export function clientCertificateTokenSource(options: ClientCertificateOptions): TokenSource {
  const clientCertificate = normaliseCertificate(options);
  const { configuration, scopes } = normaliseRegistration(options, { clientCertificate });
  const app = new ConfidentialClientApplication(configuration);
  return confidentialTokenSource(app, { cloud: options.cloud, scopes, secrets: [] });
}

type ClientCertificate = NonNullable<NodeAuthOptions['clientCertificate']>;

function normaliseCertificate(options: ClientCertificateOptions): ClientCertificate {
  const key = readPrivateKey(options);
  const certificate = options.x5c === undefined ? undefined : readCertificate(options.x5c, key);
  const sha1 = normaliseThumbprint('thumbprint', options.thumbprint, sha1Pattern);
  const sha256 = normaliseThumbprint('thumbprintSha256', options.thumbprintSha256, sha256Pattern);
  if (certificate) checkThumbprints(certificate, sha1, sha256);

  // msal signs with jsonwebtoken, which wants an unencrypted PEM.
  const privateKey = key.export({ type: 'pkcs8', format: 'pem' }).toString();
  const x5c = options.x5c === undefined ? {} : { x5c: options.x5c };
  if (sha256) return { thumbprintSha256: sha256, privateKey, ...x5c };
  if (sha1) return { thumbprint: sha1, privateKey, ...x5c };
  if (certificate)
    return { thumbprintSha256: hexOf(certificate.fingerprint256), privateKey, ...x5c };
  throw new InvalidInputError('thumbprint', 'give thumbprint, thumbprintSha256 or x5c');
}

function readPrivateKey(options: ClientCertificateOptions): KeyObject {
  const pem = requireText('privateKeyPem', options.privateKeyPem);
  let key: KeyObject;
  try {
    const passphrase = options.privateKeyPassphrase;
    key = createPrivateKey(passphrase === undefined ? pem : { key: pem, passphrase });
  } catch (cause) {
    throw new InvalidInputError('privateKeyPem', 'not a readable PEM private key', { cause });
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new InvalidInputError(
      'privateKeyPem',
      `expected an RSA key, not ${key.asymmetricKeyType}`,
    );
  }
  return key;
}

function readCertificate(pem: string, key: KeyObject): X509Certificate {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch (cause) {
    throw new InvalidInputError('x5c', 'not a PEM certificate', { cause });
  }
  if (!certificate.checkPrivateKey(key)) {
    throw new InvalidInputError('x5c', 'the first certificate does not match the private key');
  }
  return certificate;
}

function normaliseThumbprint(field: string, value: unknown, pattern: RegExp): string | undefined {
  if (value === undefined) return undefined;
  const hex = typeof value === 'string' ? hexOf(value) : '';
  if (!pattern.test(hex)) throw new InvalidInputError(field, 'not a hex thumbprint of that hash');
  return hex;
}

function checkThumbprints(
  certificate: X509Certificate,
  sha1: string | undefined,
  sha256: string | undefined,
): void {
  if (sha1 && sha1 !== hexOf(certificate.fingerprint)) {
    throw new InvalidInputError('thumbprint', 'does not match the x5c certificate');
  }
  if (sha256 && sha256 !== hexOf(certificate.fingerprint256)) {
    throw new InvalidInputError('thumbprintSha256', 'does not match the x5c certificate');
  }
}

// Accepts `AB:CD:…` (Node, OpenSSL) and `ab cd …` forms as well as plain hex.
function hexOf(thumbprint: string): string {
  return thumbprint.replace(/[\s:]/g, '').toLowerCase();
}
