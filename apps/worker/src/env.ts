/**
 * What the worker receives from Cloudflare: the bindings and vars of `wrangler.jsonc` (typed in
 * the generated `worker-configuration.d.ts`) and the secrets set with `wrangler secret put`.
 *
 * @module
 */

/** The secrets. Each is optional here; the settings reader says which are missing. */
export interface WorkerSecrets {
  /** The app registration's client secret, for the `client_secret` credential. */
  readonly CLIENT_SECRET?: string;
  /** A PEM PKCS#8 RSA private key whose certificate is registered on the app. */
  readonly CLIENT_CERTIFICATE_KEY?: string;
  /** That certificate's thumbprint, hex: SHA-1 (40 digits) or SHA-256 (64 digits). */
  readonly CLIENT_CERTIFICATE_THUMBPRINT?: string;
  /** The `clientState` the app's subscriptions were created with. */
  readonly CLIENT_STATE?: string;
}

/** Everything the worker's handlers receive as `env`. */
export type WorkerEnv = Env & WorkerSecrets;
