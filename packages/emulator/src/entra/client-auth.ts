/**
 * How the token endpoint authenticates a confidential client: a client secret (in the body or
 * HTTP Basic), or a client assertion signed with a registered certificate's key
 * (`private_key_jwt`), found by its `x5t` or `x5t#S256` thumbprint.
 * See https://learn.microsoft.com/entra/identity-platform/certificate-credentials
 *
 * @module
 */
import { decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { type AppCertificate, findSecret, type RegisteredApp } from './apps.js';
import { thumbprintHeader } from './certificate.js';
import { failure, type OAuthFailure } from './oauth-errors.js';

/** What the client sent to prove itself. */
export interface ClientProof {
  clientSecret?: string;
  clientAssertion?: string;
  clientAssertionType?: string;
}

/** Where and when the assertion is checked. */
export interface AssertionContext {
  /** Audiences accepted: the token endpoint URLs (and issuer) the client may have used. */
  audiences: string[];
  /** The emulator clock and the wall clock; an assertion valid under either is accepted. */
  now: Date[];
}

/** `1` for a secret, `2` for a certificate: the token's `appidacr`. */
export type ClientAuthentication = '1' | '2';

const jwtBearer = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Authenticates the client, or says why not in Entra ID's terms. */
export async function authenticateClient(
  app: RegisteredApp,
  proof: ClientProof,
  context: AssertionContext,
): Promise<{ ok: true; method: ClientAuthentication } | { ok: false; failure: OAuthFailure }> {
  if (proof.clientAssertion !== undefined) return verifyAssertion(app, proof, context);
  if (proof.clientSecret !== undefined) return checkSecret(app, proof.clientSecret, context.now[0]);
  const description =
    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.";
  return refuse(failure(401, 'invalid_client', 7000216, description));
}

function checkSecret(app: RegisteredApp, value: string, now: Date | undefined) {
  const secret = findSecret(app, value);
  if (!secret) {
    const description = [
      'Invalid client secret provided. Ensure the secret being sent in the request is the client',
      `secret value, not the client secret ID, for a secret added to app '${app.appId}'.`,
    ].join(' ');
    return refuse(failure(401, 'invalid_client', 7000215, description));
  }
  if (secret.expiresAt && now && secret.expiresAt <= now) {
    const description = [
      `The provided client secret keys for app '${app.appId}' are expired.`,
      'Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret,',
      'or consider using certificate credentials for added security: https://aka.ms/certCreds.',
    ].join(' ');
    return refuse(failure(401, 'invalid_client', 7000222, description));
  }
  return { ok: true as const, method: '1' as const };
}

async function verifyAssertion(app: RegisteredApp, proof: ClientProof, context: AssertionContext) {
  if (proof.clientAssertionType !== jwtBearer) {
    const description = `The client_assertion_type must be '${jwtBearer}'.`;
    return refuse(failure(400, 'invalid_request', 90014, description));
  }
  const certificate = findCertificate(app, proof.clientAssertion ?? '');
  if (!certificate.ok) return refuse(certificate.failure);
  let outcome: Awaited<ReturnType<typeof checkClaims>> | undefined;
  for (const now of context.now) {
    outcome = await checkClaims(app, proof.clientAssertion ?? '', certificate.value, now, context);
    if (outcome.ok) return outcome;
  }
  return outcome ?? refuse(failure(401, 'invalid_client', 700027, 'Client assertion is invalid.'));
}

function findCertificate(
  app: RegisteredApp,
  assertion: string,
): { ok: true; value: AppCertificate } | { ok: false; failure: OAuthFailure } {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    return {
      ok: false,
      failure: failure(400, 'invalid_request', 50027, 'JWT token is invalid or malformed.'),
    };
  }
  const sha1 = typeof header.x5t === 'string' ? header.x5t : undefined;
  const sha256 = typeof header['x5t#S256'] === 'string' ? header['x5t#S256'] : undefined;
  const found = app.certificates.find(
    (known) =>
      (sha1 !== undefined && thumbprintHeader(known.thumbprint) === sha1) ||
      (sha256 !== undefined && thumbprintHeader(known.thumbprintSha256) === sha256),
  );
  if (found) return { ok: true, value: found };
  const used = Buffer.from(sha256 ?? sha1 ?? '', 'base64url')
    .toString('hex')
    .toUpperCase();
  const description = [
    'The certificate with identifier used to sign the client assertion is not registered on',
    `application. [Reason - The key was not found., Thumbprint of key used by client: '${used}',`,
    'Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys',
    `for app Id '${app.appId}'.]`,
  ].join(' ');
  return { ok: false, failure: failure(401, 'invalid_client', 700027, description) };
}

async function checkClaims(
  app: RegisteredApp,
  assertion: string,
  certificate: AppCertificate,
  now: Date,
  context: AssertionContext,
) {
  try {
    const { payload } = await jwtVerify(assertion, certificate.publicKey, {
      algorithms: ['RS256', 'PS256'],
      currentDate: now,
      // Entra ID tolerates clock skew; MSAL rounds `nbf` to the nearest second.
      clockTolerance: 300,
      requiredClaims: ['exp', 'aud', 'iss', 'sub'],
    });
    if (payload.iss !== app.appId || payload.sub !== app.appId) {
      const description = [
        "Client assertion application identifier doesn't match 'client_id' parameter. Review the",
        'documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials.',
      ].join(' ');
      return refuse(failure(401, 'invalid_client', 700021, description));
    }
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (!audiences.some((audience) => context.audiences.includes(String(audience)))) {
      const expected = context.audiences.join(', ');
      const description = `The client assertion's audience is not the token endpoint: ${expected}.`;
      return refuse(failure(401, 'invalid_client', 700027, description));
    }
    return { ok: true as const, method: '2' as const };
  } catch (error) {
    return refuse(assertionFailure(error, now));
  }
}

function assertionFailure(error: unknown, now: Date): OAuthFailure {
  if (
    error instanceof errors.JWTExpired ||
    (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf')
  ) {
    const time = `Current time: ${now.toISOString()}.`;
    const description = `Client assertion is not within its valid time range. ${time}`;
    return failure(401, 'invalid_client', 700024, description);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return failure(
      401,
      'invalid_client',
      700027,
      'Client assertion contains an invalid signature.',
    );
  }
  return failure(400, 'invalid_request', 50027, 'JWT token is invalid or malformed.');
}

function refuse(reason: OAuthFailure): { ok: false; failure: OAuthFailure } {
  return { ok: false, failure: reason };
}
