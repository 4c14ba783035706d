/**
 * Test helpers: documented lifecycle payloads, an in-memory Graph object (core's own injected
 * interface), a logger that keeps every event, and RS256 validation tokens made with Web Crypto,
 * so that the same helpers run in Node and in workerd.
 * See https://learn.microsoft.com/graph/change-notifications-lifecycle-events
 */
import type { LifecycleGraph, LogEvent, Logger } from '@lifeline/core';

export const tenantId = '84bd8158-6d4d-4958-8b9f-9d6445542f95';
export const appId = '925bff9f-f6e2-4a69-b858-f71ea2b9b6d0';
export const changeTrackingAppId = '0bf30f3b-4a52-48df-9a82-234910c4a086';
export const clientState = 'client-state-secret-7f3a';

/** A subscription id: a GUID numbered `n`. */
export function id(n: number): string {
  return `e3898f08-5cd0-4a6a-80fc-${String(n).padStart(12, '0')}`;
}

/** One lifecycle item in Graph's documented shape. */
export function lifecycleItem(
  n: number,
  lifecycleEvent = 'reauthorizationRequired',
  fields: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    lifecycleEvent,
    subscriptionId: id(n),
    subscriptionExpirationDateTime: '2099-09-18T00:52:45.9696658+00:00',
    clientState,
    tenantId,
    ...fields,
  };
}

/** A change notification item as in the documented basic example. */
export function changeItem(n: number): Record<string, unknown> {
  return {
    id: `lsgTZMr9KwAAA${n}`,
    subscriptionId: id(n),
    clientState,
    changeType: 'created',
    resource: `users/${tenantId}/messages/${n}`,
    tenantId,
    resourceData: { id: String(n) },
  };
}

/** A POST of a notification collection to `url`. */
export function post(
  body: unknown,
  headers: Record<string, string> = {},
  url = 'http://lifeline.test/',
): Request {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: text,
  });
}

/** An in-memory Graph that records each call as `reauthorize <id>` or `renew <id> <expiry>`. */
export interface MemoryGraph extends LifecycleGraph {
  readonly calls: string[];
}

/** A {@link MemoryGraph}; `fail` makes a call reject with the given error. */
export function memoryGraph(fail?: (call: string) => unknown): MemoryGraph {
  const calls: string[] = [];
  const run = async (call: string) => {
    calls.push(call);
    const error = fail?.(call);
    if (error !== undefined) throw error;
  };
  return {
    calls,
    reauthorize: (subscriptionId) => run(`reauthorize ${subscriptionId}`),
    renew: async (subscriptionId, expirationDateTime) => {
      await run(`renew ${subscriptionId} ${expirationDateTime}`);
      return { id: subscriptionId, expirationDateTime };
    },
  };
}

/** A logger that keeps every event with its level. */
export interface MemoryLogger extends Logger {
  readonly events: (LogEvent & { level: 'info' | 'warn' | 'error' })[];
  named(event: string): LogEvent[];
}

/** A {@link MemoryLogger}. */
export function memoryLogger(): MemoryLogger {
  const events: MemoryLogger['events'] = [];
  const keep = (level: 'info' | 'warn' | 'error') => (event: LogEvent) =>
    events.push({ ...event, level });
  return {
    events,
    info: keep('info'),
    warn: keep('warn'),
    error: keep('error'),
    named: (name) => events.filter((event) => event.event === name),
  };
}

/** Waits until `condition` holds, checking a bounded number of times. */
export async function until(condition: () => boolean | Promise<boolean>, tries = 500) {
  for (let attempt = 0; attempt < tries; attempt += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the condition did not hold in time');
}

/** An RS256 signing key with its public half as a JWK. */
export interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JsonWebKey & { kid: string };
}

/** Creates an RS256 key pair with Web Crypto. */
export async function createSigningKey(kid: string): Promise<SigningKey> {
  const algorithm = {
    name: 'RSASSA-PKCS1-v1_5',
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: 'SHA-256',
  };
  const pair = (await crypto.subtle.generateKey(algorithm, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const jwk = (await crypto.subtle.exportKey('jwk', pair.publicKey)) as JsonWebKey;
  const publicJwk = { kty: jwk.kty, n: jwk.n, e: jwk.e, kid, use: 'sig', alg: 'RS256' };
  return { kid, privateKey: pair.privateKey, publicJwk };
}

/** Signs a validation token shaped like Entra ID's for Microsoft Graph Change Tracking. */
export async function signValidationToken(key: SigningKey, now: Date): Promise<string> {
  const seconds = Math.floor(now.getTime() / 1000);
  const claims = {
    aud: appId,
    iss: `https://login.microsoftonline.com/${tenantId}/v2.0`,
    iat: seconds - 60,
    nbf: seconds - 60,
    exp: seconds + 3600,
    azp: changeTrackingAppId,
    tid: tenantId,
    ver: '2.0',
  };
  const encode = (value: unknown) => base64Url(new TextEncoder().encode(JSON.stringify(value)));
  const input = `${encode({ typ: 'JWT', alg: 'RS256', kid: key.kid })}.${encode(claims)}`;
  const signature = await crypto.subtle.sign(
    'RSASSA-PKCS1-v1_5',
    key.privateKey,
    new TextEncoder().encode(input),
  );
  return `${input}.${base64Url(new Uint8Array(signature))}`;
}

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}
