import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeClaims, readClaimsChallenge } from './claims-challenge.js';
import { type AuthChallenge, parseWwwAuthenticate } from './www-authenticate.js';

describe('parseWwwAuthenticate: documented headers', () => {
  // https://learn.microsoft.com/entra/identity-platform/claims-challenge
  it('reads the claims challenge example', () => {
    const header =
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlIjoiY3AxIn19fQ=="';
    expect(parseWwwAuthenticate(header)).toEqual([
      {
        scheme: 'Bearer',
        params: {
          realm: '',
          authorization_uri: 'https://login.microsoftonline.com/common/oauth2/authorize',
          error: 'insufficient_claims',
          claims:
            'eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlIjoiY3AxIn19fQ==',
        },
      },
    ]);
  });

  // https://learn.microsoft.com/entra/identity-platform/app-resilience-continuous-access-evaluation
  it('reads the CAE revocation example', () => {
    const header =
      'Bearer authorization_uri="https://login.windows.net/common/oauth2/authorize", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZSwgInZhbHVlIjoiMTYwNDEwNjY1MSJ9fX0="';
    const response = new Response(null, { status: 401, headers: { 'www-authenticate': header } });
    expect(readClaimsChallenge(response)).toBe(
      '{"access_token":{"nbf":{"essential":true, "value":"1604106651"}}}',
    );
  });

  it('reads a real Graph challenge with client_id, and a plain 401 challenge as no claims', () => {
    const withClaims =
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZSwgInZhbHVlIjoiMTYzNTUyNzc5MCJ9fX0="';
    const plain =
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';
    const read = (header: string) =>
      readClaimsChallenge(new Response(null, { headers: { 'www-authenticate': header } }));
    expect(read(withClaims)).toBe(
      '{"access_token":{"nbf":{"essential":true, "value":"1635527790"}}}',
    );
    expect(read(plain)).toBeUndefined();
    expect(parseWwwAuthenticate(plain)[0]?.params.client_id).toBe(
      '00000003-0000-0000-c000-000000000000',
    );
  });
});

describe('parseWwwAuthenticate: RFC 7235 shapes', () => {
  it('reads several challenges, token68, bare tokens, escapes and any name case', () => {
    const header =
      'Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple", ' +
      'Negotiate YII=, BEARER ERROR=invalid_token';
    expect(parseWwwAuthenticate(header)).toEqual([
      { scheme: 'Newauth', params: { realm: 'apps', type: '1', title: 'Login to "apps"' } },
      { scheme: 'Basic', params: { realm: 'simple' } },
      { scheme: 'Negotiate', params: {}, token68: 'YII=' },
      { scheme: 'BEARER', params: { error: 'invalid_token' } },
    ]);
  });

  it('joins what Headers.get joins: several WWW-Authenticate headers', () => {
    const headers = new Headers();
    headers.append('www-authenticate', 'Basic realm="a"');
    headers.append('www-authenticate', 'Bearer error="insufficient_claims", claims="e30"');
    const schemes = parseWwwAuthenticate(headers.get('www-authenticate')).map((c) => c.scheme);
    expect(schemes).toEqual(['Basic', 'Bearer']);
  });

  it('keeps the first of a repeated parameter and tolerates junk', () => {
    expect(parseWwwAuthenticate('Bearer a=1, A=2')).toEqual([
      { scheme: 'Bearer', params: { a: '1' } },
    ]);
    expect(parseWwwAuthenticate('Bearer realm="unterminated')[0]?.params.realm).toBe(
      'unterminated',
    );
    expect(parseWwwAuthenticate(';;;, Basic realm=x, @@')).toEqual([
      { scheme: 'Basic', params: { realm: 'x' } },
    ]);
    expect(parseWwwAuthenticate(null)).toEqual([]);
    expect(parseWwwAuthenticate('')).toEqual([]);
  });
});

describe('decodeClaims', () => {
  const json = '{"access_token":{"acrs":{"essential":true,"value":"c1?"}}}';
  const standard = btoa(json);

  it('reads standard and URL-safe base64, with or without padding', () => {
    const urlSafe = standard.replace(/\+/g, '-').replace(/\//g, '_');
    expect(decodeClaims(standard)).toBe(json);
    expect(decodeClaims(standard.replace(/=+$/, ''))).toBe(json);
    expect(decodeClaims(urlSafe.replace(/=+$/, ''))).toBe(json);
  });

  it('refuses what is not base64 of a JSON object', () => {
    expect(decodeClaims(undefined)).toBeUndefined();
    expect(decodeClaims('')).toBeUndefined();
    expect(decodeClaims('!!!')).toBeUndefined();
    expect(decodeClaims(btoa('not json'))).toBeUndefined();
    expect(decodeClaims(btoa('[1]'))).toBeUndefined();
    expect(decodeClaims('/w==')).toBeUndefined();
  });
});

// Generators for well-formed challenges, serialised as RFC 7235 writes them.
const tchars = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const token = fc.string({ unit: fc.constantFrom(...tchars), minLength: 1, maxLength: 12 });
const token68 = fc
  .tuple(
    fc.string({
      unit: fc.constantFrom(...'ABCxyz019-._~+/'),
      minLength: 1,
      maxLength: 16,
    }),
    fc.constantFrom('', '=', '=='),
  )
  .map(([body, padding]) => body + padding);
const value = fc.oneof(
  token,
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('"', '\\', 'a\\"b,c=d'),
);
const params = fc.uniqueArray(fc.tuple(token, value), {
  maxLength: 5,
  selector: ([name]) => name.toLowerCase(),
});
const challenge = fc.oneof(
  fc.record({ scheme: token, params }),
  fc.record({ scheme: token, token68 }),
);

function serialise(
  challenges: Array<{ scheme: string; params?: [string, string][]; token68?: string }>,
) {
  return challenges
    .map(({ scheme, params = [], token68 }) => {
      if (token68 !== undefined) return `${scheme} ${token68}`;
      const list = params.map(([name, text]) => `${name}=${quoteIfNeeded(text)}`).join(', ');
      return list === '' ? scheme : `${scheme} ${list}`;
    })
    .join(', ');
}

function quoteIfNeeded(text: string): string {
  if (/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(text)) return text;
  return `"${text.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

function expected(generated: { scheme: string; params?: [string, string][]; token68?: string }) {
  const result: AuthChallenge = {
    scheme: generated.scheme,
    params: Object.fromEntries((generated.params ?? []).map(([n, v]) => [n.toLowerCase(), v])),
  };
  if (generated.token68 !== undefined) result.token68 = generated.token68;
  return result;
}

describe('parseWwwAuthenticate: properties', () => {
  it('never throws, whatever the header', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.string({ unit: fc.constantFrom(...' ,="\\=aB') }),
        ),
        (header) => {
          expect(Array.isArray(parseWwwAuthenticate(header))).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads back every well-formed header it is given', () => {
    fc.assert(
      fc.property(fc.array(challenge, { minLength: 1, maxLength: 4 }), (challenges) => {
        const parsed = parseWwwAuthenticate(serialise(challenges));
        expect(parsed.map((c) => ({ ...c, params: { ...c.params } }))).toEqual(
          challenges.map(expected),
        );
      }),
      { numRuns: 1000 },
    );
  });
});
