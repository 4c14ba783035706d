import type { Configuration, NodeAuthOptions, NodeSystemOptions } from '@azure/msal-node';
import { type Cloud, InvalidInputError } from '@lifeline/core';
import { type AuthorityOverrides, buildMsalAuthority } from './authority.js';
import { checkScopes } from './scopes.js';

/**
 * The client capability that tells Entra ID this app handles claims challenges, so that Graph
 * may send them (Continuous Access Evaluation):
 * https://learn.microsoft.com/entra/identity-platform/app-resilience-continuous-access-evaluation
 */
export const clientCapabilities: readonly string[] = ['CP1'];

/** Options every app registration token source takes. */
export interface AppRegistrationOptions {
  /** The directory (tenant) id, or a verified domain of it. */
  tenantId: string;
  /** The application (client) id of the app registration. */
  clientId: string;
  /** The cloud to sign in to; it selects the authority host and the default scope. */
  cloud?: Cloud;
  /** msal authority settings that replace those derived from `cloud`. */
  authorityOverrides?: AuthorityOverrides;
  /** Scopes used when a request names none; defaults to the cloud's `/.default` Graph scope. */
  scopes?: string[];
  /** msal's system options, e.g. a `networkClient` for a proxy, or `loggerOptions`. */
  system?: NodeSystemOptions;
}

/** The parts of an msal configuration that come from {@link AppRegistrationOptions}. */
export interface NormalisedRegistration {
  configuration: Configuration;
  scopes: string[] | undefined;
}

/**
 * Builds a new msal configuration from the options and the credential, copying what it keeps.
 *
 * @throws {InvalidInputError} for a missing client id, a malformed tenant or bad scopes.
 */
export function normaliseRegistration(
  options: AppRegistrationOptions,
  credential: Partial<NodeAuthOptions> = {},
): NormalisedRegistration {
  const clientId = requireText('clientId', options.clientId);
  const auth: NodeAuthOptions = {
    clientId,
    ...buildMsalAuthority(options),
    ...credential,
    clientCapabilities: [...clientCapabilities],
  };
  const configuration: Configuration = { auth };
  if (options.system) configuration.system = { ...options.system };
  return { configuration, scopes: checkScopes('scopes', options.scopes) };
}

/**
 * Returns `value` when it is a non-empty string.
 *
 * @throws {InvalidInputError} otherwise; the message never contains the value.
 */
export function requireText(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidInputError(field, 'expected a non-empty string');
  }
  return value;
}
