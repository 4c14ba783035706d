/**
 * Turns the text of a permission-table cell or row label, as Graph's documentation writes it,
 * into typed data. Used both to build Lifeline's tables and to check them against the page.
 *
 * @module
 */
import type { Permission, PermissionCell } from './types.js';

const permissionName = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)+\*?$/;

/**
 * Parses one cell, e.g. `Not supported.` or `ChatMember.Read.Chat*, Chat.Read.All`.
 * Returns undefined for text that is neither (parsers of outside text never throw).
 */
export function parseCell(text: string): PermissionCell | undefined {
  if (text === 'Not supported' || text === 'Not supported.') {
    return { supported: false, written: text };
  }
  const names = text.split(', ');
  if (!names.every((name) => permissionName.test(name))) return undefined;

  return { supported: true, written: text, permissions: names.map(toPermission) };
}

function toPermission(written: string): Permission {
  const resourceSpecificConsent = written.endsWith('*');
  const name = resourceSpecificConsent ? written.slice(0, -1) : written;
  return { name, resourceSpecificConsent };
}

/** The parts of a row label: the resource type, a path in parentheses, `(deprecated)`. */
export interface RowLabel {
  resourceType: string;
  path: string | undefined;
  deprecated: boolean;
}

/**
 * Splits a row's first line. The table writes some paths in parentheses, either on their own
 * line (`(/teams/{id}/schedule/shifts)`) or after the type
 * (`conversationMember (/teams/getAllChannels/getAllMembers)`), and marks one row
 * `baseTask (deprecated)`. Other parentheses belong to the label
 * (`driveItem (user's personal OneDrive)`).
 */
export function parseRowLabel(text: string): RowLabel {
  const withPath = /^(\S+) \((\/[^)]*)\)$/.exec(text);
  if (withPath?.[1] && withPath[2]) {
    return { resourceType: withPath[1], path: withPath[2], deprecated: false };
  }
  if (text.endsWith(' (deprecated)')) {
    return {
      resourceType: text.slice(0, -' (deprecated)'.length),
      path: undefined,
      deprecated: true,
    };
  }
  return { resourceType: text, path: undefined, deprecated: false };
}

/** Removes the parentheses that the table puts around some scenario paths. */
export function unwrapPath(text: string): string {
  return text.startsWith('(') && text.endsWith(')') ? text.slice(1, -1) : text;
}
