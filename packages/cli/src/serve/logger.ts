/**
 * The server's logger: one JSON object per line (for log collectors), or short readable lines on
 * a terminal. Whatever a caller logs, a field whose name suggests a credential is dropped and any
 * text shaped like a token is redacted, so a token, secret or clientState never reaches a log.
 * A server's JSON lines can be written once per round of the event loop: one write for a busy
 * round instead of one per line.
 *
 * @module
 */
import { type LogEvent, type Logger, redactSecrets } from '@lifeline/core';
import type { OutputStream } from '../io.js';
import type { Style } from '../output.js';

type Level = 'info' | 'warn' | 'error';

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Readable lines instead of JSON. */
  readonly pretty: boolean;
  /** Colours for readable lines. */
  readonly style: Style;
  /** The clock for each line's time. Default: the system's. */
  readonly now?: () => Date;
  /**
   * Write the JSON lines logged in one round of the event loop together, at its end, rather than
   * each at once. Default false.
   */
  readonly batched?: boolean | undefined;
}

// Field names that may carry a credential, in any case and with any separators.
const secretName = /token|secret|clientstate|client_state|password|authorization|assertion|key/i;
// Text that `redactSecrets` could change: a JSON Web Token starts `eyJ`; a bearer header `Bearer`.
const mayHoldToken = /eyJ|bearer/i;
// Loggers see few distinct field names; each is tested once.
const secretNames = new Map<string, boolean>();

/** Creates a logger that writes to `stream`. */
export function createLogger(stream: OutputStream, options: LoggerOptions): Logger {
  const now = options.now ?? (() => new Date());
  const output =
    options.batched && !options.pretty ? roundWriter(stream) : (text: string) => stream.write(text);
  const write = (level: Level, event: LogEvent) => {
    const fields = sanitise(event);
    const time = now().toISOString();
    output(
      options.pretty
        ? `${prettyLine(time, level, fields, options.style)}\n`
        : `${JSON.stringify({ time, level, ...fields })}\n`,
    );
  };
  return {
    info: (event) => write('info', event),
    warn: (event) => write('warn', event),
    error: (event) => write('error', event),
  };
}

/** A copy of the event without credential-like fields, with token-shaped text redacted. */
export function sanitise(event: LogEvent): LogEvent {
  return sanitiseValue(event, 0) as LogEvent;
}

// Collects text and writes it once, from `setImmediate`, after the round's I/O and promises.
function roundWriter(stream: OutputStream): (text: string) => void {
  let pending: string | undefined;
  const flush = () => {
    const text = pending;
    pending = undefined;
    if (text !== undefined) stream.write(text);
  };
  return (text) => {
    if (pending === undefined) setImmediate(flush);
    pending = (pending ?? '') + text;
  };
}

function sanitiseValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return mayHoldToken.test(value) ? redactSecrets(value) : value;
  if (typeof value !== 'object' || value === null || depth > 4) return value;
  if (Array.isArray(value)) return value.map((item) => sanitiseValue(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    // `tokenFailures`-style counts are kept; only values that could be the credential go.
    if (isSecretName(name) && typeof field !== 'number' && typeof field !== 'boolean') continue;
    if (field !== undefined) copy[name] = sanitiseValue(field, depth + 1);
  }
  return copy;
}

function isSecretName(name: string): boolean {
  let secret = secretNames.get(name);
  if (secret === undefined) {
    secret = secretName.test(name);
    if (secretNames.size < 1000) secretNames.set(name, secret);
  }
  return secret;
}

function prettyLine(time: string, level: Level, fields: LogEvent, style: Style): string {
  const { event, ...rest } = fields;
  const clock = style.dim(time.slice(11, 19));
  const label =
    level === 'error' ? style.red('error') : level === 'warn' ? style.yellow('warn ') : 'info ';
  const name = String(event).replace(/^lifeline\./, '');
  const details = Object.entries(rest)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `${clock} ${label} ${style.bold(name)} ${details}`.trimEnd();
}
