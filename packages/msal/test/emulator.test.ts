import { ConfidentialClientApplication } from '@azure/msal-node';
import {
  type Cloud,
  createGraphClient,
  customCloud,
  LifelineError,
  TokenSourceError,
} from '@lifeline/core';
import { msalConfiguration, type RunningEmulator, startEmulator } from '@lifeline/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientCertificateTokenSource,
  clientSecretTokenSource,
  MsalTokenSourceError,
  tokenSourceFromApplication,
} from '../src/index.js';
import { makeTestCertificate } from './support/certificate.js';
import { decodePayload } from './support/jwt.js';
import { type RecordingProxy, startRecordingProxy } from './support/recording-proxy.js';
import { recordingTokenSource } from './support/recording-token-source.js';

// A claims challenge as Graph sends it after a revoked session (decoded from its base64):
// https://learn.microsoft.com/entra/identity-platform/claims-challenge
const challenge = '{"access_token":{"nbf":{"essential":true,"value":"1604106651"}}}';

let emulator: RunningEmulator;
let cloud: Cloud;

beforeAll(async () => {
  emulator = await startEmulator();
  cloud = customCloud(emulator.cloud);
});
afterAll(() => emulator.close());

function secretSource(extra: { clientSecret?: string; cloud?: Cloud } = {}) {
  return clientSecretTokenSource({
    tenantId: emulator.tenantId,
    clientId: emulator.apps.secret.clientId,
    clientSecret: emulator.apps.secret.clientSecret,
    cloud,
    ...extra,
  });
}

async function failureOf(promise: Promise<unknown>): Promise<MsalTokenSourceError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MsalTokenSourceError);
  return error as MsalTokenSourceError;
}

describe('clientSecretTokenSource against the emulator', () => {
  it("gets an app token for the cloud's Graph, with roles and the CP1 capability", async () => {
    const { token, expiresOn } = await secretSource()({ scopes: [] });

    const claims = decodePayload(token);
    expect(claims.aud).toBe(emulator.graphUrl);
    expect(claims.tid).toBe(emulator.tenantId);
    expect(claims.appid).toBe(emulator.apps.secret.clientId);
    expect(claims.appidacr).toBe('1');
    expect(claims.roles).toContain('Mail.Read');
    expect(claims.xms_cc).toEqual(['cp1']);
    expect(expiresOn).toBeInstanceOf(Date);
  });

  it('reaches a national cloud served under a path prefix', async () => {
    const usGov = customCloud(emulator.clouds.usGovL4);

    const { token } = await secretSource({ cloud: usGov })({ scopes: [] });

    expect(decodePayload(token).aud).toBe(usGov.graphUrl);
  });

  it('fails a wrong secret with invalid_client, chained, and without the secret', async () => {
    const wrong = 'wrong-secret-value-0123456789';

    const error = await failureOf(secretSource({ clientSecret: wrong })({ scopes: [] }));

    expect(error).toBeInstanceOf(TokenSourceError);
    expect(LifelineError.isInstance(error)).toBe(true);
    expect(error.code).toBe('ERR_TOKEN_SOURCE');
    expect(error.errorCode).toBe('invalid_client');
    expect(error.interactionRequired).toBe(false);
    expect(error.message).toContain('AADSTS7000215');
    expect(error.message).not.toContain(wrong);
    expect((error.cause as { errorCode?: string }).errorCode).toBe('invalid_client');
  });

  it('fails a scope the emulator does not serve with invalid_scope', async () => {
    const error = await failureOf(
      secretSource()({ scopes: ['https://graph.microsoft.us/.default'] }),
    );

    expect(error.errorCode).toBe('invalid_scope');
  });
});

describe('claims challenges against the emulator', () => {
  let proxy: RecordingProxy;

  beforeAll(async () => {
    proxy = await startRecordingProxy(emulator.url);
  });
  afterAll(() => proxy.close());

  it('sends the challenge merged with CP1, skipping the cached token', async () => {
    const tokenSource = clientSecretTokenSource({
      tenantId: emulator.tenantId,
      clientId: emulator.apps.secret.clientId,
      clientSecret: emulator.apps.secret.clientSecret,
      cloud: customCloud({ graphUrl: emulator.graphUrl, loginUrl: proxy.url }),
    });
    const first = await tokenSource({ scopes: [] });
    const cached = await tokenSource({ scopes: [] });
    const sent = proxy.requests.length;

    const fresh = await tokenSource({ scopes: [], claims: challenge });

    expect(cached.token).toBe(first.token);
    expect(fresh.token).not.toBe(first.token);
    expect(proxy.requests.length).toBe(sent + 1);
    const form = new URLSearchParams(proxy.requests.at(-1)?.body);
    expect(form.get('grant_type')).toBe('client_credentials');
    const claims = JSON.parse(form.get('claims') ?? '{}');
    expect(claims.access_token.nbf).toEqual({ essential: true, value: '1604106651' });
    expect(claims.access_token.xms_cc).toEqual({ values: ['CP1'] });
    expect(decodePayload(fresh.token).xms_cc).toEqual(['cp1']);
  });
});

