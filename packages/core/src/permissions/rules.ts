/**
 * The reauthorize permission table as typed {@link PermissionRule}s, built once from the text in
 * `reauthorize-table.ts`.
 *
 * @module
 */
import { parseCell, parseRowLabel, unwrapPath } from './cells.js';
import { reauthorizeTableAsWritten, type WrittenRow } from './reauthorize-table.js';
import type { PermissionCell, PermissionRule } from './types.js';

/** The key of a rule: its resource type label, then its scenario path when it has one. */
export function ruleId(resourceType: string, path: string | undefined): string {
  return path === undefined ? resourceType : `${resourceType} ${path}`;
}

/**
 * Builds a rule from a row as written.
 *
 * @throws {TypeError} when a cell is neither `Not supported(.)` nor a permission list. Only
 *   Lifeline's own table data reaches this, at module load.
 */
export function ruleFromWrittenRow(written: WrittenRow, row: number): PermissionRule {
  const [lines, [work, personal, application]] = written;
  const label =
    lines.length === 1
      ? parseRowLabel(lines[0])
      : { resourceType: lines[0], path: unwrapPath(lines[1]), deprecated: false };
  const description = lines.length === 3 ? lines[2] : undefined;

  return {
    id: ruleId(label.resourceType, label.path),
    row,
    resourceType: label.resourceType,
    path: label.path,
    description,
    deprecated: label.deprecated,
    permissions: {
      delegatedWork: cellOrThrow(work),
      delegatedPersonal: cellOrThrow(personal),
      application: cellOrThrow(application),
    },
  };
}

/**
 * Parses a cell of Lifeline's own table data.
 *
 * @throws {TypeError} when the text is not a cell; a typo in the data must fail loudly.
 */
export function cellOrThrow(text: string): PermissionCell {
  const cell = parseCell(text);
  if (!cell) throw new TypeError(`not a permission table cell: ${text}`);
  return cell;
}

/**
 * The 51 rows of Graph's v1.0 "subscription: reauthorize" permission table, in documented order.
 * Each cell lists the permissions accepted for that permission type, least privileged first, or
 * says the permission type is not supported.
 * See https://learn.microsoft.com/graph/api/subscription-reauthorize#permissions
 */
export const reauthorizePermissionRules: readonly PermissionRule[] = Object.freeze(
  reauthorizeTableAsWritten.map((written, index) => ruleFromWrittenRow(written, index + 1)),
);
