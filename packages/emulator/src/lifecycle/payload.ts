/**
 * The body of a lifecycle notification POST: a `value` array of items shaped exactly as Graph
 * documents them, and `validationTokens`, one JWT per app and tenant in the batch, signed with the
 * emulator's keys on behalf of the Microsoft Graph Change Tracking app.
 * See https://learn.microsoft.com/graph/change-notifications-lifecycle-events
 *
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Subscription } from '../graph/subscription-store.js';
import type { LifecycleEvent } from '../records.js';
import type { EmulatorState } from '../state.js';
import { epochSeconds, graphTimestamp } from '../time-format.js';

/** The application id of Microsoft Graph Change Tracking, the `azp` of validation tokens. */
export const changeTrackingAppId = '0bf30f3b-4a52-48df-9a82-234910c4a086';

/** One lifecycle event for one subscription. */
export interface LifecycleItem {
  subscription: Subscription;
  lifecycleEvent: LifecycleEvent;
}

/** A serialised notification collection. */
export interface LifecycleCollection {
  body: string;
  validationTokenCount: number;
}

/** Builds the JSON body for items bound for one URL. */
export async function buildLifecycleCollection(
  state: EmulatorState,
  items: LifecycleItem[],
): Promise<LifecycleCollection> {
  const value = items.map(({ subscription, lifecycleEvent }) => ({
    subscriptionId: subscription.id,
    subscriptionExpirationDateTime: graphTimestamp(subscription.expirationDateTime),
    tenantId: subscription.tenantId,
    clientState: subscription.clientState,
    lifecycleEvent,
  }));
  if (!state.settings.lifecycleValidationTokens) {
    return { body: JSON.stringify({ value }), validationTokenCount: 0 };
  }
  const validationTokens = await Promise.all(
    distinctAppTenants(items).map((subscription) => signValidationToken(state, subscription)),
  );
  return {
    body: JSON.stringify({ value, validationTokens }),
    validationTokenCount: validationTokens.length,
  };
}

function distinctAppTenants(items: LifecycleItem[]): Subscription[] {
  const seen = new Map<string, Subscription>();
  for (const { subscription } of items) {
    const key = `${subscription.appId}|${subscription.tenantId}`;
    if (!seen.has(key)) seen.set(key, subscription);
  }
  return [...seen.values()];
}

// The claims of the documented example token: a v2 token for the app, issued to Change Tracking.
// See https://learn.microsoft.com/graph/change-notifications-with-resource-data#validation-tokens-in-the-change-notification
async function signValidationToken(state: EmulatorState, subscription: Subscription) {
  const now = state.clock.now();
  const issuedAt = epochSeconds(now);
  const principal = changeTrackingPrincipal(subscription.tenantId);
  const key = state.keys.current();
  return new SignJWT({
    aud: subscription.appId,
    iss: `${subscription.issuerBase}/${subscription.tenantId}/v2.0`,
    iat: issuedAt,
    nbf: issuedAt,
    exp: issuedAt + state.settings.validationTokenLifetimeSeconds,
    aio: randomBytes(24).toString('base64'),
    azp: changeTrackingAppId,
    azpacr: '2',
    oid: principal,
    rh: `0.${randomBytes(32).toString('base64url')}.`,
    sub: principal,
    tid: subscription.tenantId,
    uti: randomBytes(16).toString('base64url'),
    ver: '2.0',
  })
    .setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: key.kid, x5t: key.kid })
    .sign(key.privateKey);
}

// The Change Tracking service principal has one object id per tenant; derive a stable one.
function changeTrackingPrincipal(tenantId: string): string {
  const hex = createHash('sha256').update(`${changeTrackingAppId}/${tenantId}`).digest('hex');
  const parts = [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `4${hex.slice(13, 16)}`,
    `a${hex.slice(17, 20)}`,
  ];
  return [...parts, hex.slice(20, 32)].join('-');
}
