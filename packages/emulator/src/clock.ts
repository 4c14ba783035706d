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
  return new MovableClock(options);
}

class MovableClock implements EmulatorClock {
  readonly frozen: boolean;
  readonly #wall: () => number;
  readonly #onTaskError: ((error: unknown) => void) | undefined;
  // Real time is wall time plus an offset; frozen time is a fixed value.
  #offset: number;
  #fixed: number;
  #order = 0;
  #timers: Timer[] = [];
  #wallTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: ClockOptions) {
    this.#wall = options.wallClock ?? Date.now;
    this.#onTaskError = options.onTaskError;
    this.frozen = options.frozen ?? false;
    const start = options.start === undefined ? this.#wall() : toTime(options.start);
    this.#offset = start - this.#wall();
    this.#fixed = start;
  }

  now(): Date {
    return new Date(this.#read());
  }

  advance(ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot advance by ${ms} ms`);
    return this.#moveTo(this.#read() + ms);
  }

  set(date: Date | string): Date {
    return this.#moveTo(toTime(date));
  }

  at(at: Date, task: () => void): () => void {
    const timer = { due: at.getTime(), order: this.#order++, task };
    this.#timers.push(timer);
    this.#arm();
    return () => {
      this.#timers = this.#timers.filter((candidate) => candidate !== timer);
      this.#arm();
    };
  }

  dispose(): void {
    this.#timers = [];
    this.#arm();
  }

  #read(): number {
    return this.frozen ? this.#fixed : this.#wall() + this.#offset;
  }

  #write(time: number): void {
    if (this.frozen) this.#fixed = time;
    else this.#offset = time - this.#wall();
  }

  #moveTo(target: number): Date {
    if (target > this.#read()) this.#runDue(target);
    this.#write(target);
    this.#arm();
    return new Date(target);
  }

  // Each timer runs with the clock at its own due time, so tasks see the time they were due.
  #runDue(until: number): void {
    for (
      let next = earliest(this.#timers);
      next && next.due <= until;
      next = earliest(this.#timers)
    ) {
      const due = next;
      this.#timers = this.#timers.filter((timer) => timer !== due);
      if (due.due > this.#read()) this.#write(due.due);
      try {
        due.task();
      } catch (error) {
        this.#onTaskError?.(error);
      }
    }
  }

  // A flowing clock keeps one wall-clock timer armed for its earliest timer.
  #arm(): void {
    if (this.#wallTimer) clearTimeout(this.#wallTimer);
    this.#wallTimer = undefined;
    const next = earliest(this.#timers);
    if (this.frozen || !next) return;
    const delay = Math.min(Math.max(next.due - this.#read(), 0), maxTimerDelay);
    this.#wallTimer = setTimeout(() => {
      this.#runDue(this.#read());
      this.#arm();
    }, delay);
    this.#wallTimer.unref?.();
  }
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
