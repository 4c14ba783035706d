/**
 * `@lifeline/cli` as a library: run the `lifeline` command in-process with your own streams.
 *
 * @packageDocumentation
 */
export { UsageError } from './args.js';
export type { Command } from './command.js';
export { type CliIo, type ExitCode, exitCodes, type OutputStream } from './io.js';
export { commands, main, version } from './main.js';
