/**
 * Records every request to the token and device code endpoints, answered or refused (faults
 * included), so that tests can see what a client library sent: the grant type, the client, the
 * scopes, whether `claims` came along and what it demanded. Secrets, assertions, codes and tokens
 * are never read into a record.
 *
 * @module
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { EmulatorEnv } from '../context.js';
import type { TokenRequestRecord } from '../records.js';
import { readClaimsRequest } from './claims-request.js';
import { type Form, proofOf, readForm } from './form.js';

/** A middleware that records the requests to one endpoint after they are answered. */
export function recordTokenRequests(
  endpoint: TokenRequestRecord['endpoint'],
): MiddlewareHandler<EmulatorEnv> {
  return async (c, next) => {
    await next();
    const form = await readForm(c);
    const claims = readClaimsRequest(form.claims);
    const answer = await readAnswer(c.res);
    c.var.state.records.addTokenRequest({
      at: c.var.state.clock.now().toISOString(),
      endpoint,
      cloud: c.get('site').login?.clouds[0]?.name ?? 'global',
      tenant: c.req.param('tenant') ?? '',
      grantType: endpoint === 'token' ? (form.grant_type ?? null) : null,
      clientId: form.client_id ?? null,
      clientAuthentication: authenticationOf(c, form),
      scopes: (form.scope ?? '').split(/\s+/).filter(Boolean),
      claims: form.claims !== undefined,
      clientCapabilities: claims.ok ? claims.value.capabilities : [],
      challengedClaims: claims.ok ? claims.value.challenged : [],
      status: c.res.status,
      ...answer,
    });
  };
}

function authenticationOf(
  c: Context<EmulatorEnv>,
  form: Form,
): TokenRequestRecord['clientAuthentication'] {
  const proof = proofOf(c, form);
  if (proof.clientAssertion !== undefined) return 'assertion';
  return proof.clientSecret !== undefined ? 'secret' : 'none';
}

// Only the error fields are read from the answer; a success body holds tokens.
async function readAnswer(
  response: Response,
): Promise<{ error: string | null; errorCode: number | null }> {
  if (response.ok) return { error: null, errorCode: null };
  try {
    const body = (await response.clone().json()) as { error?: unknown; error_codes?: unknown };
    const code = Array.isArray(body.error_codes) ? body.error_codes[0] : undefined;
    return {
      error: typeof body.error === 'string' ? body.error : null,
      errorCode: typeof code === 'number' ? code : null,
    };
  } catch {
    return { error: null, errorCode: null };
  }
}