describe("core's Graph client with a source of this package, against the emulator", () => {
  it('recovers from a revoked token: the claims challenge reaches Entra ID past the cache', async () => {
    const { tokenSource, requests, tokens } = recordingTokenSource(secretSource());
    const graph = createGraphClient({ tokenSource, cloud });
    await graph.list();

    await emulator.admin.tokens.revoke({ token: tokens[0] });
    const subscriptions = await graph.list();

    expect(subscriptions).toEqual([]);
    expect(requests.map((request) => request.claims === undefined)).toEqual([true, true, false]);
    expect(tokens[1]).toBe(tokens[0]);
    expect(tokens[2]).not.toBe(tokens[0]);
  });
});

describe('clientCertificateTokenSource against the emulator', () => {
  const certificate = makeTestCertificate('lifeline-msal-certificate-test');
  let clientId: string;

  beforeAll(async () => {
    const registered = await emulator.admin.apps.register({
      displayName: 'lifeline-msal certificate test',
      certificate: certificate.certificatePem,
      applicationPermissions: ['Mail.Read'],
    });
    clientId = registered.credentials.clientId;
  });

  function certificateSource(extra: Record<string, string>) {
    return clientCertificateTokenSource({
      tenantId: emulator.tenantId,
      clientId,
      cloud,
      privateKeyPem: certificate.privateKeyPem,
      ...extra,
    });
  }

  it.each([
    ['a SHA-256 thumbprint', { thumbprintSha256: certificate.thumbprintSha256 }],
    ['a SHA-1 thumbprint', { thumbprint: certificate.thumbprint.toUpperCase() }],
    ['only the certificate in x5c', { x5c: certificate.certificatePem }],
    [
      'a PKCS#1 key',
      { privateKeyPem: certificate.privateKeyPkcs1Pem, thumbprint: certificate.thumbprint },
    ],
  ])('gets an app token with %s', async (_, extra) => {
    const { token } = await certificateSource(extra)({ scopes: [] });

    const claims = decodePayload(token);
    expect(claims.appid).toBe(clientId);
    expect(claims.appidacr).toBe('2');
    expect(claims.roles).toEqual(['Mail.Read']);
    expect(claims.xms_cc).toEqual(['cp1']);
  });

  it("uses the emulator's generated certificate", async () => {
    const ready = emulator.apps.certificate;

    const { token } = await clientCertificateTokenSource({
      tenantId: emulator.tenantId,
      clientId: ready.clientId,
      cloud,
      privateKeyPem: ready.certificate.privateKeyPem,
      thumbprintSha256: ready.certificate.thumbprintSha256,
    })({ scopes: [] });

    expect(decodePayload(token).appid).toBe(ready.clientId);
  });

  it('fails a certificate the app does not have with invalid_client', async () => {
    const stranger = makeTestCertificate('stranger');

    const error = await failureOf(
      clientCertificateTokenSource({
        tenantId: emulator.tenantId,
        clientId,
        cloud,
        privateKeyPem: stranger.privateKeyPem,
        x5c: stranger.certificatePem,
      })({ scopes: [] }),
    );

    expect(error.errorCode).toBe('invalid_client');
    expect(error.message).toContain('AADSTS700027');
    expect(error.message).not.toContain('PRIVATE KEY');
  });
});

describe('tokenSourceFromApplication and authority overrides against the emulator', () => {
  it("wraps a confidential client built from the emulator's msal configuration", async () => {
    const configuration = msalConfiguration(emulator, emulator.apps.secret, {
      clientCapabilities: ['CP1'],
    });
    const app = new ConfidentialClientApplication(configuration);

    const { token } = await tokenSourceFromApplication(app, { cloud })({ scopes: [] });

    expect(decodePayload(token)).toMatchObject({ aud: emulator.graphUrl, xms_cc: ['cp1'] });
  });

  it("accepts the emulator's authority settings as overrides", async () => {
    const { auth } = msalConfiguration(emulator, emulator.apps.secret);

    const { token } = await clientSecretTokenSource({
      tenantId: emulator.tenantId,
      clientId: emulator.apps.secret.clientId,
      clientSecret: emulator.apps.secret.clientSecret,
      scopes: [emulator.scope],
      authorityOverrides: auth,
    })({ scopes: [] });

    expect(decodePayload(token).aud).toBe(emulator.graphUrl);
  });
});
