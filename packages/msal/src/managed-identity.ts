import {
  ManagedIdentityApplication,
  type ManagedIdentityIdParams,
  type NodeSystemOptions,
} from '@azure/msal-node';
import { type Cloud, InvalidInputError, type TokenSource } from '@lifeline/core';
import { managedIdentityClientTokenSource } from './application.js';
import { clientCapabilities, requireText } from './options.js';
import { checkScopes } from './scopes.js';

/**
 * Options of {@link managedIdentityTokenSource}. Give at most one of `clientId`, `resourceId`
 * and `objectId` to use a user-assigned identity; give none for the system-assigned one.
 */
export interface ManagedIdentityOptions {
  /** The client id of a user-assigned managed identity. */
  clientId?: string;
  /** The Azure resource id of a user-assigned managed identity. */
  resourceId?: string;
  /** The object (principal) id of a user-assigned managed identity. */
  objectId?: string;
  /** The cloud whose Graph resource is asked for when a request names no scope. */
  cloud?: Cloud;
  /** The one scope used when a request names none, e.g. `https://graph.microsoft.com/.default`. */
  scopes?: string[];
  /** msal's system options, e.g. `loggerOptions`. */
  system?: NodeSystemOptions;
}

/**
 * A token source on the Azure managed identity of the machine or service it runs on (App Service,
 * Functions, Container Apps, virtual machines, Arc, Cloud Shell); msal finds the endpoint from the
 * environment:
 * https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/overview
 * A managed identity takes one resource, so a request must name at most one scope; `/.default`
 * is dropped from it. A request's claims challenge is passed through.
 *
 * @throws {InvalidInputError} when more than one identity id is given, or one is empty.
 * @returns a token source whose calls reject with {@link MsalTokenSourceError}, or with
 *   {@link InvalidInputError} when a request names more than one scope.
 */
export function managedIdentityTokenSource(options: ManagedIdentityOptions = {}): TokenSource {
  const app = new ManagedIdentityApplication({
    clientCapabilities: [...clientCapabilities],
    managedIdentityIdParams: identityOf(options),
    ...(options.system ? { system: { ...options.system } } : {}),
  });
  const scopes = checkScopes('scopes', options.scopes);
  return managedIdentityClientTokenSource(app, { cloud: options.cloud, scopes, secrets: [] });
}

function identityOf(options: ManagedIdentityOptions): ManagedIdentityIdParams {
  const given = (['clientId', 'resourceId', 'objectId'] as const).filter(
    (field) => options[field] !== undefined,
  );
  if (given.length > 1) {
    throw new InvalidInputError(given.join(', '), 'give at most one managed identity id');
  }
  if (options.clientId !== undefined) {
    return { userAssignedClientId: requireText('clientId', options.clientId) };
  }
  if (options.resourceId !== undefined) {
    return { userAssignedResourceId: requireText('resourceId', options.resourceId) };
  }
  if (options.objectId !== undefined) {
    return { userAssignedObjectId: requireText('objectId', options.objectId) };
  }
  return {};
}
