/**
 * Reading the form body of Entra ID's endpoints, the client credential it carries (in the body,
 * or as HTTP Basic), and where a client assertion may be addressed.
 *
 * @module
 */
import type { Context } from 'hono';
import type { EmulatorEnv } from '../context.js';
import type { ClientProof } from './client-auth.js';

/** An `application/x-www-form-urlencoded` body as a record; repeated names keep the last. */
export type Form = Record<string, string>;

/** Reads the request's form body. */
export async function readForm(c: Context<EmulatorEnv>): Promise<Form> {
  const text = await c.req.text();
  return Object.fromEntries(new URLSearchParams(text));
}

/** The credential the client sent, from the body or an HTTP Basic `Authorization` header. */
export function proofOf(c: Context<EmulatorEnv>, form: Form): ClientProof {
  const basic = /^Basic\s+(\S+)$/i.exec(c.req.header('Authorization') ?? '')?.[1];
  const fromBasic = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':')[1] : undefined;
  return {
    clientSecret: form.client_secret ?? (fromBasic ? decodeURIComponent(fromBasic) : undefined),
    clientAssertion: form.client_assertion,
    clientAssertionType: form.client_assertion_type,
  };
}

/** Whether the client sent any credential: a confidential client, or a public one with none. */
export function sentCredential(proof: ClientProof): boolean {
  return proof.clientSecret !== undefined || proof.clientAssertion !== undefined;
}

/**
 * The audiences a client assertion may carry: the token endpoint it was sent to (by the tenant
 * segment used and by tenant id, v1 or v2), or the issuer.
 */
export function assertionAudiences(c: Context<EmulatorEnv>, tenantId: string): string[] {
  const base = c.get('site').login?.base ?? c.get('origin');
  const segments = [...new Set([c.req.param('tenant') ?? tenantId, tenantId])];
  return segments.flatMap((segment) => [
    `${base}/${segment}/oauth2/v2.0/token`,
    `${base}/${segment}/oauth2/token`,
    `${base}/${segment}/v2.0`,
  ]);
}
