/**
 * Small, fast, seedable randomness for the sample data. Every record's randomness comes
 * from a seed built from (calendar day, resource key), never from the run date, so a
 * past day always yields the same records.
 */

/** A source of floats in [0, 1). */
export type Rng = () => number;

/** FNV-1a 32-bit hash of a string: a stable seed for a resource key. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Mixes two 32-bit integers into one well-spread seed (murmur3's finalizer). */
export function mixSeed(a: number, b: number): number {
  let h = (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32: a tiny PRNG with a 32-bit state, good enough for synthetic billing data. */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The generator for one resource on one day: depends on nothing else. */
export function rngFor(epochDay: number, keyHash: number): Rng {
  return mulberry32(mixSeed(epochDay, keyHash));
}

/** A float in [min, max) drawn from `rng`. */
export function between(rng: Rng, min: number, max: number): number {
  return min + (max - min) * rng();
}

/** `length` lowercase hex digits derived from a key (stable fake instance ids). */
export function hexId(key: string, length: number): string {
  let out = '';
  let h = hashString(key);
  while (out.length < length) {
    h = mixSeed(h, out.length);
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}
