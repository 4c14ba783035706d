/**
 * Finds the known resource paths closest to one that matched nothing, for error messages.
 *
 * @module
 */
import { isPlaceholder } from './trie.js';

const maxSuggestions = 3;
const nearMiss = 0.4;

/**
 * The templates closest to the given segments, best first (ties keep the templates' order).
 * Distance is an edit distance over segments: inserting or deleting a segment costs 1, a
 * placeholder matches any segment for free, two names that differ by a typo cost their character
 * edit distance relative to the longer one (`mesages` is close to `messages`), and two unrelated
 * names cost 1.5.
 */
export function closestTemplates(
  segments: readonly string[],
  templates: readonly string[],
): string[] {
  const scored = templates.map((template, order) => ({
    template,
    order,
    distance: segmentDistance(segments, template.split('/')),
  }));
  scored.sort((a, b) => a.distance - b.distance || a.order - b.order);
  return scored.slice(0, maxSuggestions).map(({ template }) => template);
}

function segmentDistance(input: readonly string[], template: readonly string[]): number {
  let previous = Array.from({ length: template.length + 1 }, (_, index) => index);
  for (let i = 1; i <= input.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= template.length; j += 1) {
      const substitute = (previous[j - 1] ?? 0) + segmentCost(input[i - 1], template[j - 1]);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitute));
    }
    previous = current;
  }
  return previous[template.length] ?? 0;
}

function segmentCost(input = '', template = ''): number {
  if (isPlaceholder(template)) return 0;
  const a = input.toLowerCase();
  const b = template.toLowerCase();
  if (a === b) return 0;

  // A near miss (a typo) is cheaper than dropping the segment; unrelated names are dearer, so
  // that `me/drive` suggests `users/{id}/drive/root` before `users/{id}/events`.
  const ratio = characterDistance(a, b) / Math.max(a.length, b.length);
  return ratio <= nearMiss ? ratio : 1.5;
}

function characterDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitute = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitute));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
