/**
 * The fetch handler: `@lifeline/hono`'s lifecycle routes at the configured path, with a durable
 * ledger and a queue as their `enqueue`, so that a challenge is answered `202` only once it is
 * safely queued.
 *
 * @module
 */
import { type LifecycleRoutesOptions, lifecycleRoutes } from '@lifeline/hono';
import { Hono } from 'hono';
import { createDurableLedger } from './durable-ledger.js';
import type { WorkerEnv } from './env.js';
import { graphClientFor } from './graph.js';
import { consoleLogger } from './logger.js';
import { readSettings, type WorkerSettings } from './settings.js';
import { workerValidationKeys } from './validation-keys.js';
import { enqueueLifecycleWork } from './work-queue.js';

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Answers a request. A worker that is not configured answers `503`, so that Graph retries its
 * notifications while the operator fixes the settings named in the log.
 */
export async function handleFetch(
  request: Request,
  env: WorkerEnv,
  ctx: ExecutionContext,
): Promise<Response> {
  const settings = readSettings(env);
  if (!settings.ok) {
    consoleLogger.error({ event: 'lifeline.config.invalid', problems: settings.problems });
    return new Response('Service Unavailable: the worker is not configured', { status: 503 });
  }
  // Built per request: the routes hold this request's bindings, and nothing pending is shared.
  const app = new Hono<{ Bindings: WorkerEnv }>();
  app.route(settings.value.lifecyclePath, lifecycleRoutes(routesOptions(settings.value, env)));
  return app.fetch(request, env, ctx);
}

function routesOptions(settings: WorkerSettings, env: WorkerEnv): LifecycleRoutesOptions {
  return {
    graph: graphClientFor(settings),
    clientState: settings.clientState,
    appIds: settings.appIds,
    // A tenant named by GUID is the only one whose validation tokens are accepted.
    tenantIds: guid.test(settings.tenantId) ? [settings.tenantId] : undefined,
    cloud: settings.cloud,
    keys: workerValidationKeys({ cloud: settings.cloud }),
    requireValidationTokens: settings.requireValidationTokens,
    policy: { renewWithinMs: settings.renewWithinMs },
    ledger: createDurableLedger(env.LEDGER),
    enqueue: (work) => enqueueLifecycleWork(env.LIFECYCLE_QUEUE, work),
    logger: consoleLogger,
  };
}
