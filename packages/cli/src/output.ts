/**
 * Turns results into what the user reads: aligned tables, JSON, and colours only where a
 * terminal shows them and `NO_COLOR` does not forbid them (https://no-color.org).
 *
 * @module
 */
import type { OutputStream } from './io.js';

/** Text styles; each is the identity when colours are off. */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
}

/** Writes a command's results to one stream. */
export interface Output {
  readonly style: Style;
  /** Writes one line. */
  line(text?: string): void;
  /** Writes a value as indented JSON, `undefined` fields as `null` where the caller put them. */
  json(value: unknown): void;
  /** Writes rows under a bold header, each column padded to its widest cell. */
  table(headers: readonly string[], rows: readonly (readonly string[])[]): void;
}

// Colour codes start with ESC (0x1b); built from a string so the pattern holds no raw control
// character.
const esc = String.fromCharCode(27);
const ansiPattern = new RegExp(`${esc}\\[[0-9;]*m`, 'g');

/**
 * Whether to colour a stream: never when `NO_COLOR` is set to anything non-empty or `TERM` is
 * `dumb`; always when `FORCE_COLOR` is set to anything but `0`; otherwise only on a terminal.
 */
export function shouldColour(
  stream: OutputStream,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (env.NO_COLOR || env.TERM === 'dumb') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

/** Text styles that colour when `colour` is true and are the identity otherwise. */
export function createStyle(colour: boolean): Style {
  const paint = (open: number, close: number) => (text: string) =>
    colour ? `${esc}[${open}m${text}${esc}[${close}m` : text;
  return {
    bold: paint(1, 22),
    dim: paint(2, 22),
    green: paint(32, 39),
    red: paint(31, 39),
    yellow: paint(33, 39),
  };
}

/** The width of text as shown, without colour codes. */
export function visibleWidth(text: string): number {
  return text.replace(ansiPattern, '').length;
}

/** Creates the output for one stream. */
export function createOutput(
  stream: OutputStream,
  env: Readonly<Record<string, string | undefined>>,
): Output {
  const style = createStyle(shouldColour(stream, env));
  const line = (text = '') => {
    stream.write(`${text}\n`);
  };
  return {
    style,
    line,
    json: (value) => line(JSON.stringify(value, null, 2)),
    table: (headers, rows) => {
      for (const row of formatTable(headers, rows, style)) line(row);
    },
  };
}

function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  style: Style,
): string[] {
  const widths = headers.map((header, column) =>
    Math.max(visibleWidth(header), ...rows.map((row) => visibleWidth(row[column] ?? ''))),
  );
  const pad = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell + ' '.repeat((widths[column] ?? 0) - visibleWidth(cell)))
      .join('  ')
      .trimEnd();
  return [style.bold(pad(headers)), ...rows.map(pad)];
}
