import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PublicClientApplication } from '@azure/msal-node';
import { customCloud, TokenSourceError } from '@lifeline/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  buildMsalAuthority,
  type DeviceCodePrompt,
  deviceCodeTokenSource,
  fileTokenCache,
  MsalTokenSourceError,
  tokenSourceFromApplication,
} from '../src/index.js';
import { decodePayload, type LocalEntra, startLocalEntra } from './support/local-entra.js';

const scopes = ['https://graph.microsoft.com/Subscription.Read.All'];
const adele = { oid: '7a2d1f0e-4c55-4a8b-9a8e-1f2b3c4d5e6f', username: 'adele@contoso.test' };
const alex = { oid: '0b1c2d3e-5f60-4718-8293-a4b5c6d7e8f9', username: 'alex@contoso.test' };
const challenge = '{"access_token":{"nbf":{"essential":true,"value":"1604106651"}}}';

let entra: LocalEntra;
let directory: string;
let cachePath: string;

beforeAll(async () => {
  entra = await startLocalEntra();
});
afterAll(() => entra.close());

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'lifeline-msal-'));
  cachePath = join(directory, 'config', 'lifeline', 'msal-cache.json');
  return () => rm(directory, { recursive: true, force: true });
});

function source(onDeviceCode: (prompt: DeviceCodePrompt) => void, extra = {}) {
  return deviceCodeTokenSource({
    tenantId: entra.tenantId,
    clientId: entra.clientId,
    cloud: customCloud({ graphUrl: 'https://graph.microsoft.com', loginUrl: entra.loginUrl }),
    scopes,
    cachePath,
    onDeviceCode,
    ...extra,
  });
}

function approveAs(user: typeof adele, prompts: DeviceCodePrompt[] = []) {
  return (prompt: DeviceCodePrompt) => {
    prompts.push(prompt);
    entra.approve(prompt.userCode, user);
  };
}

function refuse(): never {
  throw new Error('the user was asked to sign in again');
}

function lastDeviceCode(): string | undefined {
  return entra.issuedDeviceCodes.at(-1);
}

function formsTo(suffix: string) {
  return entra.forms.filter((received) => received.path.endsWith(suffix));
}

describe('deviceCodeTokenSource', () => {
  it('signs in once and keeps the cache in a 0600 file inside a new 0700 directory', async () => {
    const prompts: DeviceCodePrompt[] = [];
    const { token } = await source(approveAs(adele, prompts))({ scopes: [] });

    expect(prompts).toHaveLength(1);
    expect(prompts[0]?.message).toContain(prompts[0]?.userCode);
    expect(decodePayload(token).oid).toBe(adele.oid);
    expect((await stat(cachePath)).mode & 0o777).toBe(0o600);
    expect((await stat(join(directory, 'config', 'lifeline'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(directory, 'config'))).mode & 0o777).toBe(0o700);
    expect(await readdir(join(directory, 'config', 'lifeline'))).toEqual(['msal-cache.json']);
  });

  it('starts silently from the cache file in a later run', async () => {
    const first = await source(approveAs(adele))({ scopes: [] });
    const posted = entra.forms.length;

    const later = await source(refuse)({ scopes: [] });

    expect(later.token).toBe(first.token);
    expect(later.expiresOn).toBeInstanceOf(Date);
    expect(entra.forms.length).toBe(posted);
  });

  it('answers a claims challenge with a refresh that carries the claims and CP1', async () => {
    const first = await source(approveAs(adele))({ scopes: [] });

    const renewed = await source(refuse)({ scopes: [], claims: challenge });

    expect(renewed.token).not.toBe(first.token);
    const refresh = formsTo('/token').at(-1)?.form;
    expect(refresh?.get('grant_type')).toBe('refresh_token');
    const claims = JSON.parse(refresh?.get('claims') ?? '{}');
    expect(claims.access_token.nbf).toEqual({ essential: true, value: '1604106651' });
    expect(claims.access_token.xms_cc.values).toEqual(['CP1']);
  });

  it('asks the user again when the refresh token was revoked', async () => {
    await source(approveAs(adele))({ scopes: [] });
    entra.revokeRefreshTokens();
    const prompts: DeviceCodePrompt[] = [];

    const { token } = await source(approveAs(adele, prompts))({ scopes: [], claims: challenge });

    expect(prompts).toHaveLength(1);
    expect(decodePayload(token).oid).toBe(adele.oid);
    expect(formsTo('/devicecode').at(-1)?.form.get('claims')).toContain('1604106651');
  });

  it('signs in with the configured scopes when asked for /.default, then refreshes', async () => {
    const graphDefault = ['https://graph.microsoft.com/.default'];
    const tokenSource = source(approveAs(adele));
    await tokenSource({ scopes: graphDefault });

    const later = await source(refuse)({ scopes: graphDefault });

    expect(formsTo('/devicecode').at(-1)?.form.get('scope')).toContain(scopes[0]);
    expect(formsTo('/devicecode').at(-1)?.form.get('scope')).not.toContain('.default');
    const refresh = formsTo('/token').at(-1)?.form;
    expect(refresh?.get('grant_type')).toBe('refresh_token');
    expect(refresh?.get('scope')).toContain(graphDefault[0]);
    expect(decodePayload(later.token).oid).toBe(adele.oid);
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
  });

  it('fails with TokenSourceError when onDeviceCode throws, and stops polling', async () => {
    const failing = source(() => {
      throw new Error('no terminal');
    });

    const error = await failing({ scopes: [] }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TokenSourceError);
    expect((error as TokenSourceError).message).toMatch(/onDeviceCode failed/);
    expect(((error as TokenSourceError).cause as Error).message).toBe('no terminal');
    const polls = formsTo('/token').filter(({ form }) => form.get('grant_type') === 'device_code');
    expect(polls.map(({ form }) => form.get('device_code'))).not.toContain(lastDeviceCode());
  });

  it('picks the selected account when the cache holds two', async () => {
    await source(approveAs(adele))({ scopes: [] });
    await source(approveAs(alex), { account: { username: 'ALEX@contoso.test' } })({ scopes: [] });

    const ambiguous = await source(refuse)({ scopes: [] }).catch((caught: unknown) => caught);
    const chosen = await source(refuse, { account: { username: adele.username } })({ scopes: [] });

    expect(ambiguous).toBeInstanceOf(TokenSourceError);
    expect((ambiguous as Error).message).toMatch(/2 accounts/);
    expect(decodePayload(chosen.token).oid).toBe(adele.oid);
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
    const cloud = customCloud({
      graphUrl: 'https://graph.microsoft.com',
      loginUrl: entra.loginUrl,
    });
    return new PublicClientApplication({
      auth: {
        clientId: entra.clientId,
        ...buildMsalAuthority({ tenantId: entra.tenantId, cloud }),
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
  });

  it('uses an account that another source signed in', async () => {
    await source(approveAs(alex))({ scopes: [] });

    const { token } = await tokenSourceFromApplication(publicClient(), { scopes })({ scopes: [] });

    expect(decodePayload(token).oid).toBe(alex.oid);
  });
});
