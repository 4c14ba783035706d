/**
 * Small clients for tests: client-credential tokens over fetch, and Graph calls that return the
 * status, headers and parsed body.
 */
import type { RunningEmulator } from '../src/index.js';

/**
 * A client-credential token for the ready `secret` app (or other credentials), in the default
 * tenant or another one the app is consented in.
 */
export async function appToken(
  emulator: RunningEmulator,
  options: {
    scope?: string;
    loginUrl?: string;
    tenantId?: string;
    claims?: string;
    clientId?: string;
    clientSecret?: string;
  } = {},
): Promise<string> {
  const tenant = options.tenantId ?? emulator.tenantId;
  const response = await fetch(
    `${options.loginUrl ?? emulator.loginUrl}/${tenant}/oauth2/v2.0/token`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: options.clientId ?? emulator.apps.secret.clientId,
        client_secret: options.clientSecret ?? emulator.apps.secret.clientSecret,
        scope: options.scope ?? emulator.scope,
        ...(options.claims ? { claims: options.claims } : {}),
      }),
    },
  );
  const body = await response.json();
  if (!response.ok) throw new Error(`token request failed: ${JSON.stringify(body)}`);
  return body.access_token;
}

/** A Graph response, body parsed when JSON. */
export interface GraphResult {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are inspected field by field
  body: any;
}

/** Calls the emulated Graph. */
export async function graph(
  base: string,
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<GraphResult> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? safeJson(text) : undefined,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** An ISO time `minutes` after the emulator's now. */
export function inMinutes(emulator: RunningEmulator, minutes: number): string {
  return new Date(emulator.clock.now().getTime() + minutes * 60_000).toISOString();
}

/** A subscription body for a mail folder, to be adjusted per test. */
export function messageSubscription(
  emulator: RunningEmulator,
  receiverUrl: string,
  extra: Record<string, unknown> = {},
) {
  return {
    changeType: 'created',
    notificationUrl: `${receiverUrl}/notify`,
    lifecycleNotificationUrl: `${receiverUrl}/lifecycle`,
    resource: "users/0f1e2d3c-aaaa-bbbb-cccc-000000000001/mailFolders('Inbox')/messages",
    expirationDateTime: inMinutes(emulator, 120),
    clientState: 'secret-state',
    ...extra,
  };
}
