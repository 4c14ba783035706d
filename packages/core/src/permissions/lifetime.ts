/**
 * How long a subscription to each resource may live before it must be renewed.
 *
 * Source: the "Maximum length of subscription per resource type" table of
 * `api-reference/v1.0/resources/subscription.md` in microsoftgraph/microsoft-graph-docs-contrib,
 * https://learn.microsoft.com/graph/api/resources/subscription#subscription-lifetime
 *
 * @module
 */
import { resolveSubscriptionResource } from './resolve.js';
import type { PermissionRule } from './types.js';

/** The maximum lifetime of subscriptions to one resource type, in minutes. */
export interface SubscriptionLifetime {
  /** The maximum the documentation states. */
  readonly documented: number;
  /**
   * The maximum the service enforces, where it is known to be lower than documented. Outlook
   * documents 10,080 minutes but answers `Subscription expiration can only be 10070 minutes in
   * the future.` above 10,070.
   */
  readonly enforced?: number;
  /** The maximum when `includeResourceData` is true, where the documentation states one. */
  readonly withResourceData?: number;
}

const threeDays = { documented: 4320 };
const underThreeDays = { documented: 4230 };
const sixHours = { documented: 360 };
const outlook = { documented: 10_080, enforced: 10_070, withResourceData: 1440 };
const underThirtyDays = { documented: 42_300 };
const directory = { documented: 41_760 };

/**
 * Maximum lifetimes keyed by the permission tables' resource type labels. The documented table
 * names Teams onlineMeeting twice (4,320 and 4,230 minutes); the lower is kept, since renewing
 * past it could fail. Virtual events are not in that table; their own page gives one day
 * (https://learn.microsoft.com/graph/changenotifications-for-virtualevent).
 */
export const subscriptionLifetimes: Readonly<Record<string, SubscriptionLifetime>> = {
  aiInteraction: threeDays,
  baseTask: underThreeDays,
  callRecord: underThreeDays,
  callRecording: threeDays,
  callTranscript: threeDays,
  channel: threeDays,
  chat: threeDays,
  chatMessage: threeDays,
  contact: outlook,
  conversationMember: threeDays,
  "driveItem (user's personal OneDrive)": underThirtyDays,
  'driveItem (OneDrive for Business)': underThirtyDays,
  event: outlook,
  group: directory,
  'group conversation': underThreeDays,
  list: underThirtyDays,
  message: outlook,
  offerShiftRequest: sixHours,
  openShiftChangeRequest: sixHours,
  'online meeting': underThreeDays,
  presence: { documented: 60 },
  printer: underThreeDays,
  printTaskDefinition: underThreeDays,
  'security alert': { documented: 43_200 },
  shift: sixHours,
  swapShiftsChangeRequest: sixHours,
  team: threeDays,
  timeOffRequest: sixHours,
  todoTask: underThreeDays,
  user: directory,
  virtualEventWebinar: { documented: 1440 },
  virtualEventTownhall: { documented: 1440 },
};

/** Options of {@link maxSubscriptionLifetime}. */
export interface MaxSubscriptionLifetimeOptions {
  /** Whether the subscription includes resource data (rich notifications). Default false. */
  includeResourceData?: boolean;
  /**
   * `enforced` (default) gives the longest lifetime the service accepts, which is what a renewal
   * should ask for; `documented` gives the documentation's figure.
   */
  limit?: 'enforced' | 'documented';
}

/**
 * The longest lifetime, in minutes, that a subscription to `resource` may be created or renewed
 * with. By default this is the limit the service enforces: 10,070 minutes for Outlook messages,
 * events and contacts, 10 minutes under the documented 10,080, because the service rejects
 * anything longer; pass `limit: 'documented'` for the documented figure. With resource data,
 * Outlook allows 1,440 minutes.
 *
 * `resource` is a resource string (resolved as by {@link resolveSubscriptionResource}) or a rule.
 * When several rules match, the shortest lifetime among them is returned. Returns undefined when
 * the resource is unknown; never throws.
 */
export function maxSubscriptionLifetime(
  resource: string | PermissionRule,
  options: MaxSubscriptionLifetimeOptions = {},
): number | undefined {
  const rules = typeof resource === 'string' ? rulesOf(resource) : [resource];
  const minutes = rules.map((rule) => lifetimeOf(rule, options));
  const known = minutes.filter((value): value is number => value !== undefined);
  return known.length > 0 ? Math.min(...known) : undefined;
}

function rulesOf(resource: string): readonly PermissionRule[] {
  const resolved = resolveSubscriptionResource(resource);
  return resolved.ok ? resolved.value.rules : [];
}

function lifetimeOf(
  rule: PermissionRule,
  options: MaxSubscriptionLifetimeOptions,
): number | undefined {
  const lifetime = subscriptionLifetimes[rule.resourceType];
  if (!lifetime) return undefined;
  if (options.includeResourceData && lifetime.withResourceData !== undefined) {
    return lifetime.withResourceData;
  }
  if (options.limit === 'documented') return lifetime.documented;
  return lifetime.enforced ?? lifetime.documented;
}
