/**
 * Waiting for the process to be asked to stop, for the commands that run until then.
 *
 * @module
 */

/** Resolves with the signal's name at the first SIGINT or SIGTERM; removes its listeners. */
export function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
