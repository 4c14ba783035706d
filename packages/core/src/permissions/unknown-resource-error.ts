import { LifelineError, type LifelineErrorOptions } from '../errors.js';

/**
 * A subscription `resource` that matches no row of Graph's subscription permission tables: a
 * typo, a resource that does not support change notifications, or a path Lifeline does not know.
 * Returned (not thrown) by {@link resolveSubscriptionResource}, with the closest known paths.
 */
export class UnknownResourceError extends LifelineError {
  /** The resource string as given. */
  readonly resource: string;
  /** The closest known resource path templates, best first. */
  readonly suggestions: readonly string[];

  constructor(
    resource: string,
    reason: string,
    suggestions: readonly string[],
    options: LifelineErrorOptions = {},
  ) {
    const hint = suggestions.length > 0 ? `; closest known: ${suggestions.join(', ')}` : '';
    super('ERR_UNKNOWN_RESOURCE', `${reason}${hint}`, options);
    this.resource = resource;
    this.suggestions = suggestions;
  }
}
