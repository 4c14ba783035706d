/**
 * The vocabulary of Graph's subscription permission tables: permission types, operations, cells
 * and rules.
 *
 * See https://learn.microsoft.com/graph/api/subscription-reauthorize#permissions
 *
 * @module
 */

/**
 * One of the three columns of a Graph permission table: delegated for a work or school account,
 * delegated for a personal Microsoft account, and application (app-only).
 */
export type PermissionType = 'delegatedWork' | 'delegatedPersonal' | 'application';

/** The permission types in the order Graph's tables show their columns. */
export const permissionTypes: readonly PermissionType[] = [
  'delegatedWork',
  'delegatedPersonal',
  'application',
];

/**
 * The subscription operations whose permission tables Lifeline knows. Graph documents a separate
 * table per operation and they differ: `reauthorize` is `POST /subscriptions/{id}/reauthorize`,
 * `create` is `POST /subscriptions`, `update` is `PATCH /subscriptions/{id}` (renew),
 * `delete` is `DELETE /subscriptions/{id}` and `list` is `GET /subscriptions`.
 */
export type SubscriptionOperation = 'reauthorize' | 'create' | 'update' | 'delete' | 'list';

/** The operations in a stable order: reauthorize first, as the table Lifeline is built from. */
export const subscriptionOperations: readonly SubscriptionOperation[] = [
  'reauthorize',
  'create',
  'update',
  'delete',
  'list',
];

/** One permission named in a table cell. */
export interface Permission {
  /** The permission's name as Graph writes it, without the `*` mark, e.g. `Chat.Manage.Chat`. */
  readonly name: string;
  /**
   * Whether the table marks it with `*`: a resource-specific consent (RSC) permission, granted
   * per chat or team by installing the app there rather than by tenant-wide consent.
   * See https://learn.microsoft.com/microsoftteams/platform/graph-api/rsc/resource-specific-consent
   */
  readonly resourceSpecificConsent: boolean;
}

/**
 * A table cell. Either the permission type is not supported (Graph writes both `Not supported`
 * and `Not supported.`; `written` keeps which), or it lists the permissions that are accepted,
 * least privileged first. Any one of them is enough.
 */
export type PermissionCell =
  | {
      readonly supported: false;
      /** The cell's text exactly as the documentation writes it. */
      readonly written: 'Not supported' | 'Not supported.';
    }
  | {
      readonly supported: true;
      /** The cell's text exactly as the documentation writes it, `*` marks included. */
      readonly written: string;
      /** The accepted permissions in documented order (least privileged first). */
      readonly permissions: readonly Permission[];
    };

/**
 * One row of a permission table: a subscribable resource (with, for resources that have several
 * scenarios, the path that tells them apart) and the cell for each permission type.
 */
export interface PermissionRule {
  /**
   * A stable key for the row: the resource type label, then the scenario path when there is one,
   * e.g. `chatMessage /chats/{id}/messages` or `message`.
   */
  readonly id: string;
  /** The 1-based position of the row in its table. */
  readonly row: number;
  /**
   * The resource type as the table labels it, e.g. `message`, `online meeting`,
   * `driveItem (user's personal OneDrive)`. A trailing `(deprecated)` is moved to `deprecated`.
   */
  readonly resourceType: string;
  /** The scenario path exactly as written (parentheses around it removed), or undefined. */
  readonly path: string | undefined;
  /** The scenario description as written, or undefined when the row has none. */
  readonly description: string | undefined;
  /** Whether the row is marked `(deprecated)`. */
  readonly deprecated: boolean;
  /** The cell of each permission type. */
  readonly permissions: Readonly<Record<PermissionType, PermissionCell>>;
}
