/**
 * The steps every Graph subscription request goes through before its handler: response headers,
 * call recording, authentication and throttling.
 *
 * @module
 */
import type { Context, MiddlewareHandler } from 'hono';
import { type EmulatorEnv, emulatorNow } from '../context.js';
import { verifyGraphToken } from '../entra/verify-access-token.js';
import type { CallOperation, CallRecord } from '../records.js';
import { authenticationError, graphError, throttledError } from './errors.js';
import type { RequestKind } from './throttle.js';

/**
 * Graph's response headers: `request-id`, `client-request-id` (the caller's, else the same as
 * `request-id`), `x-ms-ags-diagnostic` and `Strict-Transport-Security`. Also refuses requests
 * that reached a login-only host.
 */
const diagnostic = {
  DataCenter: 'Emulator',
  Slice: 'E',
  Ring: '5',
  ScaleUnit: '000',
  RoleInstance: 'EMULATOR',
};

export const graphResponseHeaders: MiddlewareHandler<EmulatorEnv> = async (c, next) => {
  if (!c.get('site').graph) return c.json({ error: 'not a Graph host' }, 404);
  await next();
  c.res.headers.set('request-id', c.get('requestId'));
  c.res.headers.set('client-request-id', c.get('clientRequestId'));
  c.res.headers.set('x-ms-ags-diagnostic', JSON.stringify({ ServerInfo: diagnostic }));
  c.res.headers.set('Strict-Transport-Security', 'max-age=31536000');
};

/** Records the call with its outcome once the response is ready. */
export function recordCall(operation: CallOperation): MiddlewareHandler<EmulatorEnv> {
  return async (c, next) => {
    await next();
    const caller = c.var.caller;
    const graph = c.get('site').graph;
    const subscriptionId = c.var.subscriptionId ?? c.req.param('id') ?? null;
    const at = emulatorNow(c);
    const { records } = c.get('state');
    records.addCall({
      at: at.toISOString(),
      operation,
      method: c.req.method,
      path: c.req.path,
      cloud: graph?.cloud.name ?? 'global',
      version: c.req.param('version') ?? 'v1.0',
      subscriptionId,
      appId: caller?.appId ?? null,
      tenantId: caller?.tenantId ?? null,
      status: c.res.status,
      errorCode: c.var.errorCode ?? null,
      requestId: c.get('requestId'),
      clientRequestId: c.get('clientRequestId'),
      warning: c.res.ok ? tenMinuteRule(records.calls, operation, subscriptionId, at) : null,
    });
  };
}

// Graph: don't send a reauthorize and a PATCH for one subscription within 10 minutes.
// See https://learn.microsoft.com/graph/change-notifications-lifecycle-events#responding-to-reauthorizationrequired-notifications
function tenMinuteRule(
  calls: readonly CallRecord[],
  operation: CallOperation,
  subscriptionId: string | null,
  at: Date,
): CallRecord['warning'] {
  const other =
    operation === 'renew' ? 'reauthorize' : operation === 'reauthorize' ? 'renew' : null;
  if (!other || !subscriptionId) return null;
  const since = at.getTime() - 10 * 60_000;
  const clash = calls.some(
    (call) =>
      call.operation === other &&
      call.subscriptionId === subscriptionId &&
      call.status >= 200 &&
      call.status < 300 &&
      Date.parse(call.at) > since,
  );
  return clash ? 'reauthorize-and-renew-within-10-minutes' : null;
}

/** Verifies the bearer token for the cloud the request reached. */
export const authenticate: MiddlewareHandler<EmulatorEnv> = async (c, next) => {
  const graph = c.get('site').graph;
  if (!graph) return graphError(c, 404, 'BadRequest', 'Not a Graph host.');
  const verified = await verifyGraphToken(
    c.get('state'),
    c.req.header('Authorization'),
    graph,
    c.get('origin'),
  );
  if (!verified.ok) return authenticationError(c, verified.failure, authorityOf(c));
  c.set('caller', verified.caller);
  return next();
};

/** Applies the subscription service's limits for one request type. */
export function throttle(kind: RequestKind): MiddlewareHandler<EmulatorEnv> {
  return async (c, next) => {
    const { caller, state } = c.var;
    const subject = {
      cloud: c.get('site').graph?.cloud.name ?? 'global',
      appId: caller.appId,
      tenantId: caller.tenantId,
    };
    const verdict = state.throttle.admit(subject, kind, state.clock.now());
    if (verdict.ok) return next();
    return throttledError(c, kind, 'Emulator', verdict.retryAfterSeconds);
  };
}

// Real Graph points at its cloud's authority; through the emulator's own address, at itself.
function authorityOf(c: Context<EmulatorEnv>): string {
  const graph = c.get('site').graph;
  if (graph && graph.base === graph.cloud.graphUrl) return graph.cloud.loginUrls[0] ?? graph.base;
  return graph?.base ?? c.get('origin');
}
