/**
 * A small seeded random source, so that injected faults repeat exactly from run to run.
 *
 * @module
 */

/** Returns numbers in [0, 1), determined by the seed. */
export type RandomSource = () => number;

/** Creates a seeded generator (mulberry32: 32-bit state, fast, good enough for fault rates). */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}
