/**
 * `@lifeline/hono`: the Microsoft Graph lifecycle endpoint as Hono routes, for Node, Bun, Deno,
 * Cloudflare Workers and any runtime Hono runs on.
 *
 * @packageDocumentation
 */
export type { LifelineLogEvent, RequestRejectionReason } from './log.js';
export { defaultBodyLimit } from './options.js';
export {
  type LifecycleRoutes,
  type LifecycleRoutesControls,
  lifecycleRoutes,
} from './routes.js';
export type { StatusBody, SubscriptionStatus } from './status.js';
export * from './types.js';
export {
  type ProcessLifecycleWorkOptions,
  type ProcessLifecycleWorkResult,
  processLifecycleWork,
} from './work.js';
