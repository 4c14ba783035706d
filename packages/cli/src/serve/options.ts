/**
 * Reading the options of `lifeline serve` (and the port of `lifeline emulator`).
 *
 * @module
 */
import { UsageError } from '../args.js';
import type { SyncMode } from './database.js';

/** The serve options, in `parseArgs` form. */
export const serveOptions = {
  port: { type: 'string', short: 'p' },
  host: { type: 'string' },
  path: { type: 'string' },
  state: { type: 'string' },
  'max-attempts': { type: 'string' },
  sync: { type: 'string' },
  emulator: { type: 'boolean' },
  'on-removed': { type: 'string' },
  'on-missed': { type: 'string' },
} as const;

/** The values of {@link serveOptions}. */
export interface ServeValues {
  port?: string | undefined;
  host?: string | undefined;
  path?: string | undefined;
  state?: string | undefined;
  'max-attempts'?: string | undefined;
  sync?: string | undefined;
}

/** Where and how the server runs. */
export interface ServeSettings {
  readonly port: number;
  readonly host: string;
  /** Where the lifecycle routes are mounted, e.g. `/lifecycle`. */
  readonly path: string;
  /** The state directory: the SQLite outbox and ledger. */
  readonly stateDir: string;
  /** Tries per piece of work before it moves to `failed_work`. */
  readonly maxAttempts: number;
  /** How far each commit goes: see `SyncMode`. Default `normal`. */
  readonly sync?: SyncMode | undefined;
}

/**
 * Reads `--port`: a whole number from 0 (any free port) to 65535.
 *
 * @throws {UsageError} otherwise.
 */
export function readPort(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) {
    throw new UsageError(
      `--port must be a port number from 0 to 65535 (got ${JSON.stringify(text)})`,
    );
  }
  return port;
}

/**
 * Reads the serve options with their defaults.
 *
 * @throws {UsageError} for a bad port, path, attempt count or sync mode.
 */
export function readServeSettings(values: ServeValues, env: Record<string, string | undefined>) {
  const path = values.path ?? '/lifecycle';
  if (!/^\/[A-Za-z0-9._~!$&'()*+,;=:@/-]*$/.test(path)) {
    throw new UsageError(`--path must be a URL path starting with / (got ${JSON.stringify(path)})`);
  }
  const attempts = values['max-attempts'] ?? '10';
  if (!/^\d+$/.test(attempts) || Number(attempts) < 1 || Number(attempts) > 1000) {
    throw new UsageError('--max-attempts must be a whole number from 1 to 1000');
  }
  const sync = values.sync ?? env.LIFELINE_SYNC ?? 'normal';
  if (sync !== 'normal' && sync !== 'full') {
    throw new UsageError(`--sync must be normal or full (got ${JSON.stringify(sync)})`);
  }
  const settings: ServeSettings = {
    port: readPort(values.port ?? env.PORT, 8080),
    host: values.host ?? '127.0.0.1',
    path: path.length > 1 ? path.replace(/\/+$/, '') : path,
    stateDir: values.state ?? env.LIFELINE_STATE_DIR ?? '.lifeline',
    maxAttempts: Number(attempts),
    sync,
  };
  return settings;
}
