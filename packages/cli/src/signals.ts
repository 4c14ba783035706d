/**
 * Stopping on Ctrl+C or SIGTERM.
 *
 * @module
 */

let stopSignal: Promise<NodeJS.Signals> | undefined;

/**
 * Resolves with the first SIGINT or SIGTERM. Listening starts at the first call, and a signal
 * that arrives before anyone awaits is kept: call it before announcing that a server is ready,
 * so that a supervisor's prompt SIGTERM still stops it gracefully. After the first signal the
 * listeners are removed, so a second Ctrl+C ends the process at once.
 */
export function waitForStopSignal(): Promise<NodeJS.Signals> {
  stopSignal ??= new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return stopSignal;
}
