/**
 * A tolerant reader of the `WWW-Authenticate` header (RFC 7235 §4.1), as Graph sends it with a
 * 401: one or more challenges, each a scheme with either a token68 or comma-separated parameters.
 * See https://www.rfc-editor.org/rfc/rfc7235#section-4.1
 *
 * @module
 */

/** One challenge from a `WWW-Authenticate` header. */
export interface AuthChallenge {
  /** The authentication scheme as written, e.g. `Bearer`. Compare it case-insensitively. */
  scheme: string;
  /**
   * The parameters, names lower-cased, quoted values unescaped. The first of a repeated name wins.
   */
  params: Record<string, string>;
  /** The token68 form some schemes use instead of parameters. */
  token68?: string;
}

interface Cursor {
  readonly text: string;
  index: number;
}

const tokenPattern = /[!#$%&'*+\-.^_`|~0-9A-Za-z]+/y;
const token68Pattern = /[A-Za-z0-9\-._~+/]+=*/y;
const bareValuePattern = /[^\s,]+/y;

/**
 * Reads every challenge in a `WWW-Authenticate` header. Several headers joined with commas (as
 * `Headers.get` joins them) read as one. Junk is skipped up to the next comma: this never throws
 * and returns whatever it could read.
 */
export function parseWwwAuthenticate(header: string | null | undefined): AuthChallenge[] {
  if (typeof header !== 'string') return [];
  const cursor: Cursor = { text: header, index: 0 };
  const challenges: AuthChallenge[] = [];

  while (skip(cursor, /[\s,]*/y)) {
    const scheme = match(cursor, tokenPattern);
    if (scheme === undefined) {
      skipPastComma(cursor);
      continue;
    }
    challenges.push(readChallenge(cursor, scheme));
  }
  return challenges;
}

function readChallenge(cursor: Cursor, scheme: string): AuthChallenge {
  const challenge: AuthChallenge = { scheme, params: Object.create(null) };
  const spaced = match(cursor, /[ \t]+/y) !== undefined;
  if (!spaced || atEnd(cursor)) {
    // A bare scheme ends at a comma; anything glued to it is junk.
    skipPastComma(cursor);
    return challenge;
  }
  const token68 = readToken68(cursor);
  if (token68 !== undefined) challenge.token68 = token68;
  else readParams(cursor, challenge.params);
  return challenge;
}

// A token68 is the whole rest of the challenge; `realm=x` only looks like the start of one.
function readToken68(cursor: Cursor): string | undefined {
  const start = cursor.index;
  const value = match(cursor, token68Pattern);
  skip(cursor, /[ \t]*/y);
  if (value !== undefined && (atEnd(cursor) || peek(cursor) === ',')) return value;
  cursor.index = start;
  return undefined;
}

function readParams(cursor: Cursor, params: Record<string, string>): void {
  for (;;) {
    const start = cursor.index;
    const name = match(cursor, tokenPattern);
    skip(cursor, /[ \t]*/y);
    if (name === undefined || peek(cursor) !== '=') {
      // Not `name=`: this is where the next challenge begins.
      cursor.index = start;
      return;
    }
    cursor.index += 1;
    skip(cursor, /[ \t]*/y);
    const value =
      peek(cursor) === '"' ? readQuoted(cursor) : (match(cursor, bareValuePattern) ?? '');
    const key = name.toLowerCase();
    if (!(key in params)) params[key] = value;
    skipPastComma(cursor);
    if (!skip(cursor, /[\s,]*/y)) return;
  }
}

function readQuoted(cursor: Cursor): string {
  const { text } = cursor;
  let value = '';
  let index = cursor.index + 1;
  while (index < text.length) {
    const char = text.charAt(index);
    index += 1;
    if (char === '"') break;
    if (char === '\\' && index < text.length) {
      value += text.charAt(index);
      index += 1;
    } else {
      value += char;
    }
  }
  cursor.index = index;
  return value;
}

/** Moves past a sticky pattern; reports whether any text is left. */
function skip(cursor: Cursor, pattern: RegExp): boolean {
  match(cursor, pattern);
  return !atEnd(cursor);
}

function match(cursor: Cursor, pattern: RegExp): string | undefined {
  pattern.lastIndex = cursor.index;
  const found = pattern.exec(cursor.text);
  if (found === null || found[0] === '') return undefined;
  cursor.index += found[0].length;
  return found[0];
}

function skipPastComma(cursor: Cursor): void {
  const comma = cursor.text.indexOf(',', cursor.index);
  cursor.index = comma === -1 ? cursor.text.length : comma + 1;
}

function peek(cursor: Cursor): string {
  return cursor.text.charAt(cursor.index);
}

function atEnd(cursor: Cursor): boolean {
  return cursor.index >= cursor.text.length;
}
