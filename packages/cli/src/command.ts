/**
 * The shape every `lifeline` command has, so that `main` can list, document and dispatch them.
 *
 * @module
 */
import type { CliIo, ExitCode } from './io.js';

/** One `lifeline` subcommand. */
export interface Command {
  /** The word that selects it: `lifeline <name>`. */
  readonly name: string;
  /** One line for `lifeline --help`. */
  readonly summary: string;
  /** The full `--help` text: usage, options, examples, exit codes. */
  readonly help: string;
  /**
   * Runs the command with the arguments after its name.
   *
   * @throws {UsageError} for bad input; `main` prints its message and exits with 2.
   */
  run(argv: readonly string[], io: CliIo): Promise<ExitCode>;
}
