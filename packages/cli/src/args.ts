/**
 * Turns argv into typed options with `node:util` `parseArgs`, and its failures into one-line
 * usage errors.
 *
 * @module
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';

/** Bad command-line input. `main` prints its one-line message and exits with 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The options a command accepts, in `parseArgs` form. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Options every command accepts. */
export const commonOptions = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
} as const satisfies OptionSpec;

/**
 * Parses a command's arguments strictly: unknown options and missing option values are usage
 * errors. Positionals are allowed; the command checks how many it got.
 *
 * @throws {UsageError} on any parse failure, with a message that names the option.
 */
export function parseCommandArgs<const T extends OptionSpec>(argv: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
}

// parseArgs messages run to several sentences; keep the first, without advice about `--`.
function describeParseError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^'\s]*)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    return `option ${option} needs a value`;
  }
  return message.split('. ')[0] ?? 'bad arguments';
}

/**
 * Checks that an option's value is one of `allowed`.
 *
 * @throws {UsageError} naming the option and the allowed values.
 */
export function oneOf<const A extends readonly string[]>(
  value: string,
  allowed: A,
  option: string,
): A[number] {
  if (allowed.includes(value)) return value as A[number];
  throw new UsageError(
    `--${option} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`,
  );
}

/**
 * Checks the number of positional arguments.
 *
 * @throws {UsageError} when there are fewer or more than `names`.
 */
export function expectPositionals(positionals: readonly string[], names: readonly string[]) {
  if (positionals.length < names.length) {
    throw new UsageError(
      `missing ${names
        .slice(positionals.length)
        .map((n) => `<${n}>`)
        .join(' ')}`,
    );
  }
  if (positionals.length > names.length) {
    throw new UsageError(`unexpected extra argument #${names.length + 1}`);
  }
  return positionals;
}
