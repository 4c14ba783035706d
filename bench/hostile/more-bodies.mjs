// More families of hostile lifecycle requests: nesting, size, the handshake, text encodings,
// headers and methods, mutations of Graph's shape, and slow senders. Standard JavaScript only.
import { forgedItem } from './bodies.mjs';

const json = 'application/json; charset=utf-8';

function post(family, variant, body, headers = [['content-type', json]]) {
  return { family, variant, method: 'POST', query: '', headers, body };
}

/** Arrays and objects nested thousands deep, inside and outside Graph's shape. */
export function deepNesting(draw, context) {
  const depth = draw.pick([1000, 10_000, 100_000]);
  const variant = draw.pick(['arrays', 'objects', 'inside-item', 'inside-value']);
  const open = variant === 'objects' ? '{"a":'.repeat(depth) : '['.repeat(depth);
  const close = variant === 'objects' ? '}'.repeat(depth) : ']'.repeat(depth);
  const nested = `${open}1${close}`;
  const item = JSON.stringify(forgedItem(draw, context)).slice(0, -1);
  const bodies = {
    arrays: nested,
    objects: nested,
    'inside-item': `{"value":[${item},"extra":${nested}}]}`,
    'inside-value': `{"value":${nested}}`,
  };
  return post('deep-nesting', `${variant}-${depth}`, bodies[variant]);
}

/** Bodies over the endpoint's limit, announced by Content-Length or streamed without it. */
export function hugeBody(draw, context) {
  const size = draw.pick([1_100_000, 2_000_000, 4_000_000]);
  const item = JSON.stringify(forgedItem(draw, context));
  const body = `{"value":[${Array.from({ length: Math.ceil(size / item.length) }, () => item).join(',')}]}`;
  const chunked = draw.chance(0.5);
  return { ...post('huge-body', chunked ? 'chunked' : 'content-length', body), chunked };
}

/** Handshakes with markup, encodings, lengths and methods Graph never uses. */
export function handshake(draw) {
  const token = draw.pick([
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    `Validation: ${draw.word(12)} <b>${draw.word(8)}</b>`,
    '\u0000\r\nSet-Cookie: a=b',
    `${'A'.repeat(draw.pick([4097, 10_000, 60_000]))}`,
    '😀ü€\u202e',
    '',
  ]);
  const method = draw.weighted([
    [6, 'POST'],
    [2, 'GET'],
    [1, 'PUT'],
    [1, 'HEAD'],
  ]);
  const query = draw.weighted([
    [5, `?validationToken=${encodeURIComponent(token)}`],
    [1, `?validationToken=${token.replace(/[\s#]/g, '+')}`],
    [1, `?validationToken=${encodeURIComponent(token)}&validationToken=${draw.word(8)}`],
    [1, `?validationtoken=${encodeURIComponent(token)}`],
  ]);
  const headers = [['content-type', draw.pick(['text/plain; charset=utf-8', json, 'text/html'])]];
  return {
    family: 'handshake',
    variant: method,
    method,
    query,
    headers,
    body: method === 'POST' || method === 'PUT' ? '' : null,
  };
}

/** Text outside ASCII: in every field, escaped and raw, and UTF-8 that does not decode. */
export function nonAscii(draw, context) {
  const odd = draw.pick(['ü€😀', '\u202e\u200b', '\ud800', '\u0000', 'Ａ', 'ﬃ', '𝒳'.repeat(100)]);
  const field = draw.pick(['subscriptionId', 'tenantId', 'lifecycleEvent', 'clientState']);
  const item = forgedItem(draw, context);
  item[field] = `${String(item[field] ?? '')}${odd}`;
  const text = JSON.stringify({ value: [item] });
  if (!draw.chance(0.3)) return post('non-ascii', field, text);
  // Bytes that are not valid UTF-8 in the middle of Graph's shape.
  const encoded = new TextEncoder().encode(text);
  const cut = draw.int(1, encoded.length - 2);
  const bad = Uint8Array.of(...encoded.slice(0, cut), 0xc3, 0x28, 0xff, ...encoded.slice(cut));
  return post('non-ascii', 'invalid-utf8', bad);
}

/** Graph's shape under the wrong media type, method, encoding or framing. */
export function headersAndMethods(draw, context) {
  const body = JSON.stringify({ value: [forgedItem(draw, context)] });
  const variant = draw.pick(['media-type', 'no-media-type', 'method', 'encoding', 'length']);
  const types = [
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/jsonx',
    'application/json; charset=utf-16',
    '*/*',
  ];
  const cases = {
    'media-type': () => post('headers', variant, body, [['content-type', draw.pick(types)]]),
    'no-media-type': () => post('headers', variant, body, []),
    method: () => ({
      ...post('headers', variant, body),
      method: draw.pick(['PUT', 'PATCH', 'DELETE', 'GET', 'OPTIONS']),
    }),
    encoding: () =>
      post('headers', variant, body, [
        ['content-type', json],
        ['content-encoding', draw.pick(['gzip', 'br', 'deflate'])],
      ]),
    length: () => ({
      ...post('headers', variant, body),
      lengthDelta: draw.pick([-10, -1, 1, 100]),
    }),
  };
  return cases[variant]();
}

/** Graph's shape with bytes flipped, dropped, repeated or keys duplicated. */
export function mutated(draw, context) {
  let text = JSON.stringify({
    value: Array.from({ length: draw.int(1, 3) }, () => forgedItem(draw, context)),
  });
  const variant = draw.pick(['flip', 'drop', 'repeat', 'duplicate-key', 'proto', 'splice']);
  for (let i = 0, n = draw.int(1, 4); i < n; i += 1) {
    const at = draw.int(0, text.length - 1);
    text = {
      flip: () =>
        text.slice(0, at) +
        String.fromCharCode(text.charCodeAt(at) ^ (1 << draw.int(0, 6))) +
        text.slice(at + 1),
      drop: () => text.slice(0, at) + text.slice(at + draw.int(1, 8)),
      repeat: () =>
        text.slice(0, at) +
        text.slice(at, at + draw.int(1, 16)).repeat(draw.int(2, 50)) +
        text.slice(at),
      'duplicate-key': () =>
        text.replace('"clientState":', `"clientState":"${draw.word(16)}","clientState":`),
      proto: () =>
        text.replace(
          '"lifecycleEvent":',
          '"__proto__":{"clientState":"x"},"constructor":{"prototype":{"polluted":true}},"lifecycleEvent":',
        ),
      splice: () =>
        text.slice(0, at) +
        draw.pick(['{}', '[]', 'null', '"', ':', ',', '{"value":[']) +
        text.slice(at),
    }[variant]();
  }
  return post('mutated', variant, text);
}

/** Batches far larger than Graph sends. */
export function manyItems(draw, context) {
  const count = draw.pick([101, 250, 1000]);
  const value = Array.from({ length: count }, () => forgedItem(draw, context));
  return post('many-items', String(count), JSON.stringify({ value }));
}

/** A body sent a few bytes at a time; the runner bounds how long it keeps sending. */
export function slowBody(draw, context) {
  const body = JSON.stringify({ value: [forgedItem(draw, context)] });
  const slow = { chunkBytes: draw.int(1, 4), intervalMs: draw.int(200, 1000) };
  return { ...post('slow-body', `${slow.chunkBytes}B/${slow.intervalMs}ms`, body), slow };
}
