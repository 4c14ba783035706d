import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PublicClientApplication } from '@azure/msal-node';
import { type Cloud, customCloud, readClaimsChallenge, TokenSourceError } from '@lifeline/core';
import { type RunningEmulator, type SignInInput, startEmulator } from '@lifeline/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  buildMsalAuthority,
  type DeviceCodePrompt,
  deviceCodeTokenSource,
  fileTokenCache,
  MsalTokenSourceError,
  tokenSourceFromApplication,
} from '../src/index.js';
import { decodePayload } from './support/jwt.js';

// The emulator's Entra ID serves the device code flow and refresh tokens; a user signs in when
// the test approves the code through its admin API, as a person at the verification page would.
const adele = {
  userId: '7a2d1f0e-4c55-4a8b-9a8e-1f2b3c4d5e6f',
  name: 'Adele Vance',
  username: 'adele@contoso.test',
};
const alex = {
  userId: '0b1c2d3e-5f60-4718-8293-a4b5c6d7e8f9',
  name: 'Alex Wilber',
  username: 'alex@contoso.test',
};

let emulator: RunningEmulator;
let cloud: Cloud;
let clientId: string;
let scopes: string[];
let directory: string;
let cachePath: string;

beforeAll(async () => {
  // Entra ID asks clients to poll every 5 seconds; at once keeps the tests quick.
  emulator = await startEmulator({ settings: { deviceCode: { intervalSeconds: 0 } } });
  cloud = customCloud(emulator.cloud);
  scopes = [`${emulator.graphUrl}/Mail.Read`];
  const { credentials } = await emulator.admin.apps.register({
    displayName: 'Lifeline command line',
    allowPublicClient: true,
    delegatedPermissions: ['Mail.Read'],
  });
  clientId = credentials.clientId;
});
afterAll(() => emulator.close());

beforeEach(async () => {
  await emulator.admin.records.clear();
  directory = await mkdtemp(join(tmpdir(), 'lifeline-msal-'));
  cachePath = join(directory, 'config', 'lifeline', 'msal-cache.json');
  return () => rm(directory, { recursive: true, force: true });
});

function source(onDeviceCode: (prompt: DeviceCodePrompt) => void | Promise<void>, extra = {}) {
  return deviceCodeTokenSource({
    tenantId: emulator.tenantId,
    clientId,
    cloud,
    scopes,
    cachePath,
    onDeviceCode,
    ...extra,
  });
}

function approveAs(user: SignInInput, prompts: DeviceCodePrompt[] = []) {
  return async (prompt: DeviceCodePrompt) => {
    prompts.push(prompt);
    await emulator.admin.deviceCodes.approve(prompt.userCode, user);
  };
}

function refuse(): never {
  throw new Error('the user was asked to sign in again');
}

const tokenRequests = (filter: Record<string, string> = {}) =>
  emulator.admin.records.tokenRequests({ clientId, ...filter });

