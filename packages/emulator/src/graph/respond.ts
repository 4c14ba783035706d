/**
 * Small helpers shared by the subscription handlers: reading JSON bodies and writing OData
 * responses.
 *
 * @module
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { EmulatorEnv } from '../context.js';
import type { BodyProblem } from './body.js';
import { graphError } from './errors.js';

/** The content type Graph gives its JSON responses. */
export const odataJson = [
  'application/json',
  'odata.metadata=minimal',
  'odata.streaming=true',
  'IEEE754Compatible=false',
  'charset=utf-8',
].join(';');

/** Answers with an OData JSON body. */
export function odata(c: Context<EmulatorEnv>, body: unknown, status: ContentfulStatusCode = 200) {
  return c.body(JSON.stringify(body), status, { 'Content-Type': odataJson });
}

/** The parsed JSON body, or undefined when it is missing or not JSON. */
export async function readJson(c: Context<EmulatorEnv>): Promise<unknown> {
  try {
    return JSON.parse(await c.req.text());
  } catch {
    return undefined;
  }
}

/** Answers with a rejected body's error. */
export function bodyProblem(c: Context<EmulatorEnv>, problem: BodyProblem): Response {
  return graphError(c, problem.status, problem.code, problem.message);
}
