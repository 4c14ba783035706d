/**
 * Reading the JSON bodies of `POST /subscriptions` and `PATCH /subscriptions/{id}`. Every check
 * returns a result with the code and message to answer with; nothing throws.
 * See https://learn.microsoft.com/graph/api/resources/subscription#properties
 *
 * @module
 */
import { parseTimestamp } from '../time-format.js';

/** A rejected body: the status, Graph error code and message to answer with. */
export interface BodyProblem {
  status: 400;
  code: string;
  message: string;
}

/** A valid create request. */
export interface CreateInput {
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  resource: string;
  expirationDateTime: Date;
  clientState: string | null;
  includeResourceData: boolean;
  encryptionCertificate: string | null;
  encryptionCertificateId: string | null;
  latestSupportedTlsVersion: string;
  notificationQueryOptions: string | null;
  notificationUrlAppId: string | null;
}

/** A valid renew request. */
export interface PatchInput {
  expirationDateTime?: Date;
  notificationUrl?: string;
}

type Result<T> = { ok: true; value: T } | { ok: false; problem: BodyProblem };

const changeTypes = new Set(['created', 'updated', 'deleted']);
const tlsVersions = new Set(['v1_0', 'v1_1', 'v1_2', 'v1_3']);
const webPushProperties = [
  'vapidPublicKey',
  'webPushEncryptionP256dhPublicKey',
  'webPushEncryptionSecret',
];

/** The answer to a body that is not a JSON object, as Graph words it. */
export const unreadableBody: BodyProblem = {
  status: 400,
  code: 'BadRequest',
  message: [
    'Unable to read JSON request payload.',
    'Please ensure Content-Type header is set and payload is of valid JSON format.',
  ].join(' '),
};

/** Reads a create body; `allowHttpLoopback` admits `http://` URLs on loopback hosts. */
export function parseCreateBody(body: unknown, allowHttpLoopback: boolean): Result<CreateInput> {
  if (!isObject(body)) return { ok: false, problem: unreadableBody };
  for (const name of ['changeType', 'notificationUrl', 'resource', 'expirationDateTime']) {
    if (typeof body[name] !== 'string' || body[name] === '') {
      return invalid('InvalidRequest', `${name} is a required property for subscription creation.`);
    }
  }
  const { changeType, notificationUrl, resource } = body as Record<
    'changeType' | 'notificationUrl' | 'resource',
    string
  >;
  const expirationDateTime = parseTimestamp(body.expirationDateTime);
  const problem =
    expirationProblem(body.expirationDateTime, expirationDateTime) ??
    changeTypeProblem(changeType) ??
    urlProblem('notificationUrl', notificationUrl, allowHttpLoopback) ??
    optionalUrlProblem(body.lifecycleNotificationUrl, allowHttpLoopback) ??
    optionalTextProblems(body) ??
    resourceDataProblem(body);
  if (problem || !expirationDateTime) return { ok: false, problem: problem ?? unreadableBody };
  return {
    ok: true,
    value: {
      changeType,
      notificationUrl,
      resource,
      expirationDateTime,
      lifecycleNotificationUrl: textOrNull(body.lifecycleNotificationUrl),
      clientState: textOrNull(body.clientState),
      includeResourceData: body.includeResourceData === true,
      encryptionCertificate: textOrNull(body.encryptionCertificate),
      encryptionCertificateId: textOrNull(body.encryptionCertificateId),
      latestSupportedTlsVersion: textOrNull(body.latestSupportedTlsVersion) ?? 'v1_2',
      notificationQueryOptions: textOrNull(body.notificationQueryOptions),
      notificationUrlAppId: textOrNull(body.notificationUrlAppId),
    },
  };
}

