/**
 * Applies the fault rules to Graph and Entra ID requests: added latency first, then a status,
 * or a dropped connection. Errors take the shape of the side that was called.
 *
 * @module
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { EmulatorEnv } from '../context.js';
import { failure, oauthError } from '../entra/oauth-errors.js';
import { graphError } from '../graph/errors.js';
import type { FaultAction } from './rules.js';

type StatusFault = Extract<FaultAction, { kind: 'status' }>;

const graphCodes: Record<number, [string, string]> = {
  429: ['TooManyRequests', 'Please retry again later.'],
  500: ['generalException', 'An unspecified error has occurred.'],
  502: ['BadGateway', 'Bad gateway.'],
  503: ['serviceNotAvailable', 'Service Unavailable'],
  504: ['GatewayTimeout', 'Gateway timeout.'],
};

/** Fault injection for one side of the emulator. */
export function injectFaults(side: 'graph' | 'login'): MiddlewareHandler<EmulatorEnv> {
  return async (c, next) => {
    const site = c.get('site');
    const cloud = side === 'graph' ? site.graph?.cloud.name : site.login?.clouds[0]?.name;
    const decision = c.get('state').faults.decide({
      method: c.req.method,
      path: cloudRelativePath(c),
      cloud: cloud ?? 'global',
    });
    if (decision.latencyMs > 0) await delay(decision.latencyMs);
    const action = decision.action;
    if (!action) return next();
    if (action.kind === 'drop') return drop(c);
    if (action.retryAfterSeconds !== undefined || action.status === 429) {
      c.header('Retry-After', String(action.retryAfterSeconds ?? 1));
    }
    return side === 'graph' ? graphFault(c, action) : loginFault(c, action);
  };
}

/** The request path below its cloud's base URL (without the `/clouds/{name}` prefix). */
export function cloudRelativePath(c: Context<EmulatorEnv>): string {
  const cloud = c.req.param('cloud');
  const path = c.req.path;
  return cloud === undefined ? path : path.slice(`/clouds/${cloud}`.length) || '/';
}

function graphFault(c: Context<EmulatorEnv>, action: StatusFault): Response {
  const [code, message] = graphCodes[action.status] ?? ['generalException', 'Fault injected.'];
  // The documented throttling sample nests the status again inside innerError.
  const inner: Record<string, string> =
    action.status === 429 ? { code: '429', message: 'Please retry after', status: '429' } : {};
  return graphError(c, action.status, code, message, inner);
}

function loginFault(c: Context<EmulatorEnv>, action: StatusFault): Response {
  const description = 'A transient error has occurred. Please try again.';
  return oauthError(c, failure(action.status, 'temporarily_unavailable', 90033, description));
}

// Destroying the socket makes the client see a reset connection, as with a network fault.
function drop(c: Context<EmulatorEnv>): Response {
  const socket = c.env?.incoming?.socket;
  if (!socket) throw new Error('a dropped connection needs the Node server');
  socket.destroy();
  return new Response(null, { status: 500 });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
