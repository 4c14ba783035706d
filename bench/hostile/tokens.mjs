// Forged validation tokens: JSON Web Tokens shaped like Graph's, whose signatures no Entra ID key
// made, plus unsigned, wrongly typed and malformed ones. Standard JavaScript only.
// See https://learn.microsoft.com/graph/change-notifications-with-resource-data

const changeTrackingAppId = '0bf30f3b-4a52-48df-9a82-234910c4a086';

/** base64url of a string's UTF-8 bytes, or of raw bytes. */
export function base64url(input) {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function claimsOf(draw, context, overrides) {
  const now = Math.floor(context.nowMs / 1000);
  return {
    aud: context.appId ?? draw.guid(),
    iss: `https://login.microsoftonline.com/${context.tenantId}/v2.0`,
    iat: now - 60,
    nbf: now - 60,
    exp: now + 3600,
    azp: changeTrackingAppId,
    tid: context.tenantId,
    ...overrides,
  };
}

function jwt(header, claims, signature) {
  return `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}.${signature}`;
}

/** One forged token; `context` gives `tenantId`, `appId` and `nowMs`. */
export function forgedToken(draw, context) {
  const kid = draw.word(27);
  const rs256 = { alg: 'RS256', kid, typ: 'JWT', x5t: kid };
  const signature = () => base64url(draw.bytes(256));
  const kind = draw.weighted([
    [4, 'bad-signature'],
    [2, 'alg-none'],
    [2, 'hs256'],
    [2, 'expired-bad-signature'],
    [1, 'wrong-audience'],
    [1, 'wrong-issuer'],
    [1, 'not-a-jwt'],
    [1, 'huge'],
  ]);
  switch (kind) {
    case 'alg-none':
      return { kind, token: jwt({ alg: 'none', typ: 'JWT' }, claimsOf(draw, context), '') };
    case 'hs256':
      return {
        kind,
        token: jwt({ alg: 'HS256', typ: 'JWT' }, claimsOf(draw, context), signature()),
      };
    case 'expired-bad-signature': {
      const past = Math.floor(context.nowMs / 1000) - draw.int(3600, 86_400 * 30);
      const claims = claimsOf(draw, context, { exp: past, nbf: past - 3600, iat: past - 3600 });
      return { kind, token: jwt(rs256, claims, signature()) };
    }
    case 'wrong-audience':
      return {
        kind,
        token: jwt(rs256, claimsOf(draw, context, { aud: draw.guid() }), signature()),
      };
    case 'wrong-issuer': {
      const claims = claimsOf(draw, context, { iss: `https://evil.example/${draw.guid()}/` });
      return { kind, token: jwt(rs256, claims, signature()) };
    }
    case 'not-a-jwt':
      return {
        kind,
        token: draw.pick(['', '.', '..', 'eyJ', draw.word(40), `${draw.word(8)}.${draw.word(8)}`]),
      };
    case 'huge':
      return {
        kind,
        token: jwt(rs256, { ...claimsOf(draw, context), pad: draw.word(20_000) }, signature()),
      };
    default:
      return { kind, token: jwt(rs256, claimsOf(draw, context), signature()) };
  }
}
