/**
 * Splits a subscription `resource` string, as people write it, into path segments that can be
 * matched against templates: `/me/mailFolders('Inbox')/messages?$filter=…` becomes
 * `users`, `me`, `mailFolders`, `Inbox`, `messages`.
 *
 * See https://learn.microsoft.com/graph/api/resources/subscription (the `resource` property) and
 * OData key syntax, https://learn.microsoft.com/graph/query-parameters
 *
 * @module
 */

/** A resource string reduced to its path segments and its query string. */
export interface ResourcePath {
  /** Path segments, keys unwrapped and unquoted, `me` expanded to `users`, `me`. */
  readonly segments: readonly string[];
  /** The query string without `?`, or an empty string. It never selects a rule. */
  readonly query: string;
}

/** Why a resource string could not be split. */
export type ResourcePathProblem = 'empty' | 'malformed';

const serviceRoot = /^https?:\/\/[^/]+\/(?:v1\.0|beta)(?=\/|$)/i;

/**
 * Splits a resource string. Accepts a leading slash or none, a trailing slash, `me/…`,
 * OData keys (`groups('id')`, `mailFolders('Inbox')`, `onlineMeetings(joinWebUrl='…')`),
 * percent-encoding, a query string, and a full Graph URL (service root and version dropped).
 * Never throws.
 */
export function splitResourcePath(
  resource: string,
): { ok: true; value: ResourcePath } | { ok: false; problem: ResourcePathProblem } {
  const text = resource.trim().replace(serviceRoot, '');
  const scanned = scanPath(text);
  if (scanned === undefined) return { ok: false, problem: 'malformed' };

  const segments: string[] = [];
  for (const part of scanned.parts) {
    const expanded = expandSegment(part);
    if (expanded === undefined) return { ok: false, problem: 'malformed' };
    segments.push(...expanded);
  }
  if (segments.length === 0) return { ok: false, problem: 'empty' };

  if (segments[0]?.toLowerCase() === 'me') segments.splice(0, 1, 'users', 'me');
  return { ok: true, value: { segments, query: scanned.query } };
}

// Splits on `/` and stops at `?`, except inside `( … )`, where a quoted key may hold either
// (`onlineMeetings(joinWebUrl='https://…?…')`). Quotes count only inside parentheses, so an id
// such as `o'neil@contoso.com` needs none. Empty parts (doubled or edge slashes) are dropped.
function scanPath(text: string): { parts: string[]; query: string } | undefined {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  let index = 0;
  for (; index < text.length; index += 1) {
    const char = text[index];
    if (depth > 0 && char === "'") quoted = !quoted;
    if (quoted) continue;
    if (char === '(') depth += 1;
    else if (char === ')') depth -= 1;
    else if (depth === 0 && (char === '/' || char === '?')) {
      parts.push(text.slice(start, index));
      start = index + 1;
      if (char === '?') break;
    }
    if (depth < 0) return undefined;
  }
  if (index === text.length) {
    if (depth !== 0 || quoted) return undefined;
    parts.push(text.slice(start));
  }
  const query = index < text.length ? text.slice(index + 1) : '';
  return { parts: parts.filter((part) => part.length > 0), query };
}

// `mailFolders('Inbox')` → `mailFolders`, `Inbox`; `users(%27a%40b%27)` → `users`, `a@b`.
function expandSegment(part: string): string[] | undefined {
  const decoded = decodeSegment(part);
  const open = decoded.indexOf('(');
  if (open < 0) return [decoded];
  if (!decoded.endsWith(')') || open === 0) return undefined;

  const key = decoded.slice(open + 1, -1).trim();
  if (key.length === 0) return undefined;
  return [decoded.slice(0, open), unquoteKey(key)];
}

function decodeSegment(part: string): string {
  if (!part.includes('%')) return part;
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

// A single quoted key loses its quotes (`''` is an escaped quote); a named key such as
// `joinWebUrl='…'` stays whole, being one identifier of the entity.
function unquoteKey(key: string): string {
  if (key.length >= 2 && key.startsWith("'") && key.endsWith("'")) {
    return key.slice(1, -1).replaceAll("''", "'");
  }
  return key;
}