// Revokes the token at the emulator and returns the claims challenge Graph then answers with.
async function challengeFor(token: string): Promise<string> {
  await emulator.admin.tokens.revoke({ token });
  const response = await fetch(`${emulator.graphUrl}/v1.0/subscriptions`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return readClaimsChallenge(response) ?? refuse();
}

describe('deviceCodeTokenSource', () => {
  it('signs in once and keeps the cache in a 0600 file inside a new 0700 directory', async () => {
    const prompts: DeviceCodePrompt[] = [];
    const { token } = await source(approveAs(adele, prompts))({ scopes: [] });

    expect(prompts).toHaveLength(1);
    expect(prompts[0]?.message).toContain(prompts[0]?.userCode);
    expect(prompts[0]?.verificationUri).toBe(`${emulator.loginUrl}/devicelogin`);
    expect(decodePayload(token)).toMatchObject({ oid: adele.userId, scp: 'Mail.Read' });
    expect((await stat(cachePath)).mode & 0o777).toBe(0o600);
    expect((await stat(join(directory, 'config', 'lifeline'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(directory, 'config'))).mode & 0o777).toBe(0o700);
    expect(await readdir(join(directory, 'config', 'lifeline'))).toEqual(['msal-cache.json']);
  });

  it('starts silently from the cache file in a later run', async () => {
    const first = await source(approveAs(adele))({ scopes: [] });
    const asked = (await tokenRequests()).length;

    const later = await source(refuse)({ scopes: [] });

    expect(later.token).toBe(first.token);
    expect(later.expiresOn).toBeInstanceOf(Date);
    expect((await tokenRequests()).length).toBe(asked);
    expect(await tokenRequests({ endpoint: 'devicecode' })).toHaveLength(1);
  });

  it("answers Graph's claims challenge by a refresh that carries the claims and CP1", async () => {
    const first = await source(approveAs(adele))({ scopes: [] });
    const claims = await challengeFor(first.token);

    const renewed = await source(refuse)({ scopes: [], claims });

    expect(renewed.token).not.toBe(first.token);
    expect(decodePayload(renewed.token).xms_cc).toEqual(['cp1']);
    expect((await tokenRequests()).at(-1)).toMatchObject({
      grantType: 'refresh_token',
      claims: true,
      challengedClaims: ['nbf'],
      clientCapabilities: ['cp1'],
      status: 200,
    });
  });

  it('asks the user again when the sign-in was revoked', async () => {
    const first = await source(approveAs(adele))({ scopes: [] });
    const claims = await challengeFor(first.token);
    await emulator.admin.tokens.revoke({ appId: clientId, userId: adele.userId });
    const prompts: DeviceCodePrompt[] = [];

    const { token } = await source(approveAs(adele, prompts))({ scopes: [], claims });

    expect(prompts).toHaveLength(1);
    expect(decodePayload(token).oid).toBe(adele.userId);
    const refresh = await tokenRequests({ grantType: 'refresh_token' });
    expect(refresh.map(({ error, errorCode }) => [error, errorCode])).toEqual([
      ['invalid_grant', 50173],
    ]);
    const [, again] = await tokenRequests({ endpoint: 'devicecode' });
    expect(again).toMatchObject({ claims: true, challengedClaims: ['nbf'] });
  });

  it('signs in with the configured scopes when asked for /.default, then refreshes', async () => {
    const graphDefault = [`${emulator.graphUrl}/.default`];
    await source(approveAs(adele))({ scopes: graphDefault });

    const later = await source(refuse)({ scopes: graphDefault });

    const [signIn] = await tokenRequests({ endpoint: 'devicecode' });
    expect(signIn?.scopes).toContain(scopes[0]);
    expect(signIn?.scopes).not.toContain(graphDefault[0]);
    const [refresh] = await tokenRequests({ grantType: 'refresh_token' });
    expect(refresh?.scopes).toContain(graphDefault[0]);
    expect(decodePayload(later.token)).toMatchObject({ oid: adele.userId, scp: 'Mail.Read' });
  });

  it('shares one sign-in between concurrent requests', async () => {
    const prompts: DeviceCodePrompt[] = [];
    const tokenSource = source(approveAs(adele, prompts));

    const [one, two] = await Promise.all([
      tokenSource({ scopes: [] }),
      tokenSource({ scopes: [] }),
    ]);

    expect(prompts).toHaveLength(1);
    expect(one.token).toBe(two.token);
    expect(await tokenRequests({ endpoint: 'devicecode' })).toHaveLength(1);
  });

  it('fails with TokenSourceError when onDeviceCode throws, and stops polling', async () => {
    const failing = source(() => {
      throw new Error('no terminal');
    });

    const error = await failing({ scopes: [] }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TokenSourceError);
    expect((error as TokenSourceError).message).toMatch(/onDeviceCode failed/);
    expect(((error as TokenSourceError).cause as Error).message).toBe('no terminal');
    expect(await tokenRequests({ endpoint: 'devicecode' })).toHaveLength(1);
    expect(await tokenRequests({ grantType: 'device_code' })).toEqual([]);
  });

  it('picks the selected account when the cache holds two', async () => {
    await source(approveAs(adele))({ scopes: [] });
    await source(approveAs(alex), { account: { username: 'ALEX@contoso.test' } })({ scopes: [] });

    const ambiguous = await source(refuse)({ scopes: [] }).catch((caught: unknown) => caught);
    const chosen = await source(refuse, { account: { username: adele.username } })({ scopes: [] });

    expect(ambiguous).toBeInstanceOf(TokenSourceError);
    expect((ambiguous as Error).message).toMatch(/2 accounts/);
    expect(decodePayload(chosen.token).oid).toBe(adele.userId);
  });

  it('rejects a corrupt cache file with token_cache_error and leaves the file alone', async () => {
    await writeFile(join(directory, 'broken.json'), '{"Account":', { mode: 0o600 });
    cachePath = join(directory, 'broken.json');

    const error = await source(refuse)({ scopes: [] }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MsalTokenSourceError);
    expect((error as MsalTokenSourceError).errorCode).toBe('token_cache_error');
    expect(await readFile(cachePath, 'utf8')).toBe('{"Account":');
  });

  it('rejects options it cannot use, before any request', () => {
    expect(() => source(refuse, { scopes: [] })).toThrow(/scopes/);
    expect(() => source(refuse, { cachePath: '' })).toThrow(/cachePath/);
    expect(() => source(refuse, { tenantId: 'a/b' })).toThrow(/tenantId/);
    expect(() => source(undefined as never)).toThrow(/onDeviceCode/);
  });
});

describe('tokenSourceFromApplication with a public client', () => {
  function publicClient() {
    return new PublicClientApplication({
      auth: {
        clientId,
        ...buildMsalAuthority({ tenantId: emulator.tenantId, cloud }),
        clientCapabilities: ['CP1'],
      },
      cache: { cachePlugin: fileTokenCache(cachePath) },
    });
  }

  it('asks for interaction when nobody is signed in and it cannot prompt', async () => {
    const error = await tokenSourceFromApplication(publicClient(), { scopes })({
      scopes: [],
    }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MsalTokenSourceError);
    expect((error as MsalTokenSourceError).errorCode).toBe('interaction_required');
    expect((error as MsalTokenSourceError).interactionRequired).toBe(true);
    expect(await tokenRequests()).toEqual([]);
  });

  it('uses an account that another source signed in', async () => {
    await source(approveAs(alex))({ scopes: [] });

    const { token } = await tokenSourceFromApplication(publicClient(), { scopes })({ scopes: [] });

    expect(decodePayload(token).oid).toBe(alex.userId);
  });
});
