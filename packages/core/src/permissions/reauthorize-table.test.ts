// The drift test: Lifeline's reauthorize table against a copy of the page it comes from,
// `api-reference/v1.0/api/subscription-reauthorize.md`
// (microsoftgraph/microsoft-graph-docs-contrib),
// kept in test/fixtures. Every row, every cell and their order must agree.
import { describe, expect, it } from 'vitest';
import page from '../../test/fixtures/subscription-reauthorize.v1.0.txt?raw';
import { type PageRow, readPermissionTable } from '../../test/permissions-page.js';
import { reauthorizeTableAsWritten } from './reauthorize-table.js';
import { reauthorizePermissionRules } from './rules.js';
import { type PermissionType, permissionTypes } from './types.js';

const pageRows = readPermissionTable(page);

// The page's own reading of a row's first cell: a type, a path (some in parentheses) and a
// description on three lines, or one line with an optional "(path)" or "(deprecated)".
function pageLabel({ lines }: PageRow) {
  if (lines.length === 3) {
    const path = lines[1]?.replace(/^\((.*)\)$/, '$1');
    return { resourceType: lines[0], path, description: lines[2], deprecated: false };
  }
  const [label = ''] = lines;
  const withPath = /^(\S+) \((\/.*)\)$/.exec(label);
  if (withPath) {
    return {
      resourceType: withPath[1],
      path: withPath[2],
      description: undefined,
      deprecated: false,
    };
  }
  const deprecated = label.endsWith(' (deprecated)');
  const resourceType = deprecated ? label.replace(' (deprecated)', '') : label;
  return { resourceType, path: undefined, description: undefined, deprecated };
}

describe('the reauthorize permission table', () => {
  it('has the 51 rows of the page', () => {
    expect(pageRows).toHaveLength(51);
    expect(reauthorizeTableAsWritten).toHaveLength(51);
    expect(reauthorizePermissionRules).toHaveLength(51);
  });

  it('matches the page row by row and cell by cell, as written', () => {
    const data = reauthorizeTableAsWritten.map(([lines, cells]) => ({
      lines: [...lines],
      cells: [...cells],
    }));
    expect(data).toEqual(pageRows);
  });

  it('types every row as the page reads: label, path, description, deprecated', () => {
    const typed = reauthorizePermissionRules.map(
      ({ resourceType, path, description, deprecated }) => ({
        resourceType,
        path,
        description,
        deprecated,
      }),
    );
    expect(typed).toEqual(pageRows.map(pageLabel));
    expect(reauthorizePermissionRules.map(({ row }) => row)).toEqual(pageRows.map((_, i) => i + 1));
  });

  it('types every cell as the page writes it, order and * marks included', () => {
    reauthorizePermissionRules.forEach((rule, index) => {
      permissionTypes.forEach((type: PermissionType, column) => {
        const written = pageRows[index]?.cells[column] ?? '';
        const cell = rule.permissions[type];
        expect(cell.written).toBe(written);
        const names = cell.supported
          ? cell.permissions.map((p) => (p.resourceSpecificConsent ? `${p.name}*` : p.name))
          : [];
        expect(names).toEqual(written.startsWith('Not supported') ? [] : written.split(', '));
      });
    });
  });

  it('keeps the page inconsistencies: bare "Not supported" and the stray period', () => {
    const bare = reauthorizePermissionRules.flatMap((rule) =>
      permissionTypes
        .filter((type) => rule.permissions[type].written === 'Not supported')
        .map((type) => `${rule.row}:${type}`),
    );
    expect(bare).toEqual([
      '15:delegatedWork',
      '15:delegatedPersonal',
      '22:delegatedWork',
      '22:delegatedPersonal',
      '40:delegatedWork',
      '40:delegatedPersonal',
    ]);
    expect(reauthorizePermissionRules[19]?.path).toBe('/chats/getAllMessages.');
  });

  it('marks exactly the documented resource-specific consent permissions', () => {
    const marked = new Set(
      reauthorizePermissionRules
        .flatMap((rule) =>
          permissionTypes.flatMap((type) => {
            const cell = rule.permissions[type];
            return cell.supported ? cell.permissions.filter((p) => p.resourceSpecificConsent) : [];
          }),
        )
        .map(({ name }) => name),
    );
    expect([...marked].sort()).toEqual([
      'ChannelMessage.Read.Group',
      'Chat.Manage.Chat',
      'ChatMember.Read.Chat',
      'ChatSettings.Read.Chat',
      'ChatSettings.ReadWrite.Chat',
    ]);
  });

  it('gives each rule a unique id', () => {
    const ids = reauthorizePermissionRules.map(({ id }) => id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
