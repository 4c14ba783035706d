/**
 * The Hono environment shared by the emulator's routes: what the Node adapter binds and what
 * middlewares hand to handlers.
 *
 * @module
 */
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { RequestSite } from './clouds.js';
import type { Caller } from './entra/verify-access-token.js';
import type { EmulatorState } from './state.js';

/** Values set by middlewares for the handlers after them. */
export interface EmulatorVariables {
  state: EmulatorState;
  /** Which cloud, and which side (Graph, Entra ID) of it, the request reached. */
  site: RequestSite;
  /** The emulator's own origin, e.g. `http://127.0.0.1:4000`. */
  origin: string;
  requestId: string;
  clientRequestId: string;
  /** The verified caller of a Graph request. */
  caller: Caller;
  /** The Graph error code answered, for the call records. */
  errorCode: string;
  /** The subscription a Graph request concerned, for the call records. */
  subscriptionId: string;
}

/** The Hono environment of every emulator route. */
export interface EmulatorEnv {
  /** Present when served by `@hono/node-server`; absent for in-process `app.request`. */
  Bindings: { incoming?: IncomingMessage };
  Variables: EmulatorVariables;
}

/** The emulator clock's time, for the request being handled. */
export function emulatorNow(c: Context<EmulatorEnv>): Date {
  return c.get('state').clock.now();
}
