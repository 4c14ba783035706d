import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeJwtPayload } from './jwt.js';

function base64url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  const binary = Array.from(bytes, (byte) => String.fromCharCode(byte)).join('');
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function token(payload: string): string {
  return `${base64url('{"alg":"RS256","typ":"JWT"}')}.${base64url(payload)}.c2lnbmF0dXJl`;
}

describe('decodeJwtPayload', () => {
  it('decodes a payload, UTF-8 included, with or without a Bearer prefix', () => {
    const jwt = token('{"scp":"Mail.Read","name":"Zoë Ångström","tid":"x"}');
    expect(decodeJwtPayload(jwt)).toEqual({
      ok: true,
      value: { scp: 'Mail.Read', name: 'Zoë Ångström', tid: 'x' },
    });
    expect(decodeJwtPayload(`Bearer ${jwt}`).ok).toBe(true);
  });

  it.each([
    ['', /empty/],
    ['abc', /three base64url parts/],
    ['a.b', /three base64url parts/],
    ['a.b+c.d', /three base64url parts/],
    ['a.b.c.d', /three base64url parts/],
    ['a.x.c', /base64url/],
    [token('not json'), /not JSON/],
    [token('[1,2]'), /not a JSON object/],
    [token('null'), /not a JSON object/],
  ])('rejects %j without throwing', (input, reason) => {
    const result = decodeJwtPayload(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error.message).toMatch(reason);
  });

  it('rejects invalid UTF-8 and never puts the token in a message', () => {
    const invalid = `x.${btoa('\u00ff\u00fe').replaceAll('/', '_').replaceAll('=', '')}.y`;
    const result = decodeJwtPayload(invalid);
    expect(result.ok ? '' : result.error.message).toMatch(/UTF-8/);
    const secret = token('"eyJzZWNyZXQiOiJ4In0"');
    const failure = decodeJwtPayload(secret);
    expect(failure.ok ? '' : failure.error.message).not.toContain(secret.split('.')[1]);
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.anything()), (input) => {
        const result = decodeJwtPayload(input as string);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });
});
