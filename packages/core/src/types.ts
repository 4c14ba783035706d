/**
 * The small interfaces through which a runtime plugs into core: where tokens come from, how
 * requests are sent, how time is read and where log events go.
 *
 * @module
 */

/** What a {@link TokenSource} is asked for. */
export interface TokenRequest {
  /** The scopes to request, e.g. `["https://graph.microsoft.com/.default"]`. */
  scopes: string[];
  /**
   * A decoded claims challenge (a JSON string) to pass to the identity platform, present when
   * Graph answered 401 with `error="insufficient_claims"`.
   * See https://learn.microsoft.com/entra/identity-platform/claims-challenge
   */
  claims?: string;
}

/** A bearer token and, when known, when it expires. */
export interface AccessToken {
  token: string;
  expiresOn?: Date;
}

/** Returns a bearer token for Microsoft Graph. Each runtime brings its own. */
export type TokenSource = (request: TokenRequest) => Promise<AccessToken>;

/** The web `fetch` signature, injected so that core never reaches for a global. */
export type FetchFunction = (input: Request) => Promise<Response>;

/** Returns the current time. Injected so that tests can pin it. */
export type Clock = () => Date;

/** A structured log event. Adapters log; core only returns warnings as data. */
export interface LogEvent {
  event: string;
  [field: string]: unknown;
}

/** Where adapters send structured log events. */
export interface Logger {
  info(event: LogEvent): void;
  warn(event: LogEvent): void;
  error(event: LogEvent): void;
}
