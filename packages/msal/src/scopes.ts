import { type Cloud, clouds, graphDefaultScope, InvalidInputError } from '@lifeline/core';

/**
 * The scopes to ask msal for: the request's when it names any, else the source's own, else the
 * cloud's `/.default` Graph scope. A new array every time.
 */
export function resolveScopes(
  requested: readonly string[] | undefined,
  configured: readonly string[] | undefined,
  cloud: Cloud = clouds.global,
): string[] {
  if (requested && requested.length > 0) return [...requested];
  if (configured && configured.length > 0) return [...configured];
  return [graphDefaultScope(cloud)];
}

/**
 * The resource a managed identity is asked for. Managed identity endpoints take one resource
 * (`https://graph.microsoft.com`), not scopes, so `/.default` is dropped:
 * https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/how-to-use-vm-token#get-a-token-using-http
 *
 * @throws {InvalidInputError} when there is not exactly one scope.
 */
export function resourceFromScopes(scopes: readonly string[]): string {
  const [scope, ...rest] = scopes;
  if (scope === undefined || rest.length > 0) {
    throw new InvalidInputError('scopes', 'a managed identity takes exactly one resource scope');
  }
  return scope.endsWith('/.default') ? scope.slice(0, -'/.default'.length) : scope;
}

/** Checks a list of scopes given as an option: an array of non-empty strings. */
export function checkScopes(field: string, scopes: unknown): string[] | undefined {
  if (scopes === undefined) return undefined;
  if (!Array.isArray(scopes) || scopes.some((scope) => typeof scope !== 'string' || !scope)) {
    throw new InvalidInputError(field, 'expected an array of non-empty scope strings');
  }
  return [...scopes];
}
