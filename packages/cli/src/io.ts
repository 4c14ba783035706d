/**
 * What a command may touch of the outside world, passed in so that commands can be run
 * against any streams.
 *
 * @module
 */

/** A stream the CLI writes to. */
export interface OutputStream {
  write(text: string): unknown;
  /** True when the stream is a terminal; colours are used only then. */
  isTTY?: boolean;
}

/** The process's streams and environment. */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Read when a command is told to take its input from `-`. */
  stdin: AsyncIterable<string | Uint8Array>;
  env: Readonly<Record<string, string | undefined>>;
}

/** The exit codes of every command. */
export const exitCodes = {
  /** The command did what was asked, and any verdict is positive. */
  ok: 0,
  /** The command ran, and its verdict is negative (e.g. a token that is not accepted). */
  rejected: 1,
  /** Bad input: unknown command or option, missing argument or credential, malformed id. */
  usage: 2,
  /**
   * Nothing could be done: sign-in failed (e.g. `invalid_client`), Graph could not be reached or
   * refused the whole operation, or a server could not start.
   */
  unavailable: 3,
  /** A bug in the CLI itself. */
  internal: 70,
} as const;

/** One of {@link exitCodes}. */
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** Reads all of a stream as text. */
export async function readAll(stream: AsyncIterable<string | Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of stream) {
    text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  }
  return text + decoder.decode();
}
