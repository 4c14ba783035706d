// Reads the permission table out of the text of Graph's "subscription: reauthorize" page
// (fixtures/subscription-reauthorize.v1.0.txt), independently of the library's own cell parser,
// so that the drift test compares the library's data with what the page says.

/** One row of the page's table. */
export interface PageRow {
  /** The lines of the "Supported resource" cell as printed. */
  lines: string[];
  /** The three permission cells, as printed. */
  cells: [string, string, string];
}

const headerLine =
  'Supported resource Delegated (work or school account) Delegated (personal Microsoft account) Application';
const permission = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)+\*?$/;

/** The table's rows in page order. Throws when the page has no such table (a test fails). */
export function readPermissionTable(page: string): PageRow[] {
  const lines = page.split(/\r?\n/).map((line) => line.trim());
  const start = lines.indexOf(headerLine);
  const end = lines.findIndex((line, index) => index > start && line.startsWith('[!INCLUDE'));
  if (start < 0 || end < 0) throw new Error('the page has no permission table');

  const rows: PageRow[] = [];
  let pending: string[] = [];
  for (const line of lines.slice(start + 1, end).filter(Boolean)) {
    const split = splitCells(line);
    if (!split) {
      pending.push(line);
      continue;
    }
    rows.push({ lines: split.label ? [...pending, split.label] : pending, cells: split.cells });
    pending = [];
  }
  if (pending.length > 0) throw new Error(`lines without cells: ${pending.join(' | ')}`);
  return rows;
}

// A printed row ends with its three cells, separated by single spaces: each is "Not supported"
// (with or without a period) or a ", "-separated list of permission names. Read from the right.
function splitCells(line: string): { label: string; cells: [string, string, string] } | undefined {
  const words = line.split(' ');
  const cells: string[] = [];
  let end = words.length;
  while (cells.length < 3) {
    const cell = lastCell(words, end);
    if (cell === undefined) return undefined;
    cells.unshift(words.slice(cell, end).join(' '));
    end = cell;
  }
  return { label: words.slice(0, end).join(' '), cells: cells as [string, string, string] };
}

function lastCell(words: string[], end: number): number | undefined {
  const last = words[end - 1];
  if (last === undefined) return undefined;
  if ((last === 'supported' || last === 'supported.') && words[end - 2] === 'Not') return end - 2;
  if (!permission.test(last)) return undefined;

  let start = end - 1;
  while (
    start > 0 &&
    /,$/.test(words[start - 1] ?? '') &&
    permission.test(words[start - 1]?.slice(0, -1) ?? '')
  ) {
    start -= 1;
  }
  return start;
}
