// A small seeded generator (mulberry32) and helpers to draw from it, so that a corpus built from
// the same seed is the same on every runtime. Standard JavaScript only: it runs in Node and workerd.

/** A generator of numbers in [0, 1) from a 32-bit seed. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Helpers bound to one generator. */
export function drawer(random) {
  const int = (min, max) => min + Math.floor(random() * (max - min + 1));
  const pick = (items) => items[int(0, items.length - 1)];
  const chance = (p) => random() < p;
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  // Long words repeat a random stem of 64 characters: their length matters, not their entropy.
  const word = (length) => {
    let stem = '';
    for (let i = 0; i < Math.min(length, 64); i += 1) stem += alphabet[int(0, alphabet.length - 1)];
    return length <= 64 ? stem : stem.repeat(Math.ceil(length / 64)).slice(0, length);
  };
  const bytes = (length) => Uint8Array.from({ length }, () => int(0, 255));
  const guid = () => {
    const hex = Array.from({ length: 32 }, () => '0123456789abcdef'[int(0, 15)]).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
  };
  // Weighted choice: `entries` is a list of [weight, value].
  const weighted = (entries) => {
    const total = entries.reduce((sum, [weight]) => sum + weight, 0);
    let roll = random() * total;
    for (const [weight, value] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return entries[entries.length - 1][1];
  };
  return { random, int, pick, chance, word, bytes, guid, weighted };
}
