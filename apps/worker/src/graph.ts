/**
 * The Graph client and token source that the worker's settings describe.
 *
 * @module
 */
import { createGraphClient, type GraphClient, type RetryOptions } from '@lifeline/core';
import type { WorkerSettings } from './settings.js';
import { createClientCredentialsTokenSource } from './token-source.js';

/**
 * A Graph client for the configured app and cloud. Queue consumers pass `{ maxAttempts: 1 }`, so
 * that a throttled call goes back to the queue with Graph's `Retry-After` instead of holding the
 * consumer while it waits.
 */
export function graphClientFor(
  settings: WorkerSettings,
  retry?: Partial<RetryOptions>,
): GraphClient {
  const tokenSource = createClientCredentialsTokenSource({
    tenantId: settings.tenantId,
    clientId: settings.clientId,
    credential: settings.credential,
    loginUrl: settings.cloud.loginUrl,
  });
  return createGraphClient({ tokenSource, cloud: settings.cloud, ...(retry && { retry }) });
}