/** Reads a renew body: `expirationDateTime`, `notificationUrl` or both. */
export function parsePatchBody(body: unknown, allowHttpLoopback: boolean): Result<PatchInput> {
  if (!isObject(body)) return { ok: false, problem: unreadableBody };
  const { expirationDateTime: rawExpiration, notificationUrl } = body;
  if (typeof rawExpiration !== 'string' && typeof notificationUrl !== 'string') {
    // The observed answer to a PATCH without either property.
    const message = [
      "Subscription must contain either the 'expirationDateTime' or 'notificationUrl'",
      'property and its value.',
    ].join(' ');
    return invalid('InvalidRequest', message);
  }
  const expirationDateTime = parseTimestamp(rawExpiration);
  const problem =
    (rawExpiration === undefined
      ? undefined
      : expirationProblem(rawExpiration, expirationDateTime)) ??
    (typeof notificationUrl === 'string'
      ? urlProblem('notificationUrl', notificationUrl, allowHttpLoopback)
      : undefined);
  if (problem) return { ok: false, problem };
  const value: PatchInput = {};
  if (expirationDateTime) value.expirationDateTime = expirationDateTime;
  if (typeof notificationUrl === 'string') value.notificationUrl = notificationUrl;
  return { ok: true, value };
}

function expirationProblem(raw: unknown, parsed: Date | undefined): BodyProblem | undefined {
  if (parsed) return undefined;
  return problemOf(
    'BadRequest',
    `Cannot convert the literal '${String(raw)}' to the expected type 'Edm.DateTimeOffset'.`,
  );
}

function changeTypeProblem(changeType: string): BodyProblem | undefined {
  const parts = changeType.split(',').map((part) => part.trim());
  const unknown = parts.find((part) => !changeTypes.has(part));
  return unknown === undefined
    ? undefined
    : problemOf('InvalidRequest', `'${unknown}' is not a valid changeType value.`);
}

// Graph requires https; the emulator also takes http on loopback hosts when allowed.
function urlProblem(
  name: string,
  value: string,
  allowHttpLoopback: boolean,
): BodyProblem | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return problemOf('InvalidRequest', `${name} must be an absolute https URL.`);
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && allowHttpLoopback && isLoopback(url.hostname)) return undefined;
  return problemOf('InvalidRequest', `${name} must be an https URL.`);
}

function optionalUrlProblem(value: unknown, allowHttpLoopback: boolean): BodyProblem | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    return problemOf('InvalidRequest', 'lifecycleNotificationUrl must be a string.');
  return urlProblem('lifecycleNotificationUrl', value, allowHttpLoopback);
}

function optionalTextProblems(body: Record<string, unknown>): BodyProblem | undefined {
  const clientState = body.clientState;
  if (clientState !== undefined && clientState !== null && typeof clientState !== 'string') {
    return problemOf('InvalidRequest', 'clientState must be a string.');
  }
  // The subscription resource page caps clientState at 128 characters.
  if (typeof clientState === 'string' && clientState.length > 128) {
    return problemOf('InvalidRequest', 'clientState must be at most 128 characters.');
  }
  const tls = body.latestSupportedTlsVersion;
  if (tls !== undefined && tls !== null && !tlsVersions.has(String(tls))) {
    return problemOf(
      'InvalidRequest',
      `'${String(tls)}' is not a valid latestSupportedTlsVersion value.`,
    );
  }
  const webPush = webPushProperties.find((name) => body[name] !== undefined && body[name] !== null);
  return webPush === undefined
    ? undefined
    : problemOf('BadRequest', `${webPush} is only supported for Web Push notification URLs.`);
}

function resourceDataProblem(body: Record<string, unknown>): BodyProblem | undefined {
  if (body.includeResourceData !== true) return undefined;
  for (const name of ['encryptionCertificate', 'encryptionCertificateId']) {
    if (typeof body[name] !== 'string' || body[name] === '') {
      return problemOf(
        'InvalidRequest',
        `${name} is a required property when includeResourceData is true.`,
      );
    }
  }
  return undefined;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function problemOf(code: string, message: string): BodyProblem {
  return { status: 400, code, message };
}

function invalid<T>(code: string, message: string): Result<T> {
  return { ok: false, problem: problemOf(code, message) };
}
