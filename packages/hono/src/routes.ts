/**
 * The lifecycle endpoint as Hono routes: this file wires Hono to core. Core parses, checks and
 * decides; the routes translate requests and schedule the work.
 * See https://learn.microsoft.com/graph/change-notifications-lifecycle-events
 *
 * @module
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { logTaskFailure } from './log.js';
import { answerHandshake, limitBody, requireJson } from './middleware.js';
import { acceptNotifications } from './notifications.js';
import { normaliseRoutesOptions } from './options.js';
import { createScheduler } from './scheduler.js';
import { statusResponse } from './status.js';
import type { LifecycleRoutesOptions } from './types.js';
import { type ProcessLifecycleWorkResult, runLifecycleWork } from './work.js';

/** What the routes add to a Hono app. */
export interface LifecycleRoutesControls {
  /**
   * Resolves once all work started after a response (and the change-notification hook) has
   * settled. A Node process awaits it on shutdown, after the server stopped accepting requests.
   */
  drain(): Promise<void>;
  /**
   * Acts on queued {@link LifecycleWork} with these routes' Graph client, ledger, policy, hooks
   * and logger: the consumer side of `enqueue`. See `processLifecycleWork`.
   */
  process(work: unknown): Promise<ProcessLifecycleWorkResult>;
}

/** A Hono app to mount, with {@link LifecycleRoutesControls}. */
export type LifecycleRoutes = Hono & LifecycleRoutesControls;

/**
 * Creates the lifecycle endpoint, to mount at any path:
 * `app.route('/graph/lifecycle', lifecycleRoutes({ graph, clientState }))`.
 *
 * - `POST ?validationToken=…`: the handshake, answered first and without any other check.
 * - `POST` with a notification collection: `415` unless JSON, `413` over `bodyLimit`, `400` for
 *   a body that is not a collection, otherwise `202`, also for rejected (forged) notifications.
 *   The work runs after the response (`waitUntil` where the runtime offers it, else tracked
 *   in-process), or, with `enqueue`, is screened and queued before the `202`.
 * - `GET /status`, with `statusRoute: true`: the ledger's entries.
 *
 * The caller's options are never changed.
 *
 * @throws {InvalidInputError} for invalid options: see `LifecycleRoutesOptions`.
 */
export function lifecycleRoutes(options: LifecycleRoutesOptions): LifecycleRoutes {
  const settings = normaliseRoutesOptions(options);
  const scheduler = createScheduler(settings.logger);
  const routes = new Hono();

  routes.post('/', answerHandshake(settings), requireJson(settings), limitBody(settings), (c) =>
    acceptNotifications(c, settings, scheduler),
  );
  if (settings.statusRoute) {
    routes.get('/status', (c) => statusResponse(c, settings.handle.ledger));
  }
  routes.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse();
    logTaskFailure(settings.logger, 'request', error);
    return c.text('Internal Server Error', 500);
  });

  const controls: LifecycleRoutesControls = {
    drain: () => scheduler.drain(),
    process: (work) => runLifecycleWork(work, settings.act, settings.logger),
  };
  return Object.assign(routes, controls);
}
