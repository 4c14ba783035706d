/**
 * A segment trie over resource path templates: matching a resource costs one map lookup per
 * segment, whatever the number of rules.
 *
 * @module
 */
import type { PermissionRule } from './types.js';

/** One template and the rule it leads to. */
export interface TemplateEntry {
  readonly template: string;
  readonly rule: PermissionRule;
}

/** A node of the trie. Literal children are keyed in lower case; `{…}` segments share one. */
export interface TrieNode {
  readonly literals: Map<string, TrieNode>;
  wildcard: TrieNode | undefined;
  /**
   * The rules whose template ends here, in table order, and the first template that did. Shared
   * with every result that matches here, so frozen once the trie is built.
   */
  rules: readonly PermissionRule[];
  template: string | undefined;
}

function createNode(): TrieNode {
  return { literals: new Map(), wildcard: undefined, rules: [], template: undefined };
}

/** True for a template segment that stands for any one segment, such as `{id}`. */
export function isPlaceholder(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}');
}

/** Builds the trie. Entries must come in table order; that order is kept at every node. */
export function compileTrie(entries: readonly TemplateEntry[]): TrieNode {
  const root = createNode();
  for (const { template, rule } of entries) {
    let node = root;
    for (const segment of template.split('/')) node = childFor(node, segment);
    if (!node.rules.includes(rule)) node.rules = [...node.rules, rule];
    node.template ??= template;
  }
  freezeRules(root);
  return root;
}

function freezeRules(node: TrieNode): void {
  Object.freeze(node.rules);
  for (const child of node.literals.values()) freezeRules(child);
  if (node.wildcard) freezeRules(node.wildcard);
}

function childFor(node: TrieNode, segment: string): TrieNode {
  if (isPlaceholder(segment)) {
    node.wildcard ??= createNode();
    return node.wildcard;
  }
  const key = segment.toLowerCase();
  let child = node.literals.get(key);
  if (!child) {
    child = createNode();
    node.literals.set(key, child);
  }
  return child;
}

/**
 * Walks the trie. A segment that names a literal child follows it and only it: the names Graph
 * reserves (`getAllMessages`, `channels`, …) are never taken as ids, so `chats/getAllMessages`
 * never falls back to `chats/{id}`. Segment names compare without regard to case.
 */
export function matchTrie(root: TrieNode, segments: readonly string[]): TrieNode | undefined {
  let node: TrieNode | undefined = root;
  for (const segment of segments) {
    node = node.literals.get(segment.toLowerCase()) ?? node.wildcard;
    if (!node) return undefined;
  }
  return node.rules.length > 0 ? node : undefined;
}
