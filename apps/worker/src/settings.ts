/**
 * The worker's settings, read from its vars and secrets. Every problem is collected and named by
 * its variable, never with its value, so that a misconfigured deployment says what to fix without
 * leaking a secret into the logs.
 *
 * @module
 */
import { type Cloud, cloudByName, clouds, customCloud } from '@lifeline/core';
import type { WorkerEnv } from './env.js';
import type { ClientCredential } from './token-source.js';

/** The worker's settings with every default filled in. */
export interface WorkerSettings {
  readonly tenantId: string;
  readonly clientId: string;
  readonly credential: ClientCredential;
  readonly cloud: Cloud;
  /** The app ids that validation tokens may name; the client id unless `APP_IDS` is set. */
  readonly appIds: readonly string[];
  readonly clientState: string | undefined;
  readonly requireValidationTokens: boolean;
  /** Renew (rather than reauthorize) subscriptions that expire within this many milliseconds. */
  readonly renewWithinMs: number;
  /** Where the lifecycle routes are mounted, e.g. `/graph/lifecycle`. */
  readonly lifecyclePath: string;
  /** The attempts a queued message gets after its first, before it is dead-lettered. */
  readonly maxRetries: number;
  /** The dead-letter queue's name, which tells its batches from the lifecycle queue's. */
  readonly deadLetterQueue: string;
}

/** The settings, or every problem found. */
export type SettingsResult =
  | { readonly ok: true; readonly value: WorkerSettings }
  | { readonly ok: false; readonly problems: readonly string[] };

const defaults = {
  lifecyclePath: '/graph/lifecycle',
  renewWithinMinutes: 720,
  maxRetries: 8,
  deadLetterQueue: 'lifeline-lifecycle-dlq',
};

/** Reads the settings from the worker's environment. Never throws. */
export function readSettings(env: WorkerEnv): SettingsResult {
  const problems: string[] = [];
  const tenantId = required(env.TENANT_ID, 'TENANT_ID', problems);
  const clientId = required(env.CLIENT_ID, 'CLIENT_ID', problems);
  const settings = {
    tenantId,
    clientId,
    credential: readCredential(env, problems),
    cloud: readCloud(env, problems),
    appIds: listOf(env.APP_IDS) ?? [clientId],
    clientState: text(env.CLIENT_STATE),
    requireValidationTokens: readRequireTokens(env, problems),
    renewWithinMs: 60_000 * readRenewWithin(env, problems),
    lifecyclePath: readPath(env.LIFECYCLE_PATH, problems),
    maxRetries: readInteger(env.QUEUE_MAX_RETRIES, 'QUEUE_MAX_RETRIES', defaults.maxRetries, {
      max: 100,
      problems,
    }),
    deadLetterQueue: text(env.DEAD_LETTER_QUEUE) ?? defaults.deadLetterQueue,
  };
  if (settings.clientState === undefined && !settings.requireValidationTokens) {
    problems.push('CLIENT_STATE is required unless REQUIRE_VALIDATION_TOKENS is "true"');
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: Object.freeze(settings as WorkerSettings) };
}

function readCredential(env: WorkerEnv, problems: string[]): ClientCredential | undefined {
  const privateKeyPem = text(env.CLIENT_CERTIFICATE_KEY);
  const thumbprint = text(env.CLIENT_CERTIFICATE_THUMBPRINT);
  if (privateKeyPem !== undefined || thumbprint !== undefined) {
    if (privateKeyPem === undefined) problems.push('CLIENT_CERTIFICATE_KEY is missing');
    if (thumbprint === undefined) problems.push('CLIENT_CERTIFICATE_THUMBPRINT is missing');
    else if (!/^([0-9a-f]{40}|[0-9a-f]{64})$/i.test(stripSeparators(thumbprint))) {
      problems.push('CLIENT_CERTIFICATE_THUMBPRINT must be 40 (SHA-1) or 64 (SHA-256) hex digits');
    }
    if (privateKeyPem === undefined || thumbprint === undefined) return undefined;
    return { kind: 'certificate', privateKeyPem, thumbprint: stripSeparators(thumbprint) };
  }
  const secret = text(env.CLIENT_SECRET);
  if (secret !== undefined) return { kind: 'secret', secret };
  problems.push('set CLIENT_SECRET, or CLIENT_CERTIFICATE_KEY and CLIENT_CERTIFICATE_THUMBPRINT');
  return undefined;
}

