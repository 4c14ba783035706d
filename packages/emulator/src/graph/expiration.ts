/**
 * How the subscription service treats a requested `expirationDateTime`: less than 45 minutes away
 * is silently raised to 45 minutes; beyond the resource's maximum is refused with the message the
 * service was observed to send (a .NET TimeSpan for Teams, minutes otherwise).
 * See https://learn.microsoft.com/graph/api/resources/subscription#subscription-lifetime
 *
 * @module
 */
import { maxSubscriptionLifetime } from '@lifeline/core';
import type { ServiceOperation } from './errors.js';
import { isTeamsResource } from './permissions.js';

/** The shortest lifetime the service grants, in minutes. */
export const minimumLifetimeMinutes = 45;

/** A refused expiration: the error code and message to answer with. */
export interface ExpirationRefusal {
  code: string;
  message: string;
}

/** What the service makes of a requested expiration. */
export type ExpirationResult =
  | { ok: true; value: Date }
  | { ok: false; refusal: ExpirationRefusal };

/** Applies the minimum and the resource's maximum to a requested expiration. */
export function settleExpiration(input: {
  requested: Date;
  now: Date;
  resource: string;
  resourceType: string;
  includeResourceData: boolean;
  operation: ServiceOperation;
}): ExpirationResult {
  const { requested, now, resource, resourceType, includeResourceData, operation } = input;
  const earliest = new Date(now.getTime() + minimumLifetimeMinutes * 60_000);
  if (requested < earliest) return { ok: true, value: earliest };

  const maxMinutes = maxSubscriptionLifetime(resource, { includeResourceData });
  if (maxMinutes === undefined || requested.getTime() - now.getTime() <= maxMinutes * 60_000) {
    return { ok: true, value: requested };
  }
  const refusal = isTeamsResource(resourceType)
    ? teamsRefusal(requested, now, maxMinutes, operation)
    : {
        code: 'ExtensionError',
        message: `Subscription expiration can only be ${maxMinutes} minutes in the future.`,
      };
  return { ok: false, refusal };
}

function teamsRefusal(requested: Date, now: Date, maxMinutes: number, operation: ServiceOperation) {
  const fromNow = timeSpan(requested.getTime() - now.getTime(), true);
  const max = timeSpan(maxMinutes * 60_000, false);
  const when = `'${dateTimeOffset(requested)}' ('${fromNow}' from now)`;
  const reason = `Expiration time ${when} is beyond allowed max '${max}'.`;
  return {
    code: 'ExtensionError',
    message: `Operation: ${operation}; Exception: [Status Code: BadRequest; Reason: ${reason}]`,
  };
}

// .NET TimeSpan text: `d.hh:mm:ss` with `.fffffff` when there is a fraction.
function timeSpan(ms: number, withFraction: boolean): string {
  const days = Math.floor(ms / 86_400_000);
  const clock = new Date(ms % 86_400_000).toISOString().slice(11, 19);
  const fraction =
    withFraction && ms % 1000 !== 0 ? `.${String(ms % 1000).padStart(3, '0')}0000` : '';
  return `${days > 0 ? `${days}.` : ''}${clock}${fraction}`;
}

// .NET DateTimeOffset's default text in the invariant culture: `11/20/2016 18:23:45 +00:00`.
function dateTimeOffset(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)} ${iso.slice(11, 19)} +00:00`;
}
