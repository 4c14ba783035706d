/**
 * Turns a {@link SubscriptionCreateInput} into the JSON body of `POST /subscriptions`, checking
 * what Graph documents before Graph has to refuse it.
 * See https://learn.microsoft.com/graph/api/resources/subscription#properties
 *
 * @module
 */
import { InvalidInputError } from '../errors.js';
import type { SubscriptionCreateInput, TlsVersion } from './subscription.js';
import { checkNotificationUrl, checkText, isGuid, quote, toGraphTimestamp } from './validate.js';

const changeTypes = new Set(['created', 'updated', 'deleted']);
const tlsVersions = new Set<TlsVersion>(['v1_0', 'v1_1', 'v1_2', 'v1_3']);

/**
 * The create body with only the properties Graph accepts, in Graph's names.
 *
 * @throws {InvalidInputError} naming the first property that is missing or invalid.
 */
export function createSubscriptionBody(input: SubscriptionCreateInput): Record<string, unknown> {
  if (typeof input !== 'object' || input === null) {
    throw new InvalidInputError('subscription', 'must be an object');
  }
  const body: Record<string, unknown> = {
    changeType: checkChangeType(input.changeType),
    notificationUrl: checkNotificationUrl(input.notificationUrl, 'notificationUrl'),
    resource: checkResource(input.resource),
    expirationDateTime: toGraphTimestamp(input.expirationDateTime, 'expirationDateTime'),
  };
  Object.assign(body, optionalProperties(input), encryptionProperties(input));
  return body;
}

function optionalProperties(input: SubscriptionCreateInput): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (input.lifecycleNotificationUrl !== undefined) {
    const url = input.lifecycleNotificationUrl;
    body.lifecycleNotificationUrl = checkNotificationUrl(url, 'lifecycleNotificationUrl');
  }
  // Graph allows 128 characters. The value itself is a secret and is never echoed.
  if (input.clientState !== undefined) {
    body.clientState = checkText(input.clientState, 'clientState', 128);
  }
  if (input.latestSupportedTlsVersion !== undefined) {
    body.latestSupportedTlsVersion = checkTlsVersion(input.latestSupportedTlsVersion);
  }
  if (input.notificationQueryOptions !== undefined) {
    body.notificationQueryOptions = checkText(
      input.notificationQueryOptions,
      'notificationQueryOptions',
      2048,
    );
  }
  if (input.notificationUrlAppId !== undefined) {
    body.notificationUrlAppId = checkAppId(input.notificationUrlAppId);
  }
  return body;
}

// Rich notifications need a certificate to encrypt with and an id to find the private key.
// See https://learn.microsoft.com/graph/change-notifications-with-resource-data
function encryptionProperties(input: SubscriptionCreateInput): Record<string, unknown> {
  const wanted = input.includeResourceData;
  if (wanted === undefined) return {};
  if (typeof wanted !== 'boolean') {
    throw new InvalidInputError('includeResourceData', 'must be a boolean');
  }
  if (!wanted) return { includeResourceData: false };
  return {
    includeResourceData: true,
    encryptionCertificate: checkText(input.encryptionCertificate, 'encryptionCertificate', 16_384),
    encryptionCertificateId: checkText(
      input.encryptionCertificateId,
      'encryptionCertificateId',
      128,
    ),
  };
}

function checkChangeType(value: unknown): string {
  const text = checkText(value, 'changeType', 64);
  const parts = text.split(',').map((part) => part.trim());
  const unknown = parts.find((part) => !changeTypes.has(part));
  if (unknown !== undefined) {
    const message = `${quote(unknown)} is not created, updated or deleted`;
    throw new InvalidInputError('changeType', message);
  }
  return parts.join(',');
}

// `resource` is relative to the version root; an absolute URL is a common slip.
function checkResource(value: unknown): string {
  const resource = checkText(value, 'resource', 2048);
  if (resource.trim().length === 0) {
    throw new InvalidInputError('resource', 'must not be blank');
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(resource)) {
    throw new InvalidInputError('resource', 'must be relative to the version root, not a URL');
  }
  return resource;
}

function checkTlsVersion(value: unknown): TlsVersion {
  if (!tlsVersions.has(value as TlsVersion)) {
    throw new InvalidInputError('latestSupportedTlsVersion', 'must be v1_0, v1_1, v1_2 or v1_3');
  }
  return value as TlsVersion;
}

function checkAppId(value: unknown): string {
  if (!isGuid(value)) {
    throw new InvalidInputError('notificationUrlAppId', 'must be an application id (a GUID)');
  }
  return value;
}
