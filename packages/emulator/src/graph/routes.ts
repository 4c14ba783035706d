/**
 * The Graph routes of one cloud: the subscription API under `/v1.0` and `/beta`.
 *
 * @module
 */
import type { Context, Hono } from 'hono';
import type { EmulatorEnv } from '../context.js';
import { injectFaults } from '../faults/middleware.js';
import { createSubscription } from './create.js';
import { graphError } from './errors.js';
import { listSubscriptions } from './list.js';
import { authenticate, graphResponseHeaders, recordCall, throttle } from './middleware.js';
import {
  deleteSubscription,
  getSubscription,
  reauthorizeSubscription,
  renewSubscription,
} from './operations.js';

const version = '/:version{v1\\.0|beta}';
const collection = `${version}/subscriptions`;
const item = `${collection}/:id`;

/** Adds the Graph routes to a cloud's app. */
export function registerGraphRoutes(app: Hono<EmulatorEnv>): void {
  const faults = injectFaults('graph');
  app.use(`${version}/*`, graphResponseHeaders);
  app.post(
    collection,
    recordCall('create'),
    faults,
    authenticate,
    throttle('write'),
    createSubscription,
  );
  app.get(
    collection,
    recordCall('list'),
    faults,
    authenticate,
    throttle('list'),
    listSubscriptions,
  );
  app.get(item, recordCall('get'), faults, authenticate, throttle('get'), getSubscription);
  app.patch(item, recordCall('renew'), faults, authenticate, throttle('write'), renewSubscription);
  app.delete(
    item,
    recordCall('delete'),
    faults,
    authenticate,
    throttle('write'),
    deleteSubscription,
  );
  app.post(
    `${item}/reauthorize`,
    recordCall('reauthorize'),
    faults,
    authenticate,
    throttle('reauthorize'),
    reauthorizeSubscription,
  );
  app.all(`${version}/*`, unknownSegment);
}

// What Graph answers for a path it does not serve.
function unknownSegment(c: Context<EmulatorEnv>): Response {
  const segments = c.req.path.split('/').filter(Boolean);
  const index = segments.findIndex((segment) => /^(v1\.0|beta)$/.test(segment));
  const segment = segments[index + 1] ?? '';
  const known = segment === 'subscriptions';
  const message = known
    ? `The request method '${c.req.method}' is not supported for this resource.`
    : `Resource not found for the segment '${segment}'.`;
  return graphError(c, known ? 405 : 400, 'BadRequest', message);
}