// A custom pair of URLs (such as a local emulator) takes precedence over a named cloud. Messages
// name the variable, not its value.
function readCloud(env: WorkerEnv, problems: string[]): Cloud | undefined {
  const graphUrl = text(env.GRAPH_URL);
  const loginUrl = text(env.LOGIN_URL);
  if (graphUrl !== undefined && loginUrl !== undefined) {
    try {
      return customCloud({ graphUrl, loginUrl });
    } catch {
      problems.push('GRAPH_URL and LOGIN_URL must be absolute http or https URLs');
      return undefined;
    }
  }
  if (graphUrl !== undefined || loginUrl !== undefined) {
    problems.push('GRAPH_URL and LOGIN_URL must be set together');
    return undefined;
  }
  const name = text(env.CLOUD) ?? 'global';
  if (Object.hasOwn(clouds, name)) return cloudByName(name);
  problems.push(`CLOUD must be one of ${Object.keys(clouds).join(', ')}`);
  return undefined;
}

function readRenewWithin(env: WorkerEnv, problems: string[]): number {
  return readInteger(
    env.RENEW_WITHIN_MINUTES,
    'RENEW_WITHIN_MINUTES',
    defaults.renewWithinMinutes,
    {
      // The cron runs every 15 minutes; a renewal held back once must still come before expiry.
      min: 30,
      max: 60 * 24 * 30,
      problems,
    },
  );
}

function readRequireTokens(env: WorkerEnv, problems: string[]): boolean {
  return readBoolean(env.REQUIRE_VALIDATION_TOKENS, 'REQUIRE_VALIDATION_TOKENS', problems);
}

function readPath(value: string | undefined, problems: string[]): string {
  const path = text(value) ?? defaults.lifecyclePath;
  if (!/^\/[A-Za-z0-9._~\-/]*$/.test(path)) {
    problems.push('LIFECYCLE_PATH must be a path that starts with "/"');
  }
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

function readInteger(
  value: string | undefined,
  name: string,
  fallback: number,
  limits: { min?: number; max: number; problems: string[] },
): number {
  const given = text(value);
  if (given === undefined) return fallback;
  const number = /^\d+$/.test(given) ? Number(given) : Number.NaN;
  const min = limits.min ?? 0;
  if (Number.isInteger(number) && number >= min && number <= limits.max) return number;
  limits.problems.push(`${name} must be a whole number from ${min} to ${limits.max}`);
  return fallback;
}

function readBoolean(value: string | undefined, name: string, problems: string[]): boolean {
  const given = text(value)?.toLowerCase();
  if (given === undefined || given === 'false') return false;
  if (given === 'true') return true;
  problems.push(`${name} must be "true" or "false"`);
  return false;
}

function required(value: string | undefined, name: string, problems: string[]): string {
  const given = text(value);
  if (given === undefined) problems.push(`${name} is required`);
  return given ?? '';
}

function listOf(value: string | undefined): string[] | undefined {
  const items = (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return items.length > 0 ? items : undefined;
}

// An empty var counts as unset, so that wrangler.jsonc can list every var with "".
function text(value: string | undefined): string | undefined {
  const trimmed = typeof value === 'string' ? value.trim() : undefined;
  return trimmed ? trimmed : undefined;
}

function stripSeparators(thumbprint: string): string {
  return thumbprint.replace(/[\s:]/g, '');
}
