import type {
  AccountInfo,
  AuthenticationResult,
  DeviceCodeRequest,
  PublicClientApplication,
} from '@azure/msal-node';
import { type Cloud, type TokenRequest, type TokenSource, TokenSourceError } from '@lifeline/core';
import { MsalTokenSourceError, wrapMsalError } from './errors.js';
import { claimsOf, toAccessToken } from './result.js';
import { resolveScopes } from './scopes.js';

type DeviceCodeResponse = Parameters<DeviceCodeRequest['deviceCodeCallback']>[0];

/** The part of a `PublicClientApplication` that Lifeline uses. */
export type PublicClient = Pick<
  PublicClientApplication,
  'acquireTokenSilent' | 'acquireTokenByDeviceCode' | 'getAllAccounts'
>;

/** What to show a user so that they can finish a device code sign-in on another device. */
export interface DeviceCodePrompt {
  /** The short code the user types at `verificationUri`. */
  userCode: string;
  /** Where the user signs in, e.g. `https://microsoft.com/devicelogin`. */
  verificationUri: string;
  /** The identity platform's own instruction, ready to print. */
  message: string;
  /** How long the code stays valid. */
  expiresInSeconds: number;
}

/** Picks one cached account by its msal home account id or its user name. */
export interface AccountSelector {
  homeAccountId?: string;
  /** The sign-in name, e.g. `adele@contoso.com`; compared without regard to case. */
  username?: string;
}

/** How a public client gets its tokens. */
export interface PublicClientSettings {
  cloud?: Cloud | undefined;
  /** The scopes to sign in with, and to ask for when a request names none. */
  scopes?: string[] | undefined;
  account?: AccountSelector | undefined;
  onDeviceCode?: ((prompt: DeviceCodePrompt) => void | Promise<void>) | undefined;
}

/**
 * A token source on a public client: the cached account's tokens first (msal refreshes them
 * silently, and skips the cache when a claims challenge is present), then a device code sign-in.
 * The sign-in asks for the configured scopes, so the user consents to what the app was set up
 * with even when the request names `/.default`. Concurrent sign-ins for the same claims share one
 * prompt.
 */
export function publicClientTokenSource(
  app: PublicClient,
  settings: PublicClientSettings,
): TokenSource {
  const signIns = new Map<string, Promise<AuthenticationResult | null>>();
  return async (request) => {
    const scopes = resolveScopes(request.scopes, settings.scopes, settings.cloud);
    const account = await findAccount(app, settings.account);
    const silent = account ? await trySilent(app, account, scopes, request, settings) : undefined;
    if (silent) return toAccessToken(silent);

    const signInScopes = settings.scopes ?? scopes;
    const key = `${signInScopes.join(' ')}\n${request.claims ?? ''}`;
    let signIn = signIns.get(key);
    if (!signIn) {
      signIn = signInWithDeviceCode(app, signInScopes, request.claims, settings);
      signIns.set(key, signIn);
      signIn.then(
        () => signIns.delete(key),
        () => signIns.delete(key),
      );
    }
    return toAccessToken(await signIn);
  };
}

async function findAccount(
  app: PublicClient,
  selector: AccountSelector | undefined,
): Promise<AccountInfo | undefined> {
  let accounts: AccountInfo[];
  try {
    accounts = await app.getAllAccounts();
  } catch (error) {
    throw wrapMsalError('reading the token cache', error);
  }
  if (selector) return accounts.find((account) => matches(account, selector));
  if (accounts.length > 1) {
    throw new TokenSourceError(
      `the token cache holds ${accounts.length} accounts; choose one with the account option`,
    );
  }
  return accounts[0];
}

function matches(account: AccountInfo, selector: AccountSelector): boolean {
  if (selector.homeAccountId && account.homeAccountId !== selector.homeAccountId) return false;
  if (selector.username && account.username.toLowerCase() !== selector.username.toLowerCase()) {
    return false;
  }
  return Boolean(selector.homeAccountId || selector.username);
}

// Returns undefined when only a new sign-in can help and one is possible.
async function trySilent(
  app: PublicClient,
  account: AccountInfo,
  scopes: string[],
  request: TokenRequest,
  settings: PublicClientSettings,
): Promise<AuthenticationResult | undefined> {
  try {
    return await app.acquireTokenSilent({ account, scopes, ...claimsOf(request.claims) });
  } catch (error) {
    const wrapped = wrapMsalError('silent token request', error);
    if (wrapped.interactionRequired && settings.onDeviceCode) return undefined;
    throw wrapped;
  }
}

async function signInWithDeviceCode(
  app: PublicClient,
  scopes: string[],
  claims: string | undefined,
  settings: PublicClientSettings,
): Promise<AuthenticationResult | null> {
  if (!settings.onDeviceCode) {
    throw new MsalTokenSourceError(
      'no usable signed-in account in the token cache, and no onDeviceCode to sign one in',
      { errorCode: 'interaction_required', interactionRequired: true },
    );
  }
  const prompted = promptingRequest(scopes, claims, settings.onDeviceCode);
  try {
    return await app.acquireTokenByDeviceCode(prompted.request);
  } catch (error) {
    const failure = prompted.failure();
    if (failure) throw new TokenSourceError('onDeviceCode failed', { cause: failure.error });
    throw wrapMsalError('device code sign-in', error);
  }
}

// A device code request whose callback shows the prompt. If showing it fails, nobody can answer
// it, so the request is cancelled (msal stops polling when `cancel` is set) and the failure kept.
function promptingRequest(
  scopes: string[],
  claims: string | undefined,
  onDeviceCode: (prompt: DeviceCodePrompt) => void | Promise<void>,
): { request: DeviceCodeRequest; failure: () => { error: unknown } | undefined } {
  let failure: { error: unknown } | undefined;
  const request: DeviceCodeRequest = {
    scopes,
    ...claimsOf(claims),
    deviceCodeCallback: (response) => {
      const stop = (error: unknown) => {
        failure = { error };
        request.cancel = true;
      };
      try {
        Promise.resolve(onDeviceCode(toPrompt(response))).catch(stop);
      } catch (error) {
        stop(error);
      }
    },
  };
  return { request, failure: () => failure };
}

// The device code itself is left out: it is a credential, and the user never needs it.
function toPrompt(response: DeviceCodeResponse): DeviceCodePrompt {
  return {
    userCode: response.userCode,
    verificationUri: response.verificationUri,
    message: response.message,
    expiresInSeconds: response.expiresIn,
  };
}
