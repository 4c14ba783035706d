import { clouds, customCloud, InvalidInputError } from '@lifeline/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AuthorityOverrides, buildMsalAuthority } from '../src/index.js';

const tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';

describe('buildMsalAuthority', () => {
  it('uses the cloud login host and nothing else for a Microsoft cloud', () => {
    expect(buildMsalAuthority({ tenantId })).toEqual({
      authority: `https://login.microsoftonline.com/${tenantId}`,
    });
    expect(buildMsalAuthority({ tenantId, cloud: clouds.china })).toEqual({
      authority: `https://login.chinacloudapi.cn/${tenantId}`,
    });
    expect(buildMsalAuthority({ tenantId, cloud: clouds.usGovL5 }).authority).toBe(
      `https://login.microsoftonline.us/${tenantId}`,
    );
  });

  it('declares another https host as a known authority', () => {
    const cloud = customCloud({ graphUrl: 'https://graph.test', loginUrl: 'https://login.test/' });

    expect(buildMsalAuthority({ tenantId, cloud })).toEqual({
      authority: `https://login.test/${tenantId}`,
      knownAuthorities: ['login.test'],
    });
  });

  it('gives a loopback http host an https authority and http endpoint metadata', () => {
    const cloud = customCloud({
      graphUrl: 'http://127.0.0.1:1',
      loginUrl: 'http://127.0.0.1:4010',
    });

    const result = buildMsalAuthority({ tenantId, cloud });

    expect(result.authority).toBe(`https://127.0.0.1:4010/${tenantId}`);
    expect(result.knownAuthorities).toEqual(['127.0.0.1:4010']);
    const metadata = JSON.parse(result.authorityMetadata ?? '{}');
    expect(metadata.token_endpoint).toBe(`http://127.0.0.1:4010/${tenantId}/oauth2/v2.0/token`);
    expect(metadata.issuer).toBe(`http://127.0.0.1:4010/${tenantId}/v2.0`);
  });

  it('keeps a path prefix of the login URL', () => {
    const cloud = customCloud({
      graphUrl: 'http://localhost:9/g',
      loginUrl: 'http://localhost:9/login',
    });

    const metadata = JSON.parse(buildMsalAuthority({ tenantId, cloud }).authorityMetadata ?? '');

    expect(metadata.token_endpoint).toBe(`http://localhost:9/login/${tenantId}/oauth2/v2.0/token`);
  });

  it('refuses plain http off loopback, where a secret would travel in the clear', () => {
    const cloud = customCloud({ graphUrl: 'http://graph.test', loginUrl: 'http://login.test' });

    expect(() => buildMsalAuthority({ tenantId, cloud })).toThrow(InvalidInputError);
  });

  it('lets overrides replace derived values without touching the caller object', () => {
    const overrides: AuthorityOverrides = Object.freeze({
      authority: 'https://login.test/contoso.onmicrosoft.com',
      knownAuthorities: Object.freeze(['login.test']) as string[],
    });

    const result = buildMsalAuthority({ tenantId, authorityOverrides: overrides });

    expect(result).toEqual({
      authority: 'https://login.test/contoso.onmicrosoft.com',
      knownAuthorities: ['login.test'],
    });
    expect(result.knownAuthorities).not.toBe(overrides.knownAuthorities);
  });

  it('accepts GUIDs, domains and the multi-tenant names, and nothing with a slash or space', () => {
    for (const tenant of [tenantId, 'contoso.onmicrosoft.com', 'organizations', 'common']) {
      expect(buildMsalAuthority({ tenantId: tenant }).authority).toMatch(new RegExp(`/${tenant}$`));
    }
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('/', ' ', '?', '#', '\n'), (text, bad) => {
        expect(() => buildMsalAuthority({ tenantId: `${text}${bad}` })).toThrow(InvalidInputError);
      }),
    );
  });
});
