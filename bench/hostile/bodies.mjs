// The families of hostile lifecycle requests. Every notification here carries a clientState that
// is not the subscription's, or a validation token no Entra ID key signed, so none may cause work.
// Standard JavaScript only: it runs in Node and workerd.
import { forgedToken } from './tokens.mjs';

const events = ['reauthorizationRequired', 'subscriptionRemoved', 'missed'];
const json = 'application/json; charset=utf-8';

/** A clientState that is never the real one (`context.knownClientState`, when given). */
export function wrongClientState(draw, context) {
  const known = context.knownClientState;
  const value = draw.weighted([
    [6, () => `forged-${draw.word(draw.int(16, 48))}`],
    [known ? 4 : 0, () => nearMiss(draw, known)],
    [1, () => ''],
    [1, () => null],
    [1, () => undefined],
    [1, () => draw.int(0, 1e9)],
    [1, () => ({ value: known ?? draw.word(8) })],
    [1, () => [known ?? draw.word(8)]],
    [1, () => `forged-${draw.word(10_000)}`],
    [1, () => `forged-ü€😀\u202e${draw.word(16)}`],
  ])();
  return value === known ? `${value}x` : value;
}

function nearMiss(draw, known) {
  const at = draw.int(0, known.length - 1);
  const other = known[at] === 'a' ? 'b' : 'a';
  return draw.pick([
    known.slice(0, at) + other + known.slice(at + 1),
    `${known}${draw.word(1)}`,
    known.slice(0, -1),
    known.toUpperCase() === known ? known.toLowerCase() : known.toUpperCase(),
    ` ${known}`,
    `${known}\u0000`,
  ]);
}

function timestamp(draw, context) {
  const ms = context.nowMs + draw.int(-86_400_000, 6 * 86_400_000);
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, `.$1${draw.int(1000, 9999)}+00:00`);
}

/** A lifecycle item shaped as Graph sends it, with a wrong clientState. */
export function forgedItem(draw, context, overrides = {}) {
  const item = {
    lifecycleEvent: draw.pick(events),
    subscriptionId: draw.chance(0.8) ? draw.pick(context.subscriptionIds) : draw.guid(),
    subscriptionExpirationDateTime: timestamp(draw, context),
    clientState: wrongClientState(draw, context),
    tenantId: draw.chance(0.9) ? context.tenantId : draw.guid(),
    ...overrides,
  };
  if (item.clientState === undefined) delete item.clientState;
  return item;
}

function forgedCollection(draw, context, count = draw.int(1, 3)) {
  return { value: Array.from({ length: count }, () => forgedItem(draw, context)) };
}

function post(family, variant, body, headers = [['content-type', json]]) {
  return { family, variant, method: 'POST', query: '', headers, body };
}

/** Bodies that are not JSON: truncated, garbled, with comments, bytes that are not UTF-8. */
export function malformedJson(draw, context) {
  const text = JSON.stringify(forgedCollection(draw, context));
  const variant = draw.pick([
    'truncated',
    'trailing',
    'single-quotes',
    'comment',
    'bytes',
    'nan',
    'bom',
    'empty',
  ]);
  const bodies = {
    truncated: () => text.slice(0, draw.int(0, text.length - 1)),
    trailing: () => `${text}${draw.pick(['}', ']', ',', 'x', '{}', '\u0000'])}`,
    'single-quotes': () => text.replace(/"/g, "'"),
    comment: () => `/* ${draw.word(8)} */${text}`,
    bytes: () => draw.bytes(draw.int(1, 2048)),
    nan: () => '{"value":[{"subscriptionExpirationDateTime":NaN,"clientState":Infinity}]}',
    bom: () => `\ufeff\ufeff${text}`,
    empty: () => '',
  };
  return post('malformed-json', variant, bodies[variant]());
}

/** Well-formed JSON with the wrong types where Graph's shape has strings, arrays and objects. */
export function wrongTypes(draw, context) {
  const item = forgedItem(draw, context);
  const field = draw.pick([
    'subscriptionId',
    'lifecycleEvent',
    'tenantId',
    'subscriptionExpirationDateTime',
    'clientState',
  ]);
  const odd = draw.pick([null, 0, -1, 1e308, true, [], {}, [draw.guid()], { $ref: '#' }, '', ' ']);
  const body = draw.weighted([
    [3, () => ({ value: [{ ...item, [field]: odd }] })],
    [1, () => ({ value: odd })],
    [1, () => ({ value: [odd, item] })],
    [1, () => odd],
    [1, () => ({ value: [item], validationTokens: odd })],
    [1, () => ({ value: [{ ...item, changeType: 'updated', resource: 'me/messages' }] })],
  ])();
  return post('wrong-types', field, JSON.stringify(body));
}

/** Graph's exact shape and real subscription ids, with a clientState that is not the one set. */
export function wrongClientStateBody(draw, context) {
  return post('wrong-client-state', 'collection', JSON.stringify(forgedCollection(draw, context)));
}

/** Validation tokens that no Entra ID key signed, with items that may omit the clientState. */
export function forgedTokens(draw, context) {
  const tokens = Array.from({ length: draw.int(1, 3) }, () => forgedToken(draw, context));
  const value = Array.from({ length: draw.int(1, 3) }, () =>
    forgedItem(draw, context, draw.chance(0.5) ? { clientState: undefined } : {}),
  );
  for (const item of value) if (item.clientState === undefined) delete item.clientState;
  const body = { value, validationTokens: tokens.map(({ token }) => token) };
  return post('forged-tokens', tokens[0].kind, JSON.stringify(body));
}

/** Real tokens from the emulator that have expired or were issued to another app, replayed. */
export function replayedTokens(draw, context) {
  const material = context.replayTokens ?? [];
  if (material.length === 0) return forgedTokens(draw, context);
  const { kind, token } = draw.pick(material);
  const value = [forgedItem(draw, context, draw.chance(0.5) ? { clientState: undefined } : {})];
  if (value[0].clientState === undefined) delete value[0].clientState;
  return post('replayed-tokens', kind, JSON.stringify({ value, validationTokens: [token] }));
}
