/**
 * The claim checks of a validation token, after its signature was verified.
 * See https://learn.microsoft.com/graph/change-notifications-with-resource-data
 *
 * @module
 */
import type { Cloud } from '../clouds.js';
import { isGuid } from './syntax.js';
import type { ValidationTokenFailureReason } from './validation-token-types.js';

/**
 * The app id of Microsoft Graph Change Tracking, the publisher of change notifications. Version 2
 * tokens name it in `azp`, version 1 tokens in `appid`.
 */
export const changeTrackingAppId = '0bf30f3b-4a52-48df-9a82-234910c4a086';

/** What the claim checks compare against. */
export interface ClaimExpectations {
  readonly appIds: ReadonlySet<string>;
  readonly tenantIds: ReadonlySet<string> | undefined;
  readonly cloud: Cloud;
  readonly nowSeconds: number;
  readonly skewSeconds: number;
}

/** A failed check, or the token's tenant. */
export type ClaimsResult =
  | { readonly tenant: string }
  | { readonly reason: ValidationTokenFailureReason; readonly message: string };

/** Checks the claims of a signature-verified token in a fixed order; the first failure wins. */
export function checkClaims(
  claims: Record<string, unknown>,
  expected: ClaimExpectations,
): ClaimsResult {
  const time = checkTime(claims, expected);
  if (time) return time;
  if (!audienceMatches(claims.aud, expected.appIds)) {
    return { reason: 'audience', message: 'the token is not for any of the configured app ids' };
  }

  const tid = typeof claims.tid === 'string' ? claims.tid.toLowerCase() : undefined;
  const issuerTenant =
    typeof claims.iss === 'string' ? tenantOfIssuer(claims.iss, expected.cloud) : undefined;
  if (issuerTenant === undefined) {
    return {
      reason: 'issuer',
      message: `the issuer is not Entra ID of the ${expected.cloud.name} cloud`,
    };
  }
  if (tid !== issuerTenant) {
    return { reason: 'issuer', message: 'the issuer names another tenant than the "tid" claim' };
  }
  if (!authorizedPartyMatches(claims)) {
    return {
      reason: 'authorized_party',
      message: 'the token was not issued to Microsoft Graph Change Tracking',
    };
  }
  if (expected.tenantIds && !expected.tenantIds.has(tid)) {
    return { reason: 'tenant', message: 'the token is from a tenant that is not allowed' };
  }
  return { tenant: tid };
}

function checkTime(
  claims: Record<string, unknown>,
  expected: ClaimExpectations,
): ClaimsResult | undefined {
  const { exp, nbf } = claims;
  if (typeof exp !== 'number' || (nbf !== undefined && typeof nbf !== 'number')) {
    return {
      reason: 'malformed',
      message: 'the token lacks a numeric "exp" or has a non-numeric "nbf"',
    };
  }
  if (expected.nowSeconds > exp + expected.skewSeconds) {
    return { reason: 'expired', message: 'the token has expired' };
  }
  if (nbf !== undefined && expected.nowSeconds < nbf - expected.skewSeconds) {
    return { reason: 'not_yet_valid', message: 'the token is not valid yet' };
  }
  return undefined;
}

function audienceMatches(aud: unknown, appIds: ReadonlySet<string>): boolean {
  const audiences = Array.isArray(aud) ? aud : [aud];
  return audiences.some((value) => typeof value === 'string' && appIds.has(value.toLowerCase()));
}

// Both claims are checked when both are present; at least one must be.
function authorizedPartyMatches(claims: Record<string, unknown>): boolean {
  const parties = [claims.azp, claims.appid].filter((value) => value !== undefined);
  return parties.length > 0 && parties.every((value) => value === changeTrackingAppId);
}

/**
 * The tenant an issuer names, when the issuer is one of the accepted forms for the cloud:
 * - version 2: `${loginUrl}/{tid}/v2.0`;
 * - version 1: `https://sts.windows.net/{tid}/`, `${loginUrl}/{tid}/`, and for the China cloud
 *   `https://sts.chinacloudapi.cn/{tid}/`.
 * The issuer string is only as trustworthy as the keys: the signature has already bound the token
 * to the cloud's Entra ID, so the version 1 host is accepted in every cloud.
 */
export function tenantOfIssuer(issuer: string, cloud: Cloud): string | undefined {
  const forms: [string, string][] = [
    [`${cloud.loginUrl}/`, '/v2.0'],
    [`${cloud.loginUrl}/`, '/'],
    ['https://sts.windows.net/', '/'],
  ];
  if (cloud.name === 'china') forms.push(['https://sts.chinacloudapi.cn/', '/']);

  for (const [prefix, suffix] of forms) {
    if (!issuer.startsWith(prefix) || !issuer.endsWith(suffix)) continue;
    const tenant = issuer.slice(prefix.length, issuer.length - suffix.length);
    if (isGuid(tenant)) return tenant.toLowerCase();
  }
  return undefined;
}
