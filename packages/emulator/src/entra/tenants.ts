/**
 * Resolving the tenant segment of an authority URL: a tenant id or one of its domains.
 *
 * @module
 */
import type { EmulatorState, Tenant } from '../state.js';
import { failure, type OAuthFailure } from './oauth-errors.js';

/** The tenant a path segment names, or the error Entra ID gives for an unknown one. */
export function resolveTenant(
  state: EmulatorState,
  segment: string,
): { ok: true; tenant: Tenant } | { ok: false; failure: OAuthFailure } {
  const wanted = segment.toLowerCase();
  for (const tenant of state.tenants.values()) {
    if (tenant.tenantId === wanted || tenant.domains.some((d) => d.toLowerCase() === wanted)) {
      return { ok: true, tenant };
    }
  }
  const description = [
    `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are`,
    'signing into the correct cloud. Check with your subscription administrator, this may happen',
    'if there are no active subscriptions for the tenant.',
  ].join(' ');
  return { ok: false, failure: failure(400, 'invalid_tenant', 90002, description) };
}
