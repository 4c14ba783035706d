/**
 * What the emulator saw and did: every subscription call, every request to an Entra ID token or
 * device code endpoint or to the managed identity endpoint, every validation handshake and every
 * lifecycle delivery with its attempts. Tests read these through the admin API ("the emulator
 * recorded a reauthorize for subscription X"). No token, secret, code or clientState is kept.
 *
 * @module
 */

/** The subscription operations that are recorded. */
export type CallOperation = 'create' | 'get' | 'list' | 'renew' | 'delete' | 'reauthorize';

/** One call to the Graph subscription API, successful or not. */
export interface CallRecord {
  id: number;
  at: string;
  operation: CallOperation;
  method: string;
  path: string;
  cloud: string;
  version: string;
  subscriptionId: string | null;
  appId: string | null;
  tenantId: string | null;
  status: number;
  errorCode: string | null;
  requestId: string;
  clientRequestId: string;
  /**
   * Set on a successful reauthorize or renew that follows a successful call of the other kind on
   * the same subscription within 10 minutes, which Graph asks apps not to do.
   */
  warning: 'reauthorize-and-renew-within-10-minutes' | null;
}

/**
 * One request to an Entra ID token or device code endpoint, or to the host's managed identity
 * endpoint: what was asked, never a credential.
 */
export interface TokenRequestRecord {
  id: number;
  at: string;
  endpoint: 'token' | 'devicecode' | 'managed-identity';
  /** The cloud whose Entra ID was called; for a managed identity, the cloud of the resource. */
  cloud: string;
  /**
   * The tenant segment of the authority as sent: an id, a domain, `common`, `consumers`, …; for a
   * managed identity, the identity's tenant (empty when none was found).
   */
  tenant: string;
  /** `client_credentials`, `device_code`, `refresh_token`; null at the device code endpoint. */
  grantType: string | null;
  /** The client id sent; for a managed identity, the identity found (or the `client_id` sent). */
  clientId: string | null;
  /**
   * How the client proved itself: by a secret, a certificate assertion, the host's
   * `X-IDENTITY-HEADER` (right or wrong), or not at all.
   */
  clientAuthentication: 'secret' | 'assertion' | 'identity-header' | 'none';
  /** The scopes asked for; for a managed identity, the `resource`. */
  scopes: string[];
  /** Whether the request carried a `claims` parameter. */
  claims: boolean;
  /** The client capabilities it declared in `claims` (`xms_cc`), lower case. */
  clientCapabilities: string[];
  /** Other access-token claims it demanded, e.g. `['nbf']` when answering a claims challenge. */
  challengedClaims: string[];
  status: number;
  /**
   * The OAuth `error`, e.g. `authorization_pending`, or null on success. The managed identity
   * endpoint answers no such code; its records say `missing_identity_header`,
   * `invalid_identity_header`, `invalid_request`, `unknown_identity` or `invalid_resource`.
   */
  error: string | null;
  /** The AADSTS number of the error, or null. */
  errorCode: number | null;
}

/** One validation request sent to a notification or lifecycle URL. */
export interface HandshakeRecord {
  id: number;
  at: string;
  url: string;
  purpose: 'notificationUrl' | 'lifecycleNotificationUrl';
  outcome: 'validated' | 'status' | 'body' | 'timeout' | 'network';
  status: number | null;
}

/** One attempt to deliver a notification collection. */
export interface DeliveryAttempt {
  at: string;
  status: number | null;
  outcome: 'delivered' | 'status' | 'timeout' | 'network';
  durationMs: number;
}

/** The lifecycle events Graph sends. */
export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';

/** Why a lifecycle notification was sent. */
export type DeliveryCause = 'schedule' | 'admin' | 'revocation';

/** One notification collection POSTed to a lifecycle URL, with every attempt so far. */
export interface DeliveryRecord {
  id: number;
  createdAt: string;
  url: string;
  cause: DeliveryCause;
  notifications: { subscriptionId: string; tenantId: string; lifecycleEvent: LifecycleEvent }[];
  validationTokenCount: number;
  attempts: DeliveryAttempt[];
  state: 'pending' | 'retrying' | 'delivered' | 'abandoned';
  nextAttemptAt: string | null;
}

/** The record lists, newest last. */
export interface Recorder {
  readonly calls: CallRecord[];
  readonly tokenRequests: TokenRequestRecord[];
  readonly handshakes: HandshakeRecord[];
  readonly deliveries: DeliveryRecord[];
  addCall(record: Omit<CallRecord, 'id'>): CallRecord;
  addTokenRequest(record: Omit<TokenRequestRecord, 'id'>): TokenRequestRecord;
  addHandshake(record: Omit<HandshakeRecord, 'id'>): HandshakeRecord;
  addDelivery(record: Omit<DeliveryRecord, 'id'>): DeliveryRecord;
  clear(): void;
}

// Long-running emulators (the CLI) keep only the most recent entries of each list.
const maxEntries = 10_000;

/** Creates empty record lists. */
export function createRecorder(): Recorder {
  let nextId = 1;
  const calls: CallRecord[] = [];
  const tokenRequests: TokenRequestRecord[] = [];
  const handshakes: HandshakeRecord[] = [];
  const deliveries: DeliveryRecord[] = [];
  const add = <T extends { id: number }>(list: T[], record: Omit<T, 'id'>): T => {
    const entry = { ...record, id: nextId++ } as T;
    list.push(entry);
    if (list.length > maxEntries) list.splice(0, list.length - maxEntries);
    return entry;
  };
  return {
    calls,
    tokenRequests,
    handshakes,
    deliveries,
    addCall: (record) => add(calls, record),
    addTokenRequest: (record) => add(tokenRequests, record),
    addHandshake: (record) => add(handshakes, record),
    addDelivery: (record) => add(deliveries, record),
    clear() {
      calls.length = 0;
      tokenRequests.length = 0;
      handshakes.length = 0;
      deliveries.length = 0;
    },
  };
}
