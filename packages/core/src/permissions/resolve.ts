/**
 * Maps a subscription's `resource` string to the permission rule(s) that govern it.
 *
 * @module
 */
import { operationOnlyRules } from './operations.js';
import { splitResourcePath } from './resource-path.js';
import { reauthorizePermissionRules } from './rules.js';
import { closestTemplates } from './suggest.js';
import { templatesFor } from './templates.js';
import { compileTrie, matchTrie, type TemplateEntry } from './trie.js';
import type { PermissionRule } from './types.js';
import { UnknownResourceError } from './unknown-resource-error.js';

/** A resource string matched to its rules. */
export interface ResolvedSubscriptionResource {
  /** The resource string as given. */
  readonly resource: string;
  /** Its path segments after normalising (`me` → `users`, `me`; OData keys unwrapped). */
  readonly segments: readonly string[];
  /** The template that matched, e.g. `users/{id}/mailFolders/{folderId}/messages`. */
  readonly template: string;
  /**
   * The matching rules in table order; more than one when the path alone cannot tell them apart
   * (`me/drive/root` is a personal OneDrive or OneDrive for Business: the permission type picks).
   * Rules come from the reauthorize table, or for virtual events from the create table.
   */
  readonly rules: readonly PermissionRule[];
}

/** The failure of {@link resolveSubscriptionResource}: no rule matches. */
export interface UnknownSubscriptionResource {
  readonly ok: false;
  readonly error: UnknownResourceError;
  /** The closest known path templates, best first (also on `error.suggestions`). */
  readonly suggestions: readonly string[];
}

/** What {@link resolveSubscriptionResource} returns. */
export type ResolveSubscriptionResourceResult =
  | { readonly ok: true; readonly value: ResolvedSubscriptionResource }
  | UnknownSubscriptionResource;

const templateEntries: readonly TemplateEntry[] = [
  ...reauthorizePermissionRules,
  ...operationOnlyRules,
].flatMap((rule) => templatesFor(rule.id, rule.path).map((template) => ({ template, rule })));

const trie = compileTrie(templateEntries);
const knownTemplates = [...new Set(templateEntries.map(({ template }) => template))];

/** Every resource path template Lifeline recognises, in table order, without duplicates. */
export function knownResourceTemplates(): readonly string[] {
  return knownTemplates;
}

/**
 * Every template with the rule it leads to, in table order. A template shared by two rules
 * (`users/{id}/drive/root`) appears once per rule. `{…}` segments stand for any one segment.
 */
export function resourceTemplateEntries(): readonly TemplateEntry[] {
  return templateEntries;
}

/**
 * Finds the permission rule(s) for a subscription `resource` as people write it: with or without
 * a leading or trailing slash, `me/…` or `users/{id}/…`, ids of any shape (GUIDs,
 * `19:…@thread.v2`, user principal names, `{id}` placeholders), OData keys (`groups('id')`,
 * `mailFolders('Inbox')/messages`), any query string (`$filter`, `notifyOnUserSpecificProperties`,
 * `model=A`), segment names in any case, even a full Graph URL.
 *
 * Single OneDrive files and the drive itself (`me/drive`) are not subscribable and do not
 * resolve; `me/drive/items/{id}` resolves to the personal OneDrive rule, since only personal
 * OneDrive accepts folders other than the root (the service rejects a file id there).
 * See https://learn.microsoft.com/graph/change-notifications-overview#supported-resources
 *
 * Never throws: an unknown resource is returned as an {@link UnknownResourceError} with the
 * closest known paths.
 */
export function resolveSubscriptionResource(resource: string): ResolveSubscriptionResourceResult {
  const split = splitResourcePath(resource);
  if (!split.ok) {
    const reason = split.problem === 'empty' ? 'is empty' : 'is not a resource path';
    return unknown(resource, `subscription resource ${quote(resource)} ${reason}`, []);
  }

  const { segments } = split.value;
  const node = matchTrie(trie, segments);
  if (!node?.template) {
    const suggestions = suggestionsFor(segments);
    const reason = `no subscription permission rule matches resource ${quote(resource)}`;
    return unknown(resource, reason, suggestions);
  }
  return {
    ok: true,
    value: { resource, segments, template: node.template, rules: node.rules },
  };
}

function unknown(
  resource: string,
  reason: string,
  suggestions: string[],
): UnknownSubscriptionResource {
  return { ok: false, error: new UnknownResourceError(resource, reason, suggestions), suggestions };
}

// Suggestions are written the way the caller wrote the path: `me/…` stays `me/…`.
function suggestionsFor(segments: readonly string[]): string[] {
  const closest = closestTemplates(segments, knownTemplates);
  const usesMe = segments[0] === 'users' && segments[1] === 'me';
  return usesMe
    ? closest.map((template) => template.replace(/^users\/\{id\}(?=\/|$)/, 'me'))
    : closest;
}

function quote(resource: string): string {
  const shown = resource.length > 200 ? `${resource.slice(0, 200)}…` : resource;
  return JSON.stringify(shown);
}
