// Preloaded into a child process with `node --import`: its clock (`Date`, `performance.now`) and
// its timers (`setTimeout`, `setInterval`) run BENCH_TIME_SCALE times faster than the wall clock,
// counted from BENCH_TIME_ORIGIN (epoch milliseconds). An emulator whose clock runs at the same
// scale from the same origin then shares its timeline: 1000 requests per 20 s of that time take
// 2 s of wall time at scale 10, and a `Retry-After: 2` is waited for 0.2 s.
const scale = Number(process.env.BENCH_TIME_SCALE ?? 1);
const origin = Number(process.env.BENCH_TIME_ORIGIN ?? 0);

if (scale > 0 && scale !== 1 && origin > 0) {
  const WallDate = Date;
  const wallNow = WallDate.now.bind(WallDate);
  const scaledNow = () => origin + (wallNow() - origin) * scale;

  globalThis.Date = class ScaledDate extends WallDate {
    constructor(...args) {
      if (args.length === 0) super(scaledNow());
      else super(...args);
    }

    static now() {
      return scaledNow();
    }
  };

  const perfNow = performance.now.bind(performance);
  const perfStart = perfNow();
  performance.now = () => perfStart + (perfNow() - perfStart) * scale;

  const wallSetTimeout = globalThis.setTimeout;
  const wallSetInterval = globalThis.setInterval;
  globalThis.setTimeout = (callback, ms, ...args) =>
    wallSetTimeout(callback, (Number(ms) || 0) / scale, ...args);
  globalThis.setInterval = (callback, ms, ...args) =>
    wallSetInterval(callback, (Number(ms) || 0) / scale, ...args);
}
