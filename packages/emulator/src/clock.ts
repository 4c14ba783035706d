/**
 * The emulator's clock and the timers that run on it. Subscription expiry, scheduled
 * `reauthorizationRequired` challenges and delivery retries all follow this clock, so a test can
 * move time forward instead of waiting.
 *
 * @module
 */

/** How the emulator clock starts. */
export interface ClockOptions {
  /** The initial time. Default: the wall clock. */
  start?: Date | string;
  /** When true, time moves only through `advance` and `set`. Default: false (time flows). */
  frozen?: boolean;
  /** The wall clock in milliseconds. Default: `Date.now`. */
  wallClock?: () => number;
  /** Receives an error thrown by a timer's task; the other timers still run. */
  onTaskError?: (error: unknown) => void;
}

/** A clock that tests can move, with timers that fire as it passes their due time. */
export interface EmulatorClock {
  /** Whether time moves only when told. */
  readonly frozen: boolean;
  /** The current emulator time. */
  now(): Date;
  /**
   * Moves time forward, firing every timer that falls due on the way, in order, each at its own
   * due time. Returns the new time.
   *
   * @throws {RangeError} when `ms` is negative or not finite.
   */
  advance(ms: number): Date;
  /**
   * Jumps to a time. Moving forward fires due timers in order, as `advance` does; moving back
   * fires nothing. Returns the new time.
   *
   * @throws {RangeError} when the date is invalid.
   */
  set(date: Date | string): Date;
  /** Runs `task` once the clock reaches `at`. Returns a function that cancels it. */
  at(at: Date, task: () => void): () => void;
  /** Stops the wall-clock timer and drops every pending timer. */
  dispose(): void;
}

interface Timer {
  due: number;
  order: number;
  task: () => void;
}

// A Node timer may not wait longer than this; longer waits are re-armed when it fires.
const maxTimerDelay = 2_147_483_647;

/** Creates an emulator clock. Real time flows by default; `frozen` stops it. */
export function createClock(options: ClockOptions = {}): EmulatorClock {
  const wall = options.wallClock ?? Date.now;
  const frozen = options.frozen ?? false;
  const start = options.start === undefined ? wall() : toTime(options.start);
  // Real time is wall time plus an offset; frozen time is a fixed value.
  let offset = start - wall();
  let fixed = start;
  let order = 0;
  let timers: Timer[] = [];
  let wallTimer: ReturnType<typeof setTimeout> | undefined;

  const read = (): number => (frozen ? fixed : wall() + offset);
  const write = (time: number): void => {
    if (frozen) fixed = time;
    else offset = time - wall();
  };

  const runDue = (until: number): void => {
    for (let next = earliest(timers); next && next.due <= until; next = earliest(timers)) {
      timers = timers.filter((timer) => timer !== next);
      if (next.due > read()) write(next.due);
      try {
        next.task();
      } catch (error) {
        options.onTaskError?.(error);
      }
    }
  };

  const arm = (): void => {
    if (wallTimer) clearTimeout(wallTimer);
    wallTimer = undefined;
    const next = earliest(timers);
    if (frozen || !next) return;
    const delay = Math.min(Math.max(next.due - read(), 0), maxTimerDelay);
    wallTimer = setTimeout(() => {
      runDue(read());
      arm();
    }, delay);
    wallTimer.unref?.();
  };

  const moveTo = (target: number): Date => {
    if (target > read()) runDue(target);
    write(target);
    arm();
    return new Date(target);
  };

  return {
    frozen,
    now: () => new Date(read()),
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot advance by ${ms} ms`);
      return moveTo(read() + ms);
    },
    set: (date) => moveTo(toTime(date)),
    at(at, task) {
      const timer = { due: at.getTime(), order: order++, task };
      timers.push(timer);
      arm();
      return () => {
        timers = timers.filter((candidate) => candidate !== timer);
        arm();
      };
    },
    dispose() {
      timers = [];
      arm();
    },
  };
}

function earliest(timers: Timer[]): Timer | undefined {
  let best: Timer | undefined;
  for (const timer of timers) {
    if (!best || timer.due < best.due || (timer.due === best.due && timer.order < best.order)) {
      best = timer;
    }
  }
  return best;
}

function toTime(value: Date | string): number {
  const time = (typeof value === 'string' ? new Date(value) : value).getTime();
  if (Number.isNaN(time)) throw new RangeError(`invalid date: ${String(value)}`);
  return time;
}
