import { ManagedIdentityApplication } from '@azure/msal-node';
import { clouds, InvalidInputError } from '@lifeline/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managedIdentityTokenSource, tokenSourceFromApplication } from '../src/index.js';
import { decodePayload } from './support/jwt.js';
import {
  type LocalManagedIdentity,
  startLocalManagedIdentity,
} from './support/local-managed-identity.js';

// msal finds the managed identity endpoint in the environment, as App Service sets it:
// https://learn.microsoft.com/azure/app-service/overview-managed-identity#rest-endpoint-reference
let identity: LocalManagedIdentity;

beforeAll(async () => {
  identity = await startLocalManagedIdentity();
  process.env.IDENTITY_ENDPOINT = identity.endpoint;
  process.env.IDENTITY_HEADER = identity.identityHeader;
});
afterAll(async () => {
  delete process.env.IDENTITY_ENDPOINT;
  delete process.env.IDENTITY_HEADER;
  await identity.close();
});

describe('managedIdentityTokenSource', () => {
  it("asks for the cloud's Graph resource, without /.default, by default", async () => {
    const { token, expiresOn } = await managedIdentityTokenSource({ cloud: clouds.usGovL4 })({
      scopes: [],
    });

    const asked = identity.requests.at(-1);
    expect(asked?.searchParams.get('resource')).toBe('https://graph.microsoft.us');
    expect(decodePayload(token).aud).toBe('https://graph.microsoft.us');
    expect(expiresOn?.toISOString()).toBe('2100-01-01T00:00:00.000Z');
  });

  it('asks for a user-assigned identity by client id', async () => {
    const clientId = '4bd7c1e0-8f3a-4d6e-9c1b-2a3f4e5d6c7b';

    await managedIdentityTokenSource({ clientId })({
      scopes: ['https://graph.microsoft.com/.default'],
    });

    expect(identity.requests.at(-1)?.searchParams.get('client_id')).toBe(clientId);
  });

  it('passes a claims challenge through instead of answering from the cache', async () => {
    const tokenSource = managedIdentityTokenSource({
      objectId: 'e3b1f7c2-1111-4a4a-8b8b-123456789abc',
    });
    await tokenSource({ scopes: [] });
    const asked = identity.requests.length;

    await tokenSource({ scopes: [] });
    await tokenSource({ scopes: [], claims: '{"access_token":{"nbf":{"essential":true}}}' });

    expect(identity.requests.length).toBe(asked + 1);
  });

  it('rejects two identity ids, and a request for two scopes', async () => {
    expect(() => managedIdentityTokenSource({ clientId: 'a', objectId: 'b' })).toThrow(
      InvalidInputError,
    );
    const twoScopes = managedIdentityTokenSource()({ scopes: ['https://a/.default', 'https://b'] });

    await expect(twoScopes).rejects.toThrow(/exactly one resource/);
  });

  it('wraps an application built by the caller', async () => {
    const app = new ManagedIdentityApplication({ clientCapabilities: ['CP1'] });

    const { token } = await tokenSourceFromApplication(app)({ scopes: [] });

    expect(decodePayload(token).aud).toBe('https://graph.microsoft.com');
  });
});
